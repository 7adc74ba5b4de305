/**
 * Pure rules of the aggregation service: task metadata validation, the per-quorum stake
 * threshold and the operator-id order `checkSignatures` requires for non-signers.
 * @module
 */
import { errors } from "./errors.ts";
import type { Hex, TaskMetadata } from "./types.ts";

/** Highest quorum number the registries accept (quorum bitmaps are 192 bits). */
export const MAX_QUORUM_NUMBER = 191;

/** `signed * 100 >= total * threshold` for every quorum, and at least one signer per quorum. */
export function thresholdMet(
  signed: readonly bigint[],
  total: readonly bigint[],
  meta: Pick<TaskMetadata, "quorumThresholdPercentages">,
): boolean {
  return meta.quorumThresholdPercentages.every((pct, i) =>
    signed[i] > 0n && signed[i] * 100n >= total[i] * BigInt(pct)
  );
}

/** Orders operator ids as big-endian uint256 values. */
export function compareIds(a: Hex, b: Hex): number {
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Throws an `INVALID_TASK` {@link AggregationError} naming the first bad field of `meta`. */
export function validateMeta(meta: TaskMetadata): void {
  const bad = (m: string) => errors.invalidTask(`task ${meta.taskIndex}: ${m}`);
  if (!Number.isInteger(meta.taskIndex) || meta.taskIndex < 0 || meta.taskIndex > 0xffffffff) {
    throw errors.invalidTask(`taskIndex must be a uint32, got ${meta.taskIndex}`);
  }
  if (!Number.isInteger(meta.taskCreatedBlock) || meta.taskCreatedBlock < 0) {
    throw bad(`taskCreatedBlock must be a non-negative integer, got ${meta.taskCreatedBlock}`);
  }
  if (meta.quorumNumbers.length === 0) throw bad("quorumNumbers must not be empty");
  if (new Set(meta.quorumNumbers).size !== meta.quorumNumbers.length) {
    throw bad("quorumNumbers must not repeat a quorum");
  }
  for (const q of meta.quorumNumbers) {
    if (!Number.isInteger(q) || q < 0 || q > MAX_QUORUM_NUMBER) {
      throw bad(`quorum number ${q} out of range 0..${MAX_QUORUM_NUMBER}`);
    }
  }
  if (meta.quorumThresholdPercentages.length !== meta.quorumNumbers.length) {
    throw bad("quorumThresholdPercentages must have one entry per quorum");
  }
  for (const p of meta.quorumThresholdPercentages) {
    if (!Number.isInteger(p) || p < 0 || p > 100) {
      throw bad(`threshold percentage ${p} out of range 0..100`);
    }
  }
  if (!Number.isInteger(meta.expiryBlocks) || meta.expiryBlocks < 1) {
    throw bad(`expiryBlocks must be a positive integer, got ${meta.expiryBlocks}`);
  }
}
