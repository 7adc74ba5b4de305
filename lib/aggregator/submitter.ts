/**
 * Sends `respondToTask` for an aggregate that reached the threshold, and reports the outcome
 * (log line, metrics, event). One job: turning an {@link AggregatedResponse} into a mined
 * response or a counted failure.
 *
 * @module
 */
import type { Address } from "viem";
import { incredibleSquaringTaskManagerAbi } from "../chain/abi/mod.ts";
import type { AggregatedResponse } from "../aggregation/types.ts";
import { getLogger, shortError } from "../log/mod.ts";
import type { AggregatorMetrics } from "../metrics/mod.ts";
import { quorumNumbersFromBytes, type TaskResponse } from "../task/mod.ts";
import { sendPendingBlockTx } from "./pending_tx.ts";
import type { TxClients } from "./clients.ts";
import { nonSignerStakesAndSignatureCalldata, signedStakePercents } from "./calldata.ts";
import type { AggregatorEvent, TrackedTask } from "./types.ts";

const log = getLogger("aggregator");

/** What {@link responseSubmitter} needs. */
export interface SubmitterDeps {
  clients: TxClients;
  taskManager: Address;
  metrics: AggregatorMetrics;
  emit(e: AggregatorEvent): void;
}

/** Returns `submit(entry, aggregate)`, which never throws: failures are logged and counted. */
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
    try {
      const receipt = await sendPendingBlockTx(
        d.clients,
        d.taskManager,
        incredibleSquaringTaskManagerAbi,
        "respondToTask",
        [entry.task, r.taskResponse, nonSignerStakesAndSignatureCalldata(r)],
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
      log.info("task {taskIndex}: response {answer} accepted on chain in block {block} (tx {tx})", {
        taskIndex: r.taskIndex,
        answer: r.taskResponse.numberSquared.toString(),
        block: receipt.blockNumber.toString(),
        tx: hash,
      });
      d.emit({
        kind: "responded",
        taskIndex: r.taskIndex,
        txHash: hash,
        blockNumber: receipt.blockNumber,
        result: r,
      });
    } catch (err) {
      d.metrics.respondFailures.inc();
      const error = shortError(err);
      log.error("task {taskIndex}: respondToTask failed: {error}", {
        taskIndex: r.taskIndex,
        error,
      });
      d.emit({ kind: "respond_failed", taskIndex: r.taskIndex, error });
    }
  };
}
