/**
 * Turning the bucket that met the threshold into the service's result: the non-signers, their
 * indices from the chain (`getCheckSignaturesIndices` at the reference block) and the aggregate,
 * or a "failed" result naming why the indices could not be read.
 *
 * @module
 */
import { describe, indicesFailedMessage } from "./errors.ts";
import {
  buildAggregatedResponse,
  type DigestBucket,
  nonSignersOf,
  type TaskOperatorState,
} from "./operator_set.ts";
import type { AggregationResult, AvsStateReader, Hex, TaskMetadata } from "./types.ts";

/** The result for a task whose `bucket` (signatures over `digest`) met the threshold. */
export async function aggregateBucket<R>(
  reader: AvsStateReader,
  meta: TaskMetadata,
  state: TaskOperatorState,
  digest: Hex,
  bucket: DigestBucket<R>,
): Promise<AggregationResult<R>> {
  const nonSigners = nonSignersOf(state, bucket);
  try {
    const idx = await reader.getCheckSignaturesIndices(
      meta.taskCreatedBlock,
      meta.quorumNumbers,
      nonSigners.map((op) => op.operatorId),
    );
    return buildAggregatedResponse(meta, state, digest, bucket, nonSigners, idx);
  } catch (err) {
    return {
      kind: "failed",
      taskIndex: meta.taskIndex,
      taskCreatedBlock: meta.taskCreatedBlock,
      error: indicesFailedMessage(describe(err)),
    };
  }
}
