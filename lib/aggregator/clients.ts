/**
 * Transaction-sending clients for the aggregator, challenger, stake updater and CLI: a thin
 * adapter over `lib/chain/clients.ts` (nonce-managed account, optional RPC metrics) that insists
 * on a wallet.
 */
import type { Account, Chain, PublicClient, Transport, WalletClient } from "viem";
import { createChainClients } from "../chain/clients.ts";
import type { RpcMetrics } from "../metrics/eigen.ts";

/** A public client plus a wallet client bound to one local account. */
export interface TxClients {
  public: PublicClient<Transport, Chain>;
  wallet: WalletClient<Transport, Chain, Account>;
}

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
  const c = await createChainClients({
    rpcUrl: opts.rpcUrl,
    privateKey: opts.privateKey,
    rpcMetrics: opts.rpcMetrics,
    pollingInterval: opts.pollingIntervalMs ?? 250,
  });
  return { public: c.publicClient, wallet: c.walletClient! };
}
