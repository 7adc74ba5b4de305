/**
 * The tasks a TaskManager created in a block range, from its `NewTaskCreated` events (recovery
 * after a restart, catching up).
 *
 * @module
 */
import type { ReadClient } from "../chain/clients.ts";
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
  return logs.map((l) => ({
    taskIndex: Number(l.args.taskIndex),
    task: taskFromEvent(l.args),
    txHash: l.transactionHash,
    blockNumber: l.blockNumber,
  }));
}
