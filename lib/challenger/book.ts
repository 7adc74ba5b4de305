/**
 * The challenger's memory: one record per task and per pending freeze request, updated from the
 * TaskManager's and ServiceManager's events in chain order.
 *
 * @module
 */
import type { Address, Hex } from "viem";
import { getLogger } from "../log/mod.ts";
import type { ChallengerMetrics } from "../metrics/mod.ts";
import type { Task, TaskResponse, TaskResponseMetadata } from "../task/mod.ts";
import type { DecodedLog } from "../chain/poll_logs.ts";
import type { ChallengerEvent, FreezeRecord, TaskRecord } from "./types.ts";

const log = getLogger("challenger");

/** Task and freeze records plus the function that applies one event to them. */
export interface ChallengerBook {
  tasks: Map<number, TaskRecord>;
  freezes: Map<bigint, FreezeRecord>;
  /** Applies one decoded event. Unknown events are ignored. */
  apply(l: DecodedLog): void;
}

/** Creates an empty book that counts and reports what it sees. */
export function challengerBook(
  metrics: ChallengerMetrics,
  emit: (e: ChallengerEvent) => void,
): ChallengerBook {
  const tasks = new Map<number, TaskRecord>();
  const freezes = new Map<bigint, FreezeRecord>();

  const handlers: Record<string, (a: Record<string, unknown>, l: DecodedLog) => void> = {
    NewTaskCreated(a) {
      const t = a.task as Task;
      metrics.tasksSeen.inc();
      tasks.set(Number(a.taskIndex), {
        task: {
          numberToBeSquared: t.numberToBeSquared,
          taskCreatedBlock: Number(t.taskCreatedBlock),
          quorumNumbers: t.quorumNumbers,
          quorumThresholdPercentage: Number(t.quorumThresholdPercentage),
        },
        challenged: false,
        attempts: 0,
        busy: false,
      });
    },
    TaskResponded(a, l) {
      const response = a.taskResponse as TaskResponse;
      const metadata = a.taskResponseMetadata as TaskResponseMetadata;
      const idx = Number(response.referenceTaskIndex);
      metrics.responsesSeen.inc();
      const rec = tasks.get(idx);
      if (!rec) {
        log.warn("response to unknown task {idx} (before the start block?)", { idx });
        return;
      }
      // Judged at the next head, against the real head.
      rec.response = {
        response: { referenceTaskIndex: idx, numberSquared: response.numberSquared },
        metadata: {
          taskRespondedBlock: Number(metadata.taskRespondedBlock),
          hashOfNonSigners: metadata.hashOfNonSigners as Hex,
        },
        txHash: l.transactionHash,
      };
    },
    TaskChallengedSuccessfully: (a) => challenged(a, true),
    TaskChallengedUnsuccessfully: (a) => challenged(a, false),
    ResponseAttested(a) {
      const taskIndex = Number(a.taskIndex);
      const operator = a.operator as Address;
      log.info("task {taskIndex}: operator {operator} attested the correct response on chain", {
        taskIndex,
        operator,
      });
      emit({ kind: "response_attested", taskIndex, operator });
    },
    AggregatorFault(a) {
      const taskIndex = Number(a.taskIndex);
      const aggregator = a.aggregator as Address;
      metrics.aggregatorFaults.inc();
      log.warn(
        "task {taskIndex}: unanswered although operators holding the threshold attested the correct response: the aggregator {aggregator} is at fault, no operator is",
        { taskIndex, aggregator },
      );
      emit({ kind: "aggregator_fault", taskIndex, aggregator });
    },
    FreezeRequested(a) {
      const id = a.requestId as bigint;
      const operator = a.operator as Address;
      const taskIndex = Number(a.taskIndex);
      metrics.freezeRequests.inc();
      freezes.set(id, {
        operator,
        taskIndex,
        deadline: BigInt(a.vetoDeadlineBlock as number),
        attempts: 0,
        busy: false,
      });
      log.info(
        "freeze request {id} against {operator} for task {task}; veto deadline block {deadline}",
        { id: id.toString(), operator, task: taskIndex, deadline: String(a.vetoDeadlineBlock) },
      );
      emit({ kind: "freeze_requested", requestId: id, operator, taskIndex });
    },
    FreezeRequestVetoed(a) {
      const id = a.requestId as bigint;
      freezes.delete(id);
      metrics.freezesVetoed.inc();
      log.info("freeze request {id} against {operator} was vetoed", {
        id: id.toString(),
        operator: a.operator,
      });
      emit({ kind: "freeze_vetoed", requestId: id, operator: a.operator as Address });
    },
    FreezeRequestFinalized(a) {
      const id = a.requestId as bigint;
      freezes.delete(id);
      metrics.freezesFinalized.inc();
      emit({ kind: "freeze_finalized", requestId: id, operator: a.operator as Address });
    },
  };

  function challenged(a: Record<string, unknown>, successful: boolean) {
    const idx = Number(a.taskIndex);
    const rec = tasks.get(idx);
    if (rec && successful) rec.challenged = true;
    if (successful) metrics.challengesSucceeded.inc();
    emit({ kind: "challenged", taskIndex: idx, successful, challenger: a.challenger as Address });
  }

  return {
    tasks,
    freezes,
    apply(l) {
      if (Object.hasOwn(handlers, l.eventName)) handlers[l.eventName](l.args, l);
    },
  };
}
