/**
 * BLS aggregation service, generic over the response type `R` an AVS signs: collects operators'
 * signed responses, checks them against the operator set as it was at the task's creation block,
 * groups them by response digest (from the injected hasher) and emits one aggregate per task
 * once every quorum's stake threshold is met, or an expiry result when the task runs out of
 * blocks. Semantics follow eigensdk-go's service (reference `bls-bn254.md` §9) with deliberate
 * differences: expiry is measured in blocks, nothing panics, an operator contributes to one
 * digest per task (a second digest is rejected as equivocation), and signatures are verified in
 * micro-batches: those for the same task and digest are collected for `batchWaitMs` or up to
 * `batchSize` and checked with one random-coefficient pairing check, bisected on failure. Each
 * call still gets its own answer once its batch is decided.
 * @module
 */
import {
  type BatchVerifyStats,
  checkPublicKeyG2,
  checkSignatureG1,
  type G1Point,
} from "../bls/mod.ts";
import { AggregationError, describe, errors, expiredMessage, type TaskEnd } from "./errors.ts";
import { InitWaiters } from "./init_waiters.ts";
import { MicroBatcher } from "./micro_batch.ts";
import {
  addToBucket,
  buildOperatorState,
  type DigestBucket,
  newBucket,
  type TaskOperatorState,
} from "./operator_set.ts";
import { thresholdMet, validateMeta } from "./task_rules.ts";
import { batchVerdicts } from "./verdicts.ts";
import { VerifyWorker } from "./verify_worker.ts";
import { aggregateBucket } from "./completion.ts";
import type { LiveTask, Queued } from "./live_task.ts";
import type {
  AcceptedSignature,
  AggregationResult,
  AvsStateReader,
  BatchReport,
  BlsAggregationServiceOptions,
  Hex,
  OperatorAvsState,
  ResponseHasher,
  ResultListener,
  TaskMetadata,
  VerificationStats,
} from "./types.ts";

/** How many finished tasks are remembered to answer late signatures precisely. */
const FINISHED_MEMORY = 10_000;
const DEFAULT_BATCH_SIZE = 256;
const DEFAULT_BATCH_WAIT_MS = 2;
const DEFAULT_STATE_LOAD_RETRIES = 3;
const DEFAULT_STATE_LOAD_RETRY_MS = 250;
/**
 * Signatures that make a batch leave for the verification worker without waiting for it to be
 * idle (an idle worker also takes fewer, after one turn of the event loop).
 */
const WORKER_BATCH = 32;
/**
 * Batches handed to the worker at once: one being verified and one waiting in its queue, so the
 * worker starts the next batch as soon as it finishes one instead of idling for the round trip
 * (answer to this thread, settling, the next batch back), about 1 ms per batch.
 */
const WORKER_QUEUE_DEPTH = 2;

/** Aggregates BLS signatures over responses of type `R` per task; see the module comment. */
export class BlsAggregationService<R> {
  readonly #reader: AvsStateReader;
  readonly #hash: ResponseHasher<R>;
  readonly #taskIndexOf?: (response: R) => number;
  readonly #windowMs: number;
  readonly #persist?: (accepted: readonly AcceptedSignature<R>[]) => void;
  readonly #worker?: VerifyWorker;
  readonly #onBatch?: (report: BatchReport) => void;
  readonly #stateRetries: number;
  readonly #stateRetryMs: number;
  #flushTimer?: ReturnType<typeof setTimeout>;
  readonly #tasks = new Map<number, LiveTask<R>>();
  readonly #listeners = new Set<ResultListener<R>>();
  /** Recently finished tasks and how they ended (bounded, oldest dropped first). */
  readonly #finished = new Map<number, TaskEnd>();
  /** Results produced while no listener was attached, delivered on the next `onResult`. */
  readonly #pending: AggregationResult<R>[] = [];
  #lastBlock = 0;
  readonly #initWaiters: InitWaiters;
  readonly #batcher: MicroBatcher<Queued<R>>;
  /** Operator states (owned by the task states) whose G2 key passed its checks. */
  readonly #checkedKeys = new WeakSet<OperatorAvsState>();
  readonly #stats: VerificationStats = {
    signatures: 0,
    batches: 0,
    combinedChecks: 0,
    singleChecks: 0,
  };

  /** Creates a service reading operator state through `options.reader`. */
  constructor(options: BlsAggregationServiceOptions<R>) {
    this.#reader = options.reader;
    this.#hash = options.hashResponse;
    this.#taskIndexOf = options.responseTaskIndex;
    this.#windowMs = options.aggregationWindowMs ?? 0;
    this.#persist = options.persistAccepted;
    this.#onBatch = options.onBatchVerified;
    this.#stateRetries = options.stateLoadRetries ?? DEFAULT_STATE_LOAD_RETRIES;
    this.#stateRetryMs = options.stateLoadRetryMs ?? DEFAULT_STATE_LOAD_RETRY_MS;
    if (!Number.isInteger(this.#stateRetries) || this.#stateRetries < 0) {
      throw new RangeError(
        `stateLoadRetries must be a non-negative integer, got ${options.stateLoadRetries}`,
      );
    }
    if (!Number.isFinite(this.#stateRetryMs) || this.#stateRetryMs < 0) {
      throw new RangeError(
        `stateLoadRetryMs must be a non-negative number, got ${options.stateLoadRetryMs}`,
      );
    }
    if (!Number.isFinite(this.#windowMs) || this.#windowMs < 0) {
      throw new RangeError(
        `aggregationWindowMs must be a non-negative number, got ${options.aggregationWindowMs}`,
      );
    }
    this.#initWaiters = new InitWaiters(options.awaitInitMs ?? 0);
    const maxSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
    const maxWaitMs = options.batchWaitMs ?? DEFAULT_BATCH_WAIT_MS;
    if (!Number.isInteger(maxSize) || maxSize < 1) {
      throw new RangeError(`batchSize must be a positive integer, got ${maxSize}`);
    }
    if (!Number.isFinite(maxWaitMs) || maxWaitMs < 0) {
      throw new RangeError(`batchWaitMs must be a non-negative number, got ${maxWaitMs}`);
    }
    if (options.verifyInWorker) this.#worker = new VerifyWorker();
    this.#batcher = new MicroBatcher({
      maxSize,
      // With a worker, batches leave when it is free (see #enqueue and #verifyBatch): the busier
      // it is, the more signatures each batch holds.
      maxWaitMs: this.#worker ? Infinity : maxWaitMs,
      flush: (items) => {
        try {
          this.#verifyBatch(items);
        } catch (err) {
          // Runs from a timer: never let a surprise escape; settling twice is a no-op.
          for (const it of items) this.#settle(it, errors.verifyFailed(describe(err)));
        }
      },
    });
  }

  /**
   * Subscribes to results (aggregated, expired or failed), one per task. Returns an unsubscribe
   * function. Results produced before the first subscription are replayed to it.
   */
  onResult(listener: ResultListener<R>): () => void {
    this.#listeners.add(listener);
    for (const r of this.#pending.splice(0)) listener(r);
    return () => this.#listeners.delete(listener);
  }

  /** Indices of tasks still collecting signatures. */
  activeTasks(): number[] {
    return [...this.#tasks.keys()].sort((a, b) => a - b);
  }

  /** Whether `taskIndex` is currently collecting signatures. */
  isActive(taskIndex: number): boolean {
    return this.#tasks.has(taskIndex);
  }

  /** A copy of the verification counters (signatures, batches, combined and single checks). */
  verificationStats(): VerificationStats {
    return { ...this.#stats };
  }

  /**
   * Starts collecting signatures for a task. The operator set, keys and stakes are loaded at
   * `taskCreatedBlock` in the background; signatures arriving meanwhile wait for it. Throws
   * `task N already initialized` on a second call for the same index, or on malformed metadata.
   */
  initializeNewTask(meta: TaskMetadata): void {
    validateMeta(meta);
    if (this.#tasks.has(meta.taskIndex)) throw errors.alreadyInitialized(meta.taskIndex);
    const task: LiveTask<R> = {
      meta: {
        ...meta,
        quorumNumbers: [...meta.quorumNumbers],
        quorumThresholdPercentages: [...meta.quorumThresholdPercentages],
      },
      ready: Promise.resolve(undefined),
      buckets: new Map(),
      signed: new Map(),
      queued: new Map(),
      batchKeys: new Set(),
      finished: false,
    };
    task.ready = this.#loadState(task);
    this.#tasks.set(meta.taskIndex, task);
    // Signatures are about to come: have the worker loaded before the first batch.
    this.#worker?.warmUp();
    this.#initWaiters.initialized(meta.taskIndex);
    // A block already seen may have made the task dead on arrival.
    if (this.#lastBlock > 0) this.#expireIfDue(task, this.#lastBlock);
  }

  /**
   * Checks one operator's signature over `response` and adds it to the task's aggregate.
   * Resolves when the signature was accepted (after its batch was verified); rejects with an
   * {@link AggregationError} naming the reason otherwise: unknown task (`TASK_NOT_FOUND`, the
   * retryable race of upstream), a task that already completed, expired or failed
   * (`TASK_FINISHED`, not worth a retry), response for another task, operator not in the
   * quorums, missing key, malformed point (`VERIFY_FAILED`), bad signature
   * (`INCORRECT_SIGNATURE`), the same digest again (`DUPLICATE_SIGNATURE`) or another digest
   * from an operator already accepted (`EQUIVOCATION`). State is unchanged on rejection.
   */
  async processNewSignature(
    taskIndex: number,
    response: R,
    signature: G1Point,
    operatorId: Hex,
  ): Promise<void> {
    const task = this.#tasks.get(taskIndex) ?? await this.#waitForInit(taskIndex);
    if (!task) {
      const how = this.#finished.get(taskIndex);
      throw how ? errors.finished(taskIndex, how) : errors.notInitialized(taskIndex);
    }
    if (this.#taskIndexOf) {
      const named = this.#taskIndexOf(response);
      if (named !== taskIndex) throw errors.responseMismatch(taskIndex, named);
    }
    const state = task.state ?? await task.ready;
    if (!state || task.finished) throw this.#finishedError(taskIndex);

    let digest: Hex;
    try {
      digest = this.#hash(response);
    } catch (err) {
      throw errors.hashFailed(describe(err));
    }
    const key = operatorId.toLowerCase();
    const operator = state.operators.get(key);
    if (!operator) throw errors.notInQuorum(operatorId, taskIndex);
    if (!operator.pubkeyG2) throw errors.g2Missing(taskIndex, operatorId);
    try {
      // Malformed points are rejected here, so they never reach (and fail) a whole batch.
      checkSignatureG1(signature);
      if (!this.#checkedKeys.has(operator)) {
        checkPublicKeyG2(operator.pubkeyG2, "operator public key");
        this.#checkedKeys.add(operator);
      }
    } catch (err) {
      throw errors.verifyFailed(describe(err));
    }
    // A signature of the same operator still in a batch is decided first.
    for (let q = task.queued.get(key); q; q = task.queued.get(key)) {
      await q.decided;
      if (task.finished) throw this.#finishedError(taskIndex);
    }
    const prior = task.signed.get(key);
    if (prior !== undefined) {
      throw prior === digest
        ? errors.duplicate(operatorId, taskIndex)
        : errors.equivocation(operatorId, taskIndex);
    }
    return this.#enqueue(task, state, { key, operator, digest, response, signature });
  }

  /**
   * Reports the chain head. Tasks whose creation block plus `expiryBlocks` is at or below
   * `blockNumber` end with an `expired` result; the service keeps running.
   */
  onBlock(blockNumber: number): void {
    if (blockNumber > this.#lastBlock) this.#lastBlock = blockNumber;
    for (const task of [...this.#tasks.values()]) this.#expireIfDue(task, blockNumber);
  }

  /**
   * Drops one live task without a result (a reorganisation replaced it on chain): signatures
   * still queued for it are answered with the task's end. Returns whether it was live.
   */
  discardTask(taskIndex: number): boolean {
    const task = this.#tasks.get(taskIndex);
    if (!task) return false;
    this.#end(task, "stopped");
    // A later task with this index is a new one: forget that this index ended.
    this.#finished.delete(taskIndex);
    return true;
  }

  /**
   * Drops every live task without emitting results (used on shutdown); signatures still
   * waiting in a batch are rejected with `TASK_FINISHED`.
   */
  stop(): void {
    for (const task of [...this.#tasks.values()]) this.#end(task, "stopped");
    this.#initWaiters.wakeAll();
    clearTimeout(this.#flushTimer);
    this.#flushTimer = undefined;
    this.#worker?.close();
  }

  #finishedError(taskIndex: number): AggregationError {
    return errors.finished(taskIndex, this.#finished.get(taskIndex) ?? "failed");
  }

  /** Queues a checked signature for batch verification; resolves when it is decided. */
  #enqueue(
    task: LiveTask<R>,
    state: TaskOperatorState,
    sig: Pick<Queued<R>, "key" | "operator" | "digest" | "response" | "signature">,
  ): Promise<void> {
    let settle!: (err?: AggregationError) => void;
    const result = new Promise<void>((resolve, reject) => {
      settle = (err) => err ? reject(err) : resolve();
    });
    const queued: Queued<R> = { ...sig, task, settle, decided: result.then(noop, noop) };
    task.queued.set(sig.key, queued);
    const batchKey = `${task.meta.taskIndex}:${sig.digest}`;
    task.batchKeys.add(batchKey);
    this.#batcher.add(batchKey, queued);
    // Nobody else can still sign: no reason to wait for the batch timer.
    if (task.signed.size + task.queued.size >= state.operators.size) {
      for (const k of [...task.batchKeys]) this.#batcher.flush(k);
    } else if (this.#worker && this.#worker.inFlight < WORKER_QUEUE_DEPTH) {
      // A full batch leaves at once: an idle worker verifies it while this thread parses the
      // rest, a busy one finds it queued. A partial batch leaves only for an idle worker.
      if (this.#batcher.size(batchKey) >= WORKER_BATCH) this.#batcher.flush(batchKey);
      else if (this.#worker.inFlight === 0) this.#flushSoon();
    }
    return result;
  }

  /**
   * Verifies one batch (same task and digest) and settles each of its signatures: here, or in
   * the verification worker (then the batch is decided when the worker answers).
   */
  #verifyBatch(items: Queued<R>[]): void {
    const { task, digest } = items[0];
    task.batchKeys.delete(`${task.meta.taskIndex}:${digest}`);
    if (task.finished || !task.state) {
      // Normally taken off the queue when the task ended; kept for safety.
      for (const it of items) this.#settle(it, this.#finishedError(task.meta.taskIndex));
      return;
    }
    this.#stats.batches++;
    this.#stats.signatures += items.length;
    const pks = items.map((it) => it.operator.pubkeyG2);
    const sigs = items.map((it) => it.signature);
    const checks: BatchVerifyStats = { combinedChecks: 0, singleChecks: 0 };
    const started = performance.now();
    let inWorker = true;
    const report = () => {
      this.#stats.combinedChecks += checks.combinedChecks;
      this.#stats.singleChecks += checks.singleChecks;
      const seconds = (performance.now() - started) / 1000;
      try {
        this.#onBatch?.({ size: items.length, seconds, inWorker, ...checks });
      } catch { /* a metrics hook never decides a batch */ }
    };
    const worker = this.#worker;
    if (!worker) {
      inWorker = false;
      const verdicts = batchVerdicts(pks, digest, sigs, checks);
      report();
      this.#decide(items, verdicts);
      return;
    }
    worker.verify(pks, digest, sigs, checks).finally(() => this.#feedWorker()).then(
      (valid) => valid.map((ok) => ok ? true as const : errors.incorrectSignature()),
      // A batch that raised (or a worker that is gone) is decided here, one by one if need be;
      // a task that ended meanwhile needs no verdicts at all.
      () => {
        inWorker = false;
        return task.finished ? undefined : batchVerdicts(pks, digest, sigs, checks);
      },
    ).then((verdicts) => {
      report();
      this.#decide(items, verdicts);
    }).catch((err) => {
      for (const it of items) this.#settle(it, errors.verifyFailed(describe(err)));
    });
  }

  /**
   * The worker is idle: flush once the signatures that arrived in this turn of the event loop
   * are queued (a timer of 0 runs after pending I/O), so they share one batch.
   */
  #flushSoon(): void {
    if (this.#flushTimer !== undefined) return;
    this.#flushTimer = setTimeout(() => {
      this.#flushTimer = undefined;
      this.#feedWorker();
    }, 0);
  }

  /**
   * Hands the worker what it has room for: an idle worker takes everything queued, one still
   * busy takes full batches (those that grew while its queue was full).
   */
  #feedWorker(): void {
    const inFlight = this.#worker?.inFlight;
    if (inFlight === 0) this.#batcher.flushAtLeast(1);
    else if (inFlight !== undefined && inFlight < WORKER_QUEUE_DEPTH) {
      this.#batcher.flushAtLeast(WORKER_BATCH);
    }
  }

  /** Applies a batch's verdicts (undefined: not verified) to its task and settles its calls. */
  #decide(items: Queued<R>[], verdicts: (true | AggregationError)[] | undefined): void {
    const { task, digest } = items[0];
    const state = task.state;
    if (task.finished || !state || !verdicts) {
      // The task ended while the batch was verified.
      for (const it of items) this.#settle(it, this.#finishedError(task.meta.taskIndex));
      return;
    }
    this.#persistValid(items, verdicts);
    let accepted = 0;
    items.forEach((it, i) => {
      if (verdicts[i] !== true) return;
      let bucket = task.buckets.get(digest);
      if (!bucket) {
        bucket = newBucket(it.response, task.meta.quorumNumbers.length);
        task.buckets.set(digest, bucket);
      }
      addToBucket(bucket, task.meta.quorumNumbers, it.operator, it.signature);
      task.signed.set(it.key, digest);
      accepted++;
    });
    items.forEach((it, i) => this.#settle(it, verdicts[i] === true ? undefined : verdicts[i]));
    const bucket = task.buckets.get(digest);
    if (accepted === 0 || !bucket) return;
    if (task.window) {
      // Collecting after the threshold: done early once everyone has signed this digest.
      if (task.window.digest === digest && bucket.signers.size >= state.operators.size) {
        this.#closeWindow(task);
      }
      return;
    }
    if (!thresholdMet(bucket.signedStakePerQuorum, state.totalStakePerQuorum, task.meta)) return;
    if (this.#windowMs > 0 && bucket.signers.size < state.operators.size) {
      task.window = {
        digest,
        timer: setTimeout(() => this.#closeWindow(task), this.#windowMs),
      };
      return;
    }
    this.#complete(task, state, digest, bucket);
  }

  /** Ends the aggregation window: completes with the bucket of the digest that met the threshold. */
  #closeWindow(task: LiveTask<R>): void {
    const w = task.window;
    if (!w || task.finished || !task.state) return;
    clearTimeout(w.timer);
    task.window = undefined;
    this.#complete(task, task.state, w.digest, task.buckets.get(w.digest)!);
  }

  #complete(task: LiveTask<R>, state: TaskOperatorState, digest: Hex, bucket: DigestBucket<R>) {
    this.#end(task, "completed");
    // Indices come from the chain; the task is already off the live map so late signatures
    // get "already completed" while this runs.
    void this.#completeTask(task, state, digest, bucket);
  }

  /**
   * Hands the batch's valid signatures to `persistAccepted` in one call; if that throws, their
   * verdicts become `PERSIST_FAILED` so none of them joins the aggregate unstored.
   */
  #persistValid(items: Queued<R>[], verdicts: (true | AggregationError)[]): void {
    if (!this.#persist) return;
    const valid: AcceptedSignature<R>[] = [];
    items.forEach((it, i) => {
      if (verdicts[i] === true) {
        valid.push({
          taskIndex: it.task.meta.taskIndex,
          operatorId: it.key as Hex,
          response: it.response,
          signature: it.signature,
        });
      }
    });
    if (valid.length === 0) return;
    try {
      this.#persist(valid);
    } catch (err) {
      const failed = errors.persistFailed(describe(err));
      verdicts.forEach((v, i) => {
        if (v === true) verdicts[i] = failed;
      });
    }
  }

  #settle(it: Queued<R>, err?: AggregationError): void {
    if (it.task.queued.get(it.key) === it) it.task.queued.delete(it.key);
    it.settle(err);
  }

  /** Waits (bounded) for a task that is about to be initialised; see `awaitInitMs`. */
  async #waitForInit(taskIndex: number): Promise<LiveTask<R> | undefined> {
    if (this.#finished.has(taskIndex)) return undefined;
    await this.#initWaiters.wait(taskIndex);
    return this.#tasks.get(taskIndex);
  }

  #expireIfDue(task: LiveTask<R>, blockNumber: number): void {
    if (task.finished) return;
    if (blockNumber >= task.meta.taskCreatedBlock + task.meta.expiryBlocks) {
      // The threshold was met: answer with what was collected rather than let it expire.
      if (task.window) return this.#closeWindow(task);
      this.#end(task, "expired");
      this.#emit({
        kind: "expired",
        taskIndex: task.meta.taskIndex,
        taskCreatedBlock: task.meta.taskCreatedBlock,
        error: expiredMessage(task.meta.taskIndex),
      });
    }
  }

  /**
   * Loads the task's operator set, retrying a failed read with doubling delays while the task is
   * live: an RPC node that briefly fails to answer should not lose the task. Ends the task as
   * failed after the last try.
   */
  async #loadState(task: LiveTask<R>): Promise<TaskOperatorState | undefined> {
    const { taskIndex, taskCreatedBlock, quorumNumbers } = task.meta;
    let delay = this.#stateRetryMs;
    for (let attempt = 1;; attempt++) {
      try {
        const operators = await this.#reader.getOperatorsAvsStateAtBlock(
          quorumNumbers,
          taskCreatedBlock,
        );
        const state = buildOperatorState(quorumNumbers, operators);
        task.state = state;
        return state;
      } catch (err) {
        if (task.finished) return undefined;
        if (attempt <= this.#stateRetries) {
          await new Promise((resolve) => setTimeout(resolve, delay));
          delay *= 2;
          if (task.finished) return undefined;
          continue;
        }
        this.#end(task, "failed");
        const cause = describe(err) + (attempt > 1 ? ` (after ${attempt} attempts)` : "");
        this.#emit({
          kind: "failed",
          taskIndex,
          taskCreatedBlock,
          error: errors.stateLoad(taskIndex, taskCreatedBlock, cause).message,
        });
        return undefined;
      }
    }
  }

  async #completeTask(
    task: LiveTask<R>,
    state: TaskOperatorState,
    digest: Hex,
    bucket: DigestBucket<R>,
  ): Promise<void> {
    this.#emit(await aggregateBucket(this.#reader, task.meta, state, digest, bucket));
  }

  /** Takes a task off the live map and rejects the signatures still queued for it. */
  #end(task: LiveTask<R>, how: TaskEnd): void {
    if (task.finished) return;
    task.finished = true;
    if (task.window) clearTimeout(task.window.timer);
    task.window = undefined;
    this.#tasks.delete(task.meta.taskIndex);
    this.#finished.set(task.meta.taskIndex, how);
    if (this.#finished.size > FINISHED_MEMORY) {
      this.#finished.delete(this.#finished.keys().next().value!);
    }
    for (const k of task.batchKeys) {
      for (const it of this.#batcher.take(k)) {
        this.#settle(it, errors.finished(task.meta.taskIndex, how));
      }
    }
    task.batchKeys.clear();
  }

  #emit(result: AggregationResult<R>): void {
    if (this.#listeners.size === 0) {
      this.#pending.push(result);
      return;
    }
    for (const l of this.#listeners) {
      try {
        l(result);
      } catch {
        // A faulty listener must not stop delivery to the others or break the service.
      }
    }
  }
}

function noop(): void {}

export { AggregationError };
export { compareIds, thresholdMet } from "./task_rules.ts";
export type {
  BlsAggregationServiceOptions,
  ResponseHasher,
  ResultListener,
  VerificationStats,
} from "./types.ts";
