/**
 * The live side of the follower: a WebSocket `eth_subscribe("logs")` that only wakes the
 * catch-up (logs are read back from the cursor, so delivery stays in chain order even when the
 * socket came up in the middle of a gap). Each subscription has its own socket; on any error the
 * socket is closed, the gap is filled over HTTP at once, and a new socket is tried after an
 * exponential back-off.
 *
 * @module
 */
import { createPublicClient, type Hex, type PublicClient, webSocket } from "viem";
import { getLogger } from "../../log/mod.ts";
import type { FollowerMetrics } from "../../metrics/avs.ts";
import type { RpcMetrics } from "../../metrics/eigen.ts";
import { closeWebSocket, instrumentTransport } from "../clients.ts";

/** Options of {@link liveWakeups}. */
export type LiveOptions = {
  wsUrl: string;
  address: Hex;
  selectors: readonly Hex[];
  label: string;
  /** Called on every notification (`true`) and after (re)subscribing (`false`). */
  wake: (viaLive: boolean) => void;
  /** Called after a subscription error, to fill the gap over HTTP. */
  fillGap: () => void;
  rpcMetrics?: RpcMetrics;
  metrics?: FollowerMetrics;
};

/** The running subscription. */
export type LiveWakeups = {
  /** True while the subscription is believed to be up. */
  readonly up: boolean;
  /** Unsubscribes and closes the socket; no reconnect afterwards. */
  stop(): Promise<void>;
};

type SubscribingTransport = {
  subscribe(args: {
    params: ["logs", { address: Hex; topics: Hex[][] }];
    onData: (data: unknown) => void;
    onError: (err: Error) => void;
  }): Promise<{ unsubscribe: () => Promise<unknown> }>;
};

/** Back-off before the n-th re-subscription: 1 s, 2 s, … up to 30 s. */
export function resubscribeDelayMs(failures: number): number {
  return Math.min(30_000, 500 * 2 ** Math.min(failures, 6));
}

/** Starts the subscription; see the module comment. */
export function liveWakeups(o: LiveOptions): LiveWakeups {
  const log = getLogger(["chain", "events"]);
  let stopped = false;
  let up = false;
  let failures = 0;
  let generation = 0;
  let socket: PublicClient | undefined;
  let unwatch: (() => void) | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const newSocket = (): PublicClient => {
    // A unique key gives this follower its own socket in viem's socket cache.
    const t = webSocket(o.wsUrl, {
      key: `follower-${o.label}-${crypto.randomUUID()}-${generation++}`,
      reconnect: false,
      keepAlive: { interval: 10_000 },
      retryCount: 0,
    });
    return createPublicClient({
      transport: o.rpcMetrics ? instrumentTransport(t, o.rpcMetrics) : t,
    });
  };

  const subscribe = async () => {
    if (stopped) return;
    const client = newSocket();
    socket = client;
    const mine = () => socket === client && !stopped;
    try {
      const transport = client.transport as unknown as SubscribingTransport;
      const { unsubscribe } = await transport.subscribe({
        params: ["logs", { address: o.address, topics: [[...o.selectors]] }],
        onData: () => {
          if (mine()) o.wake(true);
        },
        onError: (err) => {
          if (mine()) onError(err);
        },
      });
      if (!mine()) {
        void unsubscribe().catch(() => {});
        return;
      }
      unwatch = () => void unsubscribe().catch(() => {});
      up = true;
      failures = 0;
      // Whatever was mined while the socket was down or connecting is read now.
      o.wake(false);
    } catch (err) {
      if (mine()) onError(err as Error);
    }
  };

  const dropSubscription = () => {
    try {
      unwatch?.();
    } catch { /* ignore */ }
    unwatch = undefined;
  };

  const onError = (err: Error) => {
    if (stopped) return;
    up = false;
    failures++;
    o.metrics?.reconnects.inc({ event: o.label });
    dropSubscription();
    const delay = resubscribeDelayMs(failures);
    log.warn(
      "{follower}: subscription error ({error}); back-filling and resubscribing in {ms} ms",
      { follower: o.label, error: err.message.split("\n")[0], ms: delay },
    );
    o.fillGap();
    clearTimeout(timer);
    const dead = socket;
    socket = undefined;
    if (dead) void closeWebSocket(dead);
    timer = setTimeout(() => void subscribe(), delay);
  };

  void subscribe();
  return {
    get up() {
      return up;
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      dropSubscription();
      if (socket) await closeWebSocket(socket);
      up = false;
    },
  };
}
