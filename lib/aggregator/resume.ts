/**
 * After a restart: the tasks a previous run created that are still inside their response window
 * and unanswered, so they can be aggregated again (operators retry their sends for a while).
 *
 * @module
 */
import type { Address } from "viem";
import { incredibleSquaringTaskManagerAbi } from "../chain/abi/mod.ts";
import type { TxClients } from "./clients.ts";
import type { CreatedTask } from "./task_generator.ts";

/** What {@link findUnansweredTasks} reads. */
export interface ResumeQuery {
  clients: TxClients;
  taskManager: Address;
  /** No task before this block is considered (the deployment block). */
  deployedAtBlock: number;
  /** How many blocks back from the head a task may still be answered. */
  windowBlocks: number;
}

/** Unanswered tasks created within the last `windowBlocks` blocks, oldest first. */
export async function findUnansweredTasks(q: ResumeQuery): Promise<CreatedTask[]> {
  const head = await q.clients.public.getBlockNumber({ cacheTime: 0 });
  const windowStart = head > BigInt(q.windowBlocks) ? head - BigInt(q.windowBlocks) : 0n;
  const deployed = BigInt(q.deployedAtBlock);
  const logs = await q.clients.public.getContractEvents({
    address: q.taskManager,
    abi: incredibleSquaringTaskManagerAbi,
    eventName: "NewTaskCreated",
    fromBlock: windowStart > deployed ? windowStart : deployed,
    toBlock: head,
  });
  const out: CreatedTask[] = [];
  for (const l of logs) {
    const { taskIndex, task } = l.args;
    if (taskIndex === undefined || !task) continue;
    const answered = await q.clients.public.readContract({
      address: q.taskManager,
      abi: incredibleSquaringTaskManagerAbi,
      functionName: "allTaskResponses",
      args: [taskIndex],
    });
    if (BigInt(answered) !== 0n) continue;
    out.push({
      taskIndex: Number(taskIndex),
      task: {
        numberToBeSquared: task.numberToBeSquared,
        taskCreatedBlock: Number(task.taskCreatedBlock),
        quorumNumbers: task.quorumNumbers,
        quorumThresholdPercentage: Number(task.quorumThresholdPercentage),
      },
      txHash: l.transactionHash ?? "0x",
      blockNumber: l.blockNumber ?? head,
    });
  }
  return out;
}
