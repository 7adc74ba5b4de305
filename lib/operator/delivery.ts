/**
 * Delivering one signed response to the aggregator until it is taken or can no longer matter,
 * and reporting how it ended: metrics, the performance score, one log line per outcome.
 *
 * Delivery goes in rounds of the aggregator client's retries. Between rounds the operator asks
 * the chain: once the task is answered, or its response window (read from the contract) has
 * closed, there is nothing left to deliver. So an aggregator that restarts, refuses connections
 * or answers 5xx for a while still gets every response that can still count.
 *
 * @module
 */
import { AGGREGATOR_RPC_ERRORS } from "../task/signed_response.ts";
import { getLogger } from "../log/mod.ts";
import { AVS_NAME, type EigenMetrics, type OperatorMetrics } from "../metrics/mod.ts";
import { sleep } from "../process/sleep.ts";
import type { SignedTaskResponse } from "../task/signed_response.ts";
import type { AggregatorClient, SendOutcome } from "./aggregator_client.ts";
import { PerformanceScore } from "./performance.ts";

const log = getLogger("operator");

/** What the chain says about a task while delivery is pending. */
export type TaskChainStatus = "open" | "answered" | "window_closed";

/** What {@link responseDelivery} needs. */
export interface DeliveryDeps {
  aggregator: AggregatorClient;
  metrics: OperatorMetrics;
  eigen: EigenMetrics;
  /** Whether the task is answered or past its response window (undefined: cannot tell now). */
  taskStatus(taskIndex: number, taskCreatedBlock: number): Promise<TaskChainStatus | undefined>;
  /** Pause between rounds in ms (default 2000, doubled up to 30 s). */
  roundPauseMs?: number;
  /** Aborts pending retries at shutdown. */
  signal: AbortSignal;
}

/** Returns `deliver(taskIndex, taskCreatedBlock, signed, receivedAt)`, which never throws. */
export function responseDelivery(d: DeliveryDeps) {
  const score = new PerformanceScore();
  const record = (ok: boolean) =>
    d.eigen.performanceScore.set({ avs_name: AVS_NAME }, score.record(ok));

  return async function deliver(
    taskIndex: number,
    taskCreatedBlock: number,
    signed: SignedTaskResponse,
    receivedAt: number,
  ): Promise<void> {
    d.metrics.responsesSent.inc();
    let pause = d.roundPauseMs ?? 2_000;
    for (let round = 1;; round++) {
      const outcome = await d.aggregator.send(signed, d.signal);
      if (d.signal.aborted) return; // shutting down
      if (outcome.status !== "dropped") {
        record(outcome.status !== "rejected" || isDuplicate(outcome));
        reportFinal(taskIndex, outcome, receivedAt);
        return;
      }
      const status = await d.taskStatus(taskIndex, taskCreatedBlock).catch(() => undefined);
      if (status === "answered" || status === "window_closed") {
        record(false);
        d.metrics.responsesDropped.inc();
        log.warn(
          "gave up delivering the response to task {taskIndex} after {rounds} round(s): the task is {status} ({error})",
          {
            taskIndex,
            rounds: round,
            status: status === "answered" ? "answered on chain" : "past its response window",
            error: outcome.lastError,
          },
        );
        return;
      }
      log.info(
        "aggregator unreachable for task {taskIndex} ({error}); the task is still open, delivering again in {ms} ms",
        { taskIndex, error: outcome.lastError, ms: pause },
      );
      await sleep(pause, d.signal);
      pause = Math.min(pause * 2, 30_000);
    }
  };

  function reportFinal(taskIndex: number, outcome: SendOutcome, receivedAt: number): void {
    switch (outcome.status) {
      case "accepted":
        d.metrics.responsesAcceptedByAggregator.inc();
        d.metrics.responseLatencySeconds.observe((performance.now() - receivedAt) / 1000);
        log.info("aggregator accepted the response to task {taskIndex} ({attempts} attempt(s))", {
          taskIndex,
          attempts: outcome.attempts,
        });
        break;
      case "late":
        d.metrics.responsesRejected.inc({ reason: "task_finished" });
        log.info("task {taskIndex} was already complete when our response arrived ({message})", {
          taskIndex,
          message: outcome.message,
        });
        break;
      case "rejected":
        if (isDuplicate(outcome)) {
          // A restarted aggregator that kept our earlier delivery (or a retry that crossed).
          log.info("the aggregator already holds our response to task {taskIndex}", { taskIndex });
          break;
        }
        d.metrics.responsesRejected.inc({ reason: outcome.reason ?? String(outcome.code) });
        log.warn("aggregator rejected the response to task {taskIndex}: {message}", {
          taskIndex,
          message: outcome.message,
          code: outcome.code,
        });
        break;
      case "dropped":
        break;
    }
  }
}

function isDuplicate(o: SendOutcome): boolean {
  return o.status === "rejected" && o.code === AGGREGATOR_RPC_ERRORS.duplicate;
}
