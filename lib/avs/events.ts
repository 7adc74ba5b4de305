/**
 * The AVS's events, typed from the ABIs: decoding of TaskManager and ServiceManager logs, the one
 * place a {@link Task} (and a response) is rebuilt from event arguments, the `NewTaskCreated`
 * of a receipt, and a typed TaskManager event follower.
 *
 * @module
 */
import {
  type Address,
  type ContractEventName,
  decodeEventLog,
  type DecodeEventLogReturnType,
  type Hex,
  type Log,
  parseEventLogs,
} from "viem";
import type { TransactionReceipt } from "viem";
import {
  incredibleSquaringServiceManagerAbi,
  incredibleSquaringTaskManagerAbi,
} from "../chain/abi/mod.ts";
import {
  type FollowedLog,
  type Follower,
  followEvents,
  type FollowOptions,
} from "../chain/events.ts";
import type { Task, TaskResponse, TaskResponseMetadata } from "../task/mod.ts";

export type { FollowedLog, Follower, FollowOptions } from "../chain/events.ts";

/** The TaskManager ABI. */
export const taskManagerAbi = incredibleSquaringTaskManagerAbi;
/** The ServiceManager ABI. */
export const serviceManagerAbi = incredibleSquaringServiceManagerAbi;

/** `Task` as viem decodes it from an event or a call (uint32 fields may come as numbers). */
export type TaskArgs = {
  numberToBeSquared: bigint;
  taskCreatedBlock: number | bigint;
  quorumNumbers: Hex;
  quorumThresholdPercentage: number | bigint;
};

/** Rebuilds a {@link Task} from decoded `task` arguments (a fresh object, numbers normalised). */
export function taskFromEvent(args: { task: TaskArgs }): Task {
  const t = args.task;
  return {
    numberToBeSquared: t.numberToBeSquared,
    taskCreatedBlock: Number(t.taskCreatedBlock),
    quorumNumbers: t.quorumNumbers,
    quorumThresholdPercentage: Number(t.quorumThresholdPercentage),
  };
}

/** A `TaskResponded` event's response and metadata, normalised. */
export type RespondedTask = { response: TaskResponse; metadata: TaskResponseMetadata };

/** Rebuilds the response and its metadata from decoded `TaskResponded` arguments. */
export function responseFromEvent(args: {
  taskResponse: { referenceTaskIndex: number | bigint; numberSquared: bigint };
  taskResponseMetadata: { taskRespondedBlock: number | bigint; hashOfNonSigners: Hex };
}): RespondedTask {
  return {
    response: {
      referenceTaskIndex: Number(args.taskResponse.referenceTaskIndex),
      numberSquared: args.taskResponse.numberSquared,
    },
    metadata: {
      taskRespondedBlock: Number(args.taskResponseMetadata.taskRespondedBlock),
      hashOfNonSigners: args.taskResponseMetadata.hashOfNonSigners,
    },
  };
}

/** A task as created on chain. */
export interface CreatedTask {
  /** Index the TaskManager gave the task. */
  taskIndex: number;
  /** The task as stored (its hash is `allTaskHashes[taskIndex]`). */
  task: Task;
  /** The `createNewTask` transaction. */
  txHash: Hex;
  /** Block of that transaction (= `task.taskCreatedBlock`). */
  blockNumber: bigint;
}

/**
 * The task a `createNewTask` receipt created, from its `NewTaskCreated` log emitted by
 * `taskManager`. Throws when the log is missing.
 */
export function createdTaskOf(receipt: TransactionReceipt, taskManager: Address): CreatedTask {
  const events = parseEventLogs({
    abi: taskManagerAbi,
    logs: receipt.logs.filter((l) => l.address.toLowerCase() === taskManager.toLowerCase()),
    eventName: "NewTaskCreated",
  });
  const ev = events[0];
  if (!ev) throw new Error(`no NewTaskCreated log in receipt of ${receipt.transactionHash}`);
  return {
    taskIndex: Number(ev.args.taskIndex),
    task: taskFromEvent(ev.args),
    txHash: receipt.transactionHash,
    blockNumber: receipt.blockNumber,
  };
}

/** The AVS ABIs together (TaskManager + ServiceManager events). */
export const avsEventsAbi = [...taskManagerAbi, ...serviceManagerAbi] as const;

/** Any decoded TaskManager or ServiceManager event, typed by name. */
export type AvsEvent = ReturnType<typeof decodeAvsEvent>;

/**
 * Decodes one TaskManager or ServiceManager log strictly (typed by event name).
 * @throws when the log is not one of their events or its data does not match
 */
export function decodeAvsEvent(
  log: { data: Hex; topics: readonly Hex[] },
): DecodeEventLogReturnType<typeof avsEventsAbi> {
  return decodeEventLog({
    abi: avsEventsAbi,
    data: log.data,
    topics: log.topics as [Hex, ...Hex[]],
    strict: true,
  });
}

/** True for a log that {@link decodeAvsEvent} can decode. */
export function isAvsLog(log: Log): boolean {
  try {
    decodeAvsEvent(log);
    return true;
  } catch {
    return false;
  }
}

/** TaskManager event names. */
export type TaskManagerEventName = ContractEventName<typeof taskManagerAbi>;

/** A followed TaskManager log of `eventName`, typed. */
export type TaskManagerLog<eventName extends TaskManagerEventName = TaskManagerEventName> =
  FollowedLog<typeof taskManagerAbi, eventName>;

/** Options of {@link followTaskManager}. */
export type FollowTaskManagerOptions<eventName extends string> =
  & Omit<FollowOptions<typeof taskManagerAbi, eventName>, "abi" | "address">
  & { taskManager: Address };

/**
 * Follows TaskManager events (see `followEvents` in `lib/chain/events.ts`), delivered typed.
 * @throws {Error} when an event name is not a TaskManager event
 */
export function followTaskManager<const eventName extends string>(
  opts: FollowTaskManagerOptions<eventName>,
): Follower {
  const { taskManager, ...rest } = opts;
  return followEvents({ ...rest, address: taskManager, abi: taskManagerAbi });
}
