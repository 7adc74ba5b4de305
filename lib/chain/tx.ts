/**
 * Send a contract transaction and wait for its receipt, turning every failure into a
 * {@link TxError} whose message says which call failed and why (the decoded revert string or
 * custom error when the contract gave one).
 *
 * @module
 */
import {
  type Abi,
  type Account,
  BaseError,
  type Chain,
  ContractFunctionRevertedError,
  type Hex,
  type PublicClient,
  type TransactionReceipt,
  type Transport,
  type WalletClient,
} from "viem";

/** A failed contract call or transaction. */
export class TxError extends Error {
  /** The contract function that failed. */
  readonly functionName: string;
  /** Decoded revert reason (`Error(string)` text or `CustomError(args)`), when known. */
  readonly reason?: string;
  /** Transaction hash when the transaction was mined (and reverted). */
  readonly txHash?: Hex;
  /** Builds the error; `cause` keeps the original viem error. */
  constructor(
    functionName: string,
    message: string,
    opts: { reason?: string; txHash?: Hex; cause?: unknown } = {},
  ) {
    super(`${functionName}: ${message}`, { cause: opts.cause });
    this.name = "TxError";
    this.functionName = functionName;
    this.reason = opts.reason;
    this.txHash = opts.txHash;
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
      return { message: "reverted without a reason" };
    }
    return { message: err.shortMessage };
  }
  return { message: err instanceof Error ? err.message : String(err) };
}

/** Arguments of {@link sendContractTx}. */
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

/**
 * Simulates the call (so a revert is reported with its reason before any gas is spent), sends it,
 * waits for the receipt and checks its status.
 * @throws {TxError}
 */
export async function sendContractTx(a: SendContractTxArgs): Promise<TransactionReceipt> {
  // deno-lint-ignore no-explicit-any
  const call: any = {
    account: a.walletClient.account,
    address: a.address,
    abi: a.abi,
    functionName: a.functionName,
    args: a.args ?? [],
    value: a.value,
  };
  // deno-lint-ignore no-explicit-any
  let request: any;
  try {
    ({ request } = await a.publicClient.simulateContract(call));
  } catch (err) {
    const d = describeRevert(err);
    throw new TxError(a.functionName, d.message, { reason: d.reason, cause: err });
  }
  let hash: Hex;
  try {
    hash = await a.walletClient.writeContract(request);
  } catch (err) {
    const d = describeRevert(err);
    throw new TxError(a.functionName, `send failed: ${d.message}`, {
      reason: d.reason,
      cause: err,
    });
  }
  let receipt: TransactionReceipt;
  try {
    receipt = await a.publicClient.waitForTransactionReceipt({
      hash,
      timeout: a.timeoutMs ?? 60_000,
    });
  } catch (err) {
    throw new TxError(a.functionName, `no receipt for ${hash}: ${describeRevert(err).message}`, {
      txHash: hash,
      cause: err,
    });
  }
  if (receipt.status !== "success") {
    throw new TxError(
      a.functionName,
      `transaction ${hash} reverted in block ${receipt.blockNumber}`,
      {
        txHash: hash,
      },
    );
  }
  return receipt;
}

/**
 * A read-only contract call with the same error reporting as {@link sendContractTx}.
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
    // deno-lint-ignore no-explicit-any
    return await client.readContract({ address, abi, functionName, args, blockNumber } as any) as T;
  } catch (err) {
    const d = describeRevert(err);
    throw new TxError(functionName, d.message, { reason: d.reason, cause: err });
  }
}
