/**
 * Errors of the BLS aggregation service. Messages follow the eigensdk-go texts (see
 * `shared/reference/bls-bn254.md` §9.7) so operators and logs read the same as upstream; the
 * `code` is what the aggregator's JSON-RPC layer maps onto error numbers.
 */

/** Machine-readable reason for an aggregation error. */
export type AggregationErrorCode =
  | "TASK_ALREADY_INITIALIZED"
  | "TASK_NOT_FOUND"
  | "TASK_FINISHED"
  | "TASK_RESPONSE_MISMATCH"
  | "DUPLICATE_SIGNATURE"
  | "EQUIVOCATION"
  | "OPERATOR_NOT_IN_QUORUM"
  | "OPERATOR_G2_PUBKEY_MISSING"
  | "HASH_FAILED"
  | "VERIFY_FAILED"
  | "INCORRECT_SIGNATURE"
  | "STATE_LOAD_FAILED"
  | "PERSIST_FAILED"
  | "INVALID_TASK";

/** An error raised by `BlsAggregationService`; `code` names the reason. */
export class AggregationError extends Error {
  /** Machine-readable reason. */
  readonly code: AggregationErrorCode;

  /** Builds an error with a code and the human message. */
  constructor(code: AggregationErrorCode, message: string) {
    super(message);
    this.name = "AggregationError";
    this.code = code;
  }
}

/** How a task stopped taking signatures. */
export type TaskEnd = "completed" | "expired" | "failed" | "stopped";

/** Lower-case 0x hex of an operator id, used in every message that names an operator. */
function id(operatorId: string): string {
  return operatorId.toLowerCase();
}

/** Message constructors, one per situation. */
export const errors = {
  alreadyInitialized: (t: number) =>
    new AggregationError("TASK_ALREADY_INITIALIZED", `task ${t} already initialized`),
  notInitialized: (t: number) =>
    new AggregationError("TASK_NOT_FOUND", `task ${t} not initialized or already completed`),
  finished: (t: number, how: TaskEnd) =>
    new AggregationError(
      "TASK_FINISHED",
      how === "completed"
        ? `task ${t} already completed`
        : how === "expired"
        ? `task ${t} expired`
        : how === "stopped"
        ? `task ${t} dropped: the aggregation service stopped`
        : `task ${t} failed and takes no more signatures`,
    ),
  responseMismatch: (t: number, ref: number) =>
    new AggregationError(
      "TASK_RESPONSE_MISMATCH",
      `task response references task ${ref} but was submitted for task ${t}`,
    ),
  duplicate: (op: string, t: number) =>
    new AggregationError(
      "DUPLICATE_SIGNATURE",
      `duplicate signature from operator ${id(op)} for task ${t}`,
    ),
  equivocation: (op: string, t: number) =>
    new AggregationError(
      "EQUIVOCATION",
      `operator ${id(op)} already signed a different response for task ${t}`,
    ),
  notInQuorum: (op: string, t: number) =>
    new AggregationError(
      "OPERATOR_NOT_IN_QUORUM",
      `operator ${id(op)} not part of task ${t}'s quorum`,
    ),
  g2Missing: (t: number, op: string) =>
    new AggregationError(
      "OPERATOR_G2_PUBKEY_MISSING",
      `taskId ${t}: Operator G2 pubkey not found (operatorId: ${id(op)})`,
    ),
  hashFailed: (cause: string) =>
    new AggregationError("HASH_FAILED", `failed to hash task response: ${cause}`),
  verifyFailed: (cause: string) =>
    new AggregationError("VERIFY_FAILED", `failed to verify signature: ${cause}`),
  incorrectSignature: () =>
    new AggregationError(
      "INCORRECT_SIGNATURE",
      "signature verification failed. incorrect signature",
    ),
  stateLoad: (t: number, block: number, cause: string) =>
    new AggregationError(
      "STATE_LOAD_FAILED",
      `failed to initialize task ${t}: failed to get operators state from avs registry at blockNum ${block}: ${cause}`,
    ),
  invalidTask: (message: string) => new AggregationError("INVALID_TASK", message),
  persistFailed: (cause: string) =>
    new AggregationError("PERSIST_FAILED", `failed to store the accepted signature: ${cause}`),
};

/** Text of the expiry result (emitted, never thrown). */
export function expiredMessage(taskIndex: number): string {
  return `task ${taskIndex} expired`;
}

/** Text of the indices failure result (emitted, never thrown). */
export function indicesFailedMessage(cause: string): string {
  return `failed to get check signatures indices: ${cause}`;
}

/** Short description of any thrown value, for wrapping into messages. */
export function describe(err: unknown): string {
  if (err instanceof Error) return err.message.split("\n")[0];
  return String(err);
}
