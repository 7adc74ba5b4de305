/**
 * Types shared by the BLS aggregation service and its chain reader.
 *
 * Point shapes match what viem returns for the Solidity `BN254.G1Point` / `BN254.G2Point` structs
 * (G2 coordinates in contract order `[imaginary, real]`), so results go straight into calldata.
 */
import type { G1Point, G2Point } from "../bls/mod.ts";

/** 0x-prefixed hex string. */
export type Hex = `0x${string}`;

/** The `TaskResponse` struct that operators sign: `(uint32 referenceTaskIndex, uint256 numberSquared)`. */
export interface TaskResponse {
  referenceTaskIndex: number;
  numberSquared: bigint;
}

/** One operator as registered at a reference block, with its keys and per-quorum stake. */
export interface OperatorAvsState {
  operatorId: Hex;
  operatorAddress: Hex;
  pubkeyG1: G1Point;
  pubkeyG2: G2Point;
  /** Stake per quorum number, only for the quorums the operator belonged to at the block. */
  stakePerQuorum: Map<number, bigint>;
}

/** Output of `OperatorStateRetriever.getCheckSignaturesIndices` (fields mapped by name). */
export interface CheckSignaturesIndices {
  nonSignerQuorumBitmapIndices: readonly number[];
  quorumApkIndices: readonly number[];
  totalStakeIndices: readonly number[];
  nonSignerStakeIndices: readonly (readonly number[])[];
}

/** The `IBLSSignatureChecker.NonSignerStakesAndSignature` calldata struct, field order as on chain. */
export interface NonSignerStakesAndSignature {
  nonSignerQuorumBitmapIndices: readonly number[];
  nonSignerPubkeys: readonly G1Point[];
  quorumApks: readonly G1Point[];
  apkG2: G2Point;
  sigma: G1Point;
  quorumApkIndices: readonly number[];
  totalStakeIndices: readonly number[];
  nonSignerStakeIndices: readonly (readonly number[])[];
}

/**
 * What the aggregation service needs from the chain. The production implementation reads the
 * registries through viem (`chain_reader.ts`); it is injected so the service logic stays testable.
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
  taskIndex: number;
  taskCreatedBlock: number;
  quorumNumbers: readonly number[];
  /** One threshold percentage per quorum, same order as `quorumNumbers`. */
  quorumThresholdPercentages: readonly number[];
  /** The task expires once a block `>= taskCreatedBlock + expiryBlocks` is observed. */
  expiryBlocks: number;
}

/** A successful aggregation: everything `respondToTask` needs. */
export interface AggregatedResponse {
  kind: "aggregated";
  taskIndex: number;
  taskCreatedBlock: number;
  taskResponse: TaskResponse;
  taskResponseDigest: Hex;
  signerOperatorIds: Hex[];
  /** Non-signers sorted ascending by operatorId (as a uint256), as `checkSignatures` requires. */
  nonSignerOperatorIds: Hex[];
  nonSignersPubkeysG1: G1Point[];
  quorumApksG1: G1Point[];
  signersApkG2: G2Point;
  signersAggSigG1: G1Point;
  signedStakePerQuorum: bigint[];
  totalStakePerQuorum: bigint[];
  nonSignerStakesAndSignature: NonSignerStakesAndSignature;
}

/** A task that ended without a usable aggregate (expired, state load failed, indices failed). */
export interface FailedAggregation {
  kind: "expired" | "failed";
  taskIndex: number;
  taskCreatedBlock: number;
  error: string;
}

/** Everything the service emits, one per initialised task. */
export type AggregationResult = AggregatedResponse | FailedAggregation;
