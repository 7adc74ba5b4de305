/**
 * A log as `eth_getLogs` returns it (hex quantities), and its ordering and identity.
 *
 * @module
 */
import type { Hex } from "viem";

/** A log straight from JSON-RPC. */
export type RawLog = {
  address: Hex;
  topics: Hex[];
  data: Hex;
  blockNumber: Hex | bigint | null;
  blockHash: Hex | null;
  transactionHash: Hex | null;
  logIndex: Hex | number | null;
  removed?: boolean;
};

/** A quantity as a bigint (-1 for null: a pending log). */
export const quantity = (v: Hex | bigint | number | null): bigint => v === null ? -1n : BigInt(v);

/** Sorts logs into chain order (block, then log index). */
export function chainOrder(logs: readonly RawLog[]): RawLog[] {
  return [...logs].sort((a, b) =>
    Number(quantity(a.blockNumber) - quantity(b.blockNumber)) ||
    Number(quantity(a.logIndex) - quantity(b.logIndex))
  );
}
