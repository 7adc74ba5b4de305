/**
 * The production {@link AvsStateReader}: reads the operator set and stakes at a block from the
 * OperatorStateRetriever, and operators' G1/G2 public keys from the BLSApkRegistry's
 * `NewPubkeyRegistration` events (the registry stores no G2 key in state). Keys are cached; a
 * key registration is permanent, so the cache never needs invalidating, only extending.
 */
import type { Address, Chain, PublicClient, Transport } from "viem";
import { blsApkRegistryAbi, operatorStateRetrieverAbi } from "../chain/abi/mod.ts";
import type { G1Point, G2Point } from "../bls/mod.ts";
import type { AvsStateReader, CheckSignaturesIndices, Hex, OperatorAvsState } from "./types.ts";
import { quorumBytes } from "../stakes/updater.ts";

/** Addresses the reader uses. */
export interface ChainReaderContracts {
  registryCoordinator: Address;
  operatorStateRetriever: Address;
  blsApkRegistry: Address;
}

/** Options of {@link ChainAvsStateReader}. */
export interface ChainReaderOptions {
  client: PublicClient<Transport, Chain | undefined>;
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
  readonly #client: PublicClient<Transport, Chain | undefined>;
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
    const perQuorum = await this.#client.readContract({
      address: this.#contracts.operatorStateRetriever,
      abi: operatorStateRetrieverAbi,
      functionName: "getOperatorState",
      args: [this.#contracts.registryCoordinator, quorumBytes(quorumNumbers), blockNumber],
    }) as readonly (readonly { operator: Address; operatorId: Hex; stake: bigint }[])[];
    if (perQuorum.length !== quorumNumbers.length) {
      throw new Error(
        `getOperatorState returned ${perQuorum.length} quorums, expected ${quorumNumbers.length}`,
      );
    }
    const byId = new Map<string, OperatorAvsState>();
    const missing: string[] = [];
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
    for (const entry of byId.values()) {
      if (!this.#keys.has(entry.operatorAddress.toLowerCase())) missing.push(entry.operatorAddress);
    }
    if (missing.length) await this.#refreshKeys();
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
  async getCheckSignaturesIndices(
    blockNumber: number,
    quorumNumbers: readonly number[],
    nonSignerOperatorIds: readonly Hex[],
  ): Promise<CheckSignaturesIndices> {
    const r = await this.#client.readContract({
      address: this.#contracts.operatorStateRetriever,
      abi: operatorStateRetrieverAbi,
      functionName: "getCheckSignaturesIndices",
      args: [
        this.#contracts.registryCoordinator,
        blockNumber,
        quorumBytes(quorumNumbers),
        [...nonSignerOperatorIds],
      ],
    }) as {
      nonSignerQuorumBitmapIndices: readonly number[];
      quorumApkIndices: readonly number[];
      totalStakeIndices: readonly number[];
      nonSignerStakeIndices: readonly (readonly number[])[];
    };
    return {
      nonSignerQuorumBitmapIndices: [...r.nonSignerQuorumBitmapIndices],
      quorumApkIndices: [...r.quorumApkIndices],
      totalStakeIndices: [...r.totalStakeIndices],
      nonSignerStakeIndices: r.nonSignerStakeIndices.map((x) => [...x]),
    };
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
      const logs = await this.#client.getContractEvents({
        address: this.#contracts.blsApkRegistry,
        abi: blsApkRegistryAbi,
        eventName: "NewPubkeyRegistration",
        fromBlock: from,
        toBlock: to,
        strict: true,
      });
      for (const log of logs) {
        const args = log.args as {
          operator: Address;
          pubkeyG1: G1Point;
          pubkeyG2: { X: readonly [bigint, bigint]; Y: readonly [bigint, bigint] };
        };
        this.#keys.set(args.operator.toLowerCase(), {
          g1: { X: args.pubkeyG1.X, Y: args.pubkeyG1.Y },
          g2: {
            X: [args.pubkeyG2.X[0], args.pubkeyG2.X[1]],
            Y: [args.pubkeyG2.Y[0], args.pubkeyG2.Y[1]],
          },
        });
      }
      this.#scannedTo = to;
    }
  }
}
