/**
 * Veto-committee operations on the ServiceManager's freeze requests for the CLI
 * (`freeze-requests ...`) and the tests: list, veto, finalise (over `lib/avs/service_manager.ts`)
 * and the table the CLI prints.
 *
 * @module
 */
import type { Address, Hex } from "viem";
import type { ReadClient, TxSender } from "../chain/clients.ts";
import * as sm from "../avs/service_manager.ts";
import type { FreezeRequestView } from "../avs/service_manager.ts";

export { FAULT_REASON, FREEZE_STATUS, type FreezeRequestView } from "../avs/service_manager.ts";

/** Reads every freeze request (or only pending ones). */
export function listFreezeRequests(
  client: ReadClient,
  serviceManager: Address,
  opts: { all?: boolean } = {},
): Promise<FreezeRequestView[]> {
  return sm.listFreezeRequests(client, { serviceManager }, opts);
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
export function vetoFreezeRequest(
  clients: TxSender,
  serviceManager: Address,
  id: bigint,
): Promise<Hex> {
  return sm.vetoFreezeRequest(clients, { serviceManager }, id);
}

/** Finalises a request whose veto window passed (anyone may). Returns the tx hash. */
export function finalizeFreezeRequest(
  clients: TxSender,
  serviceManager: Address,
  id: bigint,
): Promise<Hex> {
  return sm.finalizeFreezeRequest(clients, { serviceManager }, id);
}
