/**
 * Registration and task reverts in plain words, with what to do about them: the require strings
 * of the M2 contracts (upstream's middleware v0.5.x and core M2, and this project's TaskManager)
 * and the custom errors of the slashing era, matched by name or by selector (a custom error
 * raised by a contract whose ABI the caller did not have arrives as a bare 4-byte selector).
 *
 * @module
 */
import { type Hex, toFunctionSelector } from "viem";
import { describeRevert, TxError } from "../chain/errors.ts";

/** A revert explained: what happened and how to fix it. */
export type ChainErrorExplanation = {
  /** Stable id of the rule, for tests and callers that branch on it. */
  id: string;
  /** What happened, in plain words. */
  problem: string;
  /** What to do. */
  fix: string;
};

type Rule = ChainErrorExplanation & {
  /** Substrings of a require string (case-insensitive). */
  texts?: string[];
  /** Custom error names (their `Name()` selector is matched too). */
  errors?: string[];
};

const RULES: Rule[] = [
  {
    id: "minimum_stake",
    texts: ["does not meet minimum stake requirement", "minimum stake"],
    errors: ["BelowMinimumStakeRequirement"],
    problem: "the operator's stake is below the quorum's minimum stake",
    fix: "deposit more into the quorum's strategy (`deno task cli deposit-into-strategy`) or " +
      "have more stake delegated, then register again",
  },
  {
    id: "quorum_full",
    texts: ["operator count exceeds maximum"],
    errors: ["MaxOperatorCountReached"],
    problem: "the quorum is full (its maxOperatorCount is reached)",
    fix: "register with churn to replace a smaller operator, or ask the AVS owner to raise " +
      "maxOperatorCount (setOperatorSetParams)",
  },
  {
    id: "key_taken",
    texts: ["public key already registered"],
    problem: "this BLS public key is already registered by another operator",
    fix: "use a BLS key of your own (`deno task cli keys create`) in bls_private_key_store_path",
  },
  {
    id: "operator_has_key",
    texts: ["operator already registered pubkey"],
    problem: "this operator already registered a different BLS public key",
    fix: "use the BLS keystore whose key this operator registered",
  },
  {
    id: "already_registered",
    texts: ["already registered for some quorums", "operator already registered"],
    errors: ["AlreadyRegisteredForQuorums", "AlreadyMemberOfSet"],
    problem: "the operator is already registered for these quorums (operator sets)",
    fix: "nothing to do; to change quorums deregister first",
  },
  {
    id: "not_an_operator",
    texts: [
      "operator not registered to eigenlayer yet",
      "caller is not an operator",
      "not an operator",
      "operator is not registered",
    ],
    errors: ["OperatorNotRegistered", "InvalidOperator"],
    problem: "the address is not registered as an EigenLayer operator",
    fix: "register with EigenLayer first (`deno task cli register-operator-with-eigenlayer`, or " +
      "register_operator_on_startup: true)",
  },
  {
    id: "not_registered_avs",
    errors: ["NotRegistered", "NotRegisteredForQuorum", "NotMemberOfSet"],
    problem: "the operator is not registered with the AVS (for this quorum / operator set)",
    fix: "register with the AVS first (`deno task cli register-operator-with-avs`)",
  },
  {
    id: "allocation_delay",
    errors: ["UninitializedAllocationDelay"],
    problem: "the operator's allocation delay is not set (or not in effect yet)",
    fix: "set it when registering with EigenLayer (allocation_delay_blocks) and wait until it " +
      "takes effect (ALLOCATION_CONFIGURATION_DELAY + 1 blocks on core < v1.9), then allocate",
  },
  {
    id: "insufficient_magnitude",
    errors: ["InsufficientMagnitude"],
    problem: "not enough unallocated magnitude for this allocation",
    fix: "lower allocation_magnitude_percent or deallocate from other operator sets",
  },
  {
    id: "signature_expired",
    texts: ["signature expired"],
    errors: ["SignatureExpired"],
    problem: "the registration signature expired before the transaction was mined",
    fix: "register again (a new signature is made); check the machine's clock",
  },
  {
    id: "salt_spent",
    texts: ["salt already spent"],
    errors: ["SaltSpent"],
    problem: "the registration signature's salt was already used",
    fix: "register again (a new salt is drawn)",
  },
  {
    id: "strategy_not_whitelisted",
    texts: ["strategy not whitelisted"],
    errors: ["StrategyNotWhitelisted"],
    problem: "the strategy is not whitelisted for deposits in the StrategyManager",
    fix: "have the strategy whitelister call addStrategiesToDepositWhitelist, or use a " +
      "strategy made by the StrategyFactory",
  },
  {
    id: "quorum_missing",
    texts: ["quorum does not exist"],
    errors: ["QuorumDoesNotExist", "InvalidOperatorSet"],
    problem: "the quorum (operator set) does not exist in this AVS",
    fix: "check quorum_numbers against the AVS's quorums (`quorumCount()`)",
  },
  {
    id: "not_aggregator",
    texts: ["aggregator must be the caller"],
    problem: "only the TaskManager's aggregator may respond to tasks",
    fix: "use the aggregator's key (TaskManager.aggregator()) as ECDSA_PRIVATE_KEY",
  },
  {
    id: "not_generator",
    texts: ["task generator must be the caller"],
    problem: "only the TaskManager's task generator may create tasks",
    fix: "use the generator's key (TaskManager.generator()) as ECDSA_PRIVATE_KEY",
  },
  {
    id: "responded_too_late",
    texts: ["responded to the task too late"],
    problem: "the task's response window has passed",
    fix: "nothing to do for this task; respond faster (task_expiry_blocks, aggregation_window_ms)",
  },
  {
    id: "already_responded",
    texts: ["already responded to the task", "task has been responded to"],
    problem: "the task already has a response on chain",
    fix: "nothing to do",
  },
  {
    id: "threshold_not_met",
    texts: ["do not own at least threshold percentage"],
    problem: "the signers' stake is below the task's threshold",
    fix: "wait for more signatures, or lower quorum_threshold_percentage",
  },
  {
    id: "challenge_expired",
    texts: ["challenge period for this task has already expired"],
    problem: "the task's challenge window has passed",
    fix: "nothing to do for this task",
  },
  {
    id: "already_challenged",
    texts: ["already been challenged successfully"],
    problem: "the task was already challenged successfully",
    fix: "nothing to do",
  },
  {
    id: "paused",
    texts: ["index is paused", "currently paused", "pausable: paused"],
    errors: ["CurrentlyPaused"],
    problem: "the function is paused on this contract",
    fix: "wait until the pauser unpauses it",
  },
];

const SELECTORS = new Map<string, Rule>();
for (const rule of RULES) {
  for (const name of rule.errors ?? []) {
    SELECTORS.set(toFunctionSelector(`${name}()`).toLowerCase(), rule);
  }
}

/** The selector of a custom error without arguments (`Name()`), as the TSV lists it. */
export function errorSelector(name: string): Hex {
  return toFunctionSelector(`${name}()`);
}

/**
 * Explains a revert reason (`Error(string)` text, `Name(args)`, or a bare `0x12345678`
 * selector) or an error carrying one (a {@link TxError}, a viem error); undefined when no rule
 * knows it.
 */
export function explainRevert(input: unknown): ChainErrorExplanation | undefined {
  const reason = typeof input === "string"
    ? input
    : input instanceof TxError
    ? (input.reason ?? input.message)
    : (describeRevert(input).reason ?? describeRevert(input).message);
  if (!reason) return undefined;
  const selector = reason.match(/0x[0-9a-fA-F]{8}\b/)?.[0]?.toLowerCase();
  if (selector && SELECTORS.has(selector)) return pick(SELECTORS.get(selector)!);
  const name = reason.match(/^([A-Z][A-Za-z0-9]*)\(/)?.[1];
  const lower = reason.toLowerCase();
  for (const rule of RULES) {
    if (name && rule.errors?.includes(name)) return pick(rule);
  }
  for (const rule of RULES) {
    if (rule.texts?.some((t) => lower.includes(t))) return pick(rule);
  }
  return undefined;
}

function pick(r: Rule): ChainErrorExplanation {
  return { id: r.id, problem: r.problem, fix: r.fix };
}

/**
 * The error to show a user: the original message followed by the plain explanation and the fix
 * when a rule knows the revert; the original error otherwise. The original stays as `cause`.
 */
export function explainError(err: unknown): Error {
  const e = explainRevert(err);
  const base = err instanceof Error ? err : new Error(String(err));
  if (!e) return base;
  return new Error(`${base.message.split("\n")[0]}\n  → ${e.problem}: ${e.fix}`, { cause: err });
}
