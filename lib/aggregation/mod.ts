/**
 * The reusable BLS aggregation service (the counterpart of eigensdk-go's `blsagg`), generic over
 * the response type an AVS's operators sign.
 *
 * ```ts
 * const service = new BlsAggregationService<MyResponse>({ reader, hashResponse: myDigest });
 * service.onResult((r) => r.kind === "aggregated" ? submit(r) : log(r.error));
 * service.initializeNewTask({ taskIndex, taskCreatedBlock, quorumNumbers, ... });
 * await service.processNewSignature(taskIndex, response, signature, operatorId);
 * service.onBlock(head); // expiry
 * ```
 *
 * The operator set comes from an {@link AvsStateReader}: the chain-backed one reads the
 * registries; {@link InMemoryAvsStateReader} serves tests and benchmarks.
 * @module
 */
export { BlsAggregationService } from "./service.ts";
export {
  AggregationError,
  type AggregationErrorCode,
  expiredMessage,
  indicesFailedMessage,
  type TaskEnd,
} from "./errors.ts";
export type { BatchVerifyStats } from "../bls/mod.ts";
export { compareIds, thresholdMet } from "./task_rules.ts";
export { memoizeResponseHasher } from "./hash_memo.ts";
export { InMemoryAvsStateReader, type InMemoryOperator } from "./memory_reader.ts";
export type {
  AcceptedSignature,
  AggregatedResponse,
  AggregationResult,
  AvsStateReader,
  BatchReport,
  BlsAggregationServiceOptions,
  CheckSignaturesIndices,
  FailedAggregation,
  G1Point,
  G2Point,
  Hex,
  NonSignerStakesAndSignature,
  OperatorAvsState,
  ResponseHasher,
  ResultListener,
  TaskMetadata,
  VerificationStats,
} from "./types.ts";
