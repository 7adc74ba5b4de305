/** Polls the chain head: new blocks drive task expiry, and the poll's success is chain health. */
import type { PublicClient } from "viem";
import { getLogger, shortError } from "../log/mod.ts";
import { sleep } from "../process/sleep.ts";

const log = getLogger("aggregator");

/** Options of {@link watchBlocks}. */
export interface BlockWatchOptions {
  client: Pick<PublicClient, "getBlockNumber">;
  pollMs: number;
  signal: AbortSignal;
  /** Called once per new head. */
  onBlock(head: bigint): void;
}

/** A running head poller; `healthy` is false while the last poll failed. */
export interface BlockWatch {
  readonly healthy: boolean;
  /** Resolves once the loop has ended (after `signal` aborts). */
  done: Promise<void>;
}

/** Starts polling the head until `signal` aborts. */
export function watchBlocks(o: BlockWatchOptions): BlockWatch {
  let healthy = true;
  let last = -1n;
  const done = (async () => {
    while (!o.signal.aborted) {
      try {
        const head = await o.client.getBlockNumber({ cacheTime: 0 });
        healthy = true;
        if (head !== last) {
          last = head;
          o.onBlock(head);
        }
      } catch (err) {
        if (healthy) log.warn("cannot read the block number: {error}", { error: shortError(err) });
        healthy = false;
      }
      await sleep(o.pollMs, o.signal);
    }
  })();
  return {
    get healthy() {
      return healthy;
    },
    done,
  };
}
