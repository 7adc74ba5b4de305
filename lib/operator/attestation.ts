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
import { type G2Point } from "../bls/mod.ts";
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
  onAttested?(outcome: "sent" | "failed"): void;
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
      const receipt = await attestResponse(d.sender, await d.attestations(), {
        task,
        response: signed.taskResponse,
        signature: signed.blsSignature,
        pubkeyG2: d.pubkeyG2,
      }, { signal: d.signal });
      d.onAttested?.("sent");
      log.info("task {taskIndex}: attestation recorded in block {block} (tx {tx}, gas {gas})", {
        taskIndex,
        block: receipt.blockNumber.toString(),
        tx: receipt.transactionHash,
        gas: receipt.gasUsed.toString(),
      });
    } catch (err) {
      if (d.signal.aborted) return;
      d.onAttested?.("failed");
      // A response that lands meanwhile makes the contract refuse: nothing is lost then.
      log.warn("task {taskIndex}: could not attest our response: {error}", {
        taskIndex,
        error: shortError(err),
      });
    }
  };
}
