/**
 * The operator set of one task as the service uses it (frozen at the task's creation block),
 * the signatures collected per response digest, and the aggregate built from them.
 * @module
 */
import { aggregateG1, aggregateG2, type G1Point, type G2Point } from "../bls/mod.ts";
import { compareIds } from "./task_rules.ts";
import type {
  AggregatedResponse,
  CheckSignaturesIndices,
  Hex,
  OperatorAvsState,
  TaskMetadata,
} from "./types.ts";

/** Operator set of a task: operators by lower-case id, totals and APKs per task quorum. */
export interface TaskOperatorState {
  operators: Map<string, OperatorAvsState>;
  totalStakePerQuorum: bigint[];
  quorumApks: G1Point[];
}

/** Signatures accepted for one response digest. */
export interface DigestBucket<R> {
  response: R;
  /** Lower-case ids of the signers. */
  signers: Set<string>;
  sigs: G1Point[];
  pubkeysG2: G2Point[];
  signedStakePerQuorum: bigint[];
}

/**
 * Indexes the reader's operators by id and sums stakes and G1 keys per task quorum (in the
 * order of `quorumNumbers`). An operator listed twice counts once.
 */
export function buildOperatorState(
  quorumNumbers: readonly number[],
  operators: readonly OperatorAvsState[],
): TaskOperatorState {
  const byId = new Map<string, OperatorAvsState>();
  for (const op of operators) byId.set(op.operatorId.toLowerCase(), op);
  const totalStakePerQuorum = quorumNumbers.map(() => 0n);
  const apkParts: G1Point[][] = quorumNumbers.map(() => []);
  for (const op of byId.values()) {
    quorumNumbers.forEach((q, i) => {
      const stake = op.stakePerQuorum.get(q);
      if (stake === undefined) return;
      totalStakePerQuorum[i] += stake;
      apkParts[i].push(op.pubkeyG1);
    });
  }
  return {
    operators: byId,
    totalStakePerQuorum,
    quorumApks: apkParts.map((parts) => aggregateG1(parts)),
  };
}

/** An empty bucket for a digest first seen with `response`. */
export function newBucket<R>(response: R, quorumCount: number): DigestBucket<R> {
  return {
    response,
    signers: new Set(),
    sigs: [],
    pubkeysG2: [],
    signedStakePerQuorum: new Array<bigint>(quorumCount).fill(0n),
  };
}

/**
 * Adds a verified signature. On chain the APK subtracts each non-signer once per signing quorum
 * it is in, so a signer counts once per task quorum it belongs to: its signature and G2 key are
 * added that many times.
 */
export function addToBucket<R>(
  bucket: DigestBucket<R>,
  quorumNumbers: readonly number[],
  operator: OperatorAvsState,
  signature: G1Point,
): void {
  quorumNumbers.forEach((q, i) => {
    const stake = operator.stakePerQuorum.get(q);
    if (stake === undefined) return;
    bucket.signedStakePerQuorum[i] += stake;
    bucket.sigs.push(signature);
    bucket.pubkeysG2.push(operator.pubkeyG2);
  });
  bucket.signers.add(operator.operatorId.toLowerCase());
}

/** Operators of the set that did not sign `bucket`, ascending by id as `checkSignatures` needs. */
export function nonSignersOf<R>(
  state: TaskOperatorState,
  bucket: DigestBucket<R>,
): OperatorAvsState[] {
  return [...state.operators.values()]
    .filter((op) => !bucket.signers.has(op.operatorId.toLowerCase()))
    .sort((a, b) => compareIds(a.operatorId, b.operatorId));
}

/** The aggregate of `bucket` with the non-signers' indices read from the chain. */
export function buildAggregatedResponse<R>(
  meta: TaskMetadata,
  state: TaskOperatorState,
  digest: Hex,
  bucket: DigestBucket<R>,
  nonSigners: readonly OperatorAvsState[],
  idx: CheckSignaturesIndices,
): AggregatedResponse<R> {
  const sigma = aggregateG1(bucket.sigs);
  const apkG2 = aggregateG2(bucket.pubkeysG2);
  const nonSignersPubkeysG1 = nonSigners.map((op) => op.pubkeyG1);
  return {
    kind: "aggregated",
    taskIndex: meta.taskIndex,
    taskCreatedBlock: meta.taskCreatedBlock,
    taskResponse: bucket.response,
    taskResponseDigest: digest,
    signerOperatorIds: [...state.operators.values()]
      .filter((op) => bucket.signers.has(op.operatorId.toLowerCase()))
      .map((op) => op.operatorId),
    nonSignerOperatorIds: nonSigners.map((op) => op.operatorId),
    nonSignersPubkeysG1,
    quorumApksG1: state.quorumApks,
    signersApkG2: apkG2,
    signersAggSigG1: sigma,
    signedStakePerQuorum: [...bucket.signedStakePerQuorum],
    totalStakePerQuorum: [...state.totalStakePerQuorum],
    nonSignerStakesAndSignature: {
      nonSignerQuorumBitmapIndices: idx.nonSignerQuorumBitmapIndices,
      nonSignerPubkeys: nonSignersPubkeysG1,
      quorumApks: state.quorumApks,
      apkG2,
      sigma,
      quorumApkIndices: idx.quorumApkIndices,
      totalStakeIndices: idx.totalStakeIndices,
      nonSignerStakeIndices: idx.nonSignerStakeIndices,
    },
  };
}
