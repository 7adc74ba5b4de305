/**
 * Every Prometheus metric name this project exposes, in one place, so dashboards and alerts
 * (helper "ops", `ops/`) can be checked against the code. `eigen_*` follow the EigenLayer node
 * spec; everything AVS-specific uses the `incsq_` namespace.
 *
 * @module
 */

/** AVS name used in the `avs_name` label of the eigen metrics. */
export const AVS_NAME = "incredible-squaring";

/** EigenLayer node-spec metrics (every process that talks to the chain has the RPC pair). */
export const EIGEN = {
  performanceScore: "eigen_performance_score",
  feesEarnedTotal: "eigen_fees_earned_total",
  rpcRequestDurationSeconds: "eigen_rpc_request_duration_seconds",
  rpcRequestTotal: "eigen_rpc_request_total",
  registeredStakes: "eigen_registered_stakes",
  slashingStatus: "eigen_slashing_status",
} as const;

/** Shared by all processes. */
export const COMMON = {
  buildInfo: "incsq_build_info",
  eventFollowerReconnects: "incsq_event_follower_reconnects_total",
  eventFollowerUndecodableLogs: "incsq_event_follower_undecodable_logs_total",
} as const;

/**
 * Node health from the AVS Node API's checks, read at scrape time: 2 = healthy, 1 = partially
 * healthy, 0 = unhealthy. `serviceHealth` has one series per service (label `service`).
 */
export const NODE = {
  health: "incsq_node_health",
  serviceHealth: "incsq_node_service_health",
} as const;

/** Operator metrics (the first two are upstream's names, kept unchanged). */
export const OPERATOR = {
  tasksReceived: "incsq_num_tasks_received",
  responsesAcceptedByAggregator: "incsq_num_signed_task_responses_accepted_by_aggregator",
  responsesSigned: "incsq_operator_task_responses_signed_total",
  responsesSent: "incsq_operator_task_responses_sent_total",
  responsesRejected: "incsq_operator_task_responses_rejected_total",
  responsesDropped: "incsq_operator_task_responses_dropped_total",
  sendRetries: "incsq_operator_send_retries_total",
  wrongAnswersInjected: "incsq_operator_wrong_answers_injected_total",
  attestations: "incsq_operator_attestations_total",
  responseLatencySeconds: "incsq_operator_response_latency_seconds",
  registered: "incsq_operator_registered",
  lastTaskIndex: "incsq_operator_last_task_index",
} as const;

/** Aggregator metrics (label `operator_id` = 0x-prefixed 32-byte operator id). */
export const AGGREGATOR = {
  tasksCreated: "incsq_aggregator_tasks_created_total",
  taskCreateFailures: "incsq_aggregator_task_create_failures_total",
  tasksResponded: "incsq_aggregator_tasks_responded_total",
  tasksExpired: "incsq_aggregator_tasks_expired_total",
  tasksEnded: "incsq_aggregator_tasks_ended_total",
  respondFailures: "incsq_aggregator_respond_failures_total",
  signaturesAccepted: "incsq_aggregator_signatures_accepted_total",
  signaturesRejected: "incsq_aggregator_signatures_rejected_total",
  aggregationLatencyBlocks: "incsq_aggregator_aggregation_latency_blocks",
  aggregationLatencySeconds: "incsq_aggregator_aggregation_latency_seconds",
  signedStakePercent: "incsq_aggregator_signed_stake_percent",
  pendingTasks: "incsq_aggregator_pending_tasks",
  rpcRequests: "incsq_aggregator_rpc_requests_total",
  lastTaskIndex: "incsq_aggregator_last_task_index",
  quorumStake: "incsq_aggregator_quorum_stake",
  operatorStake: "incsq_aggregator_operator_stake",
  verificationBatchSize: "incsq_aggregator_verification_batch_size",
  verificationBatchSeconds: "incsq_aggregator_verification_batch_seconds",
  verificationChecks: "incsq_aggregator_verification_checks_total",
} as const;

/** Challenger metrics. */
export const CHALLENGER = {
  tasksSeen: "incsq_challenger_tasks_seen_total",
  responsesSeen: "incsq_challenger_responses_seen_total",
  challengesRaised: "incsq_challenger_challenges_raised_total",
  challengesSucceeded: "incsq_challenger_challenges_succeeded_total",
  challengeFailures: "incsq_challenger_challenge_failures_total",
  freezeRequests: "incsq_challenger_freeze_requests_total",
  freezesFinalized: "incsq_challenger_freezes_finalized_total",
  freezesVetoed: "incsq_challenger_freezes_vetoed_total",
  aggregatorFaults: "incsq_challenger_aggregator_faults_total",
  operatorsAtFault: "incsq_challenger_operators_at_fault_total",
  faultAssignmentsOpen: "incsq_challenger_fault_assignments_open",
} as const;

/**
 * Slashing-era metrics: the operator's allocation and slashable stake per operator set (label
 * `operator_set`, `strategy`), requests against it, and the challenger's slashing requests by
 * status and the shares its fulfilments slashed.
 */
export const SLASHING = {
  allocatedMagnitude: "incsq_operator_allocated_magnitude",
  slashableStake: "incsq_operator_slashable_stake",
  pendingSlashingRequests: "incsq_operator_pending_slashing_requests",
  slashingRequests: "incsq_challenger_slashing_requests_total",
  slashedShares: "incsq_challenger_slashed_shares_total",
} as const;

/** Stake updater metrics. */
export const STAKE_UPDATER = {
  rounds: "incsq_stake_updater_rounds_total",
  failures: "incsq_stake_updater_failures_total",
  operatorsUpdated: "incsq_stake_updater_operators_updated_total",
} as const;

/** Every metric family name above (the `_bucket/_sum/_count` series are derived). */
export const ALL_METRIC_NAMES: readonly string[] = [
  ...Object.values(EIGEN),
  ...Object.values(COMMON),
  ...Object.values(NODE),
  ...Object.values(OPERATOR),
  ...Object.values(AGGREGATOR),
  ...Object.values(CHALLENGER),
  ...Object.values(SLASHING),
  ...Object.values(STAKE_UPDATER),
];
