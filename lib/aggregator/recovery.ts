/**
 * After a restart (or a crash): picks up every task a previous run left open. Stored tasks are
 * settled from the chain when they were answered, marked expired when their response window
 * closed during the outage, or aggregated again from their stored signatures; tasks created on
 * chain but never stored (a crash right after `createNewTask`) are found by their events, back to
 * the oldest block still inside the contract's response window.
 *
 * @module
 */
import type { Address, Hex } from "viem";
import { incredibleSquaringTaskManagerAbi } from "../chain/abi/mod.ts";
import type { SigningClients } from "../chain/clients.ts";
import { read } from "../chain/tx.ts";
import type { Task } from "../task/mod.ts";
import type { AggregatorStore, StoredSignature, TaskOutcome } from "./store.ts";
import type { CreatedTask } from "./task_generator.ts";

/** What {@link recoverOpenTasks} reads. */
export interface RecoveryQuery {
  clients: SigningClients;
  taskManager: Address;
  store: AggregatorStore;
  /** No task before this block is considered (the deployment block). */
  deployedAtBlock: number;
  /** The TaskManager's response window in blocks. */
  responseWindow: number;
}

/** What to do with one open task. */
export type RecoveryStep =
  | { kind: "settle"; taskIndex: number; outcome: TaskOutcome; reason: string }
  | { kind: "resume"; created: CreatedTask; signatures: StoredSignature[]; stored: boolean };

/**
 * Decides, from the store and the chain, what to do with each open task. Reads only; the caller
 * applies the steps.
 */
export async function recoverOpenTasks(q: RecoveryQuery): Promise<RecoveryStep[]> {
  const client = q.clients.publicClient;
  const head = await client.getBlockNumber({ cacheTime: 0 });
  const tm = { address: q.taskManager, abi: incredibleSquaringTaskManagerAbi } as const;
  const answered = async (idx: number) =>
    BigInt(await read(client, { ...tm, functionName: "allTaskResponses", args: [idx] })) !== 0n;
  // A response lands at head + 1 at the earliest; the contract accepts it up to created + window.
  const windowOpen = (t: Task) => head + 1n <= BigInt(t.taskCreatedBlock + q.responseWindow);

  const steps: RecoveryStep[] = [];
  const seen = new Set<number>();
  for (const open of q.store.openTasks()) {
    seen.add(open.taskIndex);
    if (await answered(open.taskIndex)) {
      const tx = q.store.responseTx(open.taskIndex);
      steps.push({
        kind: "settle",
        taskIndex: open.taskIndex,
        outcome: "responded",
        reason: tx
          ? `respondToTask ${tx.txHash} was mined while the aggregator was down`
          : "answered on chain before the restart",
      });
    } else if (!windowOpen(open.task)) {
      steps.push({
        kind: "settle",
        taskIndex: open.taskIndex,
        outcome: "expired",
        reason:
          `its response window (${q.responseWindow} blocks after block ${open.task.taskCreatedBlock}) closed while the aggregator was down`,
      });
    } else {
      steps.push({
        kind: "resume",
        created: {
          taskIndex: open.taskIndex,
          task: open.task,
          txHash: open.createdTx,
          blockNumber: BigInt(open.task.taskCreatedBlock),
        },
        signatures: q.store.signatures(open.taskIndex),
        stored: true,
      });
    }
  }

  // Tasks created on chain that the store never heard of.
  const windowStart = head > BigInt(q.responseWindow) ? head - BigInt(q.responseWindow) : 0n;
  const deployed = BigInt(q.deployedAtBlock);
  const logs = await client.getContractEvents({
    ...tm,
    eventName: "NewTaskCreated",
    fromBlock: windowStart > deployed ? windowStart : deployed,
    toBlock: head,
  });
  for (const l of logs) {
    const { taskIndex, task } = l.args;
    if (taskIndex === undefined || !task || seen.has(Number(taskIndex))) continue;
    if (q.store.outcome(Number(taskIndex))) continue;
    const created: CreatedTask = {
      taskIndex: Number(taskIndex),
      task: {
        numberToBeSquared: task.numberToBeSquared,
        taskCreatedBlock: Number(task.taskCreatedBlock),
        quorumNumbers: task.quorumNumbers,
        quorumThresholdPercentage: Number(task.quorumThresholdPercentage),
      },
      txHash: (l.transactionHash ?? "0x") as Hex,
      blockNumber: l.blockNumber ?? head,
    };
    if (!windowOpen(created.task) || await answered(created.taskIndex)) continue;
    steps.push({ kind: "resume", created, signatures: [], stored: false });
  }
  return steps;
}
