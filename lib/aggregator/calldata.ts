/** The aggregate in the shape `respondToTask` takes. */
import type { AggregatedResponse } from "../aggregation/mod.ts";

/** The `NonSignerStakesAndSignature` argument in viem's shape (G2 coordinates as tuples). */
export function nonSignerStakesAndSignatureCalldata(r: AggregatedResponse<unknown>) {
  const n = r.nonSignerStakesAndSignature;
  return {
    nonSignerQuorumBitmapIndices: [...n.nonSignerQuorumBitmapIndices],
    nonSignerPubkeys: n.nonSignerPubkeys.map((p) => ({ X: p.X, Y: p.Y })),
    quorumApks: n.quorumApks.map((p) => ({ X: p.X, Y: p.Y })),
    apkG2: {
      X: [n.apkG2.X[0], n.apkG2.X[1]] as readonly [bigint, bigint],
      Y: [n.apkG2.Y[0], n.apkG2.Y[1]] as readonly [bigint, bigint],
    },
    sigma: { X: n.sigma.X, Y: n.sigma.Y },
    quorumApkIndices: [...n.quorumApkIndices],
    totalStakeIndices: [...n.totalStakeIndices],
    nonSignerStakeIndices: n.nonSignerStakeIndices.map((x) => [...x]),
  };
}

/** Signed share of each quorum's stake in percent, two decimals (0 for an empty quorum). */
export function signedStakePercents(r: AggregatedResponse<unknown>): number[] {
  return r.signedStakePerQuorum.map((signed, i) =>
    r.totalStakePerQuorum[i] === 0n ? 0 : Number((signed * 10000n) / r.totalStakePerQuorum[i]) / 100
  );
}
