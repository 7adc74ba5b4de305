/**
 * {@link OperatorBackend} on the M2 contracts: DelegationManager registration, RegistryCoordinator
 * quorums with a BLS proof of possession and an AVSDirectory signature, StakeRegistry stakes,
 * OperatorStateRetriever state, `updateOperatorsForQuorum` for stake refreshes.
 *
 * @module
 */
import type { Address, Hex } from "viem";
import type { ReadClient, TxSender } from "../chain/clients.ts";
import type { TxOptions } from "../chain/tx.ts";
import { getLogger } from "../log/mod.ts";
import { signAvsRegistration } from "./avs_directory.ts";
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
import { isOperator, registerAsOperator } from "./delegation.ts";
import { currentStake } from "./registries.ts";
import {
  deregisterOperator,
  operatorIdOf,
  operatorQuorums,
  operatorStatus,
  pubkeyRegistrationMessageHash,
  registerOperator,
  ZERO_OPERATOR_ID,
} from "./registry_coordinator.ts";
import { refreshAllStakes } from "./stake_update.ts";
import { type OperatorStake, operatorStateAtBlock, retrieverContracts } from "./state_retriever.ts";

const log = getLogger("eigenlayer.m2");

/** Options of {@link M2Backend}. */
export type M2BackendOptions = {
  client: ReadClient;
  contracts: EigenLayerContracts;
  /** Needed for the writes. */
  sender?: TxSender;
  /** Passed to every transaction (timeout, abort signal, gas margin). */
  tx?: TxOptions;
};

/** The M2 implementation of {@link OperatorBackend}; see the module comment. */
export class M2Backend implements OperatorBackend {
  /** See {@link OperatorBackend.kind}. */
  readonly kind = "m2" as const;
  /** See {@link OperatorBackend.contracts}. */
  readonly contracts: EigenLayerContracts;
  readonly #client: ReadClient;
  readonly #sender?: TxSender;
  readonly #tx?: TxOptions;

  /** Creates the backend; nothing is read until the first call. */
  constructor(opts: M2BackendOptions) {
    this.#client = opts.client;
    this.contracts = opts.contracts;
    this.#sender = opts.sender;
    this.#tx = opts.tx;
  }

  #writer(): TxSender {
    if (!this.#sender) throw new Error("this EigenLayer backend has no wallet to send from");
    return this.#sender;
  }

  /** See {@link OperatorBackend.registerAsOperator}. */
  async registerAsOperator(opts: EigenLayerOperatorOptions = {}): Promise<StepResult> {
    const sender = this.#writer();
    const op = sender.walletClient.account.address;
    if (await isOperator(this.#client, this.contracts, op)) {
      return { status: "skipped", reason: "already an EigenLayer operator" };
    }
    const r = await registerAsOperator(sender, this.contracts, opts, this.#tx);
    log.info("registered {operator} as an EigenLayer operator", { operator: op });
    return { status: "done", txHashes: [r.transactionHash] };
  }

  /** See {@link OperatorBackend.status}. */
  async status(operator: Address): Promise<OperatorRegistration> {
    const [status, id] = await Promise.all([
      operatorStatus(this.#client, this.contracts, operator),
      operatorIdOf(this.#client, this.contracts, operator),
    ]);
    if (id === ZERO_OPERATOR_ID) return { operator, status, quorums: [] };
    return {
      operator,
      status,
      operatorId: id,
      quorums: await operatorQuorums(this.#client, this.contracts, id),
    };
  }

  /** See {@link OperatorBackend.stakes}. */
  async stakes(operator: Address): Promise<QuorumStake[]> {
    const s = await this.status(operator);
    if (!s.operatorId) return [];
    const id = s.operatorId;
    return await Promise.all(s.quorums.map(async (q) => ({
      quorumNumber: q,
      stake: await currentStake(this.#client, this.contracts, id, q),
    })));
  }

  /** See {@link OperatorBackend.quorumsAt}. */
  quorumsAt(operatorId: Hex, blockNumber?: bigint): Promise<number[]> {
    return operatorQuorums(this.#client, this.contracts, operatorId, blockNumber);
  }

  /** See {@link OperatorBackend.operatorStateAtBlock}. */
  operatorStateAtBlock(
    quorumNumbers: readonly number[],
    blockNumber: number,
  ): Promise<OperatorStake[][]> {
    return operatorStateAtBlock(
      this.#client,
      retrieverContracts(this.contracts),
      quorumNumbers,
      blockNumber,
    );
  }

  /**
   * See {@link OperatorBackend.register}. The BLS proof of possession signs the coordinator's
   * `pubkeyRegistrationMessageHash(operator)`; the ECDSA signature covers the AVSDirectory's
   * registration digest for the ServiceManager. Refuses a BLS key other than the registered one.
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
    let wanted = [...req.quorumNumbers];
    if (current.status === "REGISTERED") {
      wanted = wanted.filter((q) => !current.quorums.includes(q));
      if (wanted.length === 0) {
        return {
          status: "skipped",
          reason: `already registered for quorums ${current.quorums.join(",")}`,
        };
      }
    }
    const messageHash = await pubkeyRegistrationMessageHash(this.#client, this.contracts, op);
    const operatorSignature = await signAvsRegistration(
      this.#client,
      this.contracts,
      sender.walletClient.account,
      this.contracts.serviceManager,
      req.expirySeconds,
    );
    const r = await registerOperator(sender, this.contracts, {
      quorumNumbers: wanted,
      socket: req.socket ?? "Not Needed",
      pubkeyParams: {
        pubkeyRegistrationSignature: req.blsKey.signHashedPoint(messageHash),
        pubkeyG1: req.blsKey.pubkeyG1,
        pubkeyG2: req.blsKey.pubkeyG2,
      },
      operatorSignature,
    }, this.#tx);
    log.info("registered {operator} with the AVS for quorums {quorums} (operatorId {operatorId})", {
      operator: op,
      quorums: wanted.join(","),
      operatorId: req.blsKey.operatorId,
    });
    return { status: "done", txHashes: [r.transactionHash], detail: `quorums ${wanted.join(",")}` };
  }

  /** See {@link OperatorBackend.deregister}. */
  async deregister(req: { quorumNumbers?: readonly number[] } = {}): Promise<StepResult> {
    const sender = this.#writer();
    const op = sender.walletClient.account.address;
    const current = await this.status(op);
    if (current.status !== "REGISTERED") {
      return { status: "skipped", reason: `operator status is ${current.status}` };
    }
    const quorums = req.quorumNumbers
      ? current.quorums.filter((q) => req.quorumNumbers!.includes(q))
      : current.quorums;
    if (quorums.length === 0) {
      return { status: "skipped", reason: "not registered in those quorums" };
    }
    const r = await deregisterOperator(sender, this.contracts, quorums, this.#tx);
    log.info("deregistered {operator} from quorums {quorums}", {
      operator: op,
      quorums: quorums.join(","),
    });
    return {
      status: "done",
      txHashes: [r.transactionHash],
      detail: `quorums ${quorums.join(",")}`,
    };
  }

  /** See {@link OperatorBackend.updateStakes} and {@link refreshAllStakes}. */
  updateStakes(): Promise<StakeUpdateRound> {
    return refreshAllStakes(this.#writer(), retrieverContracts(this.contracts), {
      client: this.#client,
      tx: this.#tx,
    });
  }
}
