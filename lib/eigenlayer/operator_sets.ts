/**
 * {@link OperatorBackend} on the slashing-era contracts: operators register for operator sets
 * through the AllocationManager (which calls the SlashingRegistryCoordinator back with the BLS
 * proof of possession), allocate slashable magnitude to them, and deregister the same way. A
 * quorum number is an operator set id of the AVS (the ServiceManager). Status, stakes, state at a
 * block and stake updates read the same registries as M2, so those are shared with
 * {@link M2Backend}.
 *
 * @module
 */
import { type Address, encodeAbiParameters, type Hex, type TransactionReceipt } from "viem";
import {
  allocationManagerAbi,
  delegationManagerAbi,
  serviceManagerBaseAbi,
  slashingRegistryCoordinatorAbi,
} from "../chain/abi/slashing/mod.ts";
import { stakeRegistryAbi } from "../chain/abi/mod.ts";
import type { ReadClient, TxSender } from "../chain/clients.ts";
import { read, transact, type TxOptions } from "../chain/tx.ts";
import { getLogger } from "../log/mod.ts";
import type {
  EigenLayerOperatorOptions,
  OperatorBackend,
  OperatorRegistration,
  QuorumStake,
  RegisterRequest,
  StakeUpdateRound,
  StepResult,
} from "./backend.ts";
import type { EigenLayerContracts } from "./contracts.ts";
import { isOperator } from "./delegation.ts";
import { M2Backend } from "./m2.ts";
import {
  pubkeyRegistrationMessageHash,
  type PubkeyRegistrationParams,
} from "./registry_coordinator.ts";
import type { OperatorStake } from "./state_retriever.ts";

const log = getLogger("eigenlayer.operator-sets");

/** {@link EigenLayerContracts} plus the AllocationManager. */
export type OperatorSetsContracts = EigenLayerContracts & { allocationManager: Address };

/** The addresses the AllocationManager calls need (the AVS is the ServiceManager). */
export type AllocationContracts = Pick<
  OperatorSetsContracts,
  "allocationManager" | "serviceManager"
>;

/**
 * Reads every address reachable from a SlashingRegistryCoordinator: its AVS (the
 * ServiceManager), registries and AllocationManager, the StakeRegistry's DelegationManager, that
 * one's StrategyManager and the ServiceManager's (legacy) AVSDirectory.
 * @throws {TxError}
 */
export async function discoverOperatorSetsContracts(
  client: ReadClient,
  registryCoordinator: Address,
  operatorStateRetriever?: Address,
): Promise<OperatorSetsContracts> {
  const rc = { address: registryCoordinator, abi: slashingRegistryCoordinatorAbi } as const;
  const [serviceManager, stakeRegistry, blsApkRegistry, indexRegistry, socketRegistry, am] =
    await Promise.all([
      read(client, { ...rc, functionName: "avs" }),
      read(client, { ...rc, functionName: "stakeRegistry" }),
      read(client, { ...rc, functionName: "blsApkRegistry" }),
      read(client, { ...rc, functionName: "indexRegistry" }),
      read(client, { ...rc, functionName: "socketRegistry" }),
      read(client, { ...rc, functionName: "allocationManager" }),
    ]);
  const [delegationManager, avsDirectory] = await Promise.all([
    read(client, { address: stakeRegistry, abi: stakeRegistryAbi, functionName: "delegation" }),
    read(client, {
      address: serviceManager,
      abi: serviceManagerBaseAbi,
      functionName: "avsDirectory",
    }),
  ]);
  const strategyManager = await read(client, {
    address: delegationManager,
    abi: delegationManagerAbi,
    functionName: "strategyManager",
  });
  return {
    registryCoordinator,
    serviceManager,
    stakeRegistry,
    blsApkRegistry,
    indexRegistry,
    socketRegistry,
    avsDirectory,
    delegationManager,
    strategyManager,
    allocationManager: am,
    operatorStateRetriever,
  };
}

/** `isMemberOfOperatorSet(operator, (avs, id))`. */
export function isMemberOfOperatorSet(
  client: ReadClient,
  c: AllocationContracts,
  operator: Address,
  operatorSetId: number,
): Promise<boolean> {
  return read(client, {
    address: c.allocationManager,
    abi: allocationManagerAbi,
    functionName: "isMemberOfOperatorSet",
    args: [operator, { avs: c.serviceManager, id: operatorSetId }],
  });
}

/** One allocation change: magnitudes (WAD, ≤ 1e18 in total per strategy) per strategy. */
export type AllocationChange = {
  operatorSetId: number;
  strategies: readonly Address[];
  newMagnitudes: readonly bigint[];
};

/** `modifyAllocations(sender, changes)` on the AVS's operator sets. */
export function modifyAllocations(
  sender: TxSender,
  c: AllocationContracts,
  changes: readonly AllocationChange[],
  tx?: TxOptions,
): Promise<TransactionReceipt> {
  return transact(sender, {
    address: c.allocationManager,
    abi: allocationManagerAbi,
    functionName: "modifyAllocations",
    args: [
      sender.walletClient.account.address,
      changes.map((ch) => ({
        operatorSet: { avs: c.serviceManager, id: ch.operatorSetId },
        strategies: [...ch.strategies],
        newMagnitudes: [...ch.newMagnitudes],
      })),
    ],
  }, tx);
}

/** The coordinator's NORMAL registration data: `abi.encode(uint8(0), socket, params)`. */
export function normalRegistrationData(socket: string, p: PubkeyRegistrationParams): Hex {
  const point = [{ name: "X", type: "uint256" }, { name: "Y", type: "uint256" }] as const;
  return encodeAbiParameters(
    [
      { type: "uint8" },
      { type: "string" },
      {
        type: "tuple",
        components: [
          { name: "pubkeyRegistrationSignature", type: "tuple", components: point },
          { name: "pubkeyG1", type: "tuple", components: point },
          {
            name: "pubkeyG2",
            type: "tuple",
            components: [{ name: "X", type: "uint256[2]" }, { name: "Y", type: "uint256[2]" }],
          },
        ],
      },
    ],
    [0, socket, {
      pubkeyRegistrationSignature: p.pubkeyRegistrationSignature,
      pubkeyG1: p.pubkeyG1,
      pubkeyG2: {
        X: [p.pubkeyG2.X[0], p.pubkeyG2.X[1]],
        Y: [p.pubkeyG2.Y[0], p.pubkeyG2.Y[1]],
      },
    }],
  );
}

/** `registerForOperatorSets(sender, (avs, ids, data))` with NORMAL registration data. */
export function registerForOperatorSets(
  sender: TxSender,
  c: AllocationContracts,
  p: { operatorSetIds: readonly number[]; socket: string; pubkeyParams: PubkeyRegistrationParams },
  tx?: TxOptions,
): Promise<TransactionReceipt> {
  return transact(sender, {
    address: c.allocationManager,
    abi: allocationManagerAbi,
    functionName: "registerForOperatorSets",
    args: [sender.walletClient.account.address, {
      avs: c.serviceManager,
      operatorSetIds: [...p.operatorSetIds],
      data: normalRegistrationData(p.socket, p.pubkeyParams),
    }],
  }, tx);
}

/** `deregisterFromOperatorSets((sender, avs, ids))`. */
export function deregisterFromOperatorSets(
  sender: TxSender,
  c: AllocationContracts,
  operatorSetIds: readonly number[],
  tx?: TxOptions,
): Promise<TransactionReceipt> {
  return transact(sender, {
    address: c.allocationManager,
    abi: allocationManagerAbi,
    functionName: "deregisterFromOperatorSets",
    args: [{
      operator: sender.walletClient.account.address,
      avs: c.serviceManager,
      operatorSetIds: [...operatorSetIds],
    }],
  }, tx);
}

/** Options of {@link OperatorSetsBackend}. */
export type OperatorSetsBackendOptions = {
  client: ReadClient;
  contracts: OperatorSetsContracts;
  /** Needed for the writes. */
  sender?: TxSender;
  /** Passed to every transaction. */
  tx?: TxOptions;
};

/** The operator-set implementation of {@link OperatorBackend}; see the module comment. */
export class OperatorSetsBackend implements OperatorBackend {
  /** See {@link OperatorBackend.kind}. */
  readonly kind = "operator-sets" as const;
  /** See {@link OperatorBackend.contracts}. */
  readonly contracts: OperatorSetsContracts;
  readonly #client: ReadClient;
  readonly #sender?: TxSender;
  readonly #tx?: TxOptions;
  // The registries behave as in M2: status, stakes, state and stake updates are shared.
  readonly #registries: M2Backend;

  /** Creates the backend; nothing is read until the first call. */
  constructor(opts: OperatorSetsBackendOptions) {
    this.#client = opts.client;
    this.contracts = opts.contracts;
    this.#sender = opts.sender;
    this.#tx = opts.tx;
    this.#registries = new M2Backend(opts);
  }

  #writer(): TxSender {
    if (!this.#sender) throw new Error("this EigenLayer backend has no wallet to send from");
    return this.#sender;
  }

  /** See {@link OperatorBackend.registerAsOperator}: the v1 `registerAsOperator`. */
  async registerAsOperator(opts: EigenLayerOperatorOptions = {}): Promise<StepResult> {
    const sender = this.#writer();
    const op = sender.walletClient.account.address;
    if (await isOperator(this.#client, this.contracts, op)) {
      return { status: "skipped", reason: "already an EigenLayer operator" };
    }
    const r = await transact(sender, {
      address: this.contracts.delegationManager,
      abi: delegationManagerAbi,
      functionName: "registerAsOperator",
      args: [
        opts.delegationApprover ?? "0x0000000000000000000000000000000000000000",
        opts.allocationDelay ?? 0,
        opts.metadataURI ?? "",
      ],
    }, this.#tx);
    log.info("registered {operator} as an EigenLayer operator", { operator: op });
    return { status: "done", txHashes: [r.transactionHash] };
  }

  /** See {@link OperatorBackend.status}. */
  status(operator: Address): Promise<OperatorRegistration> {
    return this.#registries.status(operator);
  }

  /** See {@link OperatorBackend.stakes}. */
  stakes(operator: Address): Promise<QuorumStake[]> {
    return this.#registries.stakes(operator);
  }

  /** See {@link OperatorBackend.quorumsAt}. */
  quorumsAt(operatorId: Hex, blockNumber?: bigint): Promise<number[]> {
    return this.#registries.quorumsAt(operatorId, blockNumber);
  }

  /** See {@link OperatorBackend.operatorStateAtBlock}. */
  operatorStateAtBlock(
    quorumNumbers: readonly number[],
    blockNumber: number,
  ): Promise<OperatorStake[][]> {
    return this.#registries.operatorStateAtBlock(quorumNumbers, blockNumber);
  }

  /** See {@link OperatorBackend.updateStakes}. */
  updateStakes(): Promise<StakeUpdateRound> {
    return this.#registries.updateStakes();
  }

  /**
   * See {@link OperatorBackend.register}: `registerForOperatorSets` for the sets not yet joined,
   * with the proof of possession over the coordinator's `pubkeyRegistrationMessageHash`.
   * Refuses a BLS key other than the registered one.
   */
  async register(req: RegisterRequest): Promise<StepResult> {
    const sender = this.#writer();
    const op = sender.walletClient.account.address;
    const current = await this.status(op);
    if (
      current.operatorId && current.operatorId.toLowerCase() !== req.blsKey.operatorId.toLowerCase()
    ) {
      throw new Error(
        `operator ${op} is registered with BLS operatorId ${current.operatorId}, but the ` +
          `configured BLS key has operatorId ${req.blsKey.operatorId} (the BLS key cannot be rotated)`,
      );
    }
    const wanted = current.status === "REGISTERED"
      ? req.quorumNumbers.filter((q) => !current.quorums.includes(q))
      : [...req.quorumNumbers];
    if (wanted.length === 0) {
      return {
        status: "skipped",
        reason: `already registered for operator sets ${current.quorums.join(",")}`,
      };
    }
    const messageHash = await pubkeyRegistrationMessageHash(this.#client, this.contracts, op);
    const r = await registerForOperatorSets(sender, this.contracts, {
      operatorSetIds: wanted,
      socket: req.socket ?? "Not Needed",
      pubkeyParams: {
        pubkeyRegistrationSignature: req.blsKey.signHashedPoint(messageHash),
        pubkeyG1: req.blsKey.pubkeyG1,
        pubkeyG2: req.blsKey.pubkeyG2,
      },
    }, this.#tx);
    log.info("registered {operator} for operator sets {sets} (operatorId {operatorId})", {
      operator: op,
      sets: wanted.join(","),
      operatorId: req.blsKey.operatorId,
    });
    return {
      status: "done",
      txHashes: [r.transactionHash],
      detail: `operator sets ${wanted.join(",")}`,
    };
  }

  /** See {@link OperatorBackend.deregister}: `deregisterFromOperatorSets`. */
  async deregister(req: { quorumNumbers?: readonly number[] } = {}): Promise<StepResult> {
    const sender = this.#writer();
    const op = sender.walletClient.account.address;
    const current = await this.status(op);
    if (current.status !== "REGISTERED") {
      return { status: "skipped", reason: `operator status is ${current.status}` };
    }
    const sets = req.quorumNumbers
      ? current.quorums.filter((q) => req.quorumNumbers!.includes(q))
      : current.quorums;
    if (sets.length === 0) return { status: "skipped", reason: "not in those operator sets" };
    const r = await deregisterFromOperatorSets(sender, this.contracts, sets, this.#tx);
    log.info("deregistered {operator} from operator sets {sets}", {
      operator: op,
      sets: sets.join(","),
    });
    return {
      status: "done",
      txHashes: [r.transactionHash],
      detail: `operator sets ${sets.join(",")}`,
    };
  }
}
