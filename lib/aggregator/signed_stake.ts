/** Figures about an aggregate for logs and metrics. */
import type { AggregatedResponse } from "../aggregation/mod.ts";

/** Signed share of each quorum's stake in percent, two decimals (0 for an empty quorum). */
export function signedStakePercents(r: AggregatedResponse<unknown>): number[] {
  return r.signedStakePerQuorum.map((signed, i) =>
    r.totalStakePerQuorum[i] === 0n ? 0 : Number((signed * 10000n) / r.totalStakePerQuorum[i]) / 100
  );
}
