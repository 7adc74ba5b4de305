/**
 * Veto-committee operations on the ServiceManager's freeze requests: list, veto, finalise.
 * Used by the CLI (`freeze-requests ...`) and the tests.
 */
import type { Address, Chain, Hex, PublicClient, Transport } from "viem";
import { incredibleSquaringServiceManagerAbi } from "../chain/abi/mod.ts";
import { sendContractTx } from "../chain/tx.ts";
import type { TxClients } from "../aggregator/clients.ts";

/** Freeze request status as the contract's enum. */
export const FREEZE_STATUS = ["None", "Pending", "Vetoed", "Finalized"] as const;
/** Fault reasons as the TaskManager's enum. */
export const FAULT_REASON = ["wrong response", "no response"] as const;

/** One freeze request as read from chain, plus what can be done with it now. */
export interface FreezeRequestView {
  id: bigint;
  operator: Address;
  taskIndex: number;
  reason: string;
  requestedBlock: number;
  vetoDeadlineBlock: number;
  vetoes: number;
  status: (typeof FREEZE_STATUS)[number];
  /** Pending and the next block is still within the veto window. */
  vetoable: boolean;
  /** Pending and the veto window has passed. */
  finalizable: boolean;
}

/** Reads every freeze request (or only pending ones). */
export async function listFreezeRequests(
  client: PublicClient<Transport, Chain | undefined>,
  serviceManager: Address,
  opts: { all?: boolean } = {},
): Promise<FreezeRequestView[]> {
  const count = await client.readContract({
    address: serviceManager,
    abi: incredibleSquaringServiceManagerAbi,
    functionName: "freezeRequestCount",
  }) as bigint;
  const head = await client.getBlockNumber({ cacheTime: 0 });
  const out: FreezeRequestView[] = [];
  for (let id = 0n; id < count; id++) {
    const r = await client.readContract({
      address: serviceManager,
      abi: incredibleSquaringServiceManagerAbi,
      functionName: "getFreezeRequest",
      args: [id],
    }) as {
      operator: Address;
      taskIndex: number;
      reason: number;
      requestedBlock: number;
      vetoDeadlineBlock: number;
      vetoes: number;
      status: number;
    };
    const status = FREEZE_STATUS[r.status] ?? "None";
    if (!opts.all && status !== "Pending") continue;
    const pending = status === "Pending";
    out.push({
      id,
      operator: r.operator,
      taskIndex: Number(r.taskIndex),
      reason: FAULT_REASON[r.reason] ?? `reason ${r.reason}`,
      requestedBlock: Number(r.requestedBlock),
      vetoDeadlineBlock: Number(r.vetoDeadlineBlock),
      vetoes: Number(r.vetoes),
      status,
      vetoable: pending && head + 1n <= BigInt(r.vetoDeadlineBlock),
      finalizable: pending && head + 1n > BigInt(r.vetoDeadlineBlock),
    });
  }
  return out;
}

/** Formats requests as an aligned text table. */
export function formatFreezeTable(rows: readonly FreezeRequestView[]): string {
  if (rows.length === 0) return "no freeze requests";
  const header = [
    "id",
    "operator",
    "task",
    "reason",
    "requested",
    "veto deadline",
    "vetoes",
    "status",
    "action",
  ];
  const lines = rows.map((r) => [
    r.id.toString(),
    r.operator,
    String(r.taskIndex),
    r.reason,
    String(r.requestedBlock),
    String(r.vetoDeadlineBlock),
    String(r.vetoes),
    r.status,
    r.vetoable ? "vetoable" : r.finalizable ? "finalizable" : "-",
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const fmt = (cols: string[]) => cols.map((c, i) => c.padEnd(widths[i])).join("  ").trimEnd();
  return [fmt(header), ...lines.map(fmt)].join("\n");
}

/** Parses a request id argument; throws a clear error for anything but a non-negative integer. */
export function parseRequestId(raw: string): bigint {
  if (!/^[0-9]+$/.test(raw.trim())) {
    throw new Error(`request id must be a non-negative integer, got "${raw}"`);
  }
  return BigInt(raw.trim());
}

/** Casts a veto from the wallet's account (a committee member). Returns the tx hash. */
export async function vetoFreezeRequest(
  clients: TxClients,
  serviceManager: Address,
  id: bigint,
): Promise<Hex> {
  const r = await sendContractTx({
    publicClient: clients.public,
    walletClient: clients.wallet,
    address: serviceManager,
    abi: incredibleSquaringServiceManagerAbi,
    functionName: "vetoFreezeRequest",
    args: [id],
  });
  return r.transactionHash;
}

/** Finalises a request whose veto window passed (anyone may). Returns the tx hash. */
export async function finalizeFreezeRequest(
  clients: TxClients,
  serviceManager: Address,
  id: bigint,
): Promise<Hex> {
  const r = await sendContractTx({
    publicClient: clients.public,
    walletClient: clients.wallet,
    address: serviceManager,
    abi: incredibleSquaringServiceManagerAbi,
    functionName: "finalizeFreezeRequest",
    args: [id],
  });
  return r.transactionHash;
}
