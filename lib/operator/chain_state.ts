/**
 * What the operator reads about itself on chain, through the chain-I/O modules: registration
 * status, frozen flag, operator id, quorum membership at a block, stakes for the metrics, and
 * the state of a task it answered.
 *
 * @module
 */
import type { Address, Hex } from "viem";
import type { ReadClient } from "../chain/clients.ts";
import {
  currentStake,
  operatorIdOf,
  operatorQuorums,
  operatorStatus,
  quorumBitmap,
  ZERO_OPERATOR_ID,
} from "../eigenlayer/mod.ts";
import {
  attestationsOf,
  isFrozen,
  isTaskAnswered,
  responseWindowBlocks,
  storedTaskHash,
} from "../avs/mod.ts";
import { type Task, taskHash } from "../task/mod.ts";
import { sleep } from "../process/sleep.ts";
import type { OperatorContracts } from "../avs/operator_contracts.ts";
import type { TaskChainStatus } from "./delivery.ts";

/** Reads scoped to one operator. */
export interface OperatorChainState {
  /** True when the RegistryCoordinator lists the operator as REGISTERED. */
  isRegistered(): Promise<boolean>;
  /** True when the AVS froze the operator. */
  isFrozen(): Promise<boolean>;
  /** The registered operator id, undefined when never registered. */
  onChainOperatorId(): Promise<Hex | undefined>;
  /** Whether `operatorId` was in any of `quorums` at `block`. */
  inQuorumsAt(operatorId: Hex, block: number, quorums: readonly number[]): Promise<boolean>;
  /** Current stake per quorum the operator is in (empty when unregistered). */
  registeredStakes(): Promise<{ quorumNumber: number; stake: bigint }[]>;
  /** The TaskManager's `ResponseAttestations` contract (read once). */
  attestationsAddress(): Promise<Address>;
  /** The TaskManager's response window in blocks (read once). */
  responseWindow(): Promise<number>;
  /**
   * Waits until the task's block has `confirmations` blocks on top (or `signal` aborts), then
   * tells whether the task stands on chain as announced (its stored hash matches).
   */
  taskStands(
    taskIndex: number,
    task: Task,
    confirmations: number,
    signal: AbortSignal,
  ): Promise<boolean>;
  /** Whether the task has a response on chain (one read; the window and head are not read). */
  isAnswered(taskIndex: number): Promise<boolean>;
  /** Whether a task is answered on chain, past its response window, or still open. */
  taskStatus(taskIndex: number, taskCreatedBlock: number): Promise<TaskChainStatus>;
}

/** Binds the reads to `client`, `contracts` and the operator's `address`. */
export function operatorChainState(
  client: ReadClient,
  contracts: OperatorContracts,
  address: Address,
): OperatorChainState {
  const avs = () => {
    if (!contracts.taskManager) throw new Error("no TaskManager address: set deployment_path");
    return { taskManager: contracts.taskManager, serviceManager: contracts.serviceManager };
  };
  let window: number | undefined;
  let attestations: Address | undefined;
  const responseWindow = async () => (window ??= await responseWindowBlocks(client, avs()));
  const onChainOperatorId = async () => {
    const id = await operatorIdOf(client, contracts, address);
    return id === ZERO_OPERATOR_ID ? undefined : id;
  };
  return {
    isRegistered: async () => (await operatorStatus(client, contracts, address)) === "REGISTERED",
    isFrozen: () => isFrozen(client, contracts, address),
    onChainOperatorId,
    async inQuorumsAt(operatorId, block, quorums) {
      const bitmap = await quorumBitmap(client, contracts, operatorId, BigInt(block));
      return quorums.some((q) => ((bitmap >> BigInt(q)) & 1n) === 1n);
    },
    async registeredStakes() {
      const id = await onChainOperatorId();
      if (!id) return [];
      const quorums = await operatorQuorums(client, contracts, id);
      return await Promise.all(quorums.map(async (quorumNumber) => ({
        quorumNumber,
        stake: await currentStake(client, contracts, id, quorumNumber),
      })));
    },
    attestationsAddress: async () => (attestations ??= await attestationsOf(client, avs())),
    responseWindow,
    async taskStands(taskIndex, task, confirmations, signal) {
      const buried = BigInt(task.taskCreatedBlock + confirmations);
      while (confirmations > 0 && !signal.aborted) {
        if ((await client.getBlockNumber({ cacheTime: 0 })) >= buried) break;
        await sleep(500, signal);
      }
      return (await storedTaskHash(client, avs(), taskIndex)) === taskHash(task);
    },
    // async: a missing TaskManager address rejects like the other reads instead of throwing.
    isAnswered: async (taskIndex) => await isTaskAnswered(client, avs(), taskIndex),
    async taskStatus(taskIndex, taskCreatedBlock) {
      if (await isTaskAnswered(client, avs(), taskIndex)) return "answered";
      // A response must land by taskCreatedBlock + window; the next block is head + 1.
      const last = BigInt(taskCreatedBlock + await responseWindow());
      const head = await client.getBlockNumber({ cacheTime: 0 });
      return head + 1n > last ? "window_closed" : "open";
    },
  };
}
