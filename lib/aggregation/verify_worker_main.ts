/**
 * Entry of the verification worker (see `verify_worker.ts`): runs `batchVerifySameMessage` on
 * the batches it is sent, in its own thread with its own instance of the BN254 core, and posts
 * back each signature's validity with the work counters, or the error the batch raised.
 * @module
 */
import { batchVerifySameMessage, type BatchVerifyStats } from "../bls/mod.ts";
import type { VerifyReply, VerifyRequest } from "./verify_worker.ts";

/** The worker's global scope, as far as this file uses it. */
interface WorkerScope {
  onmessage: ((e: MessageEvent<VerifyRequest>) => void) | null;
  postMessage(reply: VerifyReply): void;
}

const scope = self as unknown as WorkerScope;

scope.onmessage = (e) => {
  const { id, digest, pks, sigs } = e.data;
  const stats: BatchVerifyStats = { combinedChecks: 0, singleChecks: 0 };
  try {
    const valid = batchVerifySameMessage(pks, digest, sigs, stats);
    scope.postMessage({ id, valid, stats });
  } catch (err) {
    scope.postMessage({ id, error: err instanceof Error ? err.message : String(err), stats });
  }
};
