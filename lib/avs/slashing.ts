/**
 * The slashing-era ServiceManager (`IncredibleSquaringSlashingServiceManager`) and its
 * VetoableSlasher: the slashing requests a successful challenge queues (list, read), the veto
 * committee's cancellation, fulfilment after the veto window through the ServiceManager, and the
 * shares a fulfilment slashed (from the DelegationManager's `OperatorSharesSlashed` logs).
 *
 * Window rule of the VetoableSlasher: a request raised in block `r` can be cancelled in blocks
 * `< r + vetoWindowBlocks` and fulfilled from block `r + vetoWindowBlocks` on.
 *
 * @module
 */
import { type Address, type Hex, parseEventLogs, type TransactionReceipt } from "viem";
import { incredibleSquaringSlashingServiceManagerAbi } from "../chain/abi/mod.ts";
import { delegationManagerAbi, vetoableSlasherAbi } from "../chain/abi/slashing/mod.ts";
import type { ReadClient, TxSender } from "../chain/clients.ts";
import { read, transact, type TxOptions } from "../chain/tx.ts";

/** The slashing ServiceManager ABI. */
export const slashingServiceManagerAbi = incredibleSquaringSlashingServiceManagerAbi;

// The slasher's errors bubble up through the ServiceManager's fulfil call.
const fulfilAbi = [
  ...slashingServiceManagerAbi,
  ...vetoableSlasherAbi.filter((i) => i.type === "error"),
] as const;

/**
 * Events the challenger follows on the slashing era: the ServiceManager's (which link a request
 * to its task) and the VetoableSlasher's (requested, cancelled, slashed). Errors of both are
 * included so a revert bubbling through the ServiceManager decodes by name.
 */
export const slashingEventsAbi = [
  ...incredibleSquaringSlashingServiceManagerAbi.filter((i) =>
    i.type === "event" || i.type === "error"
  ),
  ...vetoableSlasherAbi.filter((i) => i.type === "event" || i.type === "error"),
] as const;

/** The ServiceManager and, once read, its slasher. */
export type SlashingContracts = { serviceManager: Address; slasher: Address };

/** Status of a slashing request as the VetoableSlasher's enum. */
export const SLASHING_STATUS = ["Requested", "Cancelled", "Completed"] as const;
/** A slashing request's status. */
export type SlashingStatus = (typeof SLASHING_STATUS)[number];

/** Which slasher the ServiceManager uses: `vetoable` queues requests, `instant` slashes at once. */
export async function slasherOf(
  client: ReadClient,
  serviceManager: Address,
): Promise<{ slasher: Address; kind: "instant" | "vetoable" }> {
  const sm = { address: serviceManager, abi: slashingServiceManagerAbi } as const;
  const [slasher, kind] = await Promise.all([
    read(client, { ...sm, functionName: "slasherContract" }),
    read(client, { ...sm, functionName: "slasherKind" }),
  ]);
  return { slasher, kind: kind === 0 ? "vetoable" : "instant" };
}

/**
 * Whether `serviceManager` is a slashing-era one (has a slasher); false for the M2 one, whose
 * call reverts.
 */
export async function isSlashingServiceManager(
  client: ReadClient,
  serviceManager: Address,
): Promise<boolean> {
  try {
    await slasherOf(client, serviceManager);
    return true;
  } catch {
    return false;
  }
}

/** Blocks a request stays cancellable, and the single committee address. */
export async function vetoableSlasherParams(
  client: ReadClient,
  slasher: Address,
): Promise<{ vetoWindowBlocks: number; vetoCommittee: Address }> {
  const s = { address: slasher, abi: vetoableSlasherAbi } as const;
  const [w, committee] = await Promise.all([
    read(client, { ...s, functionName: "vetoWindowBlocks" }),
    read(client, { ...s, functionName: "vetoCommittee" }),
  ]);
  return { vetoWindowBlocks: Number(w), vetoCommittee: committee };
}

/** One slashing request as stored by the VetoableSlasher. */
export interface SlashingRequest {
  id: bigint;
  operator: Address;
  operatorSetId: number;
  strategies: Address[];
  /** WAD fraction of the allocated magnitude slashed per strategy. */
  wadsToSlash: bigint[];
  description: string;
  requestBlock: number;
  status: SlashingStatus;
}

/** A request plus what can be done with it at the next block. */
export interface SlashingRequestView extends SlashingRequest {
  /** Last block a cancellation counts in. */
  vetoDeadlineBlock: number;
  /** Requested and the next block is still inside the veto window. */
  vetoable: boolean;
  /** Requested and the veto window has passed. */
  fulfillable: boolean;
}

/** `nextRequestId()`: the number of requests ever queued. */
export function slashingRequestCount(client: ReadClient, slasher: Address): Promise<bigint> {
  return read(client, { address: slasher, abi: vetoableSlasherAbi, functionName: "nextRequestId" });
}

/** `getSlashingRequest(id)`, decoded. */
export async function getSlashingRequest(
  client: ReadClient,
  slasher: Address,
  id: bigint,
): Promise<SlashingRequest> {
  const r = await read(client, {
    address: slasher,
    abi: vetoableSlasherAbi,
    functionName: "getSlashingRequest",
    args: [id],
  });
  return {
    id,
    operator: r.params.operator,
    operatorSetId: Number(r.params.operatorSetId),
    strategies: [...r.params.strategies],
    wadsToSlash: [...r.params.wadsToSlash],
    description: r.params.description,
    requestBlock: Number(r.requestBlock),
    status: SLASHING_STATUS[r.status] ?? "Requested",
  };
}

/** Whether a request can be cancelled / fulfilled by a transaction landing in `block`. */
export function slashingWindow(
  r: Pick<SlashingRequest, "requestBlock" | "status">,
  vetoWindowBlocks: number,
  block: bigint,
): { vetoDeadlineBlock: number; vetoable: boolean; fulfillable: boolean } {
  const opensAt = BigInt(r.requestBlock + vetoWindowBlocks);
  const requested = r.status === "Requested";
  return {
    vetoDeadlineBlock: r.requestBlock + vetoWindowBlocks - 1,
    vetoable: requested && block < opensAt,
    fulfillable: requested && block >= opensAt,
  };
}

/** Every slashing request (or only those still `Requested`), with the next block's options. */
export async function listSlashingRequests(
  client: ReadClient,
  slasher: Address,
  opts: { all?: boolean; operator?: Address } = {},
): Promise<SlashingRequestView[]> {
  const [count, params, head] = await Promise.all([
    slashingRequestCount(client, slasher),
    vetoableSlasherParams(client, slasher),
    client.getBlockNumber({ cacheTime: 0 }),
  ]);
  const out: SlashingRequestView[] = [];
  for (let id = 0n; id < count; id++) {
    const r = await getSlashingRequest(client, slasher, id);
    if (!opts.all && r.status !== "Requested") continue;
    if (opts.operator && r.operator.toLowerCase() !== opts.operator.toLowerCase()) continue;
    out.push({ ...r, ...slashingWindow(r, params.vetoWindowBlocks, head + 1n) });
  }
  return out;
}

/** The committee's veto: `cancelSlashingRequest(id)` from the sender. Returns the tx hash. */
export async function vetoSlashingRequest(
  sender: TxSender,
  slasher: Address,
  id: bigint,
  tx?: TxOptions,
): Promise<Hex> {
  const r = await transact(sender, {
    address: slasher,
    abi: vetoableSlasherAbi,
    functionName: "cancelSlashingRequest",
    args: [id],
  }, { blockTag: "pending", ...tx });
  return r.transactionHash;
}

/** Shares the DelegationManager slashed, per (operator, strategy), from a receipt. */
export type SlashedShares = { operator: Address; strategy: Address; shares: bigint };

/** The `OperatorSharesSlashed` logs of a receipt. */
export function slashedSharesIn(receipt: Pick<TransactionReceipt, "logs">): SlashedShares[] {
  return parseEventLogs({
    abi: delegationManagerAbi,
    eventName: "OperatorSharesSlashed",
    logs: receipt.logs,
  }).map((l) => ({
    operator: l.args.operator,
    strategy: l.args.strategy,
    shares: l.args.totalSlashedShares,
  }));
}

/**
 * Fulfils a request whose veto window passed (anyone may), through the ServiceManager, and
 * reports the shares slashed.
 */
export async function fulfillSlashingRequest(
  sender: TxSender,
  serviceManager: Address,
  id: bigint,
  tx?: TxOptions,
): Promise<{ txHash: Hex; blockNumber: bigint; slashed: SlashedShares[] }> {
  const r = await transact(sender, {
    address: serviceManager,
    abi: fulfilAbi,
    functionName: "fulfillSlashingRequest",
    args: [id],
  }, { blockTag: "pending", ...tx });
  return { txHash: r.transactionHash, blockNumber: r.blockNumber, slashed: slashedSharesIn(r) };
}
