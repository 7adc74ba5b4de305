/**
 * `--random-ports` recovery: a node that exited with "address already in use" (another program
 * took one of its ports between the plan and the bind) gets its busy ports replaced and its
 * config rewritten before the supervisor restarts it.
 */
import type { ChildSpec } from "./supervisor.ts";
import { nodePorts, replaceBusyPorts, type RunPorts } from "./ports.ts";

/** How a failed bind reads in a node's output (Deno's error, the OS's text, errno 98). */
export const ADDRESS_IN_USE = /address already in use|AddrInUse|os error 98/i;

/** Options of {@link retryOnBusyPort}. */
export interface PortRetryOptions {
  /** The run's current port plan. */
  getPorts: () => RunPorts;
  /** Adopts a changed plan. */
  setPorts: (ports: RunPorts) => void;
  /** Ports in use outside the plan (anvil's). */
  exclude: () => number[];
  /** Prints one `[start]` line. */
  say: (line: string) => void;
  /** Rewrites every config file from the current plan. */
  rewriteConfigs: () => Promise<unknown>;
  /** Restarts the nodes that connect to the aggregator's JSON-RPC (the operators). */
  restartRpcClients: () => void;
}

/**
 * A `beforeRestart` hook for the supervisor (see the module comment). Leaves the spec alone when
 * the output does not say "address already in use" or every port of the node is free again.
 */
export function retryOnBusyPort(
  o: PortRetryOptions,
): (spec: ChildSpec, tail: readonly string[]) => Promise<ChildSpec | undefined> {
  return async (spec, tail) => {
    if (!ADDRESS_IN_USE.test(tail.join("\n"))) return undefined;
    const before = o.getPorts();
    const next = replaceBusyPorts(before, spec.name, { exclude: o.exclude() });
    if (!next.changes.length) return undefined;
    o.setPorts(next.ports);
    for (const c of next.changes) {
      o.say(`${c.node} ${c.what}: port ${c.from} is taken by another process; using ${c.to}`);
    }
    await o.rewriteConfigs();
    if (next.ports.aggregatorRpc !== before.aggregatorRpc) {
      o.say("restarting the operators for the aggregator's new JSON-RPC address");
      o.restartRpcClients();
    }
    return { ...spec, readyPorts: nodePorts(next.ports, spec.name) };
  };
}
