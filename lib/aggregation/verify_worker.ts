/**
 * Batch verification in a worker thread: the pairing work of the aggregation service moves off
 * the thread that serves the operators' requests, so on a machine with a second core the two
 * run side by side (requests are parsed and queued while the previous batch is verified).
 * Batches are answered in the order they were sent.
 * @module
 */
import type { BatchVerifyStats, G1Point, G2Point } from "../bls/mod.ts";
import type { Hex } from "./types.ts";

/** A batch sent to the worker. */
export interface VerifyRequest {
  id: number;
  digest: Hex;
  pks: readonly G2Point[];
  sigs: readonly G1Point[];
}

/** The worker's answer: each signature's validity, or the error the batch raised. */
export type VerifyReply =
  & { id: number; stats: BatchVerifyStats }
  & ({ valid: boolean[]; error?: undefined } | { valid?: undefined; error: string });

interface Pending {
  resolve: (valid: boolean[]) => void;
  reject: (err: Error) => void;
  stats: BatchVerifyStats;
}

/**
 * A dedicated worker running `batchVerifySameMessage`; see the module comment. The thread starts
 * on `warmUp()` or with the first batch, so an owner that never gets that far (a process that
 * fails to start) leaves none behind.
 */
export class VerifyWorker {
  #worker?: Worker;
  readonly #pending = new Map<number, Pending>();
  #nextId = 1;
  #closed = false;

  #start(): Worker {
    const worker = new Worker(new URL("./verify_worker_main.ts", import.meta.url).href, {
      type: "module",
    });
    worker.onmessage = (e: MessageEvent<VerifyReply>) => this.#answer(e.data);
    worker.onerror = (e) => {
      e.preventDefault();
      // From now on every batch is verified by the caller itself (see the service).
      this.#closed = true;
      worker.terminate();
      this.#failAll(`verification worker failed: ${e.message}`);
    };
    return worker;
  }

  /** Starts the thread now (loading it takes a moment) rather than with the first batch. */
  warmUp(): void {
    if (!this.#closed) this.#worker ??= this.#start();
  }

  /** Batches sent and not answered yet. */
  get inFlight(): number {
    return this.#pending.size;
  }

  /**
   * Verifies n signatures of one digest (like `batchVerifySameMessage`, counters added to
   * `stats`). Rejects when the batch raised an error (a malformed point) or the worker is gone.
   */
  verify(
    pks: readonly G2Point[],
    digest: Hex,
    sigs: readonly G1Point[],
    stats: BatchVerifyStats,
  ): Promise<boolean[]> {
    if (this.#closed) return Promise.reject(new Error("the verification worker is closed"));
    const worker = this.#worker ??= this.#start();
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject, stats });
      worker.postMessage({ id, digest, pks, sigs } satisfies VerifyRequest);
    });
  }

  /** Stops the worker; batches still in it are rejected. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#worker?.terminate();
    this.#failAll("the verification worker is closed");
  }

  #answer(reply: VerifyReply): void {
    const p = this.#pending.get(reply.id);
    if (!p) return;
    this.#pending.delete(reply.id);
    p.stats.combinedChecks += reply.stats.combinedChecks;
    p.stats.singleChecks += reply.stats.singleChecks;
    if (reply.error !== undefined) p.reject(new Error(reply.error));
    else p.resolve(reply.valid);
  }

  #failAll(why: string): void {
    for (const p of this.#pending.values()) p.reject(new Error(why));
    this.#pending.clear();
  }
}
