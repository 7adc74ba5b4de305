/**
 * The port plan of a `deno task start` run: which listener of which node gets which port, with
 * every port distinct. `--random-ports` reserves the ports (held open by `start`) until the node
 * that binds them is about to start; a node that still meets "address already in use" gets the
 * busy ports replaced before its restart.
 */
import { isPortFree, type ReserveOptions, reservePorts } from "../devnet/ports.ts";

/** Ports of one run. */
export interface RunPorts {
  aggregatorRpc: number;
  aggregatorMetrics: number;
  aggregatorNodeApi: number;
  challengerMetrics: number;
  operatorMetrics: number[];
  operatorNodeApi: number[];
  /** The operators run as one fleet process (node `fleet`, one metrics and node API port). */
  fleet?: boolean;
}

/** Node name of operator `i` (1-based) in a plan: `operator<i>`, or `fleet` for a fleet. */
export function operatorNode(p: Pick<RunPorts, "fleet">, i: number): string {
  return p.fleet ? "fleet" : `operator${i}`;
}

/** One listener of the plan. */
export interface PlannedListener {
  /** The node that binds it (`aggregator`, `challenger`, `operator2`, …). */
  node: string;
  /** What it serves (`JSON-RPC`, `metrics`, `node API`). */
  what: string;
  port: number;
}

/** Every listener of the plan, aggregator first, then the challenger and the operators. */
export function runListeners(p: RunPorts): PlannedListener[] {
  return [
    { node: "aggregator", what: "JSON-RPC", port: p.aggregatorRpc },
    { node: "aggregator", what: "metrics", port: p.aggregatorMetrics },
    { node: "aggregator", what: "node API", port: p.aggregatorNodeApi },
    { node: "challenger", what: "metrics", port: p.challengerMetrics },
    ...p.operatorMetrics.flatMap((m, i) => [
      { node: operatorNode(p, i + 1), what: "metrics", port: m },
      { node: operatorNode(p, i + 1), what: "node API", port: p.operatorNodeApi[i] },
    ]),
  ];
}

/** The ports a node listens on (to tell when it is up). */
export function nodePorts(p: RunPorts, node: string): number[] {
  return runListeners(p).filter((l) => l.node === node).map((l) => l.port);
}

/**
 * The documented default ports (README): operator i gets metrics 9090+10(i-1), node API
 * 9010+10(i-1); a fleet (`fleet: true`) gets operator 1's.
 */
export function defaultPorts(operators: number, fleet = false): RunPorts {
  if (fleet) return { ...defaultPorts(1), fleet: true };
  return {
    aggregatorRpc: 8090,
    aggregatorMetrics: 9091,
    aggregatorNodeApi: 9011,
    challengerMetrics: 9092,
    operatorMetrics: Array.from({ length: operators }, (_, i) => 9090 + 10 * i),
    operatorNodeApi: Array.from({ length: operators }, (_, i) => 9010 + 10 * i),
  };
}

const describe = (l: PlannedListener) => `${l.node} ${l.what}`;

/**
 * Throws if two listeners share a port or one uses a port in `reserved` (e.g. anvil's), naming
 * both users.
 */
export function assertDistinctPorts(
  p: RunPorts,
  reserved: ReadonlyMap<number, string> = new Map(),
): void {
  const seen = new Map<number, string>(reserved);
  for (const l of runListeners(p)) {
    const other = seen.get(l.port);
    if (other !== undefined) {
      throw new Error(`port ${l.port} planned twice: for ${other} and for ${describe(l)}`);
    }
    seen.set(l.port, describe(l));
  }
}

/**
 * Throws one clear line if a planned port is already taken (run with the fixed default ports,
 * where a busy port would otherwise crash a node over and over).
 */
export function assertPortsFree(p: RunPorts, host = "127.0.0.1"): void {
  const busy = runListeners(p).filter((l) => !isPortFree(l.port, host));
  if (busy.length) {
    const list = busy.map((l) => `${l.port} (${describe(l)})`).join(", ");
    throw new Error(
      `port${busy.length > 1 ? "s" : ""} ${list} already in use on ${host}; ` +
        "stop whatever holds them or use --random-ports",
    );
  }
}

/** A random-port plan whose ports are held until each node is about to start. */
export interface RunPortPlan {
  ports: RunPorts;
  /** Releases the ports of `node` (call right before spawning it). */
  release(node: string): void;
  /** Releases every port still held. */
  releaseAll(): void;
}

/**
 * Reserves distinct ports for every listener of a run with `operators` operators (see
 * `reservePorts`: picked below the ephemeral range, held open until released). `exclude` is
 * for ports in use elsewhere in the run that this process does not hold (anvil's).
 */
export function reserveRunPorts(
  operators: number,
  opts: ReserveOptions = {},
  fleet = false,
): RunPortPlan {
  if (fleet) {
    const plan = reserveRunPorts(1, opts);
    const ports = { ...plan.ports, fleet: true };
    return {
      ...plan,
      ports,
      release: (node) => plan.release(node === "fleet" ? "operator1" : node),
    };
  }
  const r = reservePorts(4 + 2 * operators, opts);
  const at = (i: number) => r.ports[i];
  const ports: RunPorts = {
    aggregatorRpc: at(0),
    aggregatorMetrics: at(1),
    aggregatorNodeApi: at(2),
    challengerMetrics: at(3),
    operatorMetrics: Array.from({ length: operators }, (_, i) => at(4 + 2 * i)),
    operatorNodeApi: Array.from({ length: operators }, (_, i) => at(5 + 2 * i)),
  };
  assertDistinctPorts(ports);
  return {
    ports,
    release: (node) => nodePorts(ports, node).forEach((p) => r.release(p)),
    releaseAll: r.releaseAll,
  };
}

/** A port that had to be replaced. */
export interface PortChange {
  node: string;
  what: string;
  from: number;
  to: number;
}

/**
 * For a node that failed with "address already in use": every one of its ports that cannot be
 * bound now (the node is gone, so someone else holds it) gets a fresh port distinct from the
 * whole plan and from `exclude`. Returns the new plan (the input is not modified) and the
 * changes, empty when every port is free again.
 */
export function replaceBusyPorts(
  p: RunPorts,
  node: string,
  opts: ReserveOptions = {},
): { ports: RunPorts; changes: PortChange[] } {
  const host = opts.host ?? "127.0.0.1";
  const busy = runListeners(p).filter((l) => l.node === node && !isPortFree(l.port, host));
  if (!busy.length) return { ports: p, changes: [] };
  const taken = [...runListeners(p).map((l) => l.port), ...(opts.exclude ?? [])];
  const fresh = reservePorts(busy.length, { ...opts, exclude: taken });
  // The node binds them within a second or two; holding them longer would block it.
  fresh.releaseAll();
  const map = new Map(busy.map((l, i) => [l.port, fresh.ports[i]]));
  const swap = (port: number) => map.get(port) ?? port;
  const next: RunPorts = {
    aggregatorRpc: swap(p.aggregatorRpc),
    aggregatorMetrics: swap(p.aggregatorMetrics),
    aggregatorNodeApi: swap(p.aggregatorNodeApi),
    challengerMetrics: swap(p.challengerMetrics),
    operatorMetrics: p.operatorMetrics.map(swap),
    operatorNodeApi: p.operatorNodeApi.map(swap),
    ...(p.fleet ? { fleet: true } : {}),
  };
  assertDistinctPorts(next);
  return {
    ports: next,
    changes: busy.map((l) => ({ node: l.node, what: l.what, from: l.port, to: swap(l.port) })),
  };
}
