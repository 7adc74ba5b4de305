/**
 * Delivers logs one at a time, in chain order, each once: deduplicated, decoded, handed to the
 * handler. An undecodable log or a failing handler is logged and skipped; the queue never stops.
 *
 * @module
 */
import type { Hex } from "viem";
import { getLogger } from "../../log/mod.ts";
import type { FollowerMetrics } from "../../metrics/avs.ts";
import type { EventDecoder } from "./decode.ts";
import { SeenLogs } from "./dedupe.ts";
import { chainOrder, quantity, type RawLog } from "./raw_log.ts";

/** A decoded log with its position, before the caller's typing. */
export type DeliveredLog = {
  eventName: string;
  args: unknown;
  address: Hex;
  blockNumber: bigint;
  blockHash: Hex;
  transactionHash: Hex;
  logIndex: number;
  live: boolean;
};

/** Options of {@link deliveryQueue}. */
export type DeliveryQueueOptions = {
  decoder: EventDecoder;
  /** Logs before this block are dropped. */
  fromBlock: bigint;
  onLog: (log: DeliveredLog) => void | Promise<void>;
  metrics?: FollowerMetrics;
  /** True once the follower is stopping: nothing more is delivered. */
  stopped: () => boolean;
};

/** The queue: `push` enqueues a batch (resolves once it was delivered). */
export type DeliveryQueue = {
  push(logs: readonly RawLog[], live: boolean): Promise<void>;
  /** Forgets dedupe entries behind `cursor`. */
  prune(cursor: bigint): void;
  /** Resolves when everything queued so far was delivered. */
  idle(): Promise<void>;
};

const log = getLogger(["chain", "events"]);

/** Creates a queue; see the module comment. */
export function deliveryQueue(o: DeliveryQueueOptions): DeliveryQueue {
  const seen = new SeenLogs();
  let tail: Promise<void> = Promise.resolve();

  const deliver = async (raw: RawLog, live: boolean): Promise<void> => {
    if (raw.removed || raw.blockHash === null || raw.logIndex === null) return;
    const blockNumber = quantity(raw.blockNumber);
    if (blockNumber < o.fromBlock) return;
    if (!seen.add(raw.blockHash, Number(raw.logIndex), blockNumber)) return;
    const expected = o.decoder.nameOf(raw);
    if (!expected) return; // another event of the same contract
    let decoded: { eventName: string; args: unknown };
    try {
      decoded = o.decoder.decode(raw);
    } catch (err) {
      o.metrics?.undecodableLogs.inc({ event: expected });
      log.warn("skipping undecodable {event} log in block {block} (tx {tx}): {error}", {
        event: expected,
        block: blockNumber,
        tx: raw.transactionHash,
        error: (err as Error).message.split("\n")[0],
      });
      return;
    }
    try {
      await o.onLog({
        eventName: decoded.eventName,
        args: decoded.args,
        address: raw.address,
        blockNumber,
        blockHash: raw.blockHash,
        transactionHash: raw.transactionHash ?? "0x",
        logIndex: Number(raw.logIndex),
        live,
      });
    } catch (err) {
      log.error("handler for {event} log in block {block} failed: {error}", {
        event: decoded.eventName,
        block: blockNumber,
        error: err,
      });
    }
  };

  return {
    push(logs, live) {
      const sorted = chainOrder(logs);
      tail = tail.then(async () => {
        for (const l of sorted) {
          if (o.stopped()) return;
          await deliver(l, live);
        }
      });
      return tail;
    },
    prune: (cursor) => seen.prune(cursor),
    idle: () => tail,
  };
}
