/**
 * The challenger's public shapes (settings, events, handle) and the records it keeps per task
 * and per freeze request.
 *
 * @module
 */
import type { Address, Hex } from "viem";
import type { Task, TaskResponse, TaskResponseMetadata } from "../task/mod.ts";
import type { SigningClients } from "../chain/clients.ts";

/** Settings of `startChallenger`. */
export interface ChallengerSettings {
  rpcUrl: string;
  privateKey: Hex;
  taskManager: Address;
  serviceManager: Address;
  /** First block to read events from. */
  startBlock: bigint;
  finalizeFreezeRequests: boolean;
  /** Blocks an event must be buried under before it is acted on (default 0). */
  confirmations?: number;
  /**
   * Slashing era: fulfil slashing requests whose veto window passed without a veto (default
   * true). Ignored on M2 (no slasher).
   */
  fulfilSlashingRequests?: boolean;
  /**
   * Quorum-list entries per `assignFaults` call when a successful challenge leaves operators at
   * fault to assign (more than the ledger's opening batch; default 50).
   */
  faultBatchSize?: number;
  metricsAddress?: string;
  nodeApiAddress?: string;
  pollMs?: number;
  /** Attempts per action before giving up (default 3). */
  maxAttempts?: number;
  /** Time between chain-reset checks in ms (default 3000; see `lib/node/chain_guard.ts`). */
  chainGuardIntervalMs?: number;
}

/** Why a task is challenged. */
export type ChallengeReason = "wrong_answer" | "no_response";

/** Something the challenger did or saw. */
export type ChallengerEvent =
  | { kind: "challenge_sent"; taskIndex: number; reason: ChallengeReason; txHash: Hex }
  | { kind: "challenge_failed"; taskIndex: number; reason: ChallengeReason; error: string }
  | { kind: "response_valid"; taskIndex: number }
  | { kind: "challenged"; taskIndex: number; successful: boolean; challenger: Address }
  | { kind: "freeze_requested"; requestId: bigint; operator: Address; taskIndex: number }
  | { kind: "freeze_finalize_sent"; requestId: bigint; txHash: Hex }
  | { kind: "freeze_finalized"; requestId: bigint; operator: Address }
  | { kind: "freeze_vetoed"; requestId: bigint; operator: Address }
  | {
    kind: "slashing_requested";
    requestId: bigint;
    operator: Address;
    operatorSetId: number;
    wadsToSlash: bigint[];
  }
  | { kind: "slashing_vetoed"; requestId: bigint; operator: Address }
  | { kind: "slashing_fulfil_sent"; requestId: bigint; txHash: Hex }
  | {
    kind: "slashing_fulfilled";
    requestId: bigint;
    operator: Address;
    /** Shares slashed per strategy (from the DelegationManager's logs). */
    slashed: { strategy: Address; shares: bigint }[];
  }
  | { kind: "aggregator_fault"; taskIndex: number; aggregator: Address }
  | {
    kind: "operators_at_fault";
    taskIndex: number;
    reason: "wrong_response" | "no_response";
    operators: Address[];
  }
  | { kind: "fault_batch_sent"; taskIndex: number; operators: number; done: boolean; txHash: Hex }
  | { kind: "fault_assignment_completed"; taskIndex: number; operatorsAtFault: number }
  | { kind: "response_attested"; taskIndex: number; operator: Address }
  | { kind: "undecodable_log"; transactionHash: string }
  | { kind: "error"; error: string };

/** A running challenger. */
export interface ChallengerHandle {
  clients: SigningClients;
  metricsPort?: number;
  on(listener: (e: ChallengerEvent) => void): () => void;
  stop(): Promise<void>;
  /** Rejects with one line when the chain was reset (see `lib/node/chain_guard.ts`). */
  failed: Promise<never>;
}

/** The response the chain accepted for a task. */
export interface RecordedResponse {
  response: TaskResponse;
  metadata: TaskResponseMetadata;
  /** The `respondToTask` transaction (its calldata holds the non-signers' keys). */
  txHash: Hex;
}

/** What the challenger knows about one task. */
export interface TaskRecord {
  task: Task;
  response?: RecordedResponse;
  /** Nothing more to do (challenged, valid, or past every window). */
  challenged: boolean;
  attempts: number;
  busy: boolean;
}

/** A freeze request waiting for its veto window to pass. */
export interface FreezeRecord {
  operator: Address;
  taskIndex: number;
  /** Last block in which the veto committee may veto. */
  deadline: bigint;
  attempts: number;
  busy: boolean;
}

/** A slashing request (slashing era) waiting for its veto window to pass. */
export interface SlashingRecord {
  operator: Address;
  operatorSetId: number;
  /** The challenged task, once the ServiceManager's event linked it. */
  taskIndex?: number;
  /** Block the request was queued in. */
  requestBlock: bigint;
  attempts: number;
  busy: boolean;
}

/**
 * A fault assignment the FaultLedger left open after a successful challenge: the challenger
 * walks the rest with `assignFaults` until the ledger reports it complete.
 */
export interface FaultRecord {
  reason: "wrong_response" | "no_response";
  /**
   * The challenged task, as the book knew it when the assignment opened (else read back from the
   * chain on the first attempt).
   */
  task?: Task;
  /** Wrong response: the accepted response (its transaction holds the non-signers' keys). */
  response?: RecordedResponse;
  /**
   * The non-signer ids `assignFaults` takes (empty for a missing response), found on the first
   * attempt and kept, so a retry sends without reading them again.
   */
  nonSignerIds?: Hex[];
  /** Block the assignment was opened in. */
  openedBlock: bigint;
  attempts: number;
  busy: boolean;
}

/** The TaskManager's windows, read once at startup. */
export interface Windows {
  response: bigint;
  challenge: bigint;
}
