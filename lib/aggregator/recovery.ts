/**
 * After a restart (or a crash): picks up every task a previous run left open. Stored tasks are
 * settled from the chain when they were answered, marked expired when their response window
 * closed during the outage, or aggregated again from their stored signatures. Tasks created on
 * chain but never stored (a crash right after `createNewTask`) are found from their events, from
 * the newest stored task (or the oldest block still inside the response window) to the head,
 * and stored with the same treatment, so each gets exactly one end.
 *
 * @module
 */
import type { Address } from "viem";
import type { ReadClient } from "../chain/clients.ts";
import { type CreatedTask, createdTasksBetween, isTaskAnswered } from "../avs/mod.ts";
import type { Task } from "../task/mod.ts";
import type { AggregatorStore, StoredSignature, TaskOutcome } from "./store.ts";

/** What {@link recoverOpenTasks} reads. */
export interface RecoveryQuery {
  client: ReadClient;
  taskManager: Address;
  store: AggregatorStore;
  /** No task before this block is considered (the deployment block). */
  deployedAtBlock: number;
  /** The TaskManager's response window in blocks. */
  responseWindow: number;
}

/** What to do with one open task. */
export type RecoveryStep =
  | {
    kind: "settle";
    taskIndex: number;
    outcome: TaskOutcome;
    reason: string;
    /** Present for a task the store never saw: store it before settling. */
    unstored?: CreatedTask;
  }
  | { kind: "resume"; created: CreatedTask; signatures: StoredSignature[]; stored: boolean };

/**
 * Decides, from the store and the chain, what to do with each open task. Reads only; the caller
 * applies the steps.
 */
export async function recoverOpenTasks(q: RecoveryQuery): Promise<RecoveryStep[]> {
  const head = await q.client.getBlockNumber({ cacheTime: 0 });
  const c = { taskManager: q.taskManager };
  // A response lands at head + 1 at the earliest; the contract accepts it up to created + window.
  const windowOpen = (t: Task) => head + 1n <= BigInt(t.taskCreatedBlock + q.responseWindow);
  const closedReason = (t: Task) =>
    `its response window (${q.responseWindow} blocks after block ${t.taskCreatedBlock}) closed while the aggregator was down`;

  const steps: RecoveryStep[] = [];
  const seen = new Set<number>();
  for (const open of q.store.openTasks()) {
    seen.add(open.taskIndex);
    const created: CreatedTask = {
      taskIndex: open.taskIndex,
      task: open.task,
      txHash: open.createdTx,
      blockNumber: BigInt(open.task.taskCreatedBlock),
    };
    steps.push(
      await decide(created, {
        stored: true,
        signatures: () => q.store.signatures(open.taskIndex),
        respondedReason: () => {
          const tx = q.store.responseTx(open.taskIndex);
          return tx
            ? `respondToTask ${tx.txHash} was mined while the aggregator was down`
            : "answered on chain before the restart";
        },
      }),
    );
  }

  // Tasks created on chain that the store never heard of.
  const windowStart = head > BigInt(q.responseWindow) ? head - BigInt(q.responseWindow) : 0n;
  const newestStored = q.store.newestTaskBlock();
  let from = newestStored !== undefined && BigInt(newestStored) < windowStart
    ? BigInt(newestStored)
    : windowStart;
  if (from < BigInt(q.deployedAtBlock)) from = BigInt(q.deployedAtBlock);
  for (const created of await createdTasksBetween(q.client, c, from, head)) {
    if (seen.has(created.taskIndex) || q.store.outcome(created.taskIndex)) continue;
    steps.push(
      await decide(created, {
        stored: false,
        signatures: () => [],
        respondedReason: () => "answered on chain by a previous run",
      }),
    );
  }
  return steps;

  async function decide(
    created: CreatedTask,
    how: {
      stored: boolean;
      signatures(): StoredSignature[];
      respondedReason(): string;
    },
  ): Promise<RecoveryStep> {
    const unstored = how.stored ? undefined : created;
    if (await isTaskAnswered(q.client, c, created.taskIndex)) {
      return {
        kind: "settle",
        taskIndex: created.taskIndex,
        outcome: "responded",
        reason: how.respondedReason(),
        unstored,
      };
    }
    if (!windowOpen(created.task)) {
      return {
        kind: "settle",
        taskIndex: created.taskIndex,
        outcome: "expired",
        reason: closedReason(created.task),
        unstored,
      };
    }
    return { kind: "resume", created, signatures: how.signatures(), stored: how.stored };
  }
}
