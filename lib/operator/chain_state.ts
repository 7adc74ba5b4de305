/**
 * What the operator reads about itself on chain: registration status, frozen flag, operator id,
 * quorum membership at a block, and stakes for the metrics.
 *
 * @module
 */
import type { Address, Chain, Hex, PublicClient, Transport } from "viem";
import * as abi from "../chain/abi/mod.ts";
import { read } from "../chain/tx.ts";
import type { OperatorContracts } from "./contracts.ts";
import { quorumsOfBitmap } from "./registration.ts";
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
  /** Whether a task is answered on chain, past its response window, or still open. */
  taskStatus(taskIndex: number, taskCreatedBlock: number): Promise<TaskChainStatus>;
}

/** Binds the reads to `client`, `contracts` and the operator's `address`. */
export function operatorChainState(
  client: PublicClient<Transport, Chain>,
  contracts: OperatorContracts,
  address: Address,
): OperatorChainState {
  const coordinator = { address: contracts.registryCoordinator, abi: abi.registryCoordinatorAbi };
  const taskManager = contracts.taskManager &&
    { address: contracts.taskManager, abi: abi.incredibleSquaringTaskManagerAbi } as const;
  let responseWindow: number | undefined;
  let attestations: Address | undefined;
  const onChainOperatorId = async () => {
    const id = await read(client, {
      ...coordinator,
      functionName: "getOperatorId",
      args: [address],
    });
    return /^0x0+$/.test(id) ? undefined : id;
  };
  return {
    isRegistered: async () =>
      Number(
        await read(client, { ...coordinator, functionName: "getOperatorStatus", args: [address] }),
      ) === 1,
    isFrozen: () =>
      read(client, {
        address: contracts.serviceManager,
        abi: abi.incredibleSquaringServiceManagerAbi,
        functionName: "isFrozen",
        args: [address],
      }),
    onChainOperatorId,
    async inQuorumsAt(operatorId, block, quorums) {
      const bitmap = await read(client, {
        ...coordinator,
        functionName: "getCurrentQuorumBitmap",
        args: [operatorId],
        blockNumber: BigInt(block),
      });
      return quorums.some((q) => ((bitmap >> BigInt(q)) & 1n) === 1n);
    },
    async attestationsAddress() {
      if (!taskManager) throw new Error("no TaskManager address");
      attestations ??= await read(client, { ...taskManager, functionName: "attestations" });
      return attestations;
    },
    async responseWindow() {
      if (!taskManager) throw new Error("no TaskManager address");
      responseWindow ??= Number(
        await read(client, { ...taskManager, functionName: "getTaskResponseWindowBlock" }),
      );
      return responseWindow;
    },
    async taskStatus(taskIndex, taskCreatedBlock) {
      if (!taskManager) return "open";
      const answered = await read(client, {
        ...taskManager,
        functionName: "allTaskResponses",
        args: [taskIndex],
      });
      if (BigInt(answered) !== 0n) return "answered";
      responseWindow ??= Number(
        await read(client, { ...taskManager, functionName: "getTaskResponseWindowBlock" }),
      );
      // A response must land by taskCreatedBlock + window; the next block is head + 1.
      const head = await client.getBlockNumber({ cacheTime: 0 });
      return head + 1n > BigInt(taskCreatedBlock + responseWindow) ? "window_closed" : "open";
    },
    async registeredStakes() {
      const id = await onChainOperatorId();
      if (!id) return [];
      const bitmap = await read(client, {
        ...coordinator,
        functionName: "getCurrentQuorumBitmap",
        args: [id],
      });
      return await Promise.all(
        quorumsOfBitmap(bitmap).map(async (q) => ({
          quorumNumber: q,
          stake: await read(client, {
            address: contracts.stakeRegistry,
            abi: abi.stakeRegistryAbi,
            functionName: "getCurrentStake",
            args: [id, q],
          }),
        })),
      );
    },
  };
}
