/**
 * Ordered log follower over HTTP polling: back-fills from a start block in chunks, then follows
 * the head. Each log is decoded on its own, so one log that does not decode (unknown event,
 * malformed data) is reported and skipped instead of stopping the stream. Polling, not a
 * WebSocket subscription, because it needs no reconnect logic and never misses a range: the
 * cursor only advances after a range was fully handled.
 *
 * Reorganisations: the poller remembers the hash of the last block of each range it handled.
 * Before reading further it checks that block again; when its hash changed (or it is gone), it
 * walks back to the newest remembered block that is still on the chain, reports the reorg
 * (`onReorg`, so handlers can forget what they learned from the dropped blocks) and reads again
 * from the block after it. Confirmations keep most reorgs from reaching the handlers at all.
 *
 * @module
 */
import { type Abi, type Address, decodeEventLog, type Log } from "viem";
import { ReorgWatch } from "./reorg.ts";
import { sleep } from "../process/sleep.ts";
import type { ReadClient } from "./clients.ts";

/** A decoded log with its position. */
export interface DecodedLog {
  /** Emitting contract. */
  address: Address;
  /** Event name from the ABI. */
  eventName: string;
  /** Decoded arguments by name. */
  args: Record<string, unknown>;
  /** Block of the log. */
  blockNumber: bigint;
  /** Position in the block. */
  logIndex: number;
  /** Transaction that emitted it. */
  transactionHash: `0x${string}`;
}

/** Options of {@link pollLogs}. */
export interface LogPollerOptions {
  /** HTTP client to poll. */
  client: ReadClient;
  /** Contracts whose logs are read. */
  addresses: Address[];
  /** Decodes the logs (one that does not decode goes to `onUndecodable`). */
  abi: Abi | readonly unknown[];
  /** First block to read. */
  fromBlock: bigint;
  /** Stops the poller. */
  signal: AbortSignal;
  /** Poll period in ms (default 500). */
  pollMs?: number;
  /**
   * Blocks a log must be buried under before it is handled (default 0: the head). On a public
   * chain a few confirmations keep a reorganised-away log from being acted on.
   */
  confirmations?: number;
  /** Largest block range per `eth_getLogs` (default 5000). */
  chunk?: bigint;
  /** Handles logs in chain order; awaited before the next one. Errors are reported, not fatal. */
  onLog: (log: DecodedLog) => void | Promise<void>;
  /** Called once per poll after the logs, with the (confirmed) head. */
  onHead?: (head: bigint) => void | Promise<void>;
  /** A log that does not decode with `abi`. */
  onUndecodable?: (log: Log, err: unknown) => void;
  /** A failed poll or a failing handler. */
  onError?: (err: unknown) => void;
  /**
   * The chain reorganised: logs from `fromBlock` on may have been dropped or replaced and are
   * read again next. `depth` is how many handled blocks were rewound.
   */
  onReorg?: (reorg: { fromBlock: bigint; depth: bigint }) => void | Promise<void>;
}

/** Runs until `signal` aborts; never throws. Returns the next block it would have read. */
export async function pollLogs(opts: LogPollerOptions): Promise<bigint> {
  const chunk = opts.chunk ?? 5_000n;
  const pollMs = opts.pollMs ?? 500;
  let next = opts.fromBlock;
  const reorgs = new ReorgWatch();
  while (!opts.signal.aborted) {
    try {
      const rewindTo = await reorgs.rewind(opts.client, next, opts.fromBlock);
      if (rewindTo !== undefined) {
        const depth = next - rewindTo;
        next = rewindTo;
        await opts.onReorg?.({ fromBlock: rewindTo, depth });
      }
      const tip = await opts.client.getBlockNumber({ cacheTime: 0 });
      // Only confirmed blocks are read; the handlers see the confirmed head as the head.
      const head = tip - BigInt(opts.confirmations ?? 0);
      while (next <= head && !opts.signal.aborted) {
        const to = next + chunk - 1n < head ? next + chunk - 1n : head;
        const logs = await opts.client.getLogs({
          address: opts.addresses,
          fromBlock: next,
          toBlock: to,
        });
        for (const log of logs) {
          let decoded: DecodedLog;
          try {
            const d = decodeEventLog({
              abi: opts.abi,
              data: log.data,
              topics: log.topics,
              strict: true,
            });
            decoded = {
              address: log.address,
              eventName: String(d.eventName),
              args: (d.args ?? {}) as Record<string, unknown>,
              blockNumber: log.blockNumber ?? to,
              logIndex: log.logIndex ?? 0,
              transactionHash: log.transactionHash ?? "0x",
            };
          } catch (err) {
            opts.onUndecodable?.(log, err);
            continue;
          }
          try {
            await opts.onLog(decoded);
          } catch (err) {
            opts.onError?.(err);
          }
        }
        next = to + 1n;
        await reorgs.rememberEnd(opts.client, to);
      }
      if (head >= 0n) await opts.onHead?.(head);
    } catch (err) {
      opts.onError?.(err);
    }
    await sleep(pollMs, opts.signal);
  }
  return next;
}
