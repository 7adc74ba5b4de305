/**
 * The fault drills' system: a real anvil devnet and the real node processes (aggregator with its
 * durable state in a temporary directory, operators, challenger) started from the same entry
 * points and generated configs as `deno task start`, each with its output collected line by
 * line, plus the chain-side facts every drill asserts on (events only).
 */
import { join } from "node:path";
import { parse, stringify } from "yaml";
import { createPublicClient, type Hex, http, type PublicClient, toFunctionSelector } from "viem";
import { type Devnet, startDevnet } from "../../lib/devnet/devnet.ts";
import { freePorts, planOperators, writeRunConfigs } from "../../lib/start/configs.ts";
import { devnetOperatorKeys } from "../../lib/keys/devnet_keys.ts";
import {
  incredibleSquaringServiceManagerAbi,
  incredibleSquaringTaskManagerAbi,
} from "../../lib/chain/abi/mod.ts";
import { collectLines, type LineCollector } from "../start/proc.ts";

const ROOT = new URL("../../", import.meta.url).pathname;

/** One node process (one incarnation). */
export interface NodeProc {
  name: string;
  pid: number;
  /** stdout lines (the node's log). */
  out: LineCollector;
  /** stderr lines (the one-line exit reason goes here). */
  err: LineCollector;
  status: Promise<Deno.CommandStatus>;
  /** `performance.now()` at spawn. */
  spawnedAt: number;
}

/** Options of {@link startSystem}. */
export interface SystemOptions {
  operators: number;
  taskIntervalSeconds: number;
  thresholdPercentage: number;
}

/** A devnet with the node configs written, and helpers to run and inspect the nodes. */
export interface FaultSystem {
  /** The devnet (replaced by the chain-reset drill). */
  devnet: Devnet;
  client: PublicClient;
  dir: string;
  files: { aggregator: string; challenger: string; operators: string[] };
  /** Addresses of the (honest) operators. */
  operatorAddresses: Hex[];
  spawn(name: "aggregator" | "challenger" | `operator${number}`): NodeProc;
  /** Every process spawned so far (all incarnations). */
  procs: NodeProc[];
  /** JSON-RPC call to anvil. */
  anvil(method: string, params?: unknown[]): Promise<unknown>;
  /** Kills what is still running, stops anvil, removes the directory. */
  close(): Promise<void>;
}

/** Starts the devnet and writes the configs; no node runs yet. */
export async function startSystem(o: SystemOptions): Promise<FaultSystem> {
  const devnet = await startDevnet();
  const dir = await Deno.makeTempDir({ prefix: "incsq-faults-" });
  const deploymentPath = join(dir, "deployment.json");
  await Deno.writeTextFile(deploymentPath, JSON.stringify(devnet.deployment));
  const written = await writeRunConfigs({
    dir,
    rpcUrl: devnet.rpcUrl,
    wsUrl: devnet.wsUrl,
    deploymentPath,
    ports: freePorts(o.operators),
    operators: planOperators(o.operators, 0),
    taskIntervalSeconds: o.taskIntervalSeconds,
    thresholdPercentage: o.thresholdPercentage,
    stakeUpdateIntervalSeconds: 60,
    production: true,
  });
  // The durable state of this run only (not the repository's data/ directory).
  const agg = parse(await Deno.readTextFile(written.aggregator)) as Record<string, unknown>;
  agg.data_dir = join(dir, "aggregator-data");
  await Deno.writeTextFile(written.aggregator, stringify(agg), { mode: 0o600 });

  const client = createPublicClient({ transport: http(devnet.rpcUrl) }) as PublicClient;
  const procs: NodeProc[] = [];
  const spawn = (name: string): NodeProc => {
    const entry = name.startsWith("operator") ? "operator.ts" : `${name}.ts`;
    const config = name.startsWith("operator")
      ? written.operators[Number(name.slice("operator".length)) - 1]
      : name === "aggregator"
      ? written.aggregator
      : written.challenger;
    const child = new Deno.Command(Deno.execPath(), {
      args: ["run", "-q", "-A", join(ROOT, entry), "--config", config],
      cwd: ROOT,
      env: { OPERATOR_ECDSA_KEY_PASSWORD: "", OPERATOR_BLS_KEY_PASSWORD: "" },
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    const p: NodeProc = {
      name,
      pid: child.pid,
      out: collectLines(child.stdout),
      err: collectLines(child.stderr),
      status: child.status,
      spawnedAt: performance.now(),
    };
    procs.push(p);
    return p;
  };
  const anvil = async (method: string, params: unknown[] = []) => {
    const res = await fetch(sys.devnet.rpcUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
    });
    const body = await res.json();
    if (body.error) throw new Error(`${method}: ${JSON.stringify(body.error)}`);
    return body.result;
  };
  const sys: FaultSystem = {
    devnet,
    client,
    dir,
    files: written,
    operatorAddresses: Array.from(
      { length: o.operators },
      (_, i) => devnetOperatorKeys(i + 1).address,
    ),
    spawn,
    procs,
    anvil,
    close: async () => {
      try {
        Deno.kill(sys.devnet.anvil.pid, "SIGCONT");
      } catch { /* gone */ }
      for (const p of procs) {
        try {
          Deno.kill(p.pid, "SIGCONT");
          Deno.kill(p.pid, "SIGKILL");
        } catch { /* exited */ }
        await p.status;
        await Promise.all([p.out.closed, p.err.closed]);
      }
      await devnet.stop();
      await sys.devnet.stop();
      await Deno.remove(dir, { recursive: true });
    },
  };
  return sys;
}

/** Sends `sig` to a process, ignoring one that already exited. */
export function signal(pid: number, sig: Deno.Signal): void {
  try {
    Deno.kill(pid, sig);
  } catch { /* already gone */ }
}

/** What the chain shows about tasks and freezes (events only). */
export interface ChainFacts {
  created: number[];
  /** Number to square and creation block of each created task. */
  tasks: Map<number, { n: bigint; block: number }>;
  responded: Map<number, bigint>;
  challengedSuccessfully: number[];
  aggregatorFaults: number[];
  freezeRequests: { operator: Hex; taskIndex: number }[];
}

/** Reads every task and freeze event of the deployment. */
export async function chainFacts(sys: FaultSystem): Promise<ChainFacts> {
  const a = sys.devnet.deployment.addresses;
  const tm = { address: a.incredibleSquaringTaskManager, abi: incredibleSquaringTaskManagerAbi };
  const from = { fromBlock: 0n } as const;
  const [created, responded, challenged, faults, freezes] = await Promise.all([
    sys.client.getContractEvents({ ...tm, eventName: "NewTaskCreated", ...from }),
    sys.client.getContractEvents({ ...tm, eventName: "TaskResponded", ...from }),
    sys.client.getContractEvents({ ...tm, eventName: "TaskChallengedSuccessfully", ...from }),
    sys.client.getContractEvents({ ...tm, eventName: "AggregatorFault", ...from }),
    sys.client.getContractEvents({
      address: a.incredibleSquaringServiceManager,
      abi: incredibleSquaringServiceManagerAbi,
      eventName: "FreezeRequested",
      ...from,
    }),
  ]);
  return {
    created: created.map((l) => Number(l.args.taskIndex)),
    tasks: new Map(
      created.map((l) => [Number(l.args.taskIndex), {
        n: l.args.task!.numberToBeSquared,
        block: Number(l.args.task!.taskCreatedBlock),
      }]),
    ),
    responded: new Map(
      responded.map((
        l,
      ) => [Number(l.args.taskResponse!.referenceTaskIndex), l.args.taskResponse!.numberSquared]),
    ),
    challengedSuccessfully: challenged.map((l) => Number(l.args.taskIndex)),
    aggregatorFaults: faults.map((l) => Number(l.args.taskIndex)),
    freezeRequests: freezes.map((l) => ({
      operator: l.args.operator as Hex,
      taskIndex: Number(l.args.taskIndex),
    })),
  };
}

/** The `task N ended: …` messages of every aggregator incarnation, by task. */
export function endedLines(sys: FaultSystem): Map<number, string[]> {
  const out = new Map<number, string[]>();
  for (const p of sys.procs.filter((p) => p.name === "aggregator")) {
    for (const msg of messages(p)) {
      const m = /^task (\d+) ended: (responded|expired|failed) /.exec(msg);
      if (m) out.set(Number(m[1]), [...(out.get(Number(m[1])) ?? []), msg]);
    }
  }
  return out;
}

/** The log messages of a node (its JSON lines' `msg`). */
export function messages(p: NodeProc): string[] {
  return p.out.lines.flatMap((line) => {
    try {
      const msg = (JSON.parse(line) as { msg?: unknown }).msg;
      return typeof msg === "string" ? [msg] : [];
    } catch {
      return [];
    }
  });
}

/** Selector of `respondToTask` (to find it in anvil's transaction pool). */
export const RESPOND_SELECTOR = toFunctionSelector(
  incredibleSquaringTaskManagerAbi.find((i) =>
    i.type === "function" && i.name === "respondToTask"
  )!,
);

/** Transactions waiting in anvil's pool (automine off), as their input data. */
export async function pooledInputs(sys: FaultSystem): Promise<string[]> {
  const content = await sys.anvil("txpool_content") as {
    pending: Record<string, Record<string, { input: string }>>;
  };
  return Object.values(content.pending ?? {}).flatMap((byNonce) =>
    Object.values(byNonce).map((tx) => tx.input)
  );
}

/** Waits until `pred` holds (polling every 100 ms), or throws after `ms` naming `what`. */
export async function until<T>(
  what: string,
  pred: () => T | undefined | false | Promise<T | undefined | false>,
  ms: number,
): Promise<T> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    const v = await pred();
    if (v !== undefined && v !== false) return v as T;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out after ${ms} ms waiting for ${what}`);
}

/** The first task index in `proc`'s lines from `from` matching `re` (group 1). */
export async function taskFromLine(
  proc: NodeProc,
  re: RegExp,
  ms: number,
  from = 0,
): Promise<number> {
  const i = await proc.out.waitFor(re, ms, from);
  return Number(re.exec(proc.out.lines[i])![1]);
}
