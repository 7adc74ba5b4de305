/**
 * Slashing-era custom errors in plain words, with what to do: the AllocationManager's,
 * VetoableSlasher's and ServiceManager's errors an operator or committee member meets. Decoded
 * revert names come from the chain layer (`reverted: Name(...)`); this adds the explanation.
 *
 * @module
 */
import { shortError } from "../log/mod.ts";
import { explainRevert } from "../eigenlayer/errors.ts";

/** Error name → what it means and what to do. */
export const SLASHING_ERROR_HELP: Readonly<Record<string, string>> = {
  UninitializedAllocationDelay:
    "the operator's allocation delay is not in effect yet; set one with `allocations set --delay N` and wait ALLOCATION_CONFIGURATION_DELAY blocks before allocating",
  InsufficientMagnitude:
    "not enough unallocated magnitude in the strategy; deallocate from another operator set or allocate a smaller share (`allocations set --percent`)",
  ModificationAlreadyPending:
    "an allocation change is already pending for this set and strategy; wait until its effect block, then try again",
  SameMagnitude: "the allocation already has that magnitude; nothing to change",
  AlreadyMemberOfSet:
    "the operator is already in that operator set; nothing to do (check with `print-operator-status`)",
  NotMemberOfSet:
    "the operator is not in that operator set; register first with `operator-sets register`",
  InvalidOperator:
    "the address is not an EigenLayer operator; run `register-operator-with-eigenlayer` first",
  InvalidOperatorSet: "no such operator set for this AVS; check quorum_numbers in the config",
  OperatorNotSlashable: "the operator is neither registered nor allocated in that set any more",
  OnlyVetoCommittee:
    "only the veto committee may veto; set ECDSA_PRIVATE_KEY to the committee's key (deployment roles.vetoCommittee)",
  VetoPeriodPassed:
    "the veto window of that request has passed; it can no longer be vetoed, only fulfilled",
  VetoPeriodNotPassed:
    "the veto window of that request is still open; wait until it passes, then fulfil",
  SlashingRequestIsCancelled: "that request was vetoed (cancelled); it cannot be fulfilled",
  SlashingRequestNotRequested: "that request is no longer pending (already vetoed or fulfilled)",
  SlashingRequestDoesNotExist:
    "no slashing request with that id; list them with `slashing-requests list --all`",
  NotVetoableSlasher:
    "this AVS slashes instantly (InstantSlasher): there are no requests to veto or fulfil",
  InvalidPermissions: "the sender may not act for this operator (PermissionController)",
};

/**
 * One line for `err`: the decoded revert plus, for a known custom error, what it means and what
 * to do. Errors our own steps throw already start with the name and are kept as they are.
 */
export function explainError(err: unknown): string {
  const text = err instanceof Error && !("shortMessage" in err) ? err.message : shortError(err);
  for (const [name, help] of Object.entries(SLASHING_ERROR_HELP)) {
    if (text.startsWith(`${name}:`)) return text;
    if (new RegExp(`\\b${name}\\b`).test(text)) return `${name}: ${help} (${text})`;
  }
  return text;
}

/**
 * Runs `fn`, rethrowing an error as a plain {@link explainError} message. Registration reverts
 * that `lib/eigenlayer/errors.ts` explains are rethrown as they are: the program's error guard
 * adds that explanation once.
 */
export async function explained<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (explainRevert(err)) throw err;
    throw new Error(explainError(err));
  }
}
