/**
 * The operator-facing EigenLayer operations, as one interface with one implementation per
 * EigenLayer flavour: {@link OperatorBackend}. `m2.ts` implements it on the M2 contracts
 * (RegistryCoordinator quorums, AVSDirectory signatures); `operator_sets.ts` on the slashing-era
 * ones (operator sets through the AllocationManager, where a quorum number is an operator set id).
 *
 * @module
 */
import type { Address, Hex } from "viem";
import {
  type G1Point,
  g1PublicKey,
  type G2Point,
  g2PublicKey,
  operatorId,
  signG1Point,
} from "../bls/mod.ts";
import type { EigenLayerContracts } from "./contracts.ts";
import type { RegistrationStatus } from "./registry_coordinator.ts";
import type { OperatorStake } from "./state_retriever.ts";

/**
 * A BLS key able to prove possession: its public keys and a signer of an already hashed G1
 * point (the registry's `pubkeyRegistrationMessageHash`). A remote signer can implement it.
 */
export interface BlsRegistrationKey {
  /** The G1 public key. */
  readonly pubkeyG1: G1Point;
  /** The G2 public key. */
  readonly pubkeyG2: G2Point;
  /** `keccak256(G1)`: the operator id this key registers as. */
  readonly operatorId: Hex;
  /** The point multiplied by the secret key. */
  signHashedPoint(point: G1Point): G1Point;
}

/** A {@link BlsRegistrationKey} over a local secret key. */
export function blsKeyFromSecret(secret: bigint): BlsRegistrationKey {
  const pubkeyG1 = g1PublicKey(secret);
  return {
    pubkeyG1,
    pubkeyG2: g2PublicKey(secret),
    operatorId: operatorId(pubkeyG1),
    signHashedPoint: (point) => signG1Point(secret, { X: point.X, Y: point.Y }),
  };
}

/** Outcome of an idempotent step: `done` = transactions were sent, `skipped` = nothing to do. */
export type StepResult =
  | { status: "done"; txHashes: Hex[]; detail?: string }
  | { status: "skipped"; reason: string };

/** Where an operator stands with the AVS. */
export type OperatorRegistration = {
  operator: Address;
  status: RegistrationStatus;
  /** Absent until BLS keys were registered. */
  operatorId?: Hex;
  /** Quorums (operator sets) the operator is in now, ascending. */
  quorums: number[];
};

/** An operator's stake in one quorum. */
export type QuorumStake = { quorumNumber: number; stake: bigint };

/** What {@link OperatorBackend.register} needs. */
export type RegisterRequest = {
  blsKey: BlsRegistrationKey;
  quorumNumbers: readonly number[];
  /** Default `Not Needed` (the upstream default). */
  socket?: string;
  /** Lifetime of the registration signature (M2: AVSDirectory), default 3600 s. */
  expirySeconds?: bigint;
};

/** Outcome of {@link OperatorBackend.updateStakes}. */
export interface StakeUpdateRound {
  /** Quorums included in the call, ascending. */
  quorumNumbers: number[];
  /** Operators per included quorum, sorted by address. */
  operatorsPerQuorum: Address[][];
  /** Transaction hash, absent when there was nothing to update. */
  txHash?: Hex;
  /** Block of the transaction, when one was sent. */
  blockNumber?: bigint;
}

/** Options of {@link OperatorBackend.registerAsOperator}. */
export type EigenLayerOperatorOptions = {
  /** Default empty. */
  metadataURI?: string;
  /** Who approves delegations (M2 default: the operator itself; operator sets: nobody). */
  delegationApprover?: Address;
  /** Operator sets only: blocks before a new allocation takes effect (default 0). */
  allocationDelay?: number;
};

/**
 * The operations an operator node, the CLI and the stake updater need from EigenLayer, whatever
 * its flavour. Writes act for the backend's sender (the operator's wallet, or the stake updater's)
 * and are idempotent where that is meaningful: they read the chain first and skip what is done.
 */
export interface OperatorBackend {
  /** `m2` (RegistryCoordinator quorums) or `operator-sets` (AllocationManager). */
  readonly kind: "m2" | "operator-sets";
  /** The contracts behind it. */
  readonly contracts: EigenLayerContracts;
  /** Registers the sender as an EigenLayer operator unless it already is one. */
  registerAsOperator(opts?: EigenLayerOperatorOptions): Promise<StepResult>;
  /** Registers the sender with the AVS for the quorums it is not yet in (BLS proof of possession). */
  register(req: RegisterRequest): Promise<StepResult>;
  /** Deregisters the sender from `quorumNumbers` (default: every quorum it is in). */
  deregister(req?: { quorumNumbers?: readonly number[] }): Promise<StepResult>;
  /** Registration status, operator id and quorums of any operator. */
  status(operator: Address): Promise<OperatorRegistration>;
  /** Current stake of an operator in each quorum it is in. */
  stakes(operator: Address): Promise<QuorumStake[]>;
  /** Quorums an operator id was in as of `blockNumber` (now when absent). */
  quorumsAt(operatorId: Hex, blockNumber?: bigint): Promise<number[]>;
  /** Per quorum (same order), its operators with stakes at `blockNumber`. */
  operatorStateAtBlock(
    quorumNumbers: readonly number[],
    blockNumber: number,
  ): Promise<OperatorStake[][]>;
  /** Refreshes every registered operator's stake snapshot in one transaction. */
  updateStakes(): Promise<StakeUpdateRound>;
}
