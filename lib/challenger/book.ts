/**
 * The challenger's memory: one record per task and per pending freeze request, updated from the
 * TaskManager's and ServiceManager's events in chain order.
 *
 * @module
 */
import type { Address, Hex } from "viem";
import { getLogger } from "../log/mod.ts";
import type { ChallengerMetrics, ChallengerSlashingMetrics } from "../metrics/mod.ts";
import type { SlashedShares } from "../avs/slashing.ts";
import { responseFromEvent, type TaskArgs, taskFromEvent } from "../avs/events.ts";
import type { DecodedLog } from "../chain/poll_logs.ts";
import { faultReasonOf } from "../avs/faults.ts";
import type {
  ChallengerEvent,
  FaultRecord,
  FreezeRecord,
  SlashingRecord,
  TaskRecord,
} from "./types.ts";

const log = getLogger("challenger");

/** Task and freeze records plus the function that applies one event to them. */
export interface ChallengerBook {
  tasks: Map<number, TaskRecord>;
  freezes: Map<bigint, FreezeRecord>;
  /** Slashing era: requests still `Requested` on the VetoableSlasher. */
  slashings: Map<bigint, SlashingRecord>;
  /** Fault assignments (by task index) the FaultLedger has not completed yet. */
  faults: Map<number, FaultRecord>;
  /** Applies one decoded event. Unknown events are ignored. */
  apply(l: DecodedLog): void | Promise<void>;
  /**
   * After a reorg from `block` on: forgets tasks created and responses recorded in the dropped
   * blocks (their events are read again from the new chain).
   */
  forgetFrom(block: bigint): void;
}

/** What the book needs on the slashing era. */
export interface SlashingBookDeps {
  metrics: ChallengerSlashingMetrics;
  /** Shares a transaction slashed (read from its receipt). */
  slashedIn(txHash: Hex): Promise<SlashedShares[]>;
}

/** Creates an empty book that counts and reports what it sees. */
export function challengerBook(
  metrics: ChallengerMetrics,
  emit: (e: ChallengerEvent) => void,
  slashing?: SlashingBookDeps,
): ChallengerBook {
  const tasks = new Map<number, TaskRecord>();
  const freezes = new Map<bigint, FreezeRecord>();
  const slashings = new Map<bigint, SlashingRecord>();
  const faults = new Map<number, FaultRecord>();

  const handlers: Record<
    string,
    (a: Record<string, unknown>, l: DecodedLog) => void | Promise<void>
  > = {
    NewTaskCreated(a) {
      metrics.tasksSeen.inc();
      tasks.set(Number(a.taskIndex), {
        task: taskFromEvent(a as { task: TaskArgs }),
        challenged: false,
        attempts: 0,
        busy: false,
      });
    },
    TaskResponded(a, l) {
      const { response, metadata } = responseFromEvent(
        a as Parameters<typeof responseFromEvent>[0],
      );
      const idx = response.referenceTaskIndex;
      metrics.responsesSeen.inc();
      const rec = tasks.get(idx);
      if (!rec) {
        log.warn("response to unknown task {idx} (before the start block?)", { idx });
        return;
      }
      // Judged at the next head, against the real head.
      rec.response = {
        response,
        metadata,
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
    FaultAssignmentOpened(a, l) {
      const taskIndex = Number(a.taskIndex);
      const rec = tasks.get(taskIndex);
      faults.set(taskIndex, {
        reason: faultReasonOf(Number(a.reason)),
        task: rec?.task,
        response: rec?.response,
        openedBlock: l.blockNumber,
        attempts: 0,
        busy: false,
      });
    },
    OperatorsAtFault(a) {
      const taskIndex = Number(a.taskIndex);
      const reason = faultReasonOf(Number(a.reason));
      const operators = [...(a.operators as readonly Address[])];
      metrics.operatorsAtFault.inc({ reason }, operators.length);
      log.info("task {taskIndex}: {n} operator(s) held at fault ({reason})", {
        taskIndex,
        n: operators.length,
        reason,
      });
      emit({ kind: "operators_at_fault", taskIndex, reason, operators });
    },
    FaultAssignmentCompleted(a) {
      const taskIndex = Number(a.taskIndex);
      const operatorsAtFault = Number(a.operatorsAtFault);
      faults.delete(taskIndex);
      log.info("task {taskIndex}: fault assignment complete, {n} operator(s) at fault in all", {
        taskIndex,
        n: operatorsAtFault,
      });
      emit({ kind: "fault_assignment_completed", taskIndex, operatorsAtFault });
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

  // Slashing era: the VetoableSlasher's request lifecycle (ids are the slasher's request ids).
  if (slashing) {
    handlers.SlashingRequested = (a, l) => {
      const id = a.requestId as bigint;
      const operator = a.operator as Address;
      const operatorSetId = Number(a.operatorSetId);
      const wadsToSlash = [...(a.wadsToSlash as readonly bigint[])];
      slashing.metrics.requests.inc({ status: "requested" });
      slashings.set(id, {
        operator,
        operatorSetId,
        requestBlock: l.blockNumber,
        attempts: 0,
        busy: false,
      });
      log.info(
        "slashing request {id} against {operator} in operator set {set}: {wads} WAD of its allocation, requested in block {block}",
        {
          id: id.toString(),
          operator,
          set: operatorSetId,
          wads: wadsToSlash.map(String).join(","),
          block: l.blockNumber.toString(),
        },
      );
      emit({ kind: "slashing_requested", requestId: id, operator, operatorSetId, wadsToSlash });
    };
    handlers.OperatorSlashingRequested = (a) => {
      const rec = slashings.get(a.requestId as bigint);
      if (rec) rec.taskIndex = Number(a.taskIndex);
    };
    handlers.SlashingRequestCancelled = (a) => {
      const id = a.requestId as bigint;
      const rec = slashings.get(id);
      slashings.delete(id);
      slashing.metrics.requests.inc({ status: "vetoed" });
      const operator = rec?.operator ?? ("0x" + "0".repeat(40)) as Address;
      log.info("slashing request {id} against {operator} was vetoed by the committee", {
        id: id.toString(),
        operator,
      });
      emit({ kind: "slashing_vetoed", requestId: id, operator });
    };
    handlers.OperatorSlashed = async (a, l) => {
      const id = a.slashingRequestId as bigint;
      const operator = a.operator as Address;
      slashings.delete(id);
      slashing.metrics.requests.inc({ status: "fulfilled" });
      const slashed = (await slashing.slashedIn(l.transactionHash))
        .filter((s) => s.operator.toLowerCase() === operator.toLowerCase())
        .map((s) => ({ strategy: s.strategy, shares: s.shares }));
      for (const s of slashed) {
        slashing.metrics.slashedShares.inc({ strategy: s.strategy }, Number(s.shares));
      }
      log.info("slashing request {id} fulfilled: {operator} slashed {amount} shares", {
        id: id.toString(),
        operator,
        amount: slashed.map((s) => `${s.shares} of ${s.strategy}`).join(", ") || "0",
      });
      emit({ kind: "slashing_fulfilled", requestId: id, operator, slashed });
    };
  }

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
    slashings,
    faults,
    apply(l) {
      if (Object.hasOwn(handlers, l.eventName)) return handlers[l.eventName](l.args, l);
    },
    forgetFrom(block) {
      for (const [idx, rec] of tasks) {
        if (BigInt(rec.task.taskCreatedBlock) >= block) {
          tasks.delete(idx);
        } else if (rec.response && BigInt(rec.response.metadata.taskRespondedBlock) >= block) {
          // The response may be gone or different: judge it again once it is read again.
          rec.response = undefined;
          rec.challenged = false;
          rec.attempts = 0;
        }
      }
      for (const [idx, rec] of faults) {
        if (rec.openedBlock >= block) faults.delete(idx); // read again if still on the chain
      }
    },
  };
}
