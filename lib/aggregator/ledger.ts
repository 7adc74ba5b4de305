/**
 * The aggregator's book of tasks: which tasks it collects signatures for (in memory and in the
 * durable store), and the one place a task ends, so every task gets exactly one terminal log
 * line, one `incsq_aggregator_tasks_ended_total` increment and one stored outcome.
 *
 * @module
 */
import type { BlsAggregationService } from "../aggregation/mod.ts";
import { getLogger } from "../log/mod.ts";
import type { AggregatorMetrics } from "../metrics/mod.ts";
import type { EventHub } from "../node/events.ts";
import { quorumNumbersFromBytes, taskHash, type TaskResponse } from "../task/mod.ts";
import type { AggregatorStore, TaskOutcome } from "./store.ts";
import type { CreatedTask } from "./task_generator.ts";
import type { AggregatorEvent, TrackedTask } from "./types.ts";

const log = getLogger("aggregator");

/** Why a task ended: a small fixed set, used as a metric label. */
export type EndReason =
  /** respondToTask mined. */
  | "aggregated"
  /** Answered on chain while this aggregator was down (a previous run's transaction). */
  | "answered_while_down"
  /** The threshold was not reached before the aggregation window ended. */
  | "threshold_not_met"
  /** The contract's response window closed while this aggregator was down. */
  | "window_closed_while_down"
  /** The operator set or the non-signer indices could not be read. */
  | "aggregation_failed"
  /** respondToTask failed (reverted, or never mined). */
  | "respond_failed"
  /** A reorganisation dropped or re-created the task before the response was sent. */
  | "reorganised";

/** What the ledger needs. */
export interface LedgerDeps {
  store: AggregatorStore;
  service: BlsAggregationService<TaskResponse>;
  metrics: AggregatorMetrics;
  events: EventHub<AggregatorEvent>;
  /** Blocks after creation at which an unfinished aggregation expires. */
  expiryBlocks: number;
}

/** Creates the ledger; see the module comment. */
export function taskLedger(d: LedgerDeps) {
  const tracked = new Map<number, TrackedTask>();

  /**
   * Ends a task: stored outcome, metric, one log line, event. With `expected`, only when that
   * entry is still the tracked one (a reorganisation may have replaced it meanwhile).
   */
  function end(
    taskIndex: number,
    outcome: TaskOutcome,
    reason: EndReason,
    detail: string,
    expected?: TrackedTask,
  ): void {
    if (expected && tracked.get(taskIndex) !== expected) return;
    tracked.delete(taskIndex);
    d.store.finish(taskIndex, outcome, detail);
    d.metrics.tasksEnded.inc({ outcome, reason });
    d.metrics.pendingTasks.set(d.service.activeTasks().length);
    const props = { taskIndex, outcome, reason, detail };
    if (outcome === "responded") {
      log.info("task {taskIndex} ended: responded ({detail})", props);
    } else if (outcome === "expired") {
      d.metrics.tasksExpired.inc();
      log.warn("task {taskIndex} ended: expired ({detail})", props);
      d.events.emit({ kind: "expired", taskIndex, error: detail });
    } else {
      log.error("task {taskIndex} ended: failed ({detail})", props);
      d.events.emit(
        reason === "respond_failed"
          ? { kind: "respond_failed", taskIndex, error: detail }
          : { kind: "aggregation_failed", taskIndex, error: detail },
      );
    }
  }

  return {
    /** Tasks currently collecting or being answered. */
    tracked,

    /**
     * Stores the task (unless already stored) and opens its aggregation. When a reorganisation
     * re-created the index with another task, the old one ends (`reorganised`) and its stored
     * signatures and response transaction are dropped first.
     */
    track(created: CreatedTask, opts: { stored?: boolean } = {}): void {
      const i = created.taskIndex;
      const hash = taskHash(created.task);
      const prev = tracked.get(i);
      if (prev && taskHash(prev.task) !== hash) {
        d.service.discardTask(i);
        end(
          i,
          "failed",
          "reorganised",
          `re-created in block ${created.task.taskCreatedBlock} by a reorganisation (was block ${prev.task.taskCreatedBlock})`,
        );
      }
      const stored = d.store.task(i);
      if (stored && taskHash(stored.task) !== hash) {
        d.store.replaceTask(i, created.task, created.txHash);
      } else if (!opts.stored) d.store.recordTask(i, created.task, created.txHash);
      tracked.set(created.taskIndex, { task: created.task, createdAt: Date.now() });
      d.metrics.lastTaskIndex.set(created.taskIndex);
      const quorumNumbers = quorumNumbersFromBytes(created.task.quorumNumbers);
      try {
        d.service.initializeNewTask({
          taskIndex: created.taskIndex,
          taskCreatedBlock: created.task.taskCreatedBlock,
          quorumNumbers,
          quorumThresholdPercentages: quorumNumbers.map(() =>
            created.task.quorumThresholdPercentage
          ),
          expiryBlocks: d.expiryBlocks,
        });
      } catch (err) {
        log.error("cannot aggregate task {taskIndex}: {error}", {
          taskIndex: created.taskIndex,
          error: (err as Error).message,
        });
      }
      d.metrics.pendingTasks.set(d.service.activeTasks().length);
    },

    end,
  };
}

/** The ledger's type. */
export type TaskLedger = ReturnType<typeof taskLedger>;
