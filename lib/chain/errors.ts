/**
 * Transaction errors: {@link TxError} (which call failed, why, with the decoded revert reason when
 * the contract gave one) and the classifications the send path needs.
 *
 * @module
 */
import { BaseError, ContractFunctionRevertedError, type Hex } from "viem";

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

// Node messages for a nonce that is already taken (geth, anvil, reth, nethermind wording).
const NONCE_ERROR =
  /nonce too low|nonce has already been used|already known|replacement transaction underpriced|nonce.*(lower|less) than|NonceTooLow|transaction already imported/i;

/**
 * True when a node refused a transaction because its nonce is taken ("nonce too low", "already
 * known", an underpriced replacement): another sender with the same key got there first.
 */
export function isNonceError(err: unknown): boolean {
  return NONCE_ERROR.test(errorText(err));
}

/** Throws a TxError `aborted` when the signal fired (naming the transaction when one was sent). */
export function checkAborted(fn: string, signal?: AbortSignal, txHash?: Hex): void {
  if (signal?.aborted) {
    throw new TxError(fn, txHash ? `aborted while waiting for ${txHash}` : "aborted", {
      code: "aborted",
      txHash,
      cause: signal.reason,
    });
  }
}

/** The text of an error, viem's details included. */
export function errorText(err: unknown): string {
  if (err instanceof BaseError) return `${err.shortMessage} ${err.details ?? ""} ${err.message}`;
  return err instanceof Error ? err.message : String(err);
}
