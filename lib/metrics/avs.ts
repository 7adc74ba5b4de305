/**
 * The AVS's own `incsq_*` metrics, one factory per process. Names come from `names.ts`.
 *
 * @module
 */
import { Counter, Gauge, Histogram, type Registry } from "prom-client";
import { AGGREGATOR, CHALLENGER, COMMON, OPERATOR, STAKE_UPDATER } from "./names.ts";

function counter<L extends string = never>(
  registry: Registry,
  name: string,
  help: string,
  labelNames: readonly L[] = [],
): Counter<L> {
  return new Counter({ name, help, labelNames, registers: [registry] });
}

function gauge<L extends string = never>(
  registry: Registry,
  name: string,
  help: string,
  labelNames: readonly L[] = [],
): Gauge<L> {
  return new Gauge({ name, help, labelNames, registers: [registry] });
}

const SECONDS_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2, 4, 8, 15, 30, 60];
const BLOCK_BUCKETS = [1, 2, 3, 5, 8, 13, 21, 30, 50, 100];
const BATCH_SIZE_BUCKETS = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512];
const BATCH_SECONDS_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1];

/** Metrics of the event follower (all processes that follow contract events). */
export type FollowerMetrics = {
  reconnects: Counter<"event">;
  undecodableLogs: Counter<"event">;
};

/** Registers the event-follower metrics. */
export function registerFollowerMetrics(registry: Registry): FollowerMetrics {
  return {
    reconnects: counter(
      registry,
      COMMON.eventFollowerReconnects,
      "WebSocket re-subscriptions of the event follower",
      ["event"],
    ),
    undecodableLogs: counter(
      registry,
      COMMON.eventFollowerUndecodableLogs,
      "Logs skipped because they could not be decoded",
      ["event"],
    ),
  };
}

/** Operator AVS metrics. */
export type OperatorMetrics = ReturnType<typeof registerOperatorMetrics>;

/** Registers the operator's `incsq_*` metrics. */
export function registerOperatorMetrics(registry: Registry) {
  return {
    tasksReceived: counter(
      registry,
      OPERATOR.tasksReceived,
      "NewTaskCreated events processed by the operator",
    ),
    responsesAcceptedByAggregator: counter(
      registry,
      OPERATOR.responsesAcceptedByAggregator,
      "Signed task responses the aggregator accepted",
    ),
    responsesSigned: counter(registry, OPERATOR.responsesSigned, "Task responses signed"),
    responsesSent: counter(
      registry,
      OPERATOR.responsesSent,
      "Send attempts of signed task responses to the aggregator",
    ),
    responsesRejected: counter(
      registry,
      OPERATOR.responsesRejected,
      "Signed task responses the aggregator rejected, by reason",
      ["reason"],
    ),
    responsesDropped: counter(
      registry,
      OPERATOR.responsesDropped,
      "Signed task responses given up after the last retry",
    ),
    sendRetries: counter(registry, OPERATOR.sendRetries, "Retries of sends to the aggregator"),
    wrongAnswersInjected: counter(
      registry,
      OPERATOR.wrongAnswersInjected,
      "Deliberately wrong answers (times_failing)",
    ),
    attestations: counter(
      registry,
      OPERATOR.attestations,
      "On-chain attestations of a correct response the aggregator left unanswered, by outcome",
      ["outcome"],
    ),
    responseLatencySeconds: new Histogram({
      name: OPERATOR.responseLatencySeconds,
      help: "Time from receiving a task to the aggregator accepting its response",
      buckets: SECONDS_BUCKETS,
      registers: [registry],
    }),
    registered: gauge(
      registry,
      OPERATOR.registered,
      "1 when the operator is registered with the AVS, else 0",
    ),
    lastTaskIndex: gauge(registry, OPERATOR.lastTaskIndex, "Index of the last task received"),
  };
}

/** Aggregator AVS metrics. */
export type AggregatorMetrics = ReturnType<typeof registerAggregatorMetrics>;

/** Registers the aggregator's `incsq_aggregator_*` metrics. */
export function registerAggregatorMetrics(registry: Registry) {
  return {
    tasksCreated: counter(registry, AGGREGATOR.tasksCreated, "Tasks created on chain"),
    taskCreateFailures: counter(
      registry,
      AGGREGATOR.taskCreateFailures,
      "createNewTask transactions that failed",
    ),
    tasksResponded: counter(
      registry,
      AGGREGATOR.tasksResponded,
      "Aggregated responses accepted on chain",
    ),
    tasksExpired: counter(
      registry,
      AGGREGATOR.tasksExpired,
      "Tasks that expired before reaching the threshold",
    ),
    tasksEnded: counter(
      registry,
      AGGREGATOR.tasksEnded,
      "Tasks that ended, exactly once each: outcome responded, expired or failed, with a reason",
      ["outcome", "reason"],
    ),
    respondFailures: counter(
      registry,
      AGGREGATOR.respondFailures,
      "respondToTask transactions that failed",
    ),
    signaturesAccepted: counter(
      registry,
      AGGREGATOR.signaturesAccepted,
      "Operator signatures accepted",
      ["operator_id"],
    ),
    signaturesRejected: counter(
      registry,
      AGGREGATOR.signaturesRejected,
      "Operator signatures rejected, by reason",
      ["operator_id", "reason"],
    ),
    aggregationLatencyBlocks: new Histogram({
      name: AGGREGATOR.aggregationLatencyBlocks,
      help: "Blocks from taskCreatedBlock to the respondToTask receipt",
      buckets: BLOCK_BUCKETS,
      registers: [registry],
    }),
    aggregationLatencySeconds: new Histogram({
      name: AGGREGATOR.aggregationLatencySeconds,
      help: "Seconds from task creation to the respondToTask receipt",
      buckets: SECONDS_BUCKETS,
      registers: [registry],
    }),
    signedStakePercent: gauge(
      registry,
      AGGREGATOR.signedStakePercent,
      "Signed stake percentage of the last aggregated response, per quorum",
      ["quorum_number"],
    ),
    pendingTasks: gauge(registry, AGGREGATOR.pendingTasks, "Tasks still being aggregated"),
    rpcRequests: counter(
      registry,
      AGGREGATOR.rpcRequests,
      "JSON-RPC requests to the aggregator, by method and outcome",
      ["method", "outcome"],
    ),
    lastTaskIndex: gauge(registry, AGGREGATOR.lastTaskIndex, "Index of the last task created"),
    quorumStake: gauge(
      registry,
      AGGREGATOR.quorumStake,
      "Total stake of each quorum at the creation block of the newest task the aggregator loaded",
      ["quorum_number"],
    ),
    operatorStake: gauge(
      registry,
      AGGREGATOR.operatorStake,
      "Stake of each operator per quorum at the creation block of the newest task loaded",
      ["operator_id", "quorum_number"],
    ),
    verificationBatchSize: new Histogram({
      name: AGGREGATOR.verificationBatchSize,
      help: "Signatures per verification batch (one random-coefficient check each)",
      buckets: BATCH_SIZE_BUCKETS,
      registers: [registry],
    }),
    verificationBatchSeconds: new Histogram({
      name: AGGREGATOR.verificationBatchSeconds,
      help: "Seconds from a batch leaving the queue to its verdicts, by where it was verified",
      labelNames: ["thread"],
      buckets: BATCH_SECONDS_BUCKETS,
      registers: [registry],
    }),
    verificationChecks: counter(
      registry,
      AGGREGATOR.verificationChecks,
      "Pairing checks run by batch verification: combined (one per batch or bisected half) " +
        "and single (a signature verified alone)",
      ["kind"],
    ),
  };
}

/** Challenger AVS metrics. */
export type ChallengerMetrics = ReturnType<typeof registerChallengerMetrics>;

/** Registers the challenger's `incsq_challenger_*` metrics. */
export function registerChallengerMetrics(registry: Registry) {
  return {
    tasksSeen: counter(registry, CHALLENGER.tasksSeen, "NewTaskCreated events seen"),
    responsesSeen: counter(registry, CHALLENGER.responsesSeen, "TaskResponded events seen"),
    challengesRaised: counter(
      registry,
      CHALLENGER.challengesRaised,
      "Challenges sent, by kind (wrong_answer, no_response)",
      ["kind"],
    ),
    challengesSucceeded: counter(
      registry,
      CHALLENGER.challengesSucceeded,
      "Challenges that succeeded on chain",
    ),
    challengeFailures: counter(
      registry,
      CHALLENGER.challengeFailures,
      "Challenge transactions that failed",
    ),
    freezeRequests: counter(
      registry,
      CHALLENGER.freezeRequests,
      "Freeze requests raised against operators",
    ),
    freezesFinalized: counter(
      registry,
      CHALLENGER.freezesFinalized,
      "Freeze requests finalised (operator frozen)",
    ),
    freezesVetoed: counter(registry, CHALLENGER.freezesVetoed, "Freeze requests vetoed"),
    aggregatorFaults: counter(
      registry,
      CHALLENGER.aggregatorFaults,
      "Unanswered tasks the contract blamed on the aggregator (attesters held the threshold)",
    ),
    operatorsAtFault: counter(
      registry,
      CHALLENGER.operatorsAtFault,
      "Operators the FaultLedger held at fault, by reason (wrong_response, no_response)",
      ["reason"],
    ),
    faultAssignmentsOpen: gauge(
      registry,
      CHALLENGER.faultAssignmentsOpen,
      "Fault assignments of successful challenges not yet walked to the end (assignFaults)",
    ),
  };
}

/** Stake updater metrics. */
export type StakeUpdaterMetrics = ReturnType<typeof registerStakeUpdaterMetrics>;

/** Registers the stake updater's metrics. */
export function registerStakeUpdaterMetrics(registry: Registry) {
  return {
    rounds: counter(registry, STAKE_UPDATER.rounds, "Stake update rounds completed"),
    failures: counter(registry, STAKE_UPDATER.failures, "Stake update transactions that failed"),
    operatorsUpdated: counter(
      registry,
      STAKE_UPDATER.operatorsUpdated,
      "Operator stakes refreshed",
    ),
  };
}
