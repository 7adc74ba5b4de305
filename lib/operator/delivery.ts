/**
 * Delivering one signed response to the aggregator and reporting how it ended: metrics, the
 * performance score, and one log line per outcome.
 *
 * @module
 */
import { getLogger } from "../log/mod.ts";
import { AVS_NAME, type EigenMetrics, type OperatorMetrics } from "../metrics/mod.ts";
import type { SignedTaskResponse } from "../task/signed_response.ts";
import type { AggregatorClient } from "./aggregator_client.ts";
import { PerformanceScore } from "./performance.ts";

const log = getLogger("operator");

/** What {@link responseDelivery} needs. */
export interface DeliveryDeps {
  aggregator: AggregatorClient;
  metrics: OperatorMetrics;
  eigen: EigenMetrics;
  /** Aborts pending retries at shutdown. */
  signal: AbortSignal;
}

/** Returns `deliver(taskIndex, signed, receivedAt)`, which never throws. */
export function responseDelivery(d: DeliveryDeps) {
  const performance_ = new PerformanceScore();
  return async function deliver(
    taskIndex: number,
    signed: SignedTaskResponse,
    receivedAt: number,
  ): Promise<void> {
    d.metrics.responsesSent.inc();
    const outcome = await d.aggregator.send(signed, d.signal);
    if (outcome.status === "dropped" && d.signal.aborted) return; // shutting down
    const score = performance_.record(outcome.status === "accepted" || outcome.status === "late");
    d.eigen.performanceScore.set({ avs_name: AVS_NAME }, score);
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
        d.metrics.responsesRejected.inc({ reason: outcome.reason ?? String(outcome.code) });
        log.warn("aggregator rejected the response to task {taskIndex}: {message}", {
          taskIndex,
          message: outcome.message,
          code: outcome.code,
        });
        break;
      case "dropped":
        d.metrics.responsesDropped.inc();
        log.error(
          "could not deliver the response to task {taskIndex} after {attempts} attempt(s): {error}",
          { taskIndex, attempts: outcome.attempts, error: outcome.lastError },
        );
        break;
    }
  };
}
