/**
 * The service's per-task bookkeeping types: a live task and a signature waiting in a batch.
 *
 * @module
 */
import type { G1Point } from "../bls/mod.ts";
import type { AggregationError } from "./errors.ts";
import type { DigestBucket, TaskOperatorState } from "./operator_set.ts";
import type { Hex, OperatorAvsState, TaskMetadata } from "./types.ts";

/** A signature waiting in a batch. */
export interface Queued<R> {
  task: LiveTask<R>;
  key: string;
  operator: OperatorAvsState;
  digest: Hex;
  response: R;
  signature: G1Point;
  settle: (err?: AggregationError) => void;
  /** Resolves (never rejects) once the signature is decided. */
  decided: Promise<void>;
}

/** Live state of one initialised task. */
export interface LiveTask<R> {
  meta: TaskMetadata;
  state?: TaskOperatorState;
  ready: Promise<TaskOperatorState | undefined>;
  buckets: Map<Hex, DigestBucket<R>>;
  /** Digest each accepted operator signed. */
  signed: Map<string, Hex>;
  /** Signatures queued for verification, by operator. */
  queued: Map<string, Queued<R>>;
  /** Batch keys with queued signatures. */
  batchKeys: Set<string>;
  /** Set while the aggregation window after the threshold runs: the digest that met it. */
  window?: { digest: Hex; timer: ReturnType<typeof setTimeout> };
  finished: boolean;
}
