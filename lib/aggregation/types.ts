/**
 * Types shared by the BLS aggregation service and its state readers. Nothing here knows the
 * response type an AVS signs: results are generic over it (`R`).
 *
 * Point shapes match what viem returns for the Solidity `BN254.G1Point` / `BN254.G2Point` structs
 * (G2 coordinates in contract order `[imaginary, real]`), so results go straight into calldata.
 * @module
 */
import type { BatchVerifyStats, G1Point, G2Point } from "../bls/mod.ts";

export type { G1Point, G2Point };

/** 0x-prefixed hex string. */
export type Hex = `0x${string}`;

/** One operator as registered at a reference block, with its keys and per-quorum stake. */
export interface OperatorAvsState {
  /** keccak256 of the G1 public key (bytes32). */
  operatorId: Hex;
  /** The operator's Ethereum address. */
  operatorAddress: Hex;
  /** G1 public key (sums into the quorum APKs). */
  pubkeyG1: G1Point;
  /** G2 public key (verifies the operator's signatures). */
  pubkeyG2: G2Point;
  /** Stake per quorum number, only for the quorums the operator belonged to at the block. */
  stakePerQuorum: Map<number, bigint>;
}

/** Output of `OperatorStateRetriever.getCheckSignaturesIndices` (fields mapped by name). */
export interface CheckSignaturesIndices {
  /** Per non-signer: index into its quorum-bitmap history at the reference block. */
  nonSignerQuorumBitmapIndices: readonly number[];
  /** Per quorum: index into the quorum's APK history. */
  quorumApkIndices: readonly number[];
  /** Per quorum: index into the quorum's total-stake history. */
  totalStakeIndices: readonly number[];
  /** Per quorum, per non-signer in that quorum: index into its stake history. */
  nonSignerStakeIndices: readonly (readonly number[])[];
}

/** The `IBLSSignatureChecker.NonSignerStakesAndSignature` calldata struct, field order as on chain. */
export interface NonSignerStakesAndSignature {
  /** See {@link CheckSignaturesIndices.nonSignerQuorumBitmapIndices}. */
  nonSignerQuorumBitmapIndices: readonly number[];
  /** G1 keys of the non-signers, ascending by operatorId. */
  nonSignerPubkeys: readonly G1Point[];
  /** APK of each quorum at the reference block. */
  quorumApks: readonly G1Point[];
  /** Sum of the signers' G2 keys (each once per task quorum it is in). */
  apkG2: G2Point;
  /** Sum of the signatures (each once per task quorum its signer is in). */
  sigma: G1Point;
  /** See {@link CheckSignaturesIndices.quorumApkIndices}. */
  quorumApkIndices: readonly number[];
  /** See {@link CheckSignaturesIndices.totalStakeIndices}. */
  totalStakeIndices: readonly number[];
  /** See {@link CheckSignaturesIndices.nonSignerStakeIndices}. */
  nonSignerStakeIndices: readonly (readonly number[])[];
}

/**
 * What the aggregation service needs from the registries. The production implementation reads
 * them through viem (`chain_reader.ts`); `InMemoryAvsStateReader` keeps them in memory. It is
 * injected so the service logic stays testable.
 */
export interface AvsStateReader {
  /** Every operator registered in any of `quorumNumbers` at `blockNumber`, with keys and stakes. */
  getOperatorsAvsStateAtBlock(
    quorumNumbers: readonly number[],
    blockNumber: number,
  ): Promise<OperatorAvsState[]>;
  /** `OperatorStateRetriever.getCheckSignaturesIndices` for the given (sorted) non-signers. */
  getCheckSignaturesIndices(
    blockNumber: number,
    quorumNumbers: readonly number[],
    nonSignerOperatorIds: readonly Hex[],
  ): Promise<CheckSignaturesIndices>;
}

/** Parameters of one task handed to `initializeNewTask`. */
export interface TaskMetadata {
  /** The task's index (uint32). */
  taskIndex: number;
  /** Reference block: the operator set and stakes are read as they were at this block. */
  taskCreatedBlock: number;
  /** Quorums whose operators sign the task. */
  quorumNumbers: readonly number[];
  /** One threshold percentage per quorum, same order as `quorumNumbers`. */
  quorumThresholdPercentages: readonly number[];
  /** The task expires once a block `>= taskCreatedBlock + expiryBlocks` is observed. */
  expiryBlocks: number;
}

/**
 * A successful aggregation of responses of type `R`: everything an AVS's `respondToTask` needs
 * for `checkSignatures`.
 */
export interface AggregatedResponse<R> {
  /** Discriminant of {@link AggregationResult}. */
  kind: "aggregated";
  /** The task aggregated. */
  taskIndex: number;
  /** Its reference block. */
  taskCreatedBlock: number;
  /** The response the signers agreed on (the first object seen with this digest). */
  taskResponse: R;
  /** The digest they signed. */
  taskResponseDigest: Hex;
  /** Signers in the order the reader listed the operators. */
  signerOperatorIds: Hex[];
  /** Non-signers sorted ascending by operatorId (as a uint256), as `checkSignatures` requires. */
  nonSignerOperatorIds: Hex[];
  /** G1 keys of the non-signers, same order. */
  nonSignersPubkeysG1: G1Point[];
  /** APK of each task quorum, same order as the task's quorums. */
  quorumApksG1: G1Point[];
  /** Sum of the signers' G2 keys (each once per task quorum it is in). */
  signersApkG2: G2Point;
  /** Sum of the signatures (each once per task quorum its signer is in). */
  signersAggSigG1: G1Point;
  /** Stake that signed, per task quorum. */
  signedStakePerQuorum: bigint[];
  /** Total stake at the reference block, per task quorum. */
  totalStakePerQuorum: bigint[];
  /** The calldata struct for `checkSignatures`. */
  nonSignerStakesAndSignature: NonSignerStakesAndSignature;
}

/** A task that ended without a usable aggregate (expired, state load failed, indices failed). */
export interface FailedAggregation {
  /** `expired`: out of blocks before the threshold; `failed`: a reader call failed. */
  kind: "expired" | "failed";
  /** The task concerned. */
  taskIndex: number;
  /** Its reference block. */
  taskCreatedBlock: number;
  /** What happened, in eigensdk-go's words. */
  error: string;
}

/** Everything the service emits, one per initialised task. */
export type AggregationResult<R> = AggregatedResponse<R> | FailedAggregation;

/** Hash function turning a response into the 32-byte digest operators sign. */
export type ResponseHasher<R> = (response: R) => Hex;

/** Listener for aggregation results. */
export type ResultListener<R> = (result: AggregationResult<R>) => void;

/** Construction options of `BlsAggregationService`. */
export interface BlsAggregationServiceOptions<R> {
  /** Where the operator set, keys and stakes at a block and the non-signer indices come from. */
  reader: AvsStateReader;
  /** The digest operators sign for a response (for example keccak256 of its ABI encoding). */
  hashResponse: ResponseHasher<R>;
  /**
   * The task index a response names, if the response type carries one: a signature submitted
   * for another task is then rejected with `TASK_RESPONSE_MISMATCH`.
   */
  responseTaskIndex?: (response: R) => number;
  /**
   * How long a signature for a task that is not initialised yet, but is at most two indices
   * past the newest known task, waits for its initialisation (ms, default 0). Operators see
   * `NewTaskCreated` at the same time as the aggregator reads its own receipt; a short wait
   * turns upstream's retry-inducing "not initialized" race into a plain acceptance.
   */
  awaitInitMs?: number;
  /**
   * Further attempts to read a task's operator set after a failed read (default 3), while the
   * task is live; the task fails (`STATE_LOAD_FAILED`) after the last one.
   */
  stateLoadRetries?: number;
  /** Wait before the first retry of that read, doubled for each further one (ms, default 250). */
  stateLoadRetryMs?: number;
  /** Most signatures verified in one batch (default 256; 1 verifies each signature alone). */
  batchSize?: number;
  /** How long the first signature of a batch waits for others (ms, default 2). */
  batchWaitMs?: number;
  /**
   * How long to keep collecting after a digest first reaches the threshold (ms, default 0 =
   * complete at once). Signatures that arrive in the window join the aggregate, so fewer
   * operators end up as non-signers (each costs gas on chain). The window ends early when every
   * operator of the task has signed, and at the task's expiry block at the latest.
   */
  aggregationWindowMs?: number;
  /**
   * Called synchronously once per verified batch with its valid signatures, before they join
   * the aggregate and before any of their callers hears "accepted": the place to store them
   * durably, in one transaction per batch. If it throws, none of them is accepted (each call
   * rejects with `PERSIST_FAILED`, the task is unchanged and the operators may send again).
   */
  persistAccepted?: (accepted: readonly AcceptedSignature<R>[]) => void;
  /**
   * Verify batches in a dedicated worker thread instead of the calling one (default false):
   * on a machine with a second core, requests keep being parsed and queued while a batch is
   * verified. `stop()` ends the worker; if the worker fails, batches are verified in place.
   */
  verifyInWorker?: boolean;
  /**
   * Called once per verified batch (for metrics): its size, how long it took from leaving the
   * queue to its verdicts (including a wait in the worker's queue) and the checks it needed.
   */
  onBatchVerified?: (report: BatchReport) => void;
}

/** What {@link BlsAggregationServiceOptions.onBatchVerified} is told about one batch. */
export interface BatchReport extends BatchVerifyStats {
  /** Signatures in the batch. */
  size: number;
  /** Seconds from leaving the queue to the verdicts. */
  seconds: number;
  /** Whether it was verified in the worker thread (false: in place). */
  inWorker: boolean;
}

/** A verified signature as handed to {@link BlsAggregationServiceOptions.persistAccepted}. */
export interface AcceptedSignature<R> {
  /** The task it is for. */
  taskIndex: number;
  /** The signer (lower-case hex). */
  operatorId: Hex;
  /** The response it signs. */
  response: R;
  /** The signature. */
  signature: G1Point;
}

/** Counters of the verification work done so far (see `BlsAggregationService.verificationStats`). */
export interface VerificationStats extends BatchVerifyStats {
  /** Signatures that reached verification. */
  signatures: number;
  /** Batches verified (a batch of one included). */
  batches: number;
}
