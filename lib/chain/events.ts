/**
 * A resilient contract-event follower: back-fill with `eth_getLogs` from a start block, then a
 * live WebSocket subscription, plus a periodic HTTP catch-up that closes any gap a dropped or
 * silently dead socket leaves. Logs are always read back from a cursor with `eth_getLogs` (the
 * subscription only wakes the follower up), so each log is delivered once, in chain order, one
 * at a time (plus a dedup by block hash and log index as a safety net). A log that cannot be
 * decoded, or a handler that throws, is logged and skipped: the follower itself never crashes.
 *
 * The pieces live in `./follow/`: `decode.ts` (which events, decoding), `queue.ts` (ordered,
 * deduplicated delivery; `dedupe.ts`), `catch_up.ts` (cursor, `eth_getLogs` ranges, polling,
 * initial back-fill) and `live.ts` (the wake-up subscription and its reconnects).
 *
 * @module
 */
import type {
  Abi,
  Chain,
  ContractEventName,
  DecodeEventLogReturnType,
  Hex,
  PublicClient,
  Transport,
} from "viem";
import { getLogger } from "../log/mod.ts";
import type { FollowerMetrics } from "../metrics/avs.ts";
import type { RpcMetrics } from "../metrics/eigen.ts";
import { catchUpReader, initialBackfill, pollPeriodically } from "./follow/catch_up.ts";
import { eventDecoder } from "./follow/decode.ts";
import { type LiveWakeups, liveWakeups } from "./follow/live.ts";
import { deliveryQueue } from "./follow/queue.ts";

/**
 * The decoded part of a followed log: with an `as const` ABI, a union over the followed events of
 * `{ eventName, args }` with typed args; with an untyped ABI, `args` is a plain record.
 */
export type DecodedEvent<
  abi extends Abi | readonly unknown[] = Abi,
  eventName extends string = string,
> = Abi extends abi ? { eventName: string; args: Record<string, unknown> }
  : eventName extends ContractEventName<abi> ? DecodeEventLogReturnType<abi, eventName>
  : { eventName: string; args: Record<string, unknown> };

/** Where a followed log sits in the chain. */
export type LogPosition = {
  address: Hex;
  blockNumber: bigint;
  blockHash: Hex;
  transactionHash: Hex;
  logIndex: number;
  /** true when the log came from the live subscription, false from back-fill/catch-up. */
  live: boolean;
};

/** A decoded event as delivered to `onLog`. */
export type FollowedLog<
  abi extends Abi | readonly unknown[] = Abi,
  eventName extends string = string,
> = DecodedEvent<abi, eventName> & LogPosition;

/** Options of {@link followEvents}. */
export type FollowOptions<
  abi extends Abi | readonly unknown[] = Abi,
  eventName extends string = string,
> = {
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
  abi: abi;
  /** One event name or several (delivered interleaved in chain order). */
  eventName: eventName | readonly eventName[];
  /** First block to deliver logs from. */
  fromBlock: bigint;
  onLog: (log: FollowedLog<abi, eventName>) => void | Promise<void>;
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

/**
 * Starts following `eventName` logs of `address` from `fromBlock`; with an `as const` ABI the
 * delivered logs are typed per event.
 * @throws {Error} when an event name is not in the ABI
 */
export function followEvents<
  const abi extends Abi | readonly unknown[],
  const eventName extends string,
>(opts: FollowOptions<abi, eventName>): Follower {
  const names: string[] = typeof opts.eventName === "string"
    ? [opts.eventName]
    : [...(opts.eventName as readonly string[])];
  const decoder = eventDecoder(opts.abi, names);
  const label = opts.name ?? names.join("+");
  const log = getLogger(["chain", "events"]);
  let stopped = false;
  const isStopped = () => stopped;

  const queue = deliveryQueue({
    decoder,
    fromBlock: opts.fromBlock,
    metrics: opts.metrics,
    stopped: isStopped,
    // The decoder used the same ABI and names, so the shape is the typed one.
    onLog: (l) => opts.onLog(l as unknown as FollowedLog<abi, eventName>),
  });
  const reader = catchUpReader({
    client: opts.client,
    address: opts.address,
    selectors: decoder.selectors,
    fromBlock: opts.fromBlock,
    maxBlockRange: opts.maxBlockRange ?? 2000n,
    queue,
    stopped: isStopped,
  });
  const wake = (viaLive: boolean) =>
    reader.run(viaLive).catch((err) =>
      log.warn("{follower}: catch-up failed: {error}", {
        follower: label,
        error: (err as Error).message.split("\n")[0],
      })
    );
  const live: LiveWakeups | undefined = opts.wsUrl
    ? liveWakeups({
      wsUrl: opts.wsUrl,
      address: opts.address,
      selectors: decoder.selectors,
      label,
      wake,
      fillGap: () => void reader.run().catch(() => {}),
      rpcMetrics: opts.rpcMetrics,
      metrics: opts.metrics,
    })
    : undefined;
  const backfill = initialBackfill(reader, { label, stopped: isStopped });
  let poll: { cancel(): void } | undefined;
  const ready = backfill.done.then(() => {
    log.debug("{follower}: back-fill done up to block {block}", {
      follower: label,
      block: reader.cursor - 1n,
    });
    if (!stopped) {
      poll = pollPeriodically(reader, {
        pollMs: opts.pollIntervalMs ?? 2000,
        label,
        stopped: isStopped,
      });
    }
  });

  return {
    ready,
    get cursor() {
      return reader.cursor;
    },
    get live() {
      return live?.up ?? false;
    },
    async stop() {
      stopped = true;
      backfill.cancelWait();
      poll?.cancel();
      await live?.stop();
      await ready.catch(() => {});
      poll?.cancel();
      await reader.settled();
      await queue.idle();
    },
  };
}
