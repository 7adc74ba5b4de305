/**
 * What the challenger should do about a task or a freeze request at a given head: pure
 * functions, so the rules are unit-tested without a chain. The contracts re-check everything;
 * these rules only avoid transactions that cannot succeed. Every transaction lands at `head + 1`
 * at the earliest, so windows are judged against that block.
 *
 * @module
 */
import { square } from "../task/mod.ts";
import type { FreezeRecord, SlashingRecord, TaskRecord, Windows } from "./types.ts";

/** The decision about one task. */
export type TaskDecision =
  /** The accepted answer is the square: nothing to do, ever. */
  | { action: "accept" }
  /** Wrong answer inside the challenge window: raise `raiseAndResolveChallenge`. */
  | { action: "challenge_wrong_answer" }
  /** Wrong answer, but the challenge window has closed: give up (logged). */
  | { action: "too_late_wrong_answer" }
  /** No response and the response window has closed: raise `raiseNoResponseChallenge`. */
  | { action: "challenge_no_response" }
  /** No response and even the challenge window has closed: give up silently. */
  | { action: "too_late_no_response" }
  /** Nothing to do yet (response window still open, busy, or out of attempts). */
  | { action: "wait" };

/** Decides what to do about `rec` at `head`, with at most `maxAttempts` sends per task. */
export function decideTask(
  rec: TaskRecord,
  head: bigint,
  windows: Windows,
  maxAttempts: number,
): TaskDecision {
  if (rec.challenged || rec.busy || rec.attempts >= maxAttempts) return { action: "wait" };
  const landing = head + 1n;
  if (rec.response) {
    if (rec.response.response.numberSquared === square(rec.task.numberToBeSquared)) {
      return { action: "accept" };
    }
    const respondedAt = BigInt(rec.response.metadata.taskRespondedBlock);
    return landing > respondedAt + windows.challenge
      ? { action: "too_late_wrong_answer" }
      : { action: "challenge_wrong_answer" };
  }
  const created = BigInt(rec.task.taskCreatedBlock);
  if (landing <= created + windows.response) return { action: "wait" };
  if (landing > created + windows.response + windows.challenge) {
    return { action: "too_late_no_response" };
  }
  return { action: "challenge_no_response" };
}

/** Whether a settled task can be forgotten: past every window with room to spare. */
export function isForgettable(rec: TaskRecord, head: bigint, windows: Windows): boolean {
  return rec.challenged &&
    head > BigInt(rec.task.taskCreatedBlock) + windows.response + 2n * windows.challenge;
}

/** Whether a freeze request should be finalised now (its veto window has passed). */
export function isFreezeDue(rec: FreezeRecord, head: bigint, maxAttempts: number): boolean {
  return !rec.busy && rec.attempts < maxAttempts && head + 1n > rec.deadline;
}

/**
 * Whether a slashing request should be fulfilled now: the VetoableSlasher accepts it from block
 * `requestBlock + vetoWindowBlocks` on, and the transaction lands at `head + 1` at the earliest.
 */
export function isSlashingDue(
  rec: SlashingRecord,
  head: bigint,
  vetoWindowBlocks: bigint,
  maxAttempts: number,
): boolean {
  return !rec.busy && rec.attempts < maxAttempts &&
    head + 1n >= rec.requestBlock + vetoWindowBlocks;
}
