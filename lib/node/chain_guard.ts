/**
 * Chain guard: notices that the chain a node started against is gone. A devnet that was killed
 * and started fresh on the same port answers on the same URL but is another chain: its genesis
 * block differs (and, without a new deployment, the contracts have no code). A node that kept
 * going would wait for receipts and events that never come, so the guard rejects its `failed`
 * promise with one clear line and `runNodeMain` stops the node with exit code 1.
 *
 * A chain that does not answer (stopped, overloaded, network trouble) is only reported as
 * unhealthy: it may come back, and the node's own retries cover that.
 *
 * @module
 */
import type { Address, Hex } from "viem";
import { sleep } from "../process/sleep.ts";

/** The reads the guard needs (a viem public client has them). */
export interface GuardClient {
  getChainId(): Promise<number>;
  getBlock(args: { blockNumber: bigint }): Promise<{ hash: Hex | null }>;
  getCode(args: { address: Address }): Promise<Hex | undefined>;
}

/** What identifies the chain a node started against. */
export interface ChainIdentity {
  chainId: number;
  /** Hash of block 0. */
  genesisHash: Hex;
}

/** Options of {@link startChainGuard}. */
export interface ChainGuardOptions {
  client: GuardClient;
  /** The RPC URL, for the failure line. */
  rpcUrl: string;
  /** The chain as seen at start (see {@link readChainIdentity}). */
  expected: ChainIdentity;
  /** Contracts that must have code, by name (e.g. `{ TaskManager: "0x…" }`). */
  contracts: Record<string, Address>;
  /** Time between checks in ms (default {@link DEFAULT_GUARD_INTERVAL_MS}). */
  intervalMs?: number;
  /** A check without an answer after this many ms counts as unhealthy (default 5000). */
  timeoutMs?: number;
  /** Stops the guard (the node's shutdown signal). */
  signal?: AbortSignal;
  /** Called when health changes (`reason` says why it is unhealthy). */
  onHealthChange?(healthy: boolean, reason?: string): void;
}

/** A running guard. */
export interface ChainGuard {
  /** Rejects with a {@link ChainResetError} once a reset is seen; never resolves. */
  readonly failed: Promise<never>;
  /** False while the chain does not answer (or after a reset). */
  readonly healthy: boolean;
  /** Stops checking (idempotent); `failed` then stays pending. */
  stop(): void;
  /** Resolves when the check loop has ended. */
  readonly done: Promise<void>;
}

/** The chain behind the RPC URL is not the one the node started against. */
export class ChainResetError extends Error {
  /** Builds the error with the full one-line message. */
  constructor(message: string) {
    super(message);
    this.name = "ChainResetError";
  }
}

/** Default time between guard checks. */
export const DEFAULT_GUARD_INTERVAL_MS = 3_000;

/** Reads the chain id and genesis hash (at start, before the guard runs). */
export async function readChainIdentity(client: GuardClient): Promise<ChainIdentity> {
  const [chainId, genesis] = await Promise.all([
    client.getChainId(),
    client.getBlock({ blockNumber: 0n }),
  ]);
  if (!genesis.hash) throw new Error("the chain returned block 0 without a hash");
  return { chainId, genesisHash: genesis.hash };
}

/**
 * Compares the chain behind `client` with `expected` once. Returns the reason it is another
 * chain (chain id, genesis hash, missing code), or undefined when it is the same one. Throws
 * when the chain cannot be read.
 */
export async function detectReset(
  client: GuardClient,
  expected: ChainIdentity,
  contracts: Record<string, Address>,
): Promise<string | undefined> {
  const now = await readChainIdentity(client);
  if (now.chainId !== expected.chainId) {
    return `chain id changed from ${expected.chainId} to ${now.chainId}`;
  }
  if (now.genesisHash.toLowerCase() !== expected.genesisHash.toLowerCase()) {
    return `genesis block hash changed from ${expected.genesisHash} to ${now.genesisHash}`;
  }
  const entries = Object.entries(contracts);
  const codes = await Promise.all(entries.map(([, address]) => client.getCode({ address })));
  const missing = entries.filter((_, i) => !codes[i] || codes[i] === "0x");
  if (missing.length) {
    return `no contract code at ${missing.map(([n, a]) => `${n} ${a}`).join(", ")}`;
  }
  return undefined;
}

/** The one line a node exits with after a reset. */
export function resetLine(rpcUrl: string, why: string): string {
  return `the chain at ${rpcUrl} was reset (${why}); restart against the new deployment`;
}

/**
 * Checks the chain every `intervalMs` until stopped; see the module comment. A check that is
 * still waiting for the node is not started again: the guard waits on it (marking the chain
 * unhealthy after `timeoutMs`), so a hung chain never piles up requests.
 */
export function startChainGuard(o: ChainGuardOptions): ChainGuard {
  const intervalMs = o.intervalMs ?? DEFAULT_GUARD_INTERVAL_MS;
  const timeoutMs = o.timeoutMs ?? 5_000;
  const stopper = new AbortController();
  const stop = () => stopper.abort();
  o.signal?.addEventListener("abort", stop, { once: true });
  let healthy = true;
  let fail!: (err: ChainResetError) => void;
  const failed = new Promise<never>((_, reject) => (fail = reject));
  failed.catch(() => {}); // a node without a listener must not crash on an unhandled rejection
  const setHealth = (h: boolean, reason?: string) => {
    if (h === healthy) return;
    healthy = h;
    o.onHealthChange?.(h, reason);
  };

  const done = (async () => {
    let pending: Promise<{ reset?: string } | { error: unknown }> | undefined;
    while (!stopper.signal.aborted) {
      pending ??= detectReset(o.client, o.expected, o.contracts).then(
        (reset) => ({ reset }),
        (error) => ({ error }),
      );
      const result = await firstOf(pending, timeoutMs, stopper.signal);
      if (stopper.signal.aborted) break;
      if (result === undefined) {
        setHealth(false, `no answer within ${timeoutMs} ms`);
        continue; // keep waiting on the same request
      }
      pending = undefined;
      if ("error" in result) {
        setHealth(false, errorLine(result.error));
      } else if (result.reset) {
        setHealth(false, result.reset);
        fail(new ChainResetError(resetLine(o.rpcUrl, result.reset)));
        break;
      } else {
        setHealth(true);
      }
      await sleep(intervalMs, stopper.signal);
    }
    o.signal?.removeEventListener("abort", stop);
  })();

  return {
    failed,
    get healthy() {
      return healthy;
    },
    stop,
    done,
  };
}

/** `p`'s value, or undefined after `ms` or once `signal` aborts. */
async function firstOf<T>(p: Promise<T>, ms: number, signal: AbortSignal): Promise<T | undefined> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let onAbort: (() => void) | undefined;
  const other = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
    onAbort = () => resolve(undefined);
    signal.addEventListener("abort", onAbort, { once: true });
  });
  try {
    return await Promise.race([p, other]);
  } finally {
    clearTimeout(timer);
    if (onAbort) signal.removeEventListener("abort", onAbort);
  }
}

function errorLine(err: unknown): string {
  const msg = err instanceof Error
    ? ((err as { shortMessage?: string }).shortMessage ?? err.message)
    : String(err);
  return msg.split("\n")[0];
}
