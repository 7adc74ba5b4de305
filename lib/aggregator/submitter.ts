/**
 * Sends `respondToTask` for an aggregate that reached the threshold and ends the task in the
 * ledger: responded, or failed with the reason. The transaction's hash and nonce are stored as
 * soon as the node takes it, so a crash during the receipt wait is recovered from the chain.
 * Failures that are not a revert (RPC trouble, a timeout) are retried a few times.
 *
 * @module
 */
import type { Address } from "viem";
import type { AggregatedResponse } from "../aggregation/mod.ts";
import type { SigningClients } from "../chain/clients.ts";
import { TxError } from "../chain/tx.ts";
import { type CreatedTask, currentTaskAt, respondToTask, storedTaskHash } from "../avs/mod.ts";
import { getLogger, shortError } from "../log/mod.ts";
import type { AggregatorMetrics } from "../metrics/mod.ts";
import type { EventHub } from "../node/events.ts";
import { sleep } from "../process/sleep.ts";
import { quorumNumbersFromBytes, taskHash, type TaskResponse } from "../task/mod.ts";
import { signedStakePercents } from "./signed_stake.ts";
import type { TaskLedger } from "./ledger.ts";
import type { AggregatorStore } from "./store.ts";
import type { AggregatorEvent, TrackedTask } from "./types.ts";

const log = getLogger("aggregator");

/** Sends of one response before giving up on errors that are not reverts. */
const MAX_SENDS = 3;

/** What {@link responseSubmitter} needs. */
export interface SubmitterDeps {
  clients: SigningClients;
  taskManager: Address;
  metrics: AggregatorMetrics;
  events: EventHub<AggregatorEvent>;
  store: AggregatorStore;
  ledger: TaskLedger;
  signal: AbortSignal;
  /**
   * A reorganisation re-created the task at `entry`'s index as `replacement` (same index, another
   * block): aggregate that one instead (see `aggregator.ts`).
   */
  onReplaced?(entry: TrackedTask, replacement: CreatedTask): void;
}

/** How far back from the tracked task's block a re-created one is looked for. */
const REORG_LOOKBACK_BLOCKS = 64n;

/** Returns `submit(entry, aggregate)`, which never throws. */
export function responseSubmitter(d: SubmitterDeps) {
  return async function submit(
    entry: TrackedTask,
    r: AggregatedResponse<TaskResponse>,
  ): Promise<void> {
    const signed = signedStakePercents(r);
    log.info(
      "task {taskIndex}: threshold reached with {signers} signer(s), {nonSigners} non-signer(s), signed stake {signed}%; sending respondToTask",
      {
        taskIndex: r.taskIndex,
        signers: r.signerOperatorIds.length,
        nonSigners: r.nonSignerOperatorIds.length,
        signed: signed.join("/"),
      },
    );
    // A reorganisation may have dropped or re-created the task: its stored hash tells.
    const stored = await storedTaskHash(
      d.clients.publicClient,
      { taskManager: d.taskManager },
      r.taskIndex,
    )
      .catch(() => undefined);
    if (stored !== undefined && stored !== taskHash(entry.task)) {
      const from = BigInt(entry.task.taskCreatedBlock);
      const replacement = await currentTaskAt(
        d.clients.publicClient,
        { taskManager: d.taskManager },
        r.taskIndex,
        stored,
        from > REORG_LOOKBACK_BLOCKS ? from - REORG_LOOKBACK_BLOCKS : 0n,
      ).catch(() => undefined);
      if (replacement && d.onReplaced) {
        log.warn(
          "task {taskIndex}: re-created in block {block} by a reorganisation (was block {was}); aggregating the replacement",
          {
            taskIndex: r.taskIndex,
            block: replacement.task.taskCreatedBlock,
            was: entry.task.taskCreatedBlock,
          },
        );
        d.onReplaced(entry, replacement);
        return;
      }
      d.ledger.end(
        r.taskIndex,
        "failed",
        "reorganised",
        `the task is no longer on chain as created in block ${entry.task.taskCreatedBlock} (reorganised); not responding`,
        entry,
      );
      return;
    }
    let lastError = "";
    for (let send = 1; send <= MAX_SENDS && !d.signal.aborted; send++) {
      try {
        const receipt = await respondToTask(
          d.clients,
          { taskManager: d.taskManager },
          entry.task,
          r.taskResponse,
          r.nonSignerStakesAndSignature,
          {
            signal: d.signal,
            onSent: ({ hash, nonce }) => d.store.recordResponseTx(r.taskIndex, hash, nonce),
          },
        );
        const hash = receipt.transactionHash;
        d.metrics.tasksResponded.inc();
        d.metrics.aggregationLatencyBlocks.observe(
          Number(receipt.blockNumber) - entry.task.taskCreatedBlock,
        );
        d.metrics.aggregationLatencySeconds.observe((Date.now() - entry.createdAt) / 1000);
        const quorums = quorumNumbersFromBytes(entry.task.quorumNumbers);
        signed.forEach((p, i) =>
          d.metrics.signedStakePercent.set({ quorum_number: String(quorums[i]) }, p)
        );
        log.info(
          "task {taskIndex}: response {answer} accepted on chain in block {block} (tx {tx})",
          {
            taskIndex: r.taskIndex,
            answer: r.taskResponse.numberSquared.toString(),
            block: receipt.blockNumber.toString(),
            tx: hash,
          },
        );
        d.ledger.end(r.taskIndex, "responded", "aggregated", `respondToTask ${hash}`, entry);
        d.events.emit({
          kind: "responded",
          taskIndex: r.taskIndex,
          txHash: hash,
          blockNumber: receipt.blockNumber,
          result: r,
        });
        return;
      } catch (err) {
        d.metrics.respondFailures.inc();
        lastError = shortError(err);
        const retryable = err instanceof TxError &&
          ["rpc", "timeout", "send", "nonce"].includes(err.code);
        if (!retryable || send === MAX_SENDS) break;
        log.warn("task {taskIndex}: respondToTask attempt {send} failed ({error}); retrying", {
          taskIndex: r.taskIndex,
          send,
          error: lastError,
        });
        await sleep(1_000 * send, d.signal);
      }
    }
    if (d.signal.aborted) return; // shutting down: the task stays open for the next run
    d.ledger.end(r.taskIndex, "failed", "respond_failed", `respondToTask: ${lastError}`, entry);
  };
}
