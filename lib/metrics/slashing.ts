/**
 * Slashing-era metrics (names in `names.ts` under `SLASHING`): the operator's allocated magnitude
 * and slashable stake per operator set and its pending slashing requests, read from the chain at
 * scrape time; the challenger's slashing requests by status and slashed shares, counted as they
 * happen.
 *
 * @module
 */
import { Counter, Gauge, type Registry } from "prom-client";
import { getLogger } from "../log/mod.ts";
import { SLASHING } from "./names.ts";

const log = getLogger("metrics");

/** One (operator set, strategy) row of the operator's allocation. */
export type AllocationSample = {
  operatorSetId: number;
  strategy: string;
  /** Allocated magnitude as a fraction of 1e18. */
  magnitude: number;
  /** Minimum slashable stake at the next block, in strategy shares. */
  slashableStake: bigint;
};

/** Where the operator's slashing gauges read from. */
export type OperatorSlashingSources = {
  allocations(): Promise<AllocationSample[]>;
  /** Slashing requests against this operator still inside their veto window or unfulfilled. */
  pendingRequests(): Promise<number>;
};

/** Registers the operator's slashing-era gauges (read at scrape). */
export function registerOperatorSlashingMetrics(
  registry: Registry,
  sources: OperatorSlashingSources,
): void {
  allocationGauges(
    registry,
    [],
    async () => (await sources.allocations()).map((r) => ({ ...r, labels: {} })),
  );
  pendingRequestsGauge(
    registry,
    "Slashing requests against this operator not yet vetoed or fulfilled",
    [],
    async () => [{ labels: {}, count: await sources.pendingRequests() }],
  );
}

/** Where a fleet's slashing gauges read from: every member's rows, by operator address. */
export type FleetSlashingSources = {
  allocations(): Promise<(AllocationSample & { operator: string })[]>;
  /** Pending slashing requests per member address (every member, 0 included). */
  pendingRequests(): Promise<Map<string, number>>;
};

/**
 * Registers a fleet's slashing-era gauges: the operator's metrics with an `operator` label
 * (address) per member, so one fleet process shows what each of its operators has at stake.
 */
export function registerFleetSlashingMetrics(
  registry: Registry,
  sources: FleetSlashingSources,
): void {
  allocationGauges(
    registry,
    ["operator"],
    async () =>
      (await sources.allocations()).map((r) => ({ ...r, labels: { operator: r.operator } })),
  );
  pendingRequestsGauge(
    registry,
    "Slashing requests against each operator of the fleet not yet vetoed or fulfilled",
    ["operator"],
    async () =>
      [...await sources.pendingRequests()].map(([operator, count]) => ({
        labels: { operator },
        count,
      })),
  );
}

/**
 * The pending-slashing-requests gauge, one series per row, labelled by `extra`. A labelled gauge
 * starts every scrape empty (a failed read shows no rows); an unlabelled one keeps its last value
 * when a read fails, since a reset would show it as 0 requests.
 */
function pendingRequestsGauge(
  registry: Registry,
  help: string,
  extra: readonly string[],
  rows: () => Promise<{ labels: Record<string, string>; count: number }[]>,
): void {
  new Gauge({
    name: SLASHING.pendingSlashingRequests,
    help,
    labelNames: extra,
    registers: [registry],
    async collect() {
      if (extra.length > 0) this.reset();
      try {
        for (const r of await rows()) this.set(r.labels, r.count);
      } catch (err) {
        log.warn("cannot read slashing requests: {error}", { error: (err as Error).message });
      }
    },
  });
}

/** The allocated-magnitude and slashable-stake gauges, labelled by set, strategy and `extra`. */
function allocationGauges(
  registry: Registry,
  extra: readonly string[],
  rows: () => Promise<(AllocationSample & { labels: Record<string, string> })[]>,
): void {
  const perSet = (name: string, help: string, value: (r: AllocationSample) => number) =>
    new Gauge({
      name,
      help,
      labelNames: [...extra, "operator_set", "strategy"],
      registers: [registry],
      async collect() {
        this.reset();
        try {
          for (const r of await rows()) {
            this.set(
              { ...r.labels, operator_set: String(r.operatorSetId), strategy: r.strategy },
              value(r),
            );
          }
        } catch (err) {
          log.warn("cannot read allocations for {metric}: {error}", {
            metric: name,
            error: (err as Error).message,
          });
        }
      },
    });
  perSet(
    SLASHING.allocatedMagnitude,
    "Magnitude allocated to the AVS's operator set, as a fraction of the strategy (1 = all)",
    (r) => r.magnitude,
  );
  perSet(
    SLASHING.slashableStake,
    "Minimum slashable stake in the operator set (strategy shares)",
    (r) => Number(r.slashableStake),
  );
}

/** The challenger's slashing counters. */
export type ChallengerSlashingMetrics = {
  /** By `status`: requested, vetoed, fulfilled. */
  requests: Counter<"status">;
  /** Shares slashed by fulfilments, by `strategy`. */
  slashedShares: Counter<"strategy">;
};

/** Registers the challenger's slashing counters. */
export function registerChallengerSlashingMetrics(registry: Registry): ChallengerSlashingMetrics {
  return {
    requests: new Counter({
      name: SLASHING.slashingRequests,
      help: "Slashing requests seen, by status (requested, vetoed, fulfilled)",
      labelNames: ["status"] as const,
      registers: [registry],
    }),
    slashedShares: new Counter({
      name: SLASHING.slashedShares,
      help: "Strategy shares slashed by fulfilled slashing requests",
      labelNames: ["strategy"] as const,
      registers: [registry],
    }),
  };
}
