/**
 * The challenger's transactions: challenge a wrong answer, challenge a missing response, walk
 * the rest of a fault assignment (`assignFaults`), finalise a freeze request. Each reports its outcome (log line, metrics, event) and never
 * throws; the record's `busy`/`attempts`/`challenged` fields are kept up to date.
 *
 * @module
 */
import type { Address, Hex } from "viem";
import type { SigningClients } from "../chain/clients.ts";
import {
  finalizeFreezeRequest,
  raiseAndResolveChallenge,
  raiseNoResponseChallenge,
  recoverNonSigners,
} from "../avs/mod.ts";
import { getLogger, shortError } from "../log/mod.ts";
import type { ChallengerMetrics } from "../metrics/mod.ts";
import { square, type Task } from "../task/mod.ts";
import { fulfillSlashingRequest } from "../avs/slashing.ts";
import {
  assignFaults,
  DEFAULT_FAULT_BATCH,
  faultAssignmentInputs,
  getFaultAssignment,
  recoverNonSignerIds,
} from "../avs/faults.ts";
import type {
  ChallengerEvent,
  FaultRecord,
  FreezeRecord,
  SlashingRecord,
  TaskRecord,
} from "./types.ts";

const log = getLogger("challenger");

/** What the actions need. */
export interface ActionDeps {
  clients: SigningClients;
  taskManager: Address;
  serviceManager: Address;
  metrics: ChallengerMetrics;
  emit(e: ChallengerEvent): void;
  /** Called when a freeze request no longer needs finalising. */
  forgetFreeze(id: bigint): void;
  /** Called when a slashing request no longer needs fulfilling. */
  forgetSlashing?(id: bigint): void;
  /** The TaskManager's FaultLedger (absent on contracts without one). */
  faultLedger?: Address;
  /** Quorum-list entries per `assignFaults` call. */
  faultBatchSize?: number;
  /** Blocks between a task's creation and its challenge at most (response + challenge windows). */
  taskLookbackBlocks: bigint;
  /** Called when a fault assignment needs nothing more from this challenger. */
  forgetFaults(taskIndex: number): void;
  /** The node's stop signal: ends a send or receipt wait in flight. */
  signal?: AbortSignal;
}

/** The three actions, bound to their dependencies. */
export function challengerActions(d: ActionDeps) {
  // Every action depends on block.number (windows), so it is judged at the pending block.
  const pending = { blockTag: "pending", signal: d.signal } as const;
  const avs = { taskManager: d.taskManager, serviceManager: d.serviceManager };

  /** Marks `rec` busy and counts an attempt around `body`. */
  async function attempt<T>(rec: { busy: boolean; attempts: number }, body: () => Promise<T>) {
    rec.busy = true;
    rec.attempts++;
    try {
      return await body();
    } finally {
      rec.busy = false;
    }
  }

  /**
   * The task and non-signer ids `assignFaults` needs, found once per record and kept on it: from
   * the book when it saw the task (and response), else read back from the chain.
   */
  async function faultInputs(
    idx: number,
    rec: FaultRecord,
    ledger: Address,
  ): Promise<{ task: Task; nonSignerIds: Hex[] }> {
    if (rec.task && rec.nonSignerIds) return { task: rec.task, nonSignerIds: rec.nonSignerIds };
    let task: Task;
    let nonSignerIds: Hex[];
    if (rec.task && rec.reason === "no_response") {
      task = rec.task;
      nonSignerIds = [];
    } else if (rec.task && rec.response) {
      task = rec.task;
      nonSignerIds = await recoverNonSignerIds(
        d.clients.publicClient,
        d.taskManager,
        rec.response.txHash,
        rec.task.taskCreatedBlock,
        rec.response.metadata.hashOfNonSigners,
      );
    } else {
      // The task was created at most both windows before its challenge.
      const back = d.taskLookbackBlocks;
      ({ task, nonSignerIds } = await faultAssignmentInputs(
        d.clients.publicClient,
        avs,
        ledger,
        idx,
        rec.openedBlock > back ? rec.openedBlock - back : 0n,
      ));
    }
    rec.task = task;
    rec.nonSignerIds = nonSignerIds;
    return { task, nonSignerIds };
  }

  return {
    /** `raiseAndResolveChallenge` with the non-signer keys recovered from the response tx. */
    challengeWrongAnswer: (idx: number, rec: TaskRecord) =>
      attempt(rec, async () => {
        const r = rec.response!;
        d.metrics.challengesRaised.inc({ kind: "wrong_answer" });
        try {
          const pubkeys = await recoverNonSigners(
            d.clients.publicClient,
            d.taskManager,
            r.txHash,
            rec.task.taskCreatedBlock,
            r.metadata.hashOfNonSigners,
          );
          const receipt = await raiseAndResolveChallenge(
            d.clients,
            avs,
            rec.task,
            r.response,
            r.metadata,
            pubkeys,
            pending,
          );
          rec.challenged = true;
          log.info(
            "task {idx}: challenged wrong answer {answer} (expected {expected}) in tx {tx}",
            {
              idx,
              answer: r.response.numberSquared.toString(),
              expected: square(rec.task.numberToBeSquared).toString(),
              tx: receipt.transactionHash,
            },
          );
          d.emit({
            kind: "challenge_sent",
            taskIndex: idx,
            reason: "wrong_answer",
            txHash: receipt.transactionHash,
          });
        } catch (err) {
          d.metrics.challengeFailures.inc();
          const error = shortError(err);
          log.error("task {idx}: challenge failed (attempt {n}): {error}", {
            idx,
            n: rec.attempts,
            error,
          });
          d.emit({ kind: "challenge_failed", taskIndex: idx, reason: "wrong_answer", error });
        }
      }),

    /** `raiseNoResponseChallenge` for a task whose response window passed unanswered. */
    challengeNoResponse: (idx: number, rec: TaskRecord) =>
      attempt(rec, async () => {
        d.metrics.challengesRaised.inc({ kind: "no_response" });
        try {
          const receipt = await raiseNoResponseChallenge(d.clients, avs, idx, rec.task, pending);
          rec.challenged = true;
          log.info("task {idx}: challenged missing response in tx {tx}", {
            idx,
            tx: receipt.transactionHash,
          });
          d.emit({
            kind: "challenge_sent",
            taskIndex: idx,
            reason: "no_response",
            txHash: receipt.transactionHash,
          });
        } catch (err) {
          d.metrics.challengeFailures.inc();
          const error = shortError(err);
          // The response may have landed meanwhile; the contract's answer is authoritative.
          if (/has been responded to|already been challenged/.test(error)) rec.challenged = true;
          log.warn("task {idx}: no-response challenge failed (attempt {n}): {error}", {
            idx,
            n: rec.attempts,
            error,
          });
          d.emit({ kind: "challenge_failed", taskIndex: idx, reason: "no_response", error });
        }
      }),

    /**
     * Slashing era: `fulfillSlashingRequest` through the ServiceManager once the veto window has
     * passed. The slashed amount is reported when the slasher's `OperatorSlashed` event arrives.
     */
    fulfilSlashing: (id: bigint, rec: SlashingRecord) =>
      attempt(rec, async () => {
        try {
          const r = await fulfillSlashingRequest(d.clients, d.serviceManager, id, pending);
          const shares = r.slashed.map((s) => s.shares.toString()).join(",") || "0";
          log.info(
            "slashing request {id} against {operator} fulfilled in tx {tx} ({shares} shares slashed)",
            { id: id.toString(), operator: rec.operator, tx: r.txHash, shares },
          );
          d.emit({ kind: "slashing_fulfil_sent", requestId: id, txHash: r.txHash });
        } catch (err) {
          const error = shortError(err);
          // Cancelled or already fulfilled: the chain has settled it.
          if (/SlashingRequestIsCancelled|SlashingRequestDoesNotExist/.test(error)) {
            d.forgetSlashing?.(id);
          }
          log.warn("slashing request {id}: fulfil failed (attempt {n}): {error}", {
            id: id.toString(),
            n: rec.attempts,
            error,
          });
        }
      }),

    /**
     * Walks an open fault assignment to its end with `assignFaults`, one bounded batch per
     * transaction (the ledger is read first: another caller may have walked it already).
     */
    assignRemainingFaults: (idx: number, rec: FaultRecord) =>
      attempt(rec, async () => {
        const ledger = d.faultLedger;
        if (!ledger) return;
        try {
          // Nothing to read or send once the ledger says it is complete.
          if (!(await getFaultAssignment(d.clients.publicClient, ledger, idx)).open) {
            d.forgetFaults(idx);
            return;
          }
          const { task, nonSignerIds } = await faultInputs(idx, rec, ledger);
          const maxEntries = d.faultBatchSize ?? DEFAULT_FAULT_BATCH;
          for (;;) {
            const batch = await assignFaults(
              d.clients,
              ledger,
              { taskIndex: idx, task, nonSignerIds, maxEntries },
              pending,
            );
            rec.attempts = 0; // progress was made
            // Logged by the book, from the ledger's OperatorsAtFault / FaultAssignmentCompleted.
            d.emit({
              kind: "fault_batch_sent",
              taskIndex: idx,
              operators: batch.operators.length,
              done: batch.done,
              txHash: batch.receipt.transactionHash,
            });
            if (batch.done || d.signal?.aborted) break;
          }
        } catch (err) {
          const error = shortError(err);
          if (/no open fault assignment/.test(error)) d.forgetFaults(idx);
          log.warn("task {idx}: assignFaults failed (attempt {n}): {error}", {
            idx,
            n: rec.attempts,
            error,
          });
        }
      }),

    /** `finalizeFreezeRequest` once the veto window has passed. */
    finalizeFreeze: (id: bigint, rec: FreezeRecord) =>
      attempt(rec, async () => {
        try {
          const txHash: Hex = await finalizeFreezeRequest(d.clients, avs, id, pending);
          log.info("freeze request {id} against {operator} finalised in tx {tx}", {
            id: id.toString(),
            operator: rec.operator,
            tx: txHash,
          });
          d.emit({ kind: "freeze_finalize_sent", requestId: id, txHash });
        } catch (err) {
          const error = shortError(err);
          if (/not pending/.test(error)) d.forgetFreeze(id);
          log.warn("freeze request {id}: finalise failed (attempt {n}): {error}", {
            id: id.toString(),
            n: rec.attempts,
            error,
          });
        }
      }),
  };
}
