/**
 * The label names of every metric family the nodes register, read from the real prom-client
 * metric objects the nodes' factories create (so the check follows the code, not a copy).
 *
 * @module
 */
import {
  createRegistry,
  registerAggregatorMetrics,
  registerChallengerMetrics,
  registerChallengerSlashingMetrics,
  registerEigenMetrics,
  registerFollowerMetrics,
  registerNodeHealthMetrics,
  registerOperatorMetrics,
  registerOperatorSlashingMetrics,
  registerStakeUpdaterMetrics,
  RpcMetrics,
} from "../../lib/metrics/mod.ts";
import { NodeApi } from "../../lib/nodeapi/mod.ts";

/** Metric family → label names, for every family any process registers. */
export function registeredLabels(): Map<string, readonly string[]> {
  const registry = createRegistry("ops-test");
  registerEigenMetrics(registry, {
    registeredStakes: () => Promise.resolve([]),
    slashed: () => Promise.resolve(false),
  });
  new RpcMetrics(registry);
  registerFollowerMetrics(registry);
  registerOperatorMetrics(registry);
  registerAggregatorMetrics(registry);
  registerChallengerMetrics(registry);
  registerStakeUpdaterMetrics(registry);
  registerOperatorSlashingMetrics(registry, {
    allocations: () => Promise.resolve([]),
    pendingRequests: () => Promise.resolve(0),
  });
  registerChallengerSlashingMetrics(registry);
  registerNodeHealthMetrics(registry, () => new NodeApi().healthReport());
  const out = new Map<string, readonly string[]>();
  for (const m of registry.getMetricsAsArray()) {
    out.set(m.name, (m as unknown as { labelNames?: string[] }).labelNames ?? []);
  }
  return out;
}
