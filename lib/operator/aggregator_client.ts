/**
 * Operator → aggregator JSON-RPC client: sends a signed task response with retries and
 * exponential back-off. Network failures, HTTP 5xx, internal errors and the expected
 * "task N not initialized or already completed" race are retried; any other JSON-RPC error is a
 * definitive rejection.
 *
 * @module
 */
import {
  AGGREGATOR_RPC_ERRORS,
  isRetryableRpcError,
  processSignedTaskResponseRequest,
  type SignedTaskResponse,
} from "../task/signed_response.ts";

/** How one delivery ended. */
export type SendOutcome =
  | { status: "accepted"; attempts: number }
  /** The task completed (or expired) before this signature arrived: not an error. */
  | { status: "late"; attempts: number; message: string }
  | { status: "rejected"; attempts: number; code: number; message: string; reason?: string }
  | { status: "dropped"; attempts: number; lastError: string };

/** Options of {@link AggregatorClient}. */
export type AggregatorClientOptions = {
  /** Attempts per response (default 5). */
  maxAttempts?: number;
  /** First back-off delay in ms (default 1000), doubled per attempt. */
  initialBackoffMs?: number;
  /** Back-off cap in ms (default 30000). */
  maxBackoffMs?: number;
  /** Per-request timeout in ms (default 5000). */
  timeoutMs?: number;
  /** Called before each retry (metrics, logs). */
  onRetry?: (info: { attempt: number; delayMs: number; error: string }) => void;
};

type RpcReply = {
  result?: unknown;
  error?: { code: number; message: string; data?: { reason?: string } };
};

const INTERNAL_ERROR = -32603;

/** Turns `host:port` (config) into the aggregator's JSON-RPC URL. */
export function aggregatorUrl(hostPort: string): string {
  return /^https?:\/\//.test(hostPort) ? hostPort : `http://${hostPort}/`;
}

/** JSON-RPC client for the aggregator. */
export class AggregatorClient {
  readonly url: string;
  readonly #o:
    & Required<Omit<AggregatorClientOptions, "onRetry">>
    & Pick<AggregatorClientOptions, "onRetry">;
  #nextId = 1;

  /** `url` is `http://host:port/` (see {@link aggregatorUrl}). */
  constructor(url: string, options: AggregatorClientOptions = {}) {
    this.url = url;
    this.#o = {
      maxAttempts: options.maxAttempts ?? 5,
      initialBackoffMs: options.initialBackoffMs ?? 1000,
      maxBackoffMs: options.maxBackoffMs ?? 30_000,
      timeoutMs: options.timeoutMs ?? 5000,
      onRetry: options.onRetry,
    };
  }

  async #post(body: unknown, signal?: AbortSignal): Promise<{ status: number; reply?: RpcReply }> {
    const timeout = AbortSignal.timeout(this.#o.timeoutMs);
    const res = await fetch(this.url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
      signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
    });
    const text = await res.text();
    try {
      return { status: res.status, reply: JSON.parse(text) as RpcReply };
    } catch {
      return { status: res.status };
    }
  }

  /**
   * Delivers one signed response. Never throws for delivery problems: the outcome says whether it
   * was accepted, rejected (with the aggregator's code and message) or dropped after the last try.
   * An aborted `signal` ends the retries (outcome `dropped`).
   */
  async send(signed: SignedTaskResponse, signal?: AbortSignal): Promise<SendOutcome> {
    let lastError = "";
    for (let attempt = 1; attempt <= this.#o.maxAttempts; attempt++) {
      if (signal?.aborted) {
        return { status: "dropped", attempts: attempt - 1, lastError: "aborted" };
      }
      let retryable = true;
      try {
        const { status, reply } = await this.#post(
          processSignedTaskResponseRequest(this.#nextId++, signed),
          signal,
        );
        if (reply?.error) {
          const e = reply.error;
          if (e.code === AGGREGATOR_RPC_ERRORS.taskFinished) {
            return { status: "late", attempts: attempt, message: e.message };
          }
          if (!(isRetryableRpcError(e) || e.code === INTERNAL_ERROR)) {
            return {
              status: "rejected",
              attempts: attempt,
              code: e.code,
              message: e.message,
              reason: e.data?.reason,
            };
          }
          lastError = `aggregator error ${e.code}: ${e.message}`;
        } else if (status === 200 && reply && "result" in reply) {
          return { status: "accepted", attempts: attempt };
        } else {
          lastError = `HTTP ${status}${reply ? "" : " (not JSON)"}`;
          retryable = status >= 500 || status === 429;
          if (!retryable) {
            return { status: "rejected", attempts: attempt, code: status, message: lastError };
          }
        }
      } catch (err) {
        lastError = (err as Error).message;
      }
      if (attempt === this.#o.maxAttempts || !retryable) break;
      const delayMs = Math.min(this.#o.maxBackoffMs, this.#o.initialBackoffMs * 2 ** (attempt - 1));
      this.#o.onRetry?.({ attempt, delayMs, error: lastError });
      await sleep(delayMs, signal);
    }
    return { status: "dropped", attempts: this.#o.maxAttempts, lastError };
  }

  /** True when something answers JSON-RPC at the URL (any JSON-RPC reply counts). */
  async ping(): Promise<boolean> {
    try {
      const { reply } = await this.#post({
        jsonrpc: "2.0",
        id: 0,
        method: "incsq_ping",
        params: [],
      });
      return reply !== undefined && (reply.result !== undefined || reply.error !== undefined);
    } catch {
      return false;
    }
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal?.removeEventListener("abort", done);
      resolve();
    }
    signal?.addEventListener("abort", done, { once: true });
  });
}
