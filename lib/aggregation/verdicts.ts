/**
 * The verification step of one batch: every signature of the batch signs the same digest, and
 * each gets `true` or the {@link AggregationError} to answer with.
 * @module
 */
import {
  batchVerifySameMessage,
  type BatchVerifyStats,
  type G1Point,
  type G2Point,
  verify,
} from "../bls/mod.ts";
import { AggregationError, describe, errors } from "./errors.ts";
import type { Hex } from "./types.ts";

/**
 * One random-coefficient batch check over the signatures (bisected by lib/bls when it fails).
 * Points are expected to be checked already; should the batch still throw, each signature is
 * verified on its own so that none is rejected because of another.
 */
export function batchVerdicts(
  pks: readonly G2Point[],
  digest: Hex,
  sigs: readonly G1Point[],
  stats: BatchVerifyStats,
): (true | AggregationError)[] {
  try {
    return batchVerifySameMessage(pks, digest, sigs, stats)
      .map((ok) => ok ? true : errors.incorrectSignature());
  } catch {
    return pks.map((pk, i) => {
      stats.singleChecks++;
      try {
        return verify(pk, digest, sigs[i]) ? true : errors.incorrectSignature();
      } catch (err) {
        return errors.verifyFailed(describe(err));
      }
    });
  }
}
