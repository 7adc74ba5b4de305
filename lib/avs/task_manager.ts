/**
 * IncredibleSquaringTaskManager: reads (task counter, stored task and response hashes, windows,
 * roles) and writes (`createNewTask`, `respondToTask`, `raiseAndResolveChallenge`,
 * `raiseNoResponseChallenge`). All writes but the first depend on
 * `block.number` (windows, the reference block check), so they are simulated and estimated at the
 * pending block by default.
 *
 * @module
 */
import type { Address, Hex, TransactionReceipt } from "viem";
import type { ReadClient, TxSender } from "../chain/clients.ts";
import { read, transact, type TxOptions } from "../chain/tx.ts";
import type { G1Point } from "../bls/mod.ts";
import type { NonSignerStakesAndSignature } from "../aggregation/types.ts";
import {
  quorumNumbersToBytes,
  type Task,
  type TaskResponse,
  type TaskResponseMetadata,
} from "../task/mod.ts";
import type { AvsContracts } from "./contracts.ts";
import { type CreatedTask, createdTaskOf, taskManagerAbi } from "./events.ts";

/** The address the TaskManager calls need. */
export type TaskManagerContracts = Pick<AvsContracts, "taskManager">;

const tm = (c: TaskManagerContracts) => ({ address: c.taskManager, abi: taskManagerAbi }) as const;

/** Index the next created task will get (`taskNumber`). */
export async function nextTaskIndex(client: ReadClient, c: TaskManagerContracts): Promise<number> {
  return Number(await read(client, { ...tm(c), functionName: "taskNumber" }));
}

/** `latestTaskNum`: the index the next task gets, as upstream names it. */
export async function latestTaskNum(client: ReadClient, c: TaskManagerContracts): Promise<number> {
  return Number(await read(client, { ...tm(c), functionName: "latestTaskNum" }));
}

/** `allTaskHashes(index)`: `keccak256(abi.encode(task))`, zero for an unknown index. */
export function storedTaskHash(
  client: ReadClient,
  c: TaskManagerContracts,
  taskIndex: number,
): Promise<Hex> {
  return read(client, { ...tm(c), functionName: "allTaskHashes", args: [taskIndex] });
}

/** `allTaskResponses(index)`: the response record hash, zero while unanswered. */
export function storedResponseHash(
  client: ReadClient,
  c: TaskManagerContracts,
  taskIndex: number,
  blockNumber?: bigint,
): Promise<Hex> {
  return read(client, {
    ...tm(c),
    functionName: "allTaskResponses",
    args: [taskIndex],
    blockNumber,
  });
}

/** True when the task has a response on chain. */
export async function isTaskAnswered(
  client: ReadClient,
  c: TaskManagerContracts,
  taskIndex: number,
): Promise<boolean> {
  return !/^0x0*$/.test(await storedResponseHash(client, c, taskIndex));
}

/** `taskSuccessfullyChallenged(index)`. */
export function wasSuccessfullyChallenged(
  client: ReadClient,
  c: TaskManagerContracts,
  taskIndex: number,
): Promise<boolean> {
  return read(client, { ...tm(c), functionName: "taskSuccessfullyChallenged", args: [taskIndex] });
}

/** Blocks after creation during which a response is accepted. */
export async function responseWindowBlocks(
  client: ReadClient,
  c: TaskManagerContracts,
): Promise<number> {
  return Number(await read(client, { ...tm(c), functionName: "getTaskResponseWindowBlock" }));
}

/** Blocks after a response during which it can be challenged. */
export async function challengeWindowBlocks(
  client: ReadClient,
  c: TaskManagerContracts,
): Promise<number> {
  return Number(await read(client, { ...tm(c), functionName: "TASK_CHALLENGE_WINDOW_BLOCK" }));
}

/** The account allowed to respond. */
export function aggregatorOf(client: ReadClient, c: TaskManagerContracts): Promise<Address> {
  return read(client, { ...tm(c), functionName: "aggregator" });
}

/** The account allowed to create tasks. */
export function generatorOf(client: ReadClient, c: TaskManagerContracts): Promise<Address> {
  return read(client, { ...tm(c), functionName: "generator" });
}

/** What {@link createNewTask} sends. */
export type NewTask = {
  numberToBeSquared: bigint;
  quorumThresholdPercentage: number;
  quorumNumbers: readonly number[];
};

/** `createNewTask(n, threshold, quorumNumbers)`; returns the task read back from the receipt. */
export async function createNewTask(
  sender: TxSender,
  c: TaskManagerContracts,
  t: NewTask,
  tx?: TxOptions,
): Promise<CreatedTask> {
  const receipt = await transact(sender, {
    ...tm(c),
    functionName: "createNewTask",
    args: [t.numberToBeSquared, t.quorumThresholdPercentage, quorumNumbersToBytes(t.quorumNumbers)],
  }, tx);
  return createdTaskOf(receipt, c.taskManager);
}

const pending: TxOptions = { blockTag: "pending" };

/** `respondToTask(task, response, nonSignerStakesAndSignature)`, judged at the pending block. */
export function respondToTask(
  sender: TxSender,
  c: TaskManagerContracts,
  task: Task,
  response: TaskResponse,
  nonSignerStakesAndSignature: NonSignerStakesAndSignature,
  tx?: TxOptions,
): Promise<TransactionReceipt> {
  const n = nonSignerStakesAndSignature;
  return transact(sender, {
    ...tm(c),
    functionName: "respondToTask",
    args: [task, response, {
      nonSignerQuorumBitmapIndices: [...n.nonSignerQuorumBitmapIndices],
      nonSignerPubkeys: [...n.nonSignerPubkeys],
      quorumApks: [...n.quorumApks],
      apkG2: { X: [n.apkG2.X[0], n.apkG2.X[1]], Y: [n.apkG2.Y[0], n.apkG2.Y[1]] },
      sigma: n.sigma,
      quorumApkIndices: [...n.quorumApkIndices],
      totalStakeIndices: [...n.totalStakeIndices],
      nonSignerStakeIndices: n.nonSignerStakeIndices.map((x) => [...x]),
    }],
  }, { ...pending, ...tx });
}

/** `raiseAndResolveChallenge(task, response, metadata, nonSignerPubkeys)`, at the pending block. */
export function raiseAndResolveChallenge(
  sender: TxSender,
  c: TaskManagerContracts,
  task: Task,
  response: TaskResponse,
  metadata: TaskResponseMetadata,
  nonSignerPubkeys: readonly G1Point[],
  tx?: TxOptions,
): Promise<TransactionReceipt> {
  return transact(sender, {
    ...tm(c),
    functionName: "raiseAndResolveChallenge",
    args: [task, response, metadata, [...nonSignerPubkeys]],
  }, { ...pending, ...tx });
}

/** `raiseNoResponseChallenge(taskIndex, task)`, at the pending block. */
export function raiseNoResponseChallenge(
  sender: TxSender,
  c: TaskManagerContracts,
  taskIndex: number,
  task: Task,
  tx?: TxOptions,
): Promise<TransactionReceipt> {
  return transact(sender, {
    ...tm(c),
    functionName: "raiseNoResponseChallenge",
    args: [taskIndex, task],
  }, { ...pending, ...tx });
}
