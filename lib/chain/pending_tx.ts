/**
 * The former pending-block send of the aggregator and challenger, now a thin wrapper over
 * `transact` (`tx.ts`) with `blockTag: "pending"` (see `TxOptions.blockTag` there for why).
 *
 * @module
 */
import type { Abi, Hex, TransactionReceipt } from "viem";
import type { TxClients } from "./clients.ts";
import { encodeUntyped, sendEncodedTx } from "./send.ts";

/**
 * Simulates and estimates at `pending`, sends with that gas (+20 %), waits for the receipt.
 * @deprecated Use `transact` with `blockTag: "pending"`.
 * @throws {TxError}
 */
export function sendPendingBlockTx(
  clients: TxClients,
  address: Hex,
  abi: Abi | readonly unknown[],
  functionName: string,
  args: readonly unknown[],
): Promise<TransactionReceipt> {
  return sendEncodedTx(clients, encodeUntyped(address, abi, functionName, args), {
    blockTag: "pending",
  });
}
