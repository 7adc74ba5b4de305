/**
 * The FaultLedger (created by the TaskManager, address in `faultLedger()`): a successful
 * challenge records one fault assignment there, and the operators at fault are derived from the
 * registry history and handed to the ServiceManager (freeze or slashing requests) in bounded
 * batches: the challenge transaction walks the first `OPENING_BATCH` quorum-list entries,
 * `assignFaults` the rest, `maxEntries` per call, so no transaction grows with the operator
 * count. Anyone may call `assignFaults`; the challenger does until the assignment is complete.
 *
 * @module
 */
import { type Address, type Hex, parseEventLogs, type TransactionReceipt } from "viem";
import { faultLedgerAbi } from "../chain/abi/mod.ts";
import type { ReadClient, TxSender } from "../chain/clients.ts";
import { read, transact, type TxOptions } from "../chain/tx.ts";
import { type G1Point, operatorId } from "../bls/mod.ts";
import type { Task } from "../task/mod.ts";
import { compareIds } from "../aggregation/task_rules.ts";
import type { AvsContracts } from "./contracts.ts";
import { taskFromEvent, taskManagerAbi } from "./events.ts";
import { recoverNonSigners } from "./non_signers.ts";
import { responseWindowBlocks } from "./task_manager.ts";

export { faultLedgerAbi };

export { DEFAULT_FAULT_BATCH } from "../config/challenger.ts";

/** Why operators were held at fault (the contract's `FaultReason`). */
export type FaultReason = "wrong_response" | "no_response";

/** A task's fault assignment as the ledger stores it. */
export interface FaultAssignment {
  reason: FaultReason;
  /** True until every quorum-list entry at the task's block has been walked. */
  open: boolean;
  /** Position in the task's quorum numbers of the list being walked. */
  quorumCursor: number;
  /** Next index in that list. */
  indexCursor: number;
  /** Operators held at fault so far. */
  operatorsAtFault: number;
  /** Wrong response: the recorded `hashOfNonSigners`. */
  nonSignersHash: Hex;
}

/** The reason code of the contract's enum. */
export function faultReasonOf(code: number): FaultReason {
  return code === 1 ? "no_response" : "wrong_response";
}

/** The TaskManager's FaultLedger. */
export function faultLedgerOf(
  client: ReadClient,
  c: Pick<AvsContracts, "taskManager">,
): Promise<Address> {
  return read(client, { address: c.taskManager, abi: taskManagerAbi, functionName: "faultLedger" });
}

/** A task's fault assignment (all zero/closed when none was opened). */
export async function getFaultAssignment(
  client: ReadClient,
  ledger: Address,
  taskIndex: number,
): Promise<FaultAssignment> {
  const a = await read(client, {
    address: ledger,
    abi: faultLedgerAbi,
    functionName: "getFaultAssignment",
    args: [taskIndex],
  });
  return {
    reason: faultReasonOf(a.reason),
    open: a.open,
    quorumCursor: a.quorumCursor,
    indexCursor: a.indexCursor,
    operatorsAtFault: a.operatorsAtFault,
    nonSignersHash: a.nonSignersHash,
  };
}

/**
 * The non-signer ids `assignFaults` needs for a wrong response: the pubkey hashes of the
 * recorded non-signers, ascending (the order `respondToTask` verified them in).
 */
export function nonSignerIdsOf(pubkeys: readonly G1Point[]): Hex[] {
  return pubkeys.map(operatorId).sort(compareIds);
}

/**
 * {@link nonSignerIdsOf} the non-signers of an accepted response, recovered from its
 * `respondToTask` transaction and checked against the recorded hash (see `recoverNonSigners`).
 */
export async function recoverNonSignerIds(
  client: ReadClient,
  taskManager: Address,
  txHash: Hex,
  taskCreatedBlock: number,
  recordedHash: Hex,
): Promise<Hex[]> {
  return nonSignerIdsOf(
    await recoverNonSigners(client, taskManager, txHash, taskCreatedBlock, recordedHash),
  );
}

/** What one `assignFaults` call did. */
export interface AssignedBatch {
  receipt: TransactionReceipt;
  /** Operators held at fault by this call. */
  operators: Address[];
  /** Whether the assignment is complete. */
  done: boolean;
}

/**
 * `assignFaults(taskIndex, task, nonSignerIds, maxEntries)`: walks up to `maxEntries` more
 * quorum-list entries of an open assignment. `nonSignerIds` only matter for a wrong response
 * (see {@link nonSignerIdsOf}); pass `[]` for a missing one.
 */
export async function assignFaults(
  sender: TxSender,
  ledger: Address,
  a: { taskIndex: number; task: Task; nonSignerIds: readonly Hex[]; maxEntries: number },
  tx?: TxOptions,
): Promise<AssignedBatch> {
  const receipt = await transact(sender, {
    address: ledger,
    abi: faultLedgerAbi,
    functionName: "assignFaults",
    args: [a.taskIndex, a.task, [...a.nonSignerIds], BigInt(a.maxEntries)],
  }, { blockTag: "pending", ...tx });
  const mine = receipt.logs.filter((l) => l.address.toLowerCase() === ledger.toLowerCase());
  const operators: Address[] = [];
  let done = false;
  for (const ev of parseEventLogs({ abi: faultLedgerAbi, logs: mine })) {
    if (ev.eventName === "OperatorsAtFault") operators.push(...ev.args.operators);
    if (ev.eventName === "FaultAssignmentCompleted") done = true;
  }
  return { receipt, operators, done };
}

/** What `assignFaults` needs besides the batch size, read back from the chain. */
export interface FaultAssignmentInputs {
  task: Task;
  assignment: FaultAssignment;
  /** Wrong response: the recorded non-signers' ids, ascending; else empty. */
  nonSignerIds: Hex[];
}

/**
 * Reads what anyone needs to continue a task's fault assignment: the task (its
 * `NewTaskCreated` event), the assignment and, for a wrong response, the non-signer ids (from the
 * `respondToTask` transaction inside the task's response window, checked against the recorded
 * hash). The task's event is looked for from `fromBlock` on (the deployment block, or the
 * opening block minus the response and challenge windows).
 * @throws {Error} naming the task when it does not exist or its response cannot be found
 */
export async function faultAssignmentInputs(
  client: ReadClient,
  c: Pick<AvsContracts, "taskManager">,
  ledger: Address,
  taskIndex: number,
  fromBlock: bigint,
): Promise<FaultAssignmentInputs> {
  const created = await client.getContractEvents({
    address: c.taskManager,
    abi: taskManagerAbi,
    eventName: "NewTaskCreated",
    args: { taskIndex },
    fromBlock,
    strict: true,
  });
  if (created.length === 0) throw new Error(`task ${taskIndex} does not exist on this TaskManager`);
  const task = taskFromEvent(created[0].args);
  const assignment = await getFaultAssignment(client, ledger, taskIndex);
  if (assignment.reason === "no_response" || !assignment.open) {
    return { task, assignment, nonSignerIds: [] };
  }
  const window = BigInt(await responseWindowBlocks(client, c));
  const from = BigInt(task.taskCreatedBlock);
  const responded = await client.getContractEvents({
    address: c.taskManager,
    abi: taskManagerAbi,
    eventName: "TaskResponded",
    fromBlock: from,
    toBlock: from + window,
    strict: true,
  });
  const hit = responded.find((l) => l.args.taskResponse.referenceTaskIndex === taskIndex);
  if (!hit) throw new Error(`no TaskResponded for task ${taskIndex} in its response window`);
  const nonSignerIds = await recoverNonSignerIds(
    client,
    c.taskManager,
    hit.transactionHash,
    task.taskCreatedBlock,
    hit.args.taskResponseMetadata.hashOfNonSigners,
  );
  return { task, assignment, nonSignerIds };
}
