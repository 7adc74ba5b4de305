/**
 * The send path behind `transact` (`tx.ts`), on an encoded call: simulate (`eth_call`) for a
 * decoded revert reason before any gas is spent, estimate gas (both optionally at the `pending`
 * block), send with a gas margin and an explicit nonce from the account's nonce manager, wait for
 * the receipt (timeout, abort signal). When the nonce turns out stale ("nonce too low", or the
 * transaction was replaced or dropped), the nonce manager is reset from the chain and the whole
 * send is retried once.
 *
 * @module
 */
import {
  type Abi,
  type Account,
  BaseError,
  type Chain,
  getContractError,
  type Hex,
  type TransactionReceipt,
  type Transport,
  type WalletClient,
} from "viem";
import { getTransactionCount } from "viem/actions";
import { resetNonces, type TxSender } from "./clients.ts";
import { checkAborted, describeRevert, isNonceError, TxError } from "./errors.ts";
import { waitForReceipt } from "./receipt.ts";

/** Options of `transact` (`tx.ts`). */
export type TxOptions = {
  /**
   * Block the simulation and gas estimate run against (default `latest`). `pending` is for calls
   * whose validity depends on the block they land in, such as `respondToTask` (its
   * `checkSignatures` requires `taskCreatedBlock < block.number`): on an automining devnet the
   * latest block can be the task's own creation block, where the check cannot pass yet, although
   * the transaction will land in the next one.
   */
  blockTag?: "latest" | "pending";
  /** Extra gas on top of the estimate, in percent (default 20). */
  gasMarginPercent?: number;
  /** Receipt timeout in ms (default 60 s). */
  timeoutMs?: number;
  /** Stops the send or the receipt wait (the transaction may still be mined). */
  signal?: AbortSignal;
  /**
   * Called as soon as the node took the transaction, before the receipt wait: callers that
   * must survive a crash record the hash and nonce here.
   */
  onSent?: (sent: { hash: Hex; nonce: number }) => void;
  /**
   * EIP-1559 fee cap in wei: `maxFeePerGas` never exceeds it, and nothing is sent while the
   * base fee is above it. Default: the process-wide cap ({@link setDefaultMaxFeePerGas}), else
   * none (the library's estimate).
   */
  maxFeePerGas?: bigint;
};

let defaultMaxFeePerGas: bigint | undefined;

/** Sets the fee cap every transaction of this process uses unless it names its own. */
export function setDefaultMaxFeePerGas(wei: bigint | undefined): void {
  defaultMaxFeePerGas = wei;
}

const gwei = (wei: bigint) => (Number(wei) / 1e9).toString();

/**
 * The EIP-1559 fee fields under a cap: the estimate, clamped.
 * @throws {TxError} `send` when the base fee is already above the cap (nothing is sent).
 */
async function cappedFees(
  publicClient: TxSender["publicClient"],
  fn: string,
  cap: bigint,
): Promise<{ maxFeePerGas: bigint; maxPriorityFeePerGas: bigint }> {
  const [block, est] = await Promise.all([
    publicClient.getBlock({ blockTag: "latest" }),
    publicClient.estimateFeesPerGas(),
  ]);
  const base = block.baseFeePerGas ?? 0n;
  if (base > cap) {
    throw new TxError(
      fn,
      `not sent: the base fee (${gwei(base)} gwei) is above the fee cap (${gwei(cap)} gwei)`,
      { code: "send" },
    );
  }
  const maxFeePerGas = est.maxFeePerGas < cap ? est.maxFeePerGas : cap;
  const tip = est.maxPriorityFeePerGas < maxFeePerGas ? est.maxPriorityFeePerGas : maxFeePerGas;
  return { maxFeePerGas, maxPriorityFeePerGas: tip };
}

/** Default gas margin of `transact`, in percent of the estimate. */
export const DEFAULT_GAS_MARGIN_PERCENT = 20;

/** A call after encoding (what the untyped paths share). */
export type EncodedCall = {
  address: Hex;
  abi: Abi;
  functionName: string;
  args: readonly unknown[];
  data: Hex;
  value?: bigint;
};

/** Why one send attempt needs the nonce recovered. */
type NonceTrouble = "stale" | "replaced" | "dropped";

/**
 * Sends an encoded call (see the module comment).
 * @throws {TxError}
 */
export async function transactEncoded(
  sender: TxSender,
  call: EncodedCall,
  options: TxOptions,
): Promise<TransactionReceipt> {
  let trouble: NonceTrouble | undefined;
  for (let attempt = 0; attempt < 2; attempt++) {
    if (attempt > 0) resetNonces(sender);
    const outcome = await sendOnce(sender, call, options);
    if ("receipt" in outcome) return outcome.receipt;
    trouble = outcome.trouble;
  }
  throw new TxError(
    call.functionName,
    `the nonce stayed stale after one recovery (transaction ${trouble})`,
    { code: "nonce" },
  );
}

async function sendOnce(
  sender: TxSender,
  call: EncodedCall,
  options: TxOptions,
): Promise<{ receipt: TransactionReceipt } | { trouble: NonceTrouble }> {
  const { publicClient, walletClient } = sender;
  const account = walletClient.account;
  const fn = call.functionName;
  // No block tag for `latest`: anvil under-estimates (net of refunds) when given one explicitly.
  const blockTag = options.blockTag === "pending" ? "pending" as const : undefined;
  const tx = { account, to: call.address, data: call.data, value: call.value, blockTag };
  checkAborted(fn, options.signal);
  let gas: bigint;
  try {
    await publicClient.call(tx);
    gas = await publicClient.estimateGas(tx);
  } catch (err) {
    throw decodedCallError(call, err);
  }
  const margin = BigInt(options.gasMarginPercent ?? DEFAULT_GAS_MARGIN_PERCENT);
  gas = gas * (100n + margin) / 100n;
  const cap = options.maxFeePerGas ?? defaultMaxFeePerGas;
  const fees = cap === undefined ? {} : await cappedFees(publicClient, fn, cap);
  checkAborted(fn, options.signal);
  const nonce = await takeNonce(walletClient);
  let hash: Hex;
  try {
    hash = await walletClient.sendTransaction({
      account,
      chain: walletClient.chain,
      to: call.address,
      data: call.data,
      value: call.value,
      gas,
      nonce,
      ...fees,
    });
  } catch (err) {
    const d = describeRevert(err);
    if (isNonceError(err)) return { trouble: "stale" };
    // The nonce was not used: let the next send read it from the chain again.
    resetNonces(sender);
    throw new TxError(fn, `send failed: ${d.message}`, {
      reason: d.reason,
      cause: err,
      code: "send",
    });
  }
  options.onSent?.({ hash, nonce });
  const waited = await waitForReceipt(publicClient, {
    hash,
    from: account.address,
    nonce,
    functionName: fn,
    timeoutMs: options.timeoutMs ?? 60_000,
    signal: options.signal,
  });
  if ("trouble" in waited) return waited;
  const receipt = waited.receipt;
  if (receipt.status !== "success") {
    throw new TxError(fn, `transaction ${hash} reverted in block ${receipt.blockNumber}`, {
      txHash: hash,
      code: "failed",
    });
  }
  return { receipt };
}

async function takeNonce(wallet: WalletClient<Transport, Chain, Account>): Promise<number> {
  const account = wallet.account;
  if (account.nonceManager) {
    return await account.nonceManager.consume({
      address: account.address,
      chainId: wallet.chain.id,
      client: wallet,
    });
  }
  return await getTransactionCount(wallet, { address: account.address, blockTag: "pending" });
}

function decodedCallError(call: EncodedCall, err: unknown): TxError {
  const wrapped = err instanceof BaseError
    ? getContractError(err, {
      abi: call.abi,
      address: call.address,
      args: call.args,
      functionName: call.functionName,
    })
    : err;
  const d = describeRevert(wrapped);
  return new TxError(call.functionName, d.message, {
    reason: d.reason,
    cause: err,
    code: d.reason !== undefined ? "reverted" : "rpc",
  });
}
