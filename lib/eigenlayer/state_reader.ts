/**
 * The chain-backed {@link AvsStateReader} of the BLS aggregation service: the operator set and
 * stakes at a block from the OperatorStateRetriever, and operators' G1/G2 public keys from the
 * BLSApkRegistry's `NewPubkeyRegistration` events (the registry stores no G2 key in state). Keys
 * are cached; a key registration is permanent, so the cache never needs invalidating, only
 * extending.
 *
 * @module
 */
import type { Address } from "viem";
import type { ReadClient } from "../chain/clients.ts";
import type { G1Point, G2Point } from "../bls/mod.ts";
import type {
  AvsStateReader,
  CheckSignaturesIndices,
  Hex,
  OperatorAvsState,
} from "../aggregation/types.ts";
import { pubkeyRegistrations } from "./registries.ts";
import { checkSignaturesIndices, operatorStateAtBlock } from "./state_retriever.ts";

/** Addresses the reader uses. */
export interface ChainReaderContracts {
  /** The RegistryCoordinator the state belongs to. */
  registryCoordinator: Address;
  /** Reads the operator set and the signature-check indices. */
  operatorStateRetriever: Address;
  /** Holds the key registrations. */
  blsApkRegistry: Address;
}

/** Options of {@link ChainAvsStateReader}. */
export interface ChainReaderOptions {
  /** Public client the reads go through. */
  client: ReadClient;
  /** Where to read. */
  contracts: ChainReaderContracts;
  /** First block to scan for key registrations (the deployment block). */
  fromBlock: bigint;
  /** Largest block range per `eth_getLogs` call. */
  logChunk?: bigint;
}

interface Pubkeys {
  g1: G1Point;
  g2: G2Point;
}

/** Reads operator state at a block through viem; see the module comment. */
export class ChainAvsStateReader implements AvsStateReader {
  readonly #client: ReadClient;
  readonly #contracts: ChainReaderContracts;
  readonly #chunk: bigint;
  readonly #keys = new Map<string, Pubkeys>();
  #scannedTo: bigint;
  #scan?: Promise<void>;

  /** Creates a reader; nothing is fetched until the first call. */
  constructor(opts: ChainReaderOptions) {
    this.#client = opts.client;
    this.#contracts = opts.contracts;
    this.#scannedTo = opts.fromBlock - 1n;
    this.#chunk = opts.logChunk ?? 10_000n;
  }

  /** See {@link AvsStateReader.getOperatorsAvsStateAtBlock}. */
  async getOperatorsAvsStateAtBlock(
    quorumNumbers: readonly number[],
    blockNumber: number,
  ): Promise<OperatorAvsState[]> {
    const perQuorum = await operatorStateAtBlock(
      this.#client,
      this.#contracts,
      quorumNumbers,
      blockNumber,
    );
    const byId = new Map<string, OperatorAvsState>();
    perQuorum.forEach((ops, i) => {
      for (const op of ops) {
        const key = op.operatorId.toLowerCase();
        let entry = byId.get(key);
        if (!entry) {
          entry = {
            operatorId: op.operatorId,
            operatorAddress: op.operator,
            pubkeyG1: { X: 0n, Y: 0n },
            pubkeyG2: { X: [0n, 0n], Y: [0n, 0n] },
            stakePerQuorum: new Map(),
          };
          byId.set(key, entry);
        }
        entry.stakePerQuorum.set(quorumNumbers[i], op.stake);
      }
    });
    const missing = [...byId.values()].some((e) =>
      !this.#keys.has(e.operatorAddress.toLowerCase())
    );
    if (missing) await this.#refreshKeys();
    for (const entry of byId.values()) {
      const keys = this.#keys.get(entry.operatorAddress.toLowerCase());
      if (!keys) {
        throw new Error(
          `pubkeys of operator ${entry.operatorAddress} (operatorId ${entry.operatorId}) not found`,
        );
      }
      entry.pubkeyG1 = keys.g1;
      entry.pubkeyG2 = keys.g2;
    }
    return [...byId.values()];
  }

  /** See {@link AvsStateReader.getCheckSignaturesIndices}. */
  getCheckSignaturesIndices(
    blockNumber: number,
    quorumNumbers: readonly number[],
    nonSignerOperatorIds: readonly Hex[],
  ): Promise<CheckSignaturesIndices> {
    return checkSignaturesIndices(
      this.#client,
      this.#contracts,
      blockNumber,
      quorumNumbers,
      nonSignerOperatorIds,
    );
  }

  /** Scans new `NewPubkeyRegistration` logs up to the head; concurrent callers share one scan. */
  #refreshKeys(): Promise<void> {
    this.#scan ??= this.#doScan().finally(() => {
      this.#scan = undefined;
    });
    return this.#scan;
  }

  async #doScan(): Promise<void> {
    const head = await this.#client.getBlockNumber({ cacheTime: 0 });
    while (this.#scannedTo < head) {
      const from = this.#scannedTo + 1n;
      const to = from + this.#chunk - 1n < head ? from + this.#chunk - 1n : head;
      for (const r of await pubkeyRegistrations(this.#client, this.#contracts, from, to)) {
        this.#keys.set(r.operator.toLowerCase(), { g1: r.pubkeyG1, g2: r.pubkeyG2 });
      }
      this.#scannedTo = to;
    }
  }
}
