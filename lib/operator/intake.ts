/**
 * Task intake: for each `NewTaskCreated`, decide whether this operator should answer (one of
 * its quorums, and a member at the task's block), answer and sign it, and hand it to delivery.
 *
 * @module
 */
import type { Hex } from "viem";
import type { FollowedLog } from "../chain/events.ts";
import { getLogger } from "../log/mod.ts";
import type { OperatorMetrics } from "../metrics/mod.ts";
import { quorumNumbersFromBytes, type Task } from "../task/mod.ts";
import type { SignedTaskResponse } from "../task/signed_response.ts";
import { type TaskArgs, taskFromEvent } from "../avs/events.ts";
import { respondToTask } from "./responder.ts";

const log = getLogger("operator");

/** What {@link taskIntake} needs. */
export interface IntakeDeps {
  blsPrivateKey: bigint;
  operatorId: Hex;
  quorumNumbers: readonly number[];
  timesFailing: number;
  random: () => number;
  metrics: OperatorMetrics;
  /**
   * Whether the operator was in one of `quorums` at `block` (the aggregator counts only those
   * signatures); undefined when the node cannot tell (then it signs anyway).
   */
  eligibleAt(block: number, quorums: readonly number[]): Promise<boolean | undefined>;
  /**
   * Waits for the configured confirmations and tells whether the task still stands on chain
   * (its stored hash matches): false after a reorg dropped or re-created it. Absent: no check.
   */
  stillStands?(taskIndex: number, task: Task): Promise<boolean>;
  /**
   * Watches a correctly answered task until it is answered on chain, attesting near the end of
   * its window if it is not (see attestation.ts); absent when attestations are switched off.
   */
  watchUnanswered?(taskIndex: number, task: Task, signed: SignedTaskResponse): Promise<void>;
  deliver(
    taskIndex: number,
    taskCreatedBlock: number,
    signed: SignedTaskResponse,
    receivedAt: number,
  ): Promise<void>;
}

/** The intake: `onNewTask` for the event follower, `settled()` to wait for in-flight work. */
export function taskIntake(d: IntakeDeps) {
  const inflight = new Set<Promise<void>>();
  let ineligibleLogged = false;

  async function handle(taskIndex: number, task: Task, quorums: number[]): Promise<void> {
    const received = performance.now();
    if (d.stillStands && !(await d.stillStands(taskIndex, task).catch(() => true))) {
      log.warn(
        "skipping task {taskIndex}: it is no longer on chain as announced in block {block} (reorganised)",
        { taskIndex, block: task.taskCreatedBlock },
      );
      return;
    }
    if ((await d.eligibleAt(task.taskCreatedBlock, quorums)) === false) {
      // Tasks from before our registration, or after we were ejected/frozen: nobody would count
      // the signature. Say it loudly once, then quietly.
      const args = { taskIndex, block: task.taskCreatedBlock };
      const msg =
        "skipping task {taskIndex}: this operator was not in its quorums at block {block}";
      if (ineligibleLogged) log.debug(msg, args);
      else log.warn(msg, args);
      ineligibleLogged = true;
      return;
    }
    ineligibleLogged = false;
    const { signed, answer } = respondToTask(
      d.blsPrivateKey,
      d.operatorId,
      taskIndex,
      task,
      d.timesFailing,
      d.random,
    );
    d.metrics.responsesSigned.inc();
    if (answer.wrong) {
      d.metrics.wrongAnswersInjected.inc();
      log.warn("answering task {taskIndex} wrongly on purpose (times_failing): {answer}", {
        taskIndex,
        answer: answer.numberSquared,
      });
    }
    const watching = answer.wrong ? undefined : d.watchUnanswered?.(taskIndex, task, signed);
    await d.deliver(taskIndex, task.taskCreatedBlock, signed, received);
    await watching;
  }

  return {
    onNewTask(l: FollowedLog): void {
      const taskIndex = Number(l.args.taskIndex);
      const task = taskFromEvent(l.args as { task: TaskArgs });
      d.metrics.tasksReceived.inc();
      d.metrics.lastTaskIndex.set(taskIndex);
      log.info("received task {taskIndex}: square {number} (created in block {block})", {
        taskIndex,
        number: task.numberToBeSquared,
        block: task.taskCreatedBlock,
        quorumNumbers: task.quorumNumbers,
        quorumThresholdPercentage: task.quorumThresholdPercentage,
      });
      const quorums = quorumNumbersFromBytes(task.quorumNumbers);
      if (!quorums.some((q) => d.quorumNumbers.includes(q))) {
        log.info("skipping task {taskIndex}: none of its quorums {quorums} is ours", {
          taskIndex,
          quorums: quorums.join(","),
        });
        return;
      }
      const p = handle(taskIndex, task, quorums);
      inflight.add(p);
      p.finally(() => inflight.delete(p));
    },
    /** Resolves once every task in flight has been delivered or given up. */
    settled: () => Promise.allSettled([...inflight]).then(() => {}),
  };
}
