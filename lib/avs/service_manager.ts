/**
 * IncredibleSquaringServiceManager: freeze requests raised by successful challenges (list, read,
 * veto, finalise), frozen operators and the veto committee.
 *
 * @module
 */
import type { Address, Hex } from "viem";
import type { ReadClient, TxSender } from "../chain/clients.ts";
import { read, transact, type TxOptions } from "../chain/tx.ts";
import type { AvsContracts } from "./contracts.ts";
import { serviceManagerAbi } from "./events.ts";

/** The address the ServiceManager calls need. */
export type ServiceManagerContracts = Pick<AvsContracts, "serviceManager">;

const sm = (c: ServiceManagerContracts) =>
  ({ address: c.serviceManager, abi: serviceManagerAbi }) as const;

/** Freeze request status as the contract's enum. */
export const FREEZE_STATUS = ["None", "Pending", "Vetoed", "Finalized"] as const;
/** A freeze request's status. */
export type FreezeStatus = (typeof FREEZE_STATUS)[number];
/** Fault reasons as the TaskManager's enum. */
export const FAULT_REASON = ["wrong response", "no response"] as const;

/** One freeze request as stored. */
export interface FreezeRequest {
  /** Request id (`0 .. freezeRequestCount - 1`). */
  id: bigint;
  /** The operator at fault. */
  operator: Address;
  /** The challenged task. */
  taskIndex: number;
  /** {@link FAULT_REASON} text, or `reason N` for an unknown value. */
  reason: string;
  /** Block the request was raised in. */
  requestedBlock: number;
  /** Last block a veto counts in. */
  vetoDeadlineBlock: number;
  /** Vetoes cast so far. */
  vetoes: number;
  /** Where the request stands. */
  status: FreezeStatus;
}

/** One freeze request plus what can be done with it at the next block. */
export interface FreezeRequestView extends FreezeRequest {
  /** Pending and the next block is still within the veto window. */
  vetoable: boolean;
  /** Pending and the veto window has passed. */
  finalizable: boolean;
}

/** `freezeRequestCount()`. */
export function freezeRequestCount(
  client: ReadClient,
  c: ServiceManagerContracts,
): Promise<bigint> {
  return read(client, { ...sm(c), functionName: "freezeRequestCount" });
}

/** `getFreezeRequest(id)`, decoded. */
export async function getFreezeRequest(
  client: ReadClient,
  c: ServiceManagerContracts,
  id: bigint,
): Promise<FreezeRequest> {
  const r = await read(client, { ...sm(c), functionName: "getFreezeRequest", args: [id] });
  return {
    id,
    operator: r.operator,
    taskIndex: Number(r.taskIndex),
    reason: FAULT_REASON[r.reason] ?? `reason ${r.reason}`,
    requestedBlock: Number(r.requestedBlock),
    vetoDeadlineBlock: Number(r.vetoDeadlineBlock),
    vetoes: Number(r.vetoes),
    status: FREEZE_STATUS[r.status] ?? "None",
  };
}

/** Every freeze request (or only pending ones), with what can be done at the next block. */
export async function listFreezeRequests(
  client: ReadClient,
  c: ServiceManagerContracts,
  opts: { all?: boolean } = {},
): Promise<FreezeRequestView[]> {
  const count = await freezeRequestCount(client, c);
  const head = await client.getBlockNumber({ cacheTime: 0 });
  const out: FreezeRequestView[] = [];
  for (let id = 0n; id < count; id++) {
    const r = await getFreezeRequest(client, c, id);
    if (!opts.all && r.status !== "Pending") continue;
    const pending = r.status === "Pending";
    const next = head + 1n;
    out.push({
      ...r,
      vetoable: pending && next <= BigInt(r.vetoDeadlineBlock),
      finalizable: pending && next > BigInt(r.vetoDeadlineBlock),
    });
  }
  return out;
}

/** `isFrozen(operator)`. */
export function isFrozen(
  client: ReadClient,
  c: ServiceManagerContracts,
  operator: Address,
): Promise<boolean> {
  return read(client, { ...sm(c), functionName: "isFrozen", args: [operator] });
}

/** The veto committee and how many vetoes stop a request. */
export async function vetoCommittee(
  client: ReadClient,
  c: ServiceManagerContracts,
): Promise<{ members: Address[]; threshold: number }> {
  const [members, threshold] = await read(client, { ...sm(c), functionName: "getVetoCommittee" });
  return { members: [...members], threshold: Number(threshold) };
}

/** Blocks a freeze request stays vetoable. */
export async function vetoWindowBlocks(
  client: ReadClient,
  c: ServiceManagerContracts,
): Promise<number> {
  return Number(await read(client, { ...sm(c), functionName: "vetoWindowBlock" }));
}

/** Casts a veto from the sender (a committee member). Returns the transaction hash. */
export async function vetoFreezeRequest(
  sender: TxSender,
  c: ServiceManagerContracts,
  id: bigint,
  tx?: TxOptions,
): Promise<Hex> {
  const r = await transact(sender, { ...sm(c), functionName: "vetoFreezeRequest", args: [id] }, {
    blockTag: "pending",
    ...tx,
  });
  return r.transactionHash;
}

/** Finalises a request whose veto window passed (anyone may). Returns the transaction hash. */
export async function finalizeFreezeRequest(
  sender: TxSender,
  c: ServiceManagerContracts,
  id: bigint,
  tx?: TxOptions,
): Promise<Hex> {
  const r = await transact(
    sender,
    { ...sm(c), functionName: "finalizeFreezeRequest", args: [id] },
    { blockTag: "pending", ...tx },
  );
  return r.transactionHash;
}
