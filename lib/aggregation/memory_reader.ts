/**
 * An in-memory {@link AvsStateReader}: a registry of operators with keys, per-quorum stakes and
 * the blocks they registered and deregistered at, answering the same questions as the chain
 * reader without a chain. For unit tests, benchmarks and simulations of an AVS's aggregation.
 *
 * Stakes do not change while an operator is registered, so the histories the indices point
 * into change only when an operator joins or leaves a quorum: a quorum's APK and total stake
 * index is the number of blocks with such a change up to the reference block, minus one; an
 * operator's quorum bitmap and stake histories have one entry while it is registered (index 0).
 * @module
 */
import { type G1Point, type G2Point, operatorId as operatorIdOf } from "../bls/mod.ts";
import type { AvsStateReader, CheckSignaturesIndices, Hex, OperatorAvsState } from "./types.ts";

/** One operator of an {@link InMemoryAvsStateReader}. */
export interface InMemoryOperator {
  /** Defaults to keccak256 of the G1 key, as the BLSApkRegistry derives it. */
  operatorId?: Hex;
  /** The operator's Ethereum address. */
  operatorAddress: Hex;
  /** G1 public key. */
  pubkeyG1: G1Point;
  /** G2 public key. */
  pubkeyG2: G2Point;
  /** Stake in each quorum the operator is registered in (quorum number → stake). */
  stakePerQuorum: ReadonlyMap<number, bigint> | Readonly<Record<number, bigint>>;
  /** First block at which the operator is registered (default 0). */
  registeredAtBlock?: number;
  /** First block at which it is no longer registered (default: never). */
  deregisteredAtBlock?: number;
}

interface Entry {
  operatorId: Hex;
  operatorAddress: Hex;
  pubkeyG1: G1Point;
  pubkeyG2: G2Point;
  stakes: Map<number, bigint>;
  from: number;
  until: number;
}

/** Operator registry in memory; see the module comment. */
export class InMemoryAvsStateReader implements AvsStateReader {
  readonly #entries: Entry[];
  /** Every `getOperatorsAvsStateAtBlock` call, in order (for assertions). */
  readonly stateCalls: { quorumNumbers: number[]; blockNumber: number }[] = [];
  /** Every `getCheckSignaturesIndices` call, in order (for assertions). */
  readonly indicesCalls: {
    blockNumber: number;
    quorumNumbers: number[];
    nonSignerOperatorIds: Hex[];
  }[] = [];

  /** Creates a registry holding `operators` (ids must be unique). */
  constructor(operators: readonly InMemoryOperator[]) {
    const seen = new Set<string>();
    this.#entries = operators.map((op) => {
      const id = op.operatorId ?? operatorIdOf(op.pubkeyG1);
      if (seen.has(id.toLowerCase())) throw new Error(`operator ${id} is listed twice`);
      seen.add(id.toLowerCase());
      const stakes = op.stakePerQuorum instanceof Map
        ? new Map(op.stakePerQuorum)
        : new Map(Object.entries(op.stakePerQuorum).map(([q, s]) => [Number(q), s]));
      return {
        operatorId: id,
        operatorAddress: op.operatorAddress,
        pubkeyG1: op.pubkeyG1,
        pubkeyG2: op.pubkeyG2,
        stakes,
        from: op.registeredAtBlock ?? 0,
        until: op.deregisteredAtBlock ?? Number.POSITIVE_INFINITY,
      };
    });
  }

  /** Operators registered at `blockNumber` in any of `quorumNumbers`, stakes of those only. */
  getOperatorsAvsStateAtBlock(
    quorumNumbers: readonly number[],
    blockNumber: number,
  ): Promise<OperatorAvsState[]> {
    this.stateCalls.push({ quorumNumbers: [...quorumNumbers], blockNumber });
    const out: OperatorAvsState[] = [];
    for (const e of this.#active(blockNumber)) {
      const stakePerQuorum = new Map<number, bigint>();
      for (const q of quorumNumbers) {
        const stake = e.stakes.get(q);
        if (stake !== undefined) stakePerQuorum.set(q, stake);
      }
      if (stakePerQuorum.size === 0) continue;
      out.push({
        operatorId: e.operatorId,
        operatorAddress: e.operatorAddress,
        pubkeyG1: e.pubkeyG1,
        pubkeyG2: e.pubkeyG2,
        stakePerQuorum,
      });
    }
    return Promise.resolve(out);
  }

  /**
   * Indices into this registry's histories (see the module comment). Rejects, as the chain's
   * `OperatorStateRetriever` reverts, for a non-signer not registered at the block or a quorum
   * without any registration up to it.
   */
  getCheckSignaturesIndices(
    blockNumber: number,
    quorumNumbers: readonly number[],
    nonSignerOperatorIds: readonly Hex[],
  ): Promise<CheckSignaturesIndices> {
    this.indicesCalls.push({
      blockNumber,
      quorumNumbers: [...quorumNumbers],
      nonSignerOperatorIds: [...nonSignerOperatorIds],
    });
    const active = new Map(this.#active(blockNumber).map((e) => [e.operatorId.toLowerCase(), e]));
    const nonSigners: Entry[] = [];
    for (const id of nonSignerOperatorIds) {
      const e = active.get(id.toLowerCase());
      if (!e) {
        return Promise.reject(
          new Error(`operator ${id} is not registered at block ${blockNumber}`),
        );
      }
      nonSigners.push(e);
    }
    const historyIndex: number[] = [];
    for (const q of quorumNumbers) {
      const changes = new Set<number>();
      for (const e of this.#entries) {
        if (!e.stakes.has(q)) continue;
        if (e.from <= blockNumber) changes.add(e.from);
        if (e.until <= blockNumber) changes.add(e.until);
      }
      if (changes.size === 0) {
        return Promise.reject(
          new Error(`quorum ${q} has no registration at or before block ${blockNumber}`),
        );
      }
      historyIndex.push(changes.size - 1);
    }
    return Promise.resolve({
      nonSignerQuorumBitmapIndices: nonSigners.map(() => 0),
      quorumApkIndices: historyIndex,
      totalStakeIndices: [...historyIndex],
      nonSignerStakeIndices: quorumNumbers.map((q) =>
        nonSigners.filter((e) => e.stakes.has(q)).map(() => 0)
      ),
    });
  }

  #active(blockNumber: number): Entry[] {
    return this.#entries.filter((e) => e.from <= blockNumber && blockNumber < e.until);
  }
}
