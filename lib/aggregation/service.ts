/**
 * BLS aggregation service: collects operators' signed task responses, checks them against the
 * operator set as it was at the task's creation block, groups them by response digest and emits
 * one aggregate per task once every quorum's stake threshold is met (or an expiry result when the
 * task runs out of blocks). Semantics follow eigensdk-go's service (reference `bls-bn254.md` §9)
 * with three deliberate differences: expiry is measured in blocks, nothing panics, and an
 * operator may contribute to only one digest per task (equivocation is rejected as a duplicate).
 */
import { aggregateG1, aggregateG2, verify } from "../bls/mod.ts";
import type { G1Point, G2Point } from "../bls/mod.ts";
import {
  AggregationError,
  describe,
  errors,
  expiredMessage,
  indicesFailedMessage,
} from "./errors.ts";
import type {
  AggregatedResponse,
  AggregationResult,
  AvsStateReader,
  Hex,
  OperatorAvsState,
  TaskMetadata,
  TaskResponse,
} from "./types.ts";

/** Hash function turning a task response into the 32-byte digest operators sign. */
export type TaskResponseHasher = (response: TaskResponse) => Hex;

/** Listener for aggregation results. */
export type ResultListener = (result: AggregationResult) => void;

/** Construction options of {@link BlsAggregationService}. */
export interface BlsAggregationServiceOptions {
  reader: AvsStateReader;
  hashResponse: TaskResponseHasher;
  /**
   * How long a signature for a task that is not initialised yet, but is at most two indices
   * past the newest known task, waits for its initialisation (ms, default 0). Operators see
   * `NewTaskCreated` at the same time as the aggregator reads its own receipt; a short wait
   * turns upstream's retry-inducing "not initialized" race into a plain acceptance.
   */
  awaitInitMs?: number;
}

/** Operator set of a task, frozen at `taskCreatedBlock`. */
interface TaskOperatorState {
  operators: Map<string, OperatorAvsState>;
  totalStakePerQuorum: bigint[];
  quorumApks: G1Point[];
}

/** Signatures collected for one response digest. */
interface DigestBucket {
  response: TaskResponse;
  signers: Set<string>;
  sigs: G1Point[];
  pubkeysG2: G2Point[];
  signedStakePerQuorum: bigint[];
}

/** Live state of one initialised task. */
interface LiveTask {
  meta: TaskMetadata;
  state?: TaskOperatorState;
  ready: Promise<TaskOperatorState | undefined>;
  buckets: Map<Hex, DigestBucket>;
  /** Operators whose signature was accepted (for any digest). */
  signed: Set<string>;
  finished: boolean;
}

const MAX_QUORUM_NUMBER = 191;
/** How many finished tasks are remembered to answer late signatures precisely. */
const FINISHED_MEMORY = 10_000;
/** Most signatures that may wait for an initialisation at once (bounds memory under abuse). */
const MAX_INIT_WAITERS = 1_000;
/** How far past the newest initialised task a signature may wait for its task. */
const INIT_LOOKAHEAD = 2;

/** Aggregates BLS signatures per task; see the module comment for semantics. */
export class BlsAggregationService {
  readonly #reader: AvsStateReader;
  readonly #hash: TaskResponseHasher;
  readonly #tasks = new Map<number, LiveTask>();
  readonly #listeners = new Set<ResultListener>();
  /** Recently finished tasks and how they ended (bounded, oldest dropped first). */
  readonly #finished = new Map<number, "completed" | "expired" | "failed">();
  /** Results produced while no listener was attached, delivered on the next `onResult`. */
  readonly #pending: AggregationResult[] = [];
  #lastBlock = 0;
  readonly #awaitInitMs: number;
  #newestTask = -1;
  readonly #initWaiters = new Map<number, (() => void)[]>();
  #waiterCount = 0;

  /** Creates a service reading operator state through `options.reader`. */
  constructor(options: BlsAggregationServiceOptions) {
    this.#reader = options.reader;
    this.#hash = options.hashResponse;
    this.#awaitInitMs = options.awaitInitMs ?? 0;
  }

  /**
   * Subscribes to results (aggregated, expired or failed), one per task. Returns an unsubscribe
   * function. Results produced before the first subscription are replayed to it.
   */
  onResult(listener: ResultListener): () => void {
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

  /**
   * Starts collecting signatures for a task. The operator set, keys and stakes are loaded at
   * `taskCreatedBlock` in the background; signatures arriving meanwhile wait for it. Throws
   * `task N already initialized` on a second call for the same index, or on malformed metadata.
   */
  initializeNewTask(meta: TaskMetadata): void {
    validateMeta(meta);
    if (this.#tasks.has(meta.taskIndex)) throw errors.alreadyInitialized(meta.taskIndex);
    const task: LiveTask = {
      meta: { ...meta, quorumNumbers: [...meta.quorumNumbers] },
      ready: Promise.resolve(undefined),
      buckets: new Map(),
      signed: new Set(),
      finished: false,
    };
    task.ready = this.#loadState(task);
    this.#tasks.set(meta.taskIndex, task);
    if (meta.taskIndex > this.#newestTask) this.#newestTask = meta.taskIndex;
    for (const wake of this.#initWaiters.get(meta.taskIndex) ?? []) wake();
    this.#initWaiters.delete(meta.taskIndex);
    // A block already seen may have made the task dead on arrival.
    if (this.#lastBlock > 0) this.#expireIfDue(task, this.#lastBlock);
  }

  /**
   * Checks one operator's signature over `taskResponse` and adds it to the task's aggregate.
   * Resolves when the signature was accepted; rejects with an {@link AggregationError} naming
   * the reason otherwise: unknown task (`not initialized or already completed`, the retryable
   * race of upstream), a task that already completed or expired (`TASK_FINISHED`, not worth a
   * retry), operator not in quorum, duplicate, bad signature. State is unchanged on rejection.
   */
  async processNewSignature(
    taskIndex: number,
    taskResponse: TaskResponse,
    signature: G1Point,
    operatorId: Hex,
  ): Promise<void> {
    const task = this.#tasks.get(taskIndex) ?? await this.#waitForInit(taskIndex);
    if (!task) {
      const how = this.#finished.get(taskIndex);
      throw how ? errors.finished(taskIndex, how) : errors.notInitialized(taskIndex);
    }
    if (taskResponse.referenceTaskIndex !== taskIndex) {
      throw errors.responseMismatch(taskIndex, taskResponse.referenceTaskIndex);
    }
    const state = task.state ?? await task.ready;
    // The task may have expired, failed or completed while the state was loading.
    if (!state || task.finished) {
      throw errors.finished(taskIndex, this.#finished.get(taskIndex) ?? "failed");
    }

    let digest: Hex;
    try {
      digest = this.#hash(taskResponse);
    } catch (err) {
      throw errors.hashFailed(describe(err));
    }
    const key = operatorId.toLowerCase();
    if (task.signed.has(key)) throw errors.duplicate(operatorId, taskIndex);
    const operator = state.operators.get(key);
    if (!operator) throw errors.notInQuorum(operatorId, taskIndex);
    if (!operator.pubkeyG2) throw errors.g2Missing(taskIndex, operatorId);
    let valid: boolean;
    try {
      valid = verify(operator.pubkeyG2, digest, signature);
    } catch (err) {
      throw errors.verifyFailed(describe(err));
    }
    if (!valid) throw errors.incorrectSignature();
    // Re-check after the (synchronous) verification: nothing can have interleaved, but keep the
    // invariant explicit for readers.
    if (task.finished) {
      throw errors.finished(taskIndex, this.#finished.get(taskIndex) ?? "completed");
    }

    this.#addSignature(task, state, digest, taskResponse, signature, operator, key);
  }

  /**
   * Reports the chain head. Tasks whose creation block plus `expiryBlocks` is at or below
   * `blockNumber` end with an `expired` result; the service keeps running.
   */
  onBlock(blockNumber: number): void {
    if (blockNumber > this.#lastBlock) this.#lastBlock = blockNumber;
    for (const task of [...this.#tasks.values()]) this.#expireIfDue(task, blockNumber);
  }

  /** Drops every live task without emitting results (used on shutdown). */
  stop(): void {
    for (const task of this.#tasks.values()) task.finished = true;
    this.#tasks.clear();
    for (const list of this.#initWaiters.values()) for (const wake of list) wake();
    this.#initWaiters.clear();
  }

  /** Waits (bounded) for a task that is about to be initialised; see `awaitInitMs`. */
  async #waitForInit(taskIndex: number): Promise<LiveTask | undefined> {
    if (
      this.#awaitInitMs <= 0 || this.#finished.has(taskIndex) ||
      taskIndex > this.#newestTask + INIT_LOOKAHEAD || this.#waiterCount >= MAX_INIT_WAITERS
    ) return undefined;
    this.#waiterCount++;
    let wake = () => {};
    const woken = new Promise<void>((resolve) => (wake = resolve));
    const list = this.#initWaiters.get(taskIndex) ?? [];
    list.push(wake);
    this.#initWaiters.set(taskIndex, list);
    const timer = setTimeout(wake, this.#awaitInitMs);
    try {
      await woken;
    } finally {
      clearTimeout(timer);
      this.#waiterCount--;
      // On a timeout our entry is still listed: remove it so the list cannot grow.
      const current = this.#initWaiters.get(taskIndex);
      if (current) {
        const i = current.indexOf(wake);
        if (i >= 0) current.splice(i, 1);
        if (current.length === 0) this.#initWaiters.delete(taskIndex);
      }
    }
    return this.#tasks.get(taskIndex);
  }

  #expireIfDue(task: LiveTask, blockNumber: number): void {
    if (task.finished) return;
    if (blockNumber >= task.meta.taskCreatedBlock + task.meta.expiryBlocks) {
      this.#finish(task, {
        kind: "expired",
        taskIndex: task.meta.taskIndex,
        taskCreatedBlock: task.meta.taskCreatedBlock,
        error: expiredMessage(task.meta.taskIndex),
      });
    }
  }

  async #loadState(task: LiveTask): Promise<TaskOperatorState | undefined> {
    const { taskIndex, taskCreatedBlock, quorumNumbers } = task.meta;
    try {
      const operators = await this.#reader.getOperatorsAvsStateAtBlock(
        quorumNumbers,
        taskCreatedBlock,
      );
      const byId = new Map<string, OperatorAvsState>();
      for (const op of operators) byId.set(op.operatorId.toLowerCase(), op);
      const totalStakePerQuorum = quorumNumbers.map(() => 0n);
      const apkParts: G1Point[][] = quorumNumbers.map(() => []);
      for (const op of byId.values()) {
        quorumNumbers.forEach((q, i) => {
          const stake = op.stakePerQuorum.get(q);
          if (stake === undefined) return;
          totalStakePerQuorum[i] += stake;
          apkParts[i].push(op.pubkeyG1);
        });
      }
      const state: TaskOperatorState = {
        operators: byId,
        totalStakePerQuorum,
        quorumApks: apkParts.map((parts) => aggregateG1(parts)),
      };
      task.state = state;
      return state;
    } catch (err) {
      this.#finish(task, {
        kind: "failed",
        taskIndex,
        taskCreatedBlock,
        error: errors.stateLoad(taskIndex, taskCreatedBlock, describe(err)).message,
      });
      return undefined;
    }
  }

  #addSignature(
    task: LiveTask,
    state: TaskOperatorState,
    digest: Hex,
    response: TaskResponse,
    signature: G1Point,
    operator: OperatorAvsState,
    key: string,
  ): void {
    const quorums = task.meta.quorumNumbers;
    let bucket = task.buckets.get(digest);
    if (!bucket) {
      bucket = {
        response: { ...response },
        signers: new Set(),
        sigs: [],
        pubkeysG2: [],
        signedStakePerQuorum: quorums.map(() => 0n),
      };
      task.buckets.set(digest, bucket);
    }
    // On chain the APK subtracts each non-signer once per signing quorum it is in, so a signer
    // counts once per task quorum it belongs to: add its signature and G2 key that many times.
    quorums.forEach((q, i) => {
      const stake = operator.stakePerQuorum.get(q);
      if (stake === undefined) return;
      bucket.signedStakePerQuorum[i] += stake;
      bucket.sigs.push(signature);
      bucket.pubkeysG2.push(operator.pubkeyG2);
    });
    bucket.signers.add(key);
    task.signed.add(key);

    if (thresholdMet(bucket.signedStakePerQuorum, state.totalStakePerQuorum, task.meta)) {
      task.finished = true;
      this.#tasks.delete(task.meta.taskIndex);
      this.#remember(task.meta.taskIndex, "completed");
      // Indices come from the chain; the task is already off the live map so late signatures
      // get "already completed" while this runs.
      void this.#completeTask(task, state, digest, bucket);
    }
  }

  async #completeTask(
    task: LiveTask,
    state: TaskOperatorState,
    digest: Hex,
    bucket: DigestBucket,
  ): Promise<void> {
    const { taskIndex, taskCreatedBlock, quorumNumbers } = task.meta;
    const nonSigners = [...state.operators.values()]
      .filter((op) => !bucket.signers.has(op.operatorId.toLowerCase()))
      .sort((a, b) => compareIds(a.operatorId, b.operatorId));
    const nonSignerOperatorIds = nonSigners.map((op) => op.operatorId);
    const sigma = aggregateG1(bucket.sigs);
    const apkG2 = aggregateG2(bucket.pubkeysG2);
    const nonSignersPubkeysG1 = nonSigners.map((op) => op.pubkeyG1);
    try {
      const idx = await this.#reader.getCheckSignaturesIndices(
        taskCreatedBlock,
        quorumNumbers,
        nonSignerOperatorIds,
      );
      const result: AggregatedResponse = {
        kind: "aggregated",
        taskIndex,
        taskCreatedBlock,
        taskResponse: bucket.response,
        taskResponseDigest: digest,
        signerOperatorIds: [...state.operators.values()]
          .filter((op) => bucket.signers.has(op.operatorId.toLowerCase()))
          .map((op) => op.operatorId),
        nonSignerOperatorIds,
        nonSignersPubkeysG1,
        quorumApksG1: state.quorumApks,
        signersApkG2: apkG2,
        signersAggSigG1: sigma,
        signedStakePerQuorum: [...bucket.signedStakePerQuorum],
        totalStakePerQuorum: [...state.totalStakePerQuorum],
        nonSignerStakesAndSignature: {
          nonSignerQuorumBitmapIndices: idx.nonSignerQuorumBitmapIndices,
          nonSignerPubkeys: nonSignersPubkeysG1,
          quorumApks: state.quorumApks,
          apkG2,
          sigma,
          quorumApkIndices: idx.quorumApkIndices,
          totalStakeIndices: idx.totalStakeIndices,
          nonSignerStakeIndices: idx.nonSignerStakeIndices,
        },
      };
      this.#emit(result);
    } catch (err) {
      this.#emit({
        kind: "failed",
        taskIndex,
        taskCreatedBlock,
        error: indicesFailedMessage(describe(err)),
      });
    }
  }

  #remember(taskIndex: number, how: "completed" | "expired" | "failed"): void {
    this.#finished.set(taskIndex, how);
    if (this.#finished.size > FINISHED_MEMORY) {
      this.#finished.delete(this.#finished.keys().next().value!);
    }
  }

  #finish(task: LiveTask, result: AggregationResult): void {
    if (task.finished) return;
    task.finished = true;
    this.#tasks.delete(task.meta.taskIndex);
    this.#remember(task.meta.taskIndex, result.kind === "expired" ? "expired" : "failed");
    this.#emit(result);
  }

  #emit(result: AggregationResult): void {
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

/** `signed * 100 >= total * threshold` for every quorum, and at least one signer per quorum. */
export function thresholdMet(
  signed: readonly bigint[],
  total: readonly bigint[],
  meta: Pick<TaskMetadata, "quorumThresholdPercentages">,
): boolean {
  return meta.quorumThresholdPercentages.every((pct, i) =>
    signed[i] > 0n && signed[i] * 100n >= total[i] * BigInt(pct)
  );
}

/** Orders operator ids as big-endian uint256 values. */
export function compareIds(a: Hex, b: Hex): number {
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

function validateMeta(meta: TaskMetadata): void {
  const bad = (m: string) => errors.invalidTask(`task ${meta.taskIndex}: ${m}`);
  if (!Number.isInteger(meta.taskIndex) || meta.taskIndex < 0 || meta.taskIndex > 0xffffffff) {
    throw errors.invalidTask(`taskIndex must be a uint32, got ${meta.taskIndex}`);
  }
  if (!Number.isInteger(meta.taskCreatedBlock) || meta.taskCreatedBlock < 0) {
    throw bad(`taskCreatedBlock must be a non-negative integer, got ${meta.taskCreatedBlock}`);
  }
  if (meta.quorumNumbers.length === 0) throw bad("quorumNumbers must not be empty");
  if (new Set(meta.quorumNumbers).size !== meta.quorumNumbers.length) {
    throw bad("quorumNumbers must not repeat a quorum");
  }
  for (const q of meta.quorumNumbers) {
    if (!Number.isInteger(q) || q < 0 || q > MAX_QUORUM_NUMBER) {
      throw bad(`quorum number ${q} out of range 0..${MAX_QUORUM_NUMBER}`);
    }
  }
  if (meta.quorumThresholdPercentages.length !== meta.quorumNumbers.length) {
    throw bad("quorumThresholdPercentages must have one entry per quorum");
  }
  for (const p of meta.quorumThresholdPercentages) {
    if (!Number.isInteger(p) || p < 0 || p > 100) {
      throw bad(`threshold percentage ${p} out of range 0..100`);
    }
  }
  if (!Number.isInteger(meta.expiryBlocks) || meta.expiryBlocks < 1) {
    throw bad(`expiryBlocks must be a positive integer, got ${meta.expiryBlocks}`);
  }
}

export { AggregationError };
