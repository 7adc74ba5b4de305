/**
 * What an operator has at stake in the AVS's operator sets, as the rows of the slashing-era
 * gauges (`lib/metrics/slashing.ts`): for the single operator, and for every member of a fleet
 * (read a bounded number at a time and kept for a while, since a scrape of a large fleet would
 * otherwise cost two reads per member and set).
 * @module
 */
import type { Address } from "viem";
import { allocationsToSet, stakeInSet, WAD } from "../eigenlayer/allocations.ts";
import { listSlashingRequests, slasherOf } from "../avs/slashing.ts";
import type { AllocationSample, FleetSlashingSources } from "../metrics/mod.ts";
import { forEachBounded } from "../process/concurrency.ts";
import { sharedReads } from "./fleet_tasks.ts";

type ReadClient = Parameters<typeof allocationsToSet>[0];
type AllocationContracts = Parameters<typeof allocationsToSet>[1];

/** The operator's allocated magnitude and slashable stake per set and strategy. */
export async function allocationSamples(
  client: ReadClient,
  c: AllocationContracts,
  operator: Address,
  sets: readonly number[],
): Promise<AllocationSample[]> {
  const rows: AllocationSample[] = [];
  for (const id of sets) {
    const [allocs, stakes] = await Promise.all([
      allocationsToSet(client, c, operator, id),
      stakeInSet(client, c, operator, id),
    ]);
    for (const a of allocs) {
      rows.push({
        operatorSetId: id,
        strategy: a.strategy,
        magnitude: Number(a.currentMagnitude * 1_000_000n / WAD) / 1e6,
        slashableStake: stakes.find((x) => x.strategy === a.strategy)?.slashableStake ?? 0n,
      });
    }
  }
  return rows;
}

/**
 * Returns `count()`: the slashing requests still pending against each of `operators` (every one
 * listed, 0 included), from the ServiceManager's slasher. The slasher's address is read once; a
 * failed lookup is forgotten, so the next count tries again.
 */
export function pendingSlashingCounts(
  client: ReadClient,
  serviceManager: Address,
  operators: readonly Address[],
): () => Promise<Map<Address, number>> {
  let slasher: Promise<{ slasher: Address }> | undefined;
  const byLower = new Map(operators.map((m) => [m.toLowerCase(), m]));
  return async () => {
    slasher ??= slasherOf(client, serviceManager).catch((err) => {
      slasher = undefined;
      throw err;
    });
    const requests = await listSlashingRequests(client, (await slasher).slasher);
    const count = new Map<Address, number>(operators.map((m) => [m, 0]));
    for (const r of requests) {
      const m = byLower.get(r.operator.toLowerCase());
      if (m) count.set(m, count.get(m)! + 1);
    }
    return count;
  };
}

/** Options of {@link fleetSlashingSources}. */
export interface FleetSlashingOptions {
  /** How long a read is reused by later scrapes (ms, default 30,000). */
  ttlMs?: number;
  /** Members read at once (default 8). */
  concurrency?: number;
}

/** The fleet's gauge sources: every member's rows and pending slashing requests. */
export function fleetSlashingSources(
  client: ReadClient,
  c: AllocationContracts,
  members: readonly Address[],
  sets: readonly number[],
  opts: FleetSlashingOptions = {},
): FleetSlashingSources {
  const ttlMs = opts.ttlMs ?? 30_000;
  const concurrency = opts.concurrency ?? 8;
  const pendingCounts = pendingSlashingCounts(client, c.serviceManager, members);
  const allocations = sharedReads<(AllocationSample & { operator: string })[]>(ttlMs, 1);
  const pending = sharedReads<Map<string, number>>(ttlMs, 1);
  return {
    allocations: () =>
      allocations("all", async () => {
        const rows: (AllocationSample & { operator: string })[] = [];
        await forEachBounded(members, concurrency, async (operator) => {
          for (const r of await allocationSamples(client, c, operator, sets)) {
            rows.push({ ...r, operator });
          }
        });
        return rows;
      }),
    pendingRequests: () => pending("all", pendingCounts),
  };
}
