/**
 * Node health as metrics (`incsq_node_health`, `incsq_node_service_health{service}`), collected
 * when Prometheus scrapes by running the same checks as the AVS Node API: the process hands in
 * its `NodeApi.healthReport`, so there is one source of truth and no second copy of the checks.
 *
 * Checks may be slow (chain reads, an HTTP ping), so a scrape runs them once with a short
 * per-check timeout and both families share that one result; scrapes arriving within
 * `cacheMs` of each other reuse it too.
 *
 * @module
 */
import { Gauge, type Registry } from "prom-client";
import type { Health, HealthReport } from "../nodeapi/mod.ts";
import { NODE } from "./names.ts";

/** Gauge value of each health state (higher is better, so `< 2` means "not fully healthy"). */
export const HEALTH_VALUE: Readonly<Record<Health, number>> = {
  healthy: 2,
  partially_healthy: 1,
  unhealthy: 0,
};

/** Produces a health report; `timeoutMs` bounds each check. */
export type HealthReportSource = (timeoutMs: number) => Promise<HealthReport>;

/** Options of {@link registerNodeHealthMetrics}. */
export type NodeHealthMetricOptions = {
  /** Per-check timeout during a scrape, in ms (default 1000; a timed-out check is unhealthy). */
  timeoutMs?: number;
  /** How long a report is reused, in ms (default 1000). */
  cacheMs?: number;
};

/**
 * Registers the node health gauges on `registry`, fed by `source` at scrape time. A source that
 * throws reports the node as unhealthy with no per-service series (it cannot say which one).
 */
export function registerNodeHealthMetrics(
  registry: Registry,
  source: HealthReportSource,
  options: NodeHealthMetricOptions = {},
): void {
  const timeoutMs = options.timeoutMs ?? 1000;
  const cacheMs = options.cacheMs ?? 1000;
  // The promise is cached, not the value: collects that overlap (both families of one scrape,
  // concurrent scrapes) share one run of the checks; a settled run is reused for `cacheMs`.
  let cached: { report: Promise<HealthReport | undefined>; settledAt?: number } | undefined;
  const read = (): Promise<HealthReport | undefined> => {
    const stale = cached?.settledAt !== undefined && Date.now() - cached.settledAt >= cacheMs;
    if (!cached || stale) {
      const entry: NonNullable<typeof cached> = {
        report: source(timeoutMs).catch(() => undefined).finally(() => {
          entry.settledAt = Date.now();
        }),
      };
      cached = entry;
    }
    return cached.report;
  };
  new Gauge({
    name: NODE.health,
    help: "Node health from the AVS Node API checks: 2 healthy, 1 partially healthy, 0 unhealthy",
    registers: [registry],
    async collect() {
      const report = await read();
      this.set(HEALTH_VALUE[report?.node ?? "unhealthy"]);
    },
  });
  new Gauge({
    name: NODE.serviceHealth,
    help: "Health of each Node API service: 2 healthy, 1 partially healthy, 0 unhealthy",
    labelNames: ["service"] as const,
    registers: [registry],
    async collect() {
      const report = await read();
      this.reset();
      for (const s of report?.services ?? []) this.set({ service: s.id }, HEALTH_VALUE[s.health]);
    },
  });
}
