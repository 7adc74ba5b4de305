/**
 * The tasks a TaskManager created in a block range, from its `NewTaskCreated` events (recovery
 * after a restart, catching up), and the task it holds now at an index (after a reorganisation).
 *
 * @module
 */
import type { Hex } from "viem";
import type { ReadClient } from "../chain/clients.ts";
import { taskHash } from "../task/mod.ts";
import type { AvsContracts } from "./contracts.ts";
import { type CreatedTask, taskFromEvent, taskManagerAbi } from "./events.ts";

/** Tasks created in `[fromBlock, toBlock]`, in chain order. */
export async function createdTasksBetween(
  client: ReadClient,
  c: Pick<AvsContracts, "taskManager">,
  fromBlock: bigint,
  toBlock: bigint,
): Promise<CreatedTask[]> {
  const logs = await client.getContractEvents({
    address: c.taskManager,
    abi: taskManagerAbi,
    eventName: "NewTaskCreated",
    fromBlock,
    toBlock,
    strict: true,
  });
  return logs.map(createdTaskOfLog);
}

/** A `NewTaskCreated` log as the task it created. */
function createdTaskOfLog(
  l: {
    args: { taskIndex: number } & Parameters<typeof taskFromEvent>[0];
    transactionHash: Hex;
    blockNumber: bigint;
  },
): CreatedTask {
  return {
    taskIndex: Number(l.args.taskIndex),
    task: taskFromEvent(l.args),
    txHash: l.transactionHash,
    blockNumber: l.blockNumber,
  };
}

/**
 * The task the TaskManager holds now at `taskIndex`, from its `NewTaskCreated` events since
 * `fromBlock`: the newest one whose hash is `storedHash` (after a reorganisation the index may
 * have been created again in another block), or undefined.
 */
export async function currentTaskAt(
  client: ReadClient,
  c: Pick<AvsContracts, "taskManager">,
  taskIndex: number,
  storedHash: Hex,
  fromBlock: bigint,
): Promise<CreatedTask | undefined> {
  const logs = await client.getContractEvents({
    address: c.taskManager,
    abi: taskManagerAbi,
    eventName: "NewTaskCreated",
    args: { taskIndex },
    fromBlock,
    strict: true,
  });
  return logs.map(createdTaskOfLog).reverse()
    .find((c) => taskHash(c.task).toLowerCase() === storedHash.toLowerCase());
}
