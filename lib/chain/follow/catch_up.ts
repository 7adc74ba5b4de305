/**
 * The HTTP side of the follower: reads logs from a cursor up to the head with `eth_getLogs` in
 * bounded ranges, one catch-up at a time (a request while one runs makes it run once more, so a
 * wake-up for a block beyond the running catch-up's head is never lost), plus a periodic poll.
 *
 * @module
 */
import { type Chain, type Hex, numberToHex, type PublicClient, type Transport } from "viem";
import { getLogger } from "../../log/mod.ts";
import type { DeliveryQueue } from "./queue.ts";
import type { RawLog } from "./raw_log.ts";
import { ReorgWatch } from "../reorg.ts";

const log = getLogger(["chain", "events"]);

/** Options of {@link catchUpReader}. */
export type CatchUpOptions = {
  client: PublicClient<Transport, Chain>;
  address: Hex;
  selectors: readonly Hex[];
  fromBlock: bigint;
  maxBlockRange: bigint;
  queue: DeliveryQueue;
  stopped: () => boolean;
};

/** The catch-up reader. */
export type CatchUpReader = {
  /** Next block to read (everything before it has been delivered). */
  readonly cursor: bigint;
  /** Reads up to the head; `viaLive` marks the delivered logs as live. */
  run(viaLive?: boolean): Promise<void>;
  /** Resolves when no catch-up is running. */
  settled(): Promise<void>;
};

/** Creates the reader; see the module comment. */
export function catchUpReader(o: CatchUpOptions): CatchUpReader {
  let cursor = o.fromBlock;
  const reorgs = new ReorgWatch();
  let running: Promise<void> | undefined;
  let again = false;
  let liveWake = false;

  const once = async (): Promise<void> => {
    const viaLive = liveWake;
    liveWake = false;
    // A replaced block below the cursor: read again from the newest block still on the chain
    // (logs of replaced blocks have new block hashes, so the dedupe lets them through).
    const rewindTo = await reorgs.rewind(o.client, cursor, o.fromBlock);
    if (rewindTo !== undefined) {
      log.warn("the chain reorganised: reading logs again from block {block}", {
        block: rewindTo.toString(),
      });
      cursor = rewindTo;
    }
    const head = await o.client.getBlockNumber({ cacheTime: 0 });
    while (!o.stopped() && cursor <= head) {
      const to = cursor + o.maxBlockRange - 1n < head ? cursor + o.maxBlockRange - 1n : head;
      const logs = await o.client.request({
        method: "eth_getLogs",
        params: [{
          address: o.address,
          fromBlock: numberToHex(cursor),
          toBlock: numberToHex(to),
          topics: [[...o.selectors]],
        }],
      }) as unknown as RawLog[];
      await o.queue.push(logs, viaLive);
      cursor = to + 1n;
      await reorgs.rememberEnd(o.client, to);
    }
    o.queue.prune(cursor);
  };

  return {
    get cursor() {
      return cursor;
    },
    run(viaLive = false) {
      if (viaLive) liveWake = true;
      again = true;
      running ??= (async () => {
        try {
          while (again && !o.stopped()) {
            again = false;
            await once();
          }
        } finally {
          running = undefined;
        }
      })();
      return running;
    },
    settled: () => running?.catch(() => {}) ?? Promise.resolve(),
  };
}

/** Runs `reader` every `pollMs` until `stopped`; failures are logged and retried. */
export function pollPeriodically(
  reader: CatchUpReader,
  o: { pollMs: number; label: string; stopped: () => boolean },
): { cancel(): void } {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const schedule = () => {
    if (o.stopped()) return;
    timer = setTimeout(async () => {
      try {
        await reader.run();
      } catch (err) {
        log.warn("{follower}: catch-up failed, retrying in {ms} ms: {error}", {
          follower: o.label,
          ms: o.pollMs,
          error: (err as Error).message.split("\n")[0],
        });
      }
      schedule();
    }, o.pollMs);
  };
  schedule();
  return { cancel: () => clearTimeout(timer) };
}

/**
 * The initial back-fill: catch-up until it succeeds once (backing off between failures), or
 * until `stopped`. `cancelWait` wakes a back-off up when stopping.
 */
export function initialBackfill(
  reader: CatchUpReader,
  o: { label: string; stopped: () => boolean },
): { done: Promise<void>; cancelWait(): void } {
  const log = getLogger(["chain", "events"]);
  let wake: (() => void) | undefined;
  const done = (async () => {
    for (let attempt = 0; !o.stopped(); attempt++) {
      try {
        await reader.run();
        break;
      } catch (err) {
        log.warn("{follower}: initial back-fill failed (attempt {attempt}): {error}", {
          follower: o.label,
          attempt: attempt + 1,
          error: (err as Error).message.split("\n")[0],
        });
        await new Promise<void>((r) => {
          const t = setTimeout(r, Math.min(10_000, 500 * 2 ** attempt));
          wake = () => {
            clearTimeout(t);
            r();
          };
        });
        wake = undefined;
      }
    }
  })();
  return { done, cancelWait: () => wake?.() };
}
