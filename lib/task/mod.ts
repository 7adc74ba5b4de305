/**
 * Task types and the hashes the TaskManager contract computes (see upstream-avs.md §5):
 * the task hash, the response digest operators BLS-sign, the response record hash and the
 * non-signer record hash.
 *
 * @module
 */
import { concat, encodeAbiParameters, keccak256, numberToHex } from "viem";

/** A 0x-prefixed hex string (the same shape as viem's `Hex`). */
export type Hex = `0x${string}`;

/** `IIncredibleSquaringTaskManager.Task` as viem decodes it. */
export type Task = {
  numberToBeSquared: bigint;
  taskCreatedBlock: number;
  /** One byte per quorum, e.g. `0x00` for quorum 0. */
  quorumNumbers: Hex;
  quorumThresholdPercentage: number;
};

/** `TaskResponse`: what operators sign. */
export type TaskResponse = { referenceTaskIndex: number; numberSquared: bigint };

/** `TaskResponseMetadata`: filled in by `respondToTask`. */
export type TaskResponseMetadata = { taskRespondedBlock: number; hashOfNonSigners: Hex };

const TASK_ABI = [{
  type: "tuple",
  components: [
    { name: "numberToBeSquared", type: "uint256" },
    { name: "taskCreatedBlock", type: "uint32" },
    { name: "quorumNumbers", type: "bytes" },
    { name: "quorumThresholdPercentage", type: "uint32" },
  ],
}] as const;

const RESPONSE_COMPONENTS = [
  { name: "referenceTaskIndex", type: "uint32" },
  { name: "numberSquared", type: "uint256" },
] as const;

const METADATA_COMPONENTS = [
  { name: "taskRespondedBlock", type: "uint32" },
  { name: "hashOfNonSigners", type: "bytes32" },
] as const;

/** `keccak256(abi.encode(task))`, the value stored in `allTaskHashes[index]`. */
export function taskHash(task: Task): Hex {
  return keccak256(encodeAbiParameters(TASK_ABI, [task]));
}

/** The 64-byte `abi.encode(taskResponse)`. */
export function encodeTaskResponse(response: TaskResponse): Hex {
  return encodeAbiParameters([{ type: "tuple", components: RESPONSE_COMPONENTS }], [response]);
}

/** `keccak256(abi.encode(taskResponse))`: the message digest operators BLS-sign. */
export function taskResponseDigest(response: TaskResponse): Hex {
  return keccak256(encodeTaskResponse(response));
}

/** `keccak256(abi.encode(taskResponse, metadata))`, stored in `allTaskResponses[index]`. */
export function taskResponseRecordHash(
  response: TaskResponse,
  metadata: TaskResponseMetadata,
): Hex {
  return keccak256(encodeAbiParameters([
    { type: "tuple", components: RESPONSE_COMPONENTS },
    { type: "tuple", components: METADATA_COMPONENTS },
  ], [response, metadata]));
}

/**
 * `keccak256(abi.encodePacked(uint32 referenceBlock, bytes32[] nonSignerIds))`, the
 * `hashOfNonSigners` returned by `checkSignatures` (ids in the order given: ascending).
 */
export function hashOfNonSigners(referenceBlock: number, nonSignerIds: readonly Hex[]): Hex {
  return keccak256(concat([numberToHex(referenceBlock, { size: 4 }), ...nonSignerIds]));
}

/** The correct answer to a task: n² as a bigint (no precision loss). */
export function square(n: bigint): bigint {
  return n * n;
}

/** The deliberately wrong answer upstream's operator sends for `times_failing` tasks. */
export const WRONG_ANSWER = 908243203843n;

/** Quorum numbers as `bytes` (`[0]` → `0x00`). */
export function quorumNumbersToBytes(quorums: readonly number[]): Hex {
  return `0x${quorums.map((q) => q.toString(16).padStart(2, "0")).join("")}`;
}

/** `bytes` quorum numbers to an array (`0x0001` → `[0, 1]`). */
export function quorumNumbersFromBytes(bytes: Hex): number[] {
  const out: number[] = [];
  for (let i = 2; i < bytes.length; i += 2) out.push(parseInt(bytes.slice(i, i + 2), 16));
  return out;
}
