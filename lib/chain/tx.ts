/**
 * The one way to send a contract transaction ({@link transact}) and to read a contract
 * ({@link read}), typed from the `as const` ABIs in `./abi/` (viem infers `functionName`, `args`
 * and return types). Every failure becomes a {@link TxError} whose message says which call failed
 * and why (the decoded revert string or custom error when the contract gave one).
 *
 * A transaction is simulated (`eth_call`) for a decoded revert reason before any gas is spent,
 * its gas estimated (both optionally at the `pending` block), sent with a gas margin, and its
 * receipt awaited with a timeout and an optional abort signal. When the nonce turns out stale
 * ("nonce too low", or the transaction was replaced or dropped), the account's nonce manager is
 * reset from the chain and the whole send is retried once.
 *
 * @module
 */
import {
  type Abi,
  type Account,
  BaseError,
  type Chain,
  type ContractFunctionArgs,
  type ContractFunctionName,
  type ContractFunctionParameters,
  ContractFunctionRevertedError,
  encodeFunctionData,
  type EncodeFunctionDataParameters,
  getContractError,
  type Hex,
  type PublicClient,
  type ReadContractParameters,
  type ReadContractReturnType,
  TransactionNotFoundError,
  type TransactionReceipt,
  TransactionReceiptNotFoundError,
  type Transport,
  type WalletClient,
} from "viem";
import { getTransactionCount } from "viem/actions";
import { sleep } from "../process/sleep.ts";
import { type ReadClient, resetNonces, type TxSender } from "./clients.ts";

/** What went wrong in a {@link TxError}. */
export type TxErrorCode =
  /** The simulation, gas estimate or view call reverted (nothing was sent). */
  | "reverted"
  /** The transaction was mined and reverted. */
  | "failed"
  /** The node refused the transaction. */
  | "send"
  /** The nonce stayed stale after one recovery (replaced, dropped or "nonce too low"). */
  | "nonce"
  /** No receipt within the timeout. */
  | "timeout"
  /** The abort signal fired. */
  | "aborted"
  /** Any other RPC failure. */
  | "rpc";

/** A failed contract call or transaction. */
export class TxError extends Error {
  /** The contract function that failed. */
  readonly functionName: string;
  /** Decoded revert reason (`Error(string)` text or `CustomError(args)`), when known. */
  readonly reason?: string;
  /** Transaction hash when the transaction was sent. */
  readonly txHash?: Hex;
  /** What went wrong. */
  readonly code: TxErrorCode;
  /** Builds the error; `cause` keeps the original viem error. */
  constructor(
    functionName: string,
    message: string,
    opts: { reason?: string; txHash?: Hex; cause?: unknown; code?: TxErrorCode } = {},
  ) {
    super(`${functionName}: ${message}`, { cause: opts.cause });
    this.name = "TxError";
    this.functionName = functionName;
    this.reason = opts.reason;
    this.txHash = opts.txHash;
    this.code = opts.code ?? (opts.reason !== undefined ? "reverted" : "rpc");
  }
}

/**
 * Extracts a human-readable revert reason from a viem error: the `Error(string)` text, a custom
 * error with its arguments, a panic, or viem's short message.
 */
export function describeRevert(err: unknown): { reason?: string; message: string } {
  if (err instanceof BaseError) {
    const reverted = err.walk((e) => e instanceof ContractFunctionRevertedError);
    if (reverted instanceof ContractFunctionRevertedError) {
      const data = reverted.data;
      // A decoded custom error beats the node's generic message.
      if (data?.errorName && data.errorName !== "Error" && data.errorName !== "Panic") {
        const args = (data.args ?? []).map((a) =>
          typeof a === "bigint" ? a.toString() : JSON.stringify(a)
        );
        const reason = `${data.errorName}(${args.join(", ")})`;
        return { reason, message: `reverted: ${reason}` };
      }
      if (reverted.reason) {
        return { reason: reverted.reason, message: `reverted: ${reverted.reason}` };
      }
      if (reverted.signature) {
        return {
          reason: reverted.signature,
          message: `reverted with unknown error ${reverted.signature}`,
        };
      }
      return { reason: "", message: "reverted without a reason" };
    }
    return { message: err.shortMessage };
  }
  return { message: err instanceof Error ? err.message : String(err) };
}

/** State-changing functions of an ABI. */
type Mutability = "nonpayable" | "payable";

/**
 * A contract write, typed from its ABI: `functionName` and `args` are checked against it.
 * `value` is the wei sent along (payable functions).
 */
export type WriteCall<
  abi extends Abi | readonly unknown[] = Abi,
  functionName extends ContractFunctionName<abi, Mutability> = ContractFunctionName<
    abi,
    Mutability
  >,
  args extends ContractFunctionArgs<abi, Mutability, functionName> = ContractFunctionArgs<
    abi,
    Mutability,
    functionName
  >,
> = ContractFunctionParameters<abi, Mutability, functionName, args> & { value?: bigint };

/** Options of {@link transact}. */
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
};

/** Default gas margin of {@link transact}, in percent of the estimate. */
export const DEFAULT_GAS_MARGIN_PERCENT = 20;

/**
 * Sends a contract transaction and waits for its successful receipt: simulate (decoded revert),
 * estimate gas, send with the gas margin, wait for the receipt (timeout, abort signal), with one
 * nonce recovery. The call is typed from the ABI.
 * @throws {TxError}
 */
export function transact<
  const abi extends Abi | readonly unknown[],
  functionName extends ContractFunctionName<abi, Mutability>,
  const args extends ContractFunctionArgs<abi, Mutability, functionName>,
>(
  sender: TxSender,
  call: WriteCall<abi, functionName, args>,
  options: TxOptions = {},
): Promise<TransactionReceipt> {
  return transactEncoded(sender, {
    address: call.address,
    functionName: call.functionName,
    abi: call.abi as Abi,
    data: encodeFunctionData(
      {
        abi: call.abi,
        functionName: call.functionName,
        args: call.args,
      } as EncodeFunctionDataParameters,
    ),
    args: (call.args ?? []) as readonly unknown[],
    value: call.value,
  }, options);
}

/** A call after encoding (what the untyped paths share). */
type EncodedCall = {
  address: Hex;
  abi: Abi;
  functionName: string;
  args: readonly unknown[];
  data: Hex;
  value?: bigint;
};

/** Why one send attempt needs the nonce recovered (or `undefined` when it does not). */
type NonceTrouble = "stale" | "replaced" | "dropped";

const NONCE_ERROR =
  /nonce too low|nonce has already been used|already known|replacement transaction underpriced|nonce.*(lower|less) than|NonceTooLow|transaction already imported/i;

/**
 * True when a node refused a transaction because its nonce is taken ("nonce too low", "already
 * known", an underpriced replacement): another sender with the same key got there first.
 */
export function isNonceError(err: unknown): boolean {
  return NONCE_ERROR.test(errorText(err));
}

async function transactEncoded(
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

function checkAborted(fn: string, signal?: AbortSignal, txHash?: Hex): void {
  if (signal?.aborted) {
    throw new TxError(fn, txHash ? `aborted while waiting for ${txHash}` : "aborted", {
      code: "aborted",
      txHash,
      cause: signal.reason,
    });
  }
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

function errorText(err: unknown): string {
  if (err instanceof BaseError) return `${err.shortMessage} ${err.details ?? ""} ${err.message}`;
  return err instanceof Error ? err.message : String(err);
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

/** Parameters of {@link waitForReceipt}. */
export type WaitForReceiptParameters = {
  hash: Hex;
  /** Sender and nonce of the transaction: a mined nonce without our receipt means "replaced". */
  from: Hex;
  nonce: number;
  /** For error messages. */
  functionName: string;
  timeoutMs: number;
  signal?: AbortSignal;
  /** Poll period in ms (default: the client's polling interval). */
  pollMs?: number;
};

/** Polls after which a transaction the node no longer knows (and whose nonce is unused) counts as dropped. */
const DROPPED_AFTER_POLLS = 3;

/**
 * Polls for a transaction's receipt until it arrives, the timeout passes (TxError `timeout`), the
 * signal aborts (TxError `aborted`), another transaction took its nonce (`replaced`) or the node
 * forgot it (`dropped`).
 */
export async function waitForReceipt(
  client: PublicClient<Transport, Chain>,
  p: WaitForReceiptParameters,
): Promise<{ receipt: TransactionReceipt } | { trouble: "replaced" | "dropped" }> {
  const deadline = Date.now() + p.timeoutMs;
  const pollMs = p.pollMs ?? client.pollingInterval;
  let unknownPolls = 0;
  for (let poll = 0;; poll++) {
    checkAborted(p.functionName, p.signal, p.hash);
    try {
      const receipt = await receiptOrNull(client, p.hash);
      if (receipt) return { receipt };
      if (poll > 0) {
        const mined = await client.getTransactionCount({ address: p.from, blockTag: "latest" });
        if (mined > p.nonce) {
          // Our nonce is used; a few more looks for our receipt close the race with its block
          // (a busy anvil reports the new nonce a moment before the receipt).
          for (let look = 0; look < 5; look++) {
            const late = await receiptOrNull(client, p.hash);
            if (late) return { receipt: late };
            await sleep(100, p.signal);
          }
          return { trouble: "replaced" };
        }
        unknownPolls = (await knownTransaction(client, p.hash)) ? 0 : unknownPolls + 1;
        if (unknownPolls >= DROPPED_AFTER_POLLS) return { trouble: "dropped" };
      }
    } catch (err) {
      if (err instanceof TxError) throw err;
      // A transient RPC failure: keep polling until the deadline.
    }
    const left = deadline - Date.now();
    if (left <= 0) {
      throw new TxError(p.functionName, `no receipt for ${p.hash} within ${p.timeoutMs} ms`, {
        code: "timeout",
        txHash: p.hash,
      });
    }
    await sleep(Math.min(pollMs, left), p.signal);
  }
}

async function receiptOrNull(
  client: PublicClient<Transport, Chain>,
  hash: Hex,
): Promise<TransactionReceipt | null> {
  try {
    return await client.getTransactionReceipt({ hash });
  } catch (err) {
    if (err instanceof TransactionReceiptNotFoundError) return null;
    throw err;
  }
}

async function knownTransaction(client: PublicClient<Transport, Chain>, hash: Hex) {
  try {
    await client.getTransaction({ hash });
    return true;
  } catch (err) {
    if (err instanceof TransactionNotFoundError) return false;
    throw err;
  }
}

/** View and pure functions of an ABI. */
type ReadMutability = "pure" | "view";

/**
 * A typed contract read (optionally at `blockNumber`), with the revert reason decoded into a
 * {@link TxError}. Names, arguments and the return type are inferred from the ABI.
 * @throws {TxError}
 */
export async function read<
  const abi extends Abi | readonly unknown[],
  functionName extends ContractFunctionName<abi, ReadMutability>,
  const args extends ContractFunctionArgs<abi, ReadMutability, functionName>,
>(
  client: ReadClient,
  call: ReadContractParameters<abi, functionName, args>,
): Promise<ReadContractReturnType<abi, functionName, args>> {
  try {
    return await client.readContract(call);
  } catch (err) {
    const d = describeRevert(err);
    throw new TxError(call.functionName, d.message, { reason: d.reason, cause: err });
  }
}

// ---- deprecated untyped entry points, kept while callers move to transact/read ----

/**
 * Arguments of {@link sendContractTx}.
 * @deprecated Use {@link transact} with a {@link WriteCall}.
 */
export type SendContractTxArgs = {
  publicClient: PublicClient<Transport, Chain>;
  walletClient: WalletClient<Transport, Chain, Account>;
  address: Hex;
  abi: Abi | readonly unknown[];
  functionName: string;
  args?: readonly unknown[];
  value?: bigint;
  /** Receipt timeout in ms (default 60 s). */
  timeoutMs?: number;
};

/** Encodes an untyped call (the deprecated paths). */
export function encodeUntyped(
  address: Hex,
  abi: Abi | readonly unknown[],
  functionName: string,
  args: readonly unknown[],
  value?: bigint,
): EncodedCall {
  let data: Hex;
  try {
    data = encodeFunctionData({ abi, functionName, args } as EncodeFunctionDataParameters);
  } catch (err) {
    throw new TxError(functionName, `cannot encode the call: ${describeRevert(err).message}`, {
      cause: err,
    });
  }
  return { address, abi: abi as Abi, functionName, args, data, value };
}

/**
 * Untyped {@link transact}.
 * @deprecated Use {@link transact}.
 * @throws {TxError}
 */
export function sendContractTx(a: SendContractTxArgs): Promise<TransactionReceipt> {
  return transactEncoded(
    { publicClient: a.publicClient, walletClient: a.walletClient },
    encodeUntyped(a.address, a.abi, a.functionName, a.args ?? [], a.value),
    { timeoutMs: a.timeoutMs },
  );
}

/**
 * Untyped {@link transact} at the pending block, for the deprecated `sendPendingBlockTx`.
 * @deprecated Use {@link transact} with `blockTag: "pending"`.
 */
export function sendEncodedTx(
  sender: TxSender,
  call: EncodedCall,
  options: TxOptions = {},
): Promise<TransactionReceipt> {
  return transactEncoded(sender, call, options);
}

/**
 * Untyped {@link read} with a hand-asserted result type.
 * @deprecated Use {@link read}.
 * @throws {TxError}
 */
export async function readContract<T = unknown>(
  client: PublicClient<Transport, Chain>,
  address: Hex,
  abi: Abi | readonly unknown[],
  functionName: string,
  args: readonly unknown[] = [],
  blockNumber?: bigint,
): Promise<T> {
  try {
    return await client.readContract(
      { address, abi, functionName, args, blockNumber } as ReadContractParameters,
    ) as T;
  } catch (err) {
    const d = describeRevert(err);
    throw new TxError(functionName, d.message, { reason: d.reason, cause: err });
  }
}
