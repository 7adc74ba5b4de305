/**
 * A resilient contract-event follower: back-fill with `eth_getLogs` from a start block, then a
 * live WebSocket subscription, plus a periodic HTTP catch-up that closes any gap a dropped or
 * silently dead socket leaves. Logs are always read back from a cursor with `eth_getLogs` (the
 * subscription only wakes the follower up), so each log is delivered once, in chain order, one
 * at a time (plus a dedup by block hash and log index as a safety net). A log that cannot be decoded, or a handler
 * that throws, is logged and skipped: the follower itself never crashes.
 *
 * @module
 */
import {
  type Abi,
  type AbiEvent,
  type Chain,
  createPublicClient,
  decodeEventLog,
  type Hex,
  numberToHex,
  type PublicClient,
  toEventSelector,
  type Transport,
  webSocket,
} from "viem";
import { getLogger } from "../log/mod.ts";
import type { FollowerMetrics } from "../metrics/avs.ts";
import type { RpcMetrics } from "../metrics/eigen.ts";
import { closeWebSocket, instrumentTransport } from "./clients.ts";

/** A decoded event as delivered to `onLog`. */
export type FollowedLog = {
  eventName: string;
  // deno-lint-ignore no-explicit-any
  args: any;
  address: Hex;
  blockNumber: bigint;
  blockHash: Hex;
  transactionHash: Hex;
  logIndex: number;
  /** true when the log came from the live subscription, false from back-fill/catch-up. */
  live: boolean;
};

/** Options of {@link followEvents}. */
export type FollowOptions = {
  /** HTTP client for back-fill and catch-up. */
  client: PublicClient<Transport, Chain>;
  /**
   * WebSocket URL for the live subscription; without it the follower only polls. The follower
   * opens its own socket (so a reconnect never disturbs other subscribers) and replaces it after
   * any error.
   */
  wsUrl?: string;
  /** Records the follower's socket requests in `eigen_rpc_request_*` when given. */
  rpcMetrics?: RpcMetrics;
  address: Hex;
  abi: Abi | readonly unknown[];
  /** One event name or several (delivered interleaved in chain order). */
  eventName: string | readonly string[];
  /** First block to deliver logs from. */
  fromBlock: bigint;
  onLog: (log: FollowedLog) => void | Promise<void>;
  /** Catch-up period in ms (default 2000). */
  pollIntervalMs?: number;
  /** Largest block range per `eth_getLogs` (default 2000). */
  maxBlockRange?: bigint;
  metrics?: FollowerMetrics;
  /** Name used in log lines (default: the event names). */
  name?: string;
};

/** A running follower. */
export type Follower = {
  /** Resolves when the initial back-fill up to the head at start has been delivered. */
  ready: Promise<void>;
  /** Next block the catch-up will read from (everything before it has been delivered). */
  readonly cursor: bigint;
  /** True while the live subscription is believed to be up. */
  readonly live: boolean;
  /** Stops polling and the subscription, and waits for in-flight deliveries. */
  stop(): Promise<void>;
};

type RawLog = {
  address: Hex;
  topics: Hex[];
  data: Hex;
  blockNumber: Hex | bigint | null;
  blockHash: Hex | null;
  transactionHash: Hex | null;
  logIndex: Hex | number | null;
  removed?: boolean;
};

const big = (v: Hex | bigint | number | null): bigint => v === null ? -1n : BigInt(v);

/** Starts following `eventName` logs of `address` from `fromBlock`. */
export function followEvents(opts: FollowOptions): Follower {
  const names = typeof opts.eventName === "string" ? [opts.eventName] : [...opts.eventName];
  const events = (opts.abi as readonly { type?: string; name?: string }[])
    .filter((e) => e.type === "event" && names.includes(e.name ?? "")) as AbiEvent[];
  for (const n of names) {
    if (!events.some((e) => e.name === n)) throw new Error(`event ${n} is not in the ABI`);
  }
  const selectors = new Map<Hex, string>(events.map((e) => [toEventSelector(e), e.name]));
  const label = opts.name ?? names.join("+");
  const log = getLogger(["chain", "events"]);
  const pollMs = opts.pollIntervalMs ?? 2000;
  const maxRange = opts.maxBlockRange ?? 2000n;

  let cursor = opts.fromBlock;
  let stopped = false;
  let live = false;
  let unwatch: (() => void) | undefined;
  let pollTimer: ReturnType<typeof setTimeout> | undefined;
  let resubscribeTimer: ReturnType<typeof setTimeout> | undefined;
  let wsFailures = 0;
  let queue: Promise<void> = Promise.resolve();
  let catchUpRunning: Promise<void> | undefined;
  let liveWake = false;
  let wakeOnStop: (() => void) | undefined;
  const seen = new Map<string, bigint>();

  const deliver = async (raw: RawLog, isLive: boolean): Promise<void> => {
    if (raw.removed || raw.blockHash === null || raw.logIndex === null) return;
    const blockNumber = big(raw.blockNumber);
    if (blockNumber < opts.fromBlock) return;
    const key = `${raw.blockHash.toLowerCase()}:${Number(raw.logIndex)}`;
    if (seen.has(key)) return;
    seen.set(key, blockNumber);
    const topic0 = raw.topics[0];
    const expected = topic0 ? selectors.get(topic0.toLowerCase() as Hex) : undefined;
    if (!expected) return; // another event of the same contract
    let decoded: { eventName: string; args: unknown };
    try {
      decoded = decodeEventLog({
        abi: events,
        data: raw.data,
        topics: raw.topics as [Hex, ...Hex[]],
        strict: true,
      }) as { eventName: string; args: unknown };
    } catch (err) {
      opts.metrics?.undecodableLogs.inc({ event: expected });
      log.warn("skipping undecodable {event} log in block {block} (tx {tx}): {error}", {
        event: expected,
        block: blockNumber,
        tx: raw.transactionHash,
        error: (err as Error).message.split("\n")[0],
      });
      return;
    }
    try {
      await opts.onLog({
        eventName: decoded.eventName,
        args: decoded.args,
        address: raw.address,
        blockNumber,
        blockHash: raw.blockHash,
        transactionHash: raw.transactionHash ?? "0x",
        logIndex: Number(raw.logIndex),
        live: isLive,
      });
    } catch (err) {
      log.error("handler for {event} log in block {block} failed: {error}", {
        event: decoded.eventName,
        block: blockNumber,
        error: err,
      });
    }
  };

  const enqueue = (logs: RawLog[], isLive: boolean): Promise<void> => {
    const sorted = [...logs].sort((a, b) =>
      Number(big(a.blockNumber) - big(b.blockNumber)) ||
      Number(big(a.logIndex) - big(b.logIndex))
    );
    queue = queue.then(async () => {
      for (const l of sorted) {
        if (stopped) return;
        await deliver(l, isLive);
      }
    });
    return queue;
  };

  const prune = () => {
    const horizon = cursor - 512n;
    if (seen.size < 4096) return;
    for (const [k, b] of seen) if (b < horizon) seen.delete(k);
  };

  const catchUp = async (): Promise<void> => {
    const viaLive = liveWake;
    liveWake = false;
    const head = await opts.client.getBlockNumber({ cacheTime: 0 });
    while (!stopped && cursor <= head) {
      const to = cursor + maxRange - 1n < head ? cursor + maxRange - 1n : head;
      const logs = await opts.client.request({
        method: "eth_getLogs",
        params: [{
          address: opts.address,
          fromBlock: numberToHex(cursor),
          toBlock: numberToHex(to),
          topics: [[...selectors.keys()]],
        }],
      }) as unknown as RawLog[];
      await enqueue(logs, viaLive);
      cursor = to + 1n;
    }
    prune();
  };

  // One catch-up at a time. A request while one runs makes it run again afterwards, so a live
  // notification for a block beyond the running catch-up's head is never lost.
  let pending = false;
  const runCatchUp = (): Promise<void> => {
    pending = true;
    if (!catchUpRunning) {
      catchUpRunning = (async () => {
        try {
          while (pending && !stopped) {
            pending = false;
            await catchUp();
          }
        } finally {
          catchUpRunning = undefined;
        }
      })();
    }
    return catchUpRunning;
  };

  const schedulePoll = () => {
    if (stopped) return;
    pollTimer = setTimeout(async () => {
      try {
        await runCatchUp();
      } catch (err) {
        log.warn("{follower}: catch-up failed, retrying in {ms} ms: {error}", {
          follower: label,
          ms: pollMs,
          error: (err as Error).message.split("\n")[0],
        });
      }
      schedulePoll();
    }, pollMs);
  };

  let socketGeneration = 0;
  let wsClient: PublicClient | undefined;
  const newSocketClient = (): PublicClient => {
    // A unique key gives this follower its own socket in viem's socket cache.
    const t = webSocket(opts.wsUrl, {
      key: `follower-${label}-${crypto.randomUUID()}-${socketGeneration++}`,
      reconnect: false,
      keepAlive: { interval: 10_000 },
      retryCount: 0,
    });
    return createPublicClient({
      transport: opts.rpcMetrics ? instrumentTransport(t, opts.rpcMetrics) : t,
    });
  };

  const wake = (viaLive: boolean) => {
    if (viaLive) liveWake = true;
    runCatchUp().catch((err) =>
      log.warn("{follower}: catch-up failed: {error}", {
        follower: label,
        error: (err as Error).message.split("\n")[0],
      })
    );
  };

  // The subscription is only a wake-up call: logs are read back with eth_getLogs from the cursor,
  // so delivery stays in chain order even when the socket came up in the middle of a gap.
  const subscribe = async () => {
    if (stopped || !opts.wsUrl) return;
    const client = newSocketClient();
    wsClient = client;
    const mine = () => wsClient === client && !stopped;
    try {
      const transport = client.transport as unknown as {
        subscribe(args: {
          params: ["logs", { address: Hex; topics: Hex[][] }];
          onData: (data: unknown) => void;
          onError: (err: Error) => void;
        }): Promise<{ unsubscribe: () => Promise<unknown> }>;
      };
      const { unsubscribe } = await transport.subscribe({
        params: ["logs", { address: opts.address, topics: [[...selectors.keys()]] }],
        onData: () => {
          if (mine()) wake(true);
        },
        onError: (err) => {
          if (mine()) onWsError(err);
        },
      });
      if (!mine()) {
        void unsubscribe().catch(() => {});
        return;
      }
      unwatch = () => void unsubscribe().catch(() => {});
      live = true;
      wsFailures = 0;
      // Whatever was mined while the socket was down or connecting is read now.
      wake(false);
    } catch (err) {
      if (mine()) onWsError(err as Error);
    }
  };

  const onWsError = (err: Error) => {
    if (stopped) return;
    live = false;
    wsFailures++;
    opts.metrics?.reconnects.inc({ event: label });
    try {
      unwatch?.();
    } catch { /* ignore */ }
    unwatch = undefined;
    const delay = Math.min(30_000, 500 * 2 ** Math.min(wsFailures, 6));
    log.warn(
      "{follower}: subscription error ({error}); back-filling and resubscribing in {ms} ms",
      {
        follower: label,
        error: err.message.split("\n")[0],
        ms: delay,
      },
    );
    // Fill the gap over HTTP right away; the subscription comes back later.
    void runCatchUp().catch(() => {});
    clearTimeout(resubscribeTimer);
    const dead = wsClient;
    wsClient = undefined;
    if (dead) void closeWebSocket(dead);
    resubscribeTimer = setTimeout(() => void subscribe(), delay);
  };

  void subscribe();
  const ready = (async () => {
    for (let attempt = 0; !stopped; attempt++) {
      try {
        await runCatchUp();
        break;
      } catch (err) {
        log.warn("{follower}: initial back-fill failed (attempt {attempt}): {error}", {
          follower: label,
          attempt: attempt + 1,
          error: (err as Error).message.split("\n")[0],
        });
        // Back off, but wake up at once when stopped.
        await new Promise<void>((r) => {
          const t = setTimeout(r, Math.min(10_000, 500 * 2 ** attempt));
          wakeOnStop = () => {
            clearTimeout(t);
            r();
          };
        });
        wakeOnStop = undefined;
      }
    }
    log.debug("{follower}: back-fill done up to block {block}", {
      follower: label,
      block: cursor - 1n,
    });
    schedulePoll();
  })();

  return {
    ready,
    get cursor() {
      return cursor;
    },
    get live() {
      return live;
    },
    async stop() {
      stopped = true;
      wakeOnStop?.();
      clearTimeout(pollTimer);
      clearTimeout(resubscribeTimer);
      try {
        unwatch?.();
      } catch { /* ignore */ }
      if (wsClient) await closeWebSocket(wsClient);
      live = false;
      await ready.catch(() => {});
      await catchUpRunning?.catch(() => {});
      await queue;
    },
  };
}
