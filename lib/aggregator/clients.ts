/**
 * Transaction-sending clients for the aggregator, challenger, stake updater and CLI: the public
 * client of `lib/chain/clients.ts` (optional RPC metrics) plus a wallet whose account has its own
 * nonce manager, so concurrent sends from one process never reuse a nonce.
 */
import {
  type Account,
  type Chain,
  createWalletClient,
  http,
  type PublicClient,
  type Transport,
  type WalletClient,
} from "viem";
import { createNonceManager, type NonceManagerSource, privateKeyToAccount } from "viem/accounts";
import { getTransactionCount } from "viem/actions";
import { createChainClients } from "../chain/clients.ts";
import type { RpcMetrics } from "../metrics/eigen.ts";

/** A public client plus a wallet client bound to one local account. */
export interface TxClients {
  public: PublicClient<Transport, Chain>;
  wallet: WalletClient<Transport, Chain, Account>;
}

/** Nonce source reading the account's pending transaction count from the node. */
const pendingNonceSource: NonceManagerSource = {
  get: ({ address, client }) => getTransactionCount(client, { address, blockTag: "pending" }),
  set: () => {},
};

/** Options of {@link makeTxClients}. */
export interface TxClientOptions {
  rpcUrl: string;
  privateKey: `0x${string}`;
  /** Records `eigen_rpc_request_*` when given. */
  rpcMetrics?: RpcMetrics;
  /** Polling interval for receipts in ms (default 250: devnet-friendly). */
  pollingIntervalMs?: number;
}

/** Connects (asking the node for its chain id) and returns the clients. */
export async function makeTxClients(opts: TxClientOptions): Promise<TxClients> {
  const pollingInterval = opts.pollingIntervalMs ?? 250;
  const c = await createChainClients({
    rpcUrl: opts.rpcUrl,
    rpcMetrics: opts.rpcMetrics,
    pollingInterval,
  });
  // A nonce manager per client, not viem's process-wide one: that one caches nonces per
  // (address, chain id), which goes wrong when one process talks to two fresh anvils.
  const account = privateKeyToAccount(opts.privateKey, {
    nonceManager: createNonceManager({ source: pendingNonceSource }),
  });
  const wallet = createWalletClient({
    chain: c.chain,
    account,
    transport: http(opts.rpcUrl, { retryCount: 2, timeout: 15_000 }),
    pollingInterval,
  });
  return { public: c.publicClient, wallet };
}
