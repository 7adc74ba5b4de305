/**
 * Waiting for a receipt: polls until it arrives, the timeout passes, the abort signal fires, or
 * the transaction turns out replaced (its nonce used by another) or dropped (forgotten by the
 * node), so the sender can recover the nonce.
 *
 * @module
 */
import {
  type Chain,
  type Hex,
  type PublicClient,
  TransactionNotFoundError,
  type TransactionReceipt,
  TransactionReceiptNotFoundError,
  type Transport,
} from "viem";
import { sleep } from "../process/sleep.ts";
import { checkAborted, TxError } from "./errors.ts";

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
 * First poll delay in ms; it doubles up to the poll period. A devnet mines at once, so most
 * receipts are there within a few ms, and a chain with real block times pays a handful of
 * cheap extra requests.
 */
const FIRST_POLL_MS = 10;

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
  const delay = (poll: number) => Math.min(pollMs, FIRST_POLL_MS * 2 ** poll);
  let unknownPolls = 0;
  for (let poll = 0;; poll++) {
    checkAborted(p.functionName, p.signal, p.hash);
    try {
      const receipt = await receiptOrNull(client, p.hash);
      if (receipt) return { receipt };
      // Replacement and drop checks start once polling runs at its full period.
      if (poll > 0 && delay(poll - 1) >= pollMs) {
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
    await sleep(Math.min(delay(poll), left), p.signal);
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
