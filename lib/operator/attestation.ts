/**
 * The operator's side of the fairness rule for missing responses: when a task the operator
 * answered correctly is still unanswered near the end of its response window (the aggregator
 * crashed, or withheld it), the operator records an on-chain attestation — its BLS signature over
 * the correct response, checked by the TaskManager against its registered key. A later
 * no-response challenge then holds only operators without an attestation at fault; if the
 * attesters hold the threshold, the contract records an aggregator fault instead.
 *
 * @module
 */
import type { Address } from "viem";
import type { TxSender } from "../chain/clients.ts";
import { attestResponse } from "../avs/mod.ts";
import { type G2Point, g2PublicKey } from "../bls/mod.ts";
import type { AvsCapabilities } from "../avs/capabilities.ts";
import type { OperatorMetrics } from "../metrics/mod.ts";
import type { OperatorChainState } from "./chain_state.ts";
import type { OperatorSettings } from "./settings.ts";
import { getLogger, shortError } from "../log/mod.ts";
import { sleep } from "../process/sleep.ts";
import type { Task } from "../task/mod.ts";
import type { SignedTaskResponse } from "../task/signed_response.ts";

const log = getLogger("operator");

/** What {@link attestationGuard} needs. */
export interface AttestationDeps {
  sender: TxSender;
  /** The TaskManager's `ResponseAttestations` contract (its `attestations()`). */
  attestations(): Promise<Address>;
  /** The operator's G2 public key (the contract checks it against the registered G1 key). */
  pubkeyG2: G2Point;
  /** Blocks before the end of the response window at which an unanswered task is attested. */
  marginBlocks: number;
  /** The contract's response window in blocks. */
  responseWindow(): Promise<number>;
  /** The chain head. */
  head(): Promise<bigint>;
  /** Whether the task has a response on chain. */
  answered(taskIndex: number): Promise<boolean>;
  /** How often to look, in ms (default 2000). */
  pollMs?: number;
  /** Counts attestations (outcome: sent, failed). */
  onAttested?(outcome: "sent" | "failed", taskIndex: number): void;
  /**
   * Admits the attestation's submission; `sent` is called once the node took the transaction.
   * A fleet passes a gate that bounds how many of its members submit at the same time (default:
   * submit at once).
   */
  gate?<T>(send: (sent: () => void) => Promise<T>): Promise<T>;
  signal: AbortSignal;
}

/** Returns `watch(taskIndex, task, signed)`: resolves when the task needs nothing more. */
export function attestationGuard(d: AttestationDeps) {
  return async function watch(
    taskIndex: number,
    task: Task,
    signed: SignedTaskResponse,
  ): Promise<void> {
    try {
      const window = await d.responseWindow();
      const lastBlock = BigInt(task.taskCreatedBlock + window);
      const attestFrom = lastBlock - BigInt(d.marginBlocks);
      while (!d.signal.aborted) {
        if (await d.answered(taskIndex)) return;
        const head = await d.head();
        // The attestation lands at head + 1 at the earliest and must land by lastBlock.
        if (head + 1n > lastBlock) {
          log.warn(
            "task {taskIndex} went unanswered and its window closed before we could attest",
            {
              taskIndex,
            },
          );
          return;
        }
        if (head + 1n >= attestFrom) break;
        await sleep(d.pollMs ?? 2_000, d.signal);
      }
      if (d.signal.aborted) return;
      log.warn(
        "task {taskIndex} is still unanswered {margin} block(s) before its window closes; attesting our signed correct response on chain",
        { taskIndex, margin: d.marginBlocks },
      );
      const attestations = await d.attestations();
      const send = (sent?: () => void) =>
        attestResponse(d.sender, attestations, {
          task,
          response: signed.taskResponse,
          signature: signed.blsSignature,
          pubkeyG2: d.pubkeyG2,
        }, { signal: d.signal, onSent: sent });
      const receipt = await (d.gate ? d.gate(send) : send());
      d.onAttested?.("sent", taskIndex);
      log.info("task {taskIndex}: attestation recorded in block {block} (tx {tx}, gas {gas})", {
        taskIndex,
        block: receipt.blockNumber.toString(),
        tx: receipt.transactionHash,
        gas: receipt.gasUsed.toString(),
      });
    } catch (err) {
      if (d.signal.aborted) return;
      d.onAttested?.("failed", taskIndex);
      // A response that lands meanwhile makes the contract refuse: nothing is lost then.
      log.warn("task {taskIndex}: could not attest our response: {error}", {
        taskIndex,
        error: shortError(err),
      });
    }
  };
}

/** What {@link unansweredResponseWatch} needs besides the operator's chain reads. */
export interface UnansweredWatchDeps {
  /** The `attest_unanswered_responses` / `attestation_margin_blocks` settings. */
  settings: OperatorSettings["attestation"];
  /** The contracts' extensions: nothing is watched without `attestations`. */
  caps: Pick<AvsCapabilities, "attestations">;
  /** The operator's own account (its wallet and nonces). */
  sender: TxSender;
  blsPrivateKey: bigint;
  /** Reads of the task's state (shared by a fleet's members). */
  state: Pick<OperatorChainState, "attestationsAddress" | "responseWindow" | "isAnswered">;
  head(): Promise<bigint>;
  /** Whether the task is answered on chain (default: `state.isAnswered`). */
  answered?(taskIndex: number): Promise<boolean>;
  metrics: Pick<OperatorMetrics, "attestations">;
  onAttested?(outcome: "sent" | "failed", taskIndex: number): void;
  gate?: AttestationDeps["gate"];
  pollMs?: number;
  signal: AbortSignal;
}

/**
 * The intake's `watchUnanswered` for one operator (single or fleet member), or undefined when
 * attestations are switched off or the TaskManager has no `ResponseAttestations`.
 */
export function unansweredResponseWatch(
  d: UnansweredWatchDeps,
): ReturnType<typeof attestationGuard> | undefined {
  if (!d.settings.enabled || !d.caps.attestations) return undefined;
  return attestationGuard({
    sender: d.sender,
    attestations: () => d.state.attestationsAddress(),
    pubkeyG2: g2PublicKey(d.blsPrivateKey),
    marginBlocks: d.settings.marginBlocks,
    responseWindow: () => d.state.responseWindow(),
    head: d.head,
    answered: d.answered ?? ((idx) => d.state.isAnswered(idx)),
    onAttested: (outcome, taskIndex) => {
      d.metrics.attestations.inc({ outcome });
      d.onAttested?.(outcome, taskIndex);
    },
    gate: d.gate,
    pollMs: d.pollMs,
    signal: d.signal,
  });
}
