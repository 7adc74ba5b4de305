/**
 * viem clients for the nodes, in one shape: an HTTP public client, an optional WebSocket public
 * client (for subscriptions, reconnecting), and an optional wallet client from a private key.
 * The wallet's account has its own nonce manager reading the pending nonce from the node, so
 * concurrent sends from one process never reuse a nonce, and {@link resetNonces} can resynchronise
 * it with the chain after a dropped or replaced transaction. Every JSON-RPC request is counted in
 * `eigen_rpc_request_total` / timed in `eigen_rpc_request_duration_seconds` when metrics are given.
 *
 * @module
 */
import {
  type Account,
  type Chain,
  createPublicClient,
  createWalletClient,
  defineChain,
  type Hex,
  http,
  type PublicClient,
  type Transport,
  type WalletClient,
  webSocket,
} from "viem";
import {
  createNonceManager,
  type NonceManager,
  type NonceManagerSource,
  privateKeyToAccount,
} from "viem/accounts";
import { getTransactionCount } from "viem/actions";
import type { RpcMetrics } from "../metrics/eigen.ts";

type TransportValue = Record<string, unknown> & {
  subscribe?: (...args: unknown[]) => unknown;
};
type RequestFn = (args: { method: string; params?: unknown }, options?: unknown) => unknown;

/**
 * Wraps a transport so every `request` is measured. Subscriptions set up through a WebSocket
 * transport's `subscribe` are counted by their `eth_subscribe` request.
 */
export function instrumentTransport(transport: Transport, metrics: RpcMetrics): Transport {
  return ((opts: Parameters<Transport>[0]) => {
    const inner = transport(opts);
    const innerRequest = inner.request as unknown as RequestFn;
    const request = (async (args: { method: string; params?: unknown }, options?: unknown) => {
      const start = performance.now();
      try {
        const result = await innerRequest(args, options);
        metrics.observe(args.method, (performance.now() - start) / 1000, true);
        return result;
      } catch (err) {
        metrics.observe(args.method, (performance.now() - start) / 1000, false);
        throw err;
      }
    }) as unknown as typeof inner.request;
    return { ...inner, request };
  }) as Transport;
}

// Calls `onUse` on the first request or subscription through the transport.
function trackUse(transport: Transport, onUse: () => void): Transport {
  return ((opts: Parameters<Transport>[0]) => {
    const inner = transport(opts);
    const value = inner.value as TransportValue | undefined;
    const subscribe = value?.subscribe;
    const wrappedValue = value && typeof subscribe === "function"
      ? {
        ...value,
        subscribe: (...args: unknown[]) => {
          onUse();
          return subscribe(...args);
        },
      }
      : value;
    const innerRequest = inner.request as unknown as RequestFn;
    const request = ((args: { method: string; params?: unknown }, o?: unknown) => {
      onUse();
      return innerRequest(args, o);
    }) as unknown as typeof inner.request;
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

/** Nonce source reading the account's pending transaction count from the node. */
const pendingNonceSource: NonceManagerSource = {
  get: ({ address, client }) => getTransactionCount(client, { address, blockTag: "pending" }),
  set: () => {},
};

/**
 * A fresh nonce manager reading the pending nonce. One per client, not viem's process-wide one:
 * that one caches nonces per (address, chain id), which goes wrong when one process talks to two
 * fresh anvils.
 */
export function pendingNonceManager(): NonceManager {
  return createNonceManager({ source: pendingNonceSource });
}

/** Options of {@link createChainClients}. */
export type ChainClientOptions = {
  rpcUrl: string;
  wsUrl?: string;
  /** Signs transactions when given (0x-prefixed 32-byte hex). */
  privateKey?: Hex;
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

/** A public client for reads (with or without a chain definition). */
export type ReadClient = PublicClient<Transport, Chain | undefined>;

/** Clients that can send transactions: what `transact` in `tx.ts` needs. */
export type TxSender = {
  publicClient: PublicClient<Transport, Chain>;
  walletClient: WalletClient<Transport, Chain, Account>;
};

/** {@link ChainClients} with a wallet (created with a private key). */
export type SigningClients = ChainClients & TxSender & { account: Account };

/**
 * Connects to the chain: asks for the chain id (so a wrong URL fails here, with the URL in the
 * message), records the client version for the RPC metrics, and builds the clients. With a
 * `privateKey` the result has a wallet ({@link SigningClients}).
 */
export function createChainClients(
  options: ChainClientOptions & { privateKey: Hex },
): Promise<SigningClients>;
/** Connects to the chain (see the overload with `privateKey`). */
export function createChainClients(options: ChainClientOptions): Promise<ChainClients>;
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
    ? privateKeyToAccount(options.privateKey, { nonceManager: pendingNonceManager() })
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

/**
 * Forgets the nonces the sender's account handed out, so the next transaction reads the pending
 * nonce from the chain again (after a dropped or replaced transaction, or another process sending
 * from the same key).
 */
export function resetNonces(sender: TxSender): void {
  const account = sender.walletClient.account;
  account.nonceManager?.reset({ address: account.address, chainId: sender.walletClient.chain.id });
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
