/**
 * viem clients for the nodes: an HTTP public client, an optional WebSocket public client (for
 * subscriptions, reconnecting), and an optional wallet client from a private key with a nonce
 * manager (so concurrent sends from one account do not collide). Every JSON-RPC request is
 * counted in `eigen_rpc_request_total` / timed in `eigen_rpc_request_duration_seconds`.
 *
 * @module
 */
import {
  type Account,
  type Chain,
  createPublicClient,
  createWalletClient,
  defineChain,
  http,
  type PublicClient,
  type Transport,
  type WalletClient,
  webSocket,
} from "viem";
import { nonceManager, privateKeyToAccount } from "viem/accounts";
import type { RpcMetrics } from "../metrics/eigen.ts";

/**
 * Wraps a transport so every `request` is measured. Subscriptions set up through a WebSocket
 * transport's `subscribe` are counted by their `eth_subscribe` request.
 */
export function instrumentTransport(transport: Transport, metrics: RpcMetrics): Transport {
  return ((opts: Parameters<Transport>[0]) => {
    const inner = transport(opts);
    const request = (async (args: { method: string; params?: unknown }, options?: unknown) => {
      const start = performance.now();
      try {
        // deno-lint-ignore no-explicit-any
        const result = await (inner.request as any)(args, options);
        metrics.observe(args.method, (performance.now() - start) / 1000, true);
        return result;
      } catch (err) {
        metrics.observe(args.method, (performance.now() - start) / 1000, false);
        throw err;
      }
    }) as typeof inner.request;
    return { ...inner, request };
  }) as Transport;
}

// Calls `onUse` on the first request or subscription through the transport.
function trackUse(transport: Transport, onUse: () => void): Transport {
  return ((opts: Parameters<Transport>[0]) => {
    const inner = transport(opts);
    // deno-lint-ignore no-explicit-any
    const value = inner.value as Record<string, any> | undefined;
    const wrappedValue = value && typeof value.subscribe === "function"
      ? {
        ...value,
        // deno-lint-ignore no-explicit-any
        subscribe: (...args: any[]) => {
          onUse();
          return value.subscribe(...args);
        },
      }
      : value;
    const request = ((args: unknown, o?: unknown) => {
      onUse();
      // deno-lint-ignore no-explicit-any
      return (inner.request as any)(args, o);
    }) as typeof inner.request;
    return { ...inner, request, value: wrappedValue };
  }) as Transport;
}

/** A chain definition for an RPC endpoint whose chain id we learned at startup. */
export function chainFor(chainId: number, rpcUrl: string, wsUrl?: string): Chain {
  return defineChain({
    id: chainId,
    name: chainId === 31337 ? "Anvil devnet" : `chain ${chainId}`,
    nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
    rpcUrls: { default: { http: [rpcUrl], webSocket: wsUrl ? [wsUrl] : undefined } },
  });
}

/** Options of {@link createChainClients}. */
export type ChainClientOptions = {
  rpcUrl: string;
  wsUrl?: string;
  /** Signs transactions when given (0x-prefixed 32-byte hex). */
  privateKey?: `0x${string}`;
  /** Records `eigen_rpc_request_*` when given. */
  rpcMetrics?: RpcMetrics;
  /** Receipt/poll interval in ms (default 500; anvil mines instantly). */
  pollingInterval?: number;
};

/** The clients of one process. */
export type ChainClients = {
  chain: Chain;
  publicClient: PublicClient<Transport, Chain>;
  /** Present when `wsUrl` was given. */
  wsClient?: PublicClient<Transport, Chain>;
  /** Present when `privateKey` was given. */
  walletClient?: WalletClient<Transport, Chain, Account>;
  account?: Account;
  /** Closes the WebSocket (if any). */
  close(): Promise<void>;
};

/**
 * Connects to the chain: asks for the chain id (so a wrong URL fails here, with the URL in the
 * message), records the client version for the RPC metrics, and builds the clients.
 */
export async function createChainClients(options: ChainClientOptions): Promise<ChainClients> {
  const pollingInterval = options.pollingInterval ?? 500;
  const wrap = (t: Transport) =>
    options.rpcMetrics ? instrumentTransport(t, options.rpcMetrics) : t;
  const httpTransport = wrap(http(options.rpcUrl, { retryCount: 2, timeout: 15_000 }));
  const probe = createPublicClient({ transport: httpTransport });
  let chainId: number;
  try {
    chainId = await probe.getChainId();
  } catch (err) {
    throw new Error(
      `cannot reach the chain at ${options.rpcUrl}: ${(err as Error).message.split("\n")[0]}`,
    );
  }
  if (options.rpcMetrics) {
    try {
      options.rpcMetrics.clientVersion = await probe.request({ method: "web3_clientVersion" });
    } catch {
      options.rpcMetrics.clientVersion = "unavailable";
    }
  }
  const chain = chainFor(chainId, options.rpcUrl, options.wsUrl);
  const publicClient = createPublicClient({ chain, transport: httpTransport, pollingInterval });
  // The socket opens on first use; remember whether that happened so close() does not open one.
  let wsUsed = false;
  const wsClient = options.wsUrl
    ? createPublicClient({
      chain,
      pollingInterval,
      transport: trackUse(
        wrap(webSocket(options.wsUrl, {
          reconnect: { attempts: 10, delay: 1000 },
          keepAlive: { interval: 10_000 },
          retryCount: 2,
        })),
        () => (wsUsed = true),
      ),
    })
    : undefined;
  const account = options.privateKey
    ? privateKeyToAccount(options.privateKey, { nonceManager })
    : undefined;
  const walletClient = account
    ? createWalletClient({ chain, account, transport: httpTransport, pollingInterval })
    : undefined;
  return {
    chain,
    publicClient: publicClient as PublicClient<Transport, Chain>,
    wsClient: wsClient as PublicClient<Transport, Chain> | undefined,
    walletClient,
    account,
    close: async () => {
      if (wsClient && wsUsed) await closeWebSocket(wsClient);
    },
  };
}

/** Closes the socket behind a WebSocket client (no reconnect afterwards). */
export async function closeWebSocket(client: { transport: unknown }): Promise<void> {
  const t = client.transport as { getRpcClient?: () => Promise<{ close(): void }> };
  if (typeof t.getRpcClient !== "function") return;
  try {
    (await t.getRpcClient()).close();
  } catch {
    // already closed or never opened
  }
}
