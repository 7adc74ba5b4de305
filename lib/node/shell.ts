/**
 * The part every long-running node shares: its metrics registry served on `/metrics`, the AVS
 * node API with the node's own health checks (which also feed the `incsq_node_health` gauges,
 * served or not), and closing all of it in order.
 *
 * @module
 */
import type { Registry } from "prom-client";
import { type RunningServer, serveApp } from "../http/server.ts";
import { registerNodeHealthMetrics, serveMetrics } from "../metrics/mod.ts";
import { NodeApi, type ServiceDefinition } from "../nodeapi/mod.ts";

/** Options of {@link startNodeShell}. */
export interface NodeShellOptions {
  /** Process name, used in server names (`aggregator`, `operator`, `challenger`). */
  component: string;
  /** The node's metrics registry (from `createRegistry`). */
  registry: Registry;
  /** Name reported by `GET /eigen/node`. */
  nodeName?: string;
  /** The services whose checks make up the node's health. */
  services: readonly ServiceDefinition[];
  /** Per-check timeout of the node API in ms (default 2000). */
  checkTimeoutMs?: number;
  /** `host:port` for `/metrics`; undefined disables the server. */
  metricsAddress?: string;
  /** `host:port` for the node API; undefined disables the server. */
  nodeApiAddress?: string;
}

/** The running shell of a node. */
export interface NodeShell {
  /** The node API (checks run on every request). */
  api: NodeApi;
  /** Bound port of `/metrics`, when served. */
  metricsPort?: number;
  /** Bound port of the node API, when served. */
  nodeApiPort?: number;
  /** Stops the servers (waiting for in-flight requests). Safe to call twice. */
  close(): Promise<void>;
}

/**
 * Builds the node API from `services`, wires its checks into the health gauges and starts the
 * servers that have an address. A server that cannot listen closes the others and rejects with
 * the address in the message.
 */
export async function startNodeShell(o: NodeShellOptions): Promise<NodeShell> {
  const api = new NodeApi({ nodeName: o.nodeName, checkTimeoutMs: o.checkTimeoutMs });
  for (const service of o.services) api.registerService(service);
  registerNodeHealthMetrics(o.registry, (timeoutMs) => api.healthReport(timeoutMs));
  const servers: RunningServer[] = [];
  const closeAll = () => Promise.all(servers.map((s) => s.shutdown().catch(() => {})));
  let metricsPort: number | undefined;
  let nodeApiPort: number | undefined;
  try {
    if (o.metricsAddress) {
      const m = await serveMetrics(o.registry, o.metricsAddress);
      servers.push(m);
      metricsPort = m.port;
    }
    if (o.nodeApiAddress) {
      const n = await serveApp(api.app(), o.nodeApiAddress, `${o.component}-node-api`);
      servers.push(n);
      nodeApiPort = n.port;
    }
  } catch (err) {
    await closeAll();
    throw err;
  }
  let closing: Promise<void> | undefined;
  return {
    api,
    metricsPort,
    nodeApiPort,
    close: () => (closing ??= closeAll().then(() => {})),
  };
}
