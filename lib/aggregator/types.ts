/**
 * The aggregator's public shapes: its settings (mapped from the config file by the entry
 * point), the events it reports and the handle of a running aggregator.
 *
 * @module
 */
import type { Address } from "viem";
import type { AggregatedResponse, BlsAggregationService } from "../aggregation/mod.ts";
import type { SigningClients } from "../chain/clients.ts";
import type { Task, TaskResponse } from "../task/mod.ts";
import type { CreatedTask } from "./task_generator.ts";

/** Contract addresses the aggregator needs. */
export interface AggregatorContracts {
  incredibleSquaringTaskManager: Address;
  registryCoordinator: Address;
  operatorStateRetriever: Address;
  blsApkRegistry: Address;
}

/** Settings of `startAggregator` (a subset of the config file, already validated). */
export interface AggregatorSettings {
  rpcUrl: string;
  privateKey: `0x${string}`;
  contracts: AggregatorContracts;
  /** Block to scan key registrations from (deployment block). */
  deployedAtBlock: number;
  /** `host:port` of the operator JSON-RPC server (port 0 = any free port). */
  serverAddress: string;
  taskIntervalMs: number;
  thresholdPercentage: number;
  quorumNumbers: readonly number[];
  expiryBlocks: number;
  maxBodyBytes: number;
  /** `host:port` for `/metrics`, or undefined to disable. */
  metricsAddress?: string;
  /** `host:port` for the node API, or undefined to disable. */
  nodeApiAddress?: string;
  /** Disable the task generator (tests that create tasks themselves). */
  generateTasks?: boolean;
  /** Collecting time after the threshold is met (ms, default 0; see the config key). */
  aggregationWindowMs?: number;
  /** How long an early signature waits for its task's initialisation (ms, default 3000). */
  awaitInitMs?: number;
  /** Polling interval for new blocks in ms (default 500). */
  blockPollMs?: number;
  /** Time between chain-reset checks in ms (default 3000; see `lib/node/chain_guard.ts`). */
  chainGuardIntervalMs?: number;
  /**
   * Directory of the durable state (SQLite). Undefined keeps the state in memory only (tests):
   * a restart then forgets accepted signatures.
   */
  dataDir?: string;
}

/** Something the aggregator did; tests and `start.ts` observe these. */
export type AggregatorEvent =
  | { kind: "task_created"; taskIndex: number; task: Task; txHash: `0x${string}` }
  | { kind: "task_create_failed"; number: bigint; error: string }
  | { kind: "signature_accepted"; taskIndex: number; operatorId: string }
  | { kind: "signature_rejected"; taskIndex: number; operatorId: string; reason: string }
  | {
    kind: "responded";
    taskIndex: number;
    txHash: `0x${string}`;
    blockNumber: bigint;
    result: AggregatedResponse<TaskResponse>;
  }
  | { kind: "respond_failed"; taskIndex: number; error: string }
  | { kind: "expired"; taskIndex: number; error: string }
  | { kind: "aggregation_failed"; taskIndex: number; error: string };

/** A running aggregator. */
export interface AggregatorHandle {
  /** Bound port of the operator JSON-RPC server. */
  rpcPort: number;
  metricsPort?: number;
  nodeApiPort?: number;
  clients: SigningClients;
  service: BlsAggregationService<TaskResponse>;
  /** Subscribes to events; returns an unsubscribe function. */
  on(listener: (e: AggregatorEvent) => void): () => void;
  /** Starts aggregating a task created elsewhere (used when `generateTasks` is false). */
  track(created: CreatedTask): void;
  /** Stops generating, serving and watching; resolves when everything is closed. */
  stop(): Promise<void>;
  /** Rejects with one line when the chain was reset (see `lib/node/chain_guard.ts`). */
  failed: Promise<never>;
}

/** A task the aggregator is collecting signatures for. */
export interface TrackedTask {
  task: Task;
  /** `Date.now()` when it was tracked (latency metric). */
  createdAt: number;
}
