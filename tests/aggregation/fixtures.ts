/**
 * Fixtures for the aggregation service's unit tests: operators with real BLS keys (fixed
 * private keys, so runs are reproducible), an in-memory registry holding them, and a generic
 * response type that is not the AVS's TaskResponse.
 */
import { keccak256, stringToHex, toHex } from "viem";
import { g1PublicKey, g2PublicKey, hashToG1, operatorId, sign } from "../../lib/bls/mod.ts";
import type { G1Point } from "../../lib/bls/mod.ts";
import {
  type AggregationResult,
  BlsAggregationService,
  type BlsAggregationServiceOptions,
  type Hex,
  InMemoryAvsStateReader,
  type InMemoryOperator,
} from "../../lib/aggregation/mod.ts";

/** A test operator: its private key and registry entry. */
export interface Op {
  sk: bigint;
  id: Hex;
  entry: InMemoryOperator;
}

/** Operator i (1-based) with a fixed key and the given stakes (quorum → stake). */
export function makeOp(
  i: number,
  stakes: Record<number, bigint>,
  blocks: { from?: number; until?: number } = {},
): Op {
  // Fixed, distinct private keys well inside [1, r).
  const sk = 0x5eed_0000_0000n * BigInt(i) + 0x1234_5678n + BigInt(i) * BigInt(i);
  const pubkeyG1 = g1PublicKey(sk);
  return {
    sk,
    id: operatorId(pubkeyG1),
    entry: {
      operatorAddress: toHex(i, { size: 20 }),
      pubkeyG1,
      pubkeyG2: g2PublicKey(sk),
      stakePerQuorum: stakes,
      registeredAtBlock: blocks.from,
      deregisteredAtBlock: blocks.until,
    },
  };
}

/** The generic response type of these tests: a vote on a proposal (not a TaskResponse). */
export interface Vote {
  proposal: string;
  approve: boolean;
}

/** Digest of a vote: keccak256 of a canonical string. */
export function voteDigest(v: Vote): Hex {
  return keccak256(stringToHex(`${v.proposal}|${v.approve ? "yes" : "no"}`));
}

/** Operator `op`'s signature over `v`. */
export function signVote(op: Op, v: Vote): G1Point {
  return sign(op.sk, voteDigest(v));
}

/** A well-formed G1 point that is not a signature of anything the tests sign. */
export function foreignPoint(): G1Point {
  return hashToG1(keccak256(stringToHex("not a signature")));
}

/** A service over `ops`, collecting its results. */
export function setup(
  ops: readonly Op[],
  options: Partial<BlsAggregationServiceOptions<Vote>> = {},
) {
  const reader = new InMemoryAvsStateReader(ops.map((o) => o.entry));
  const service = new BlsAggregationService<Vote>({
    reader,
    hashResponse: voteDigest,
    ...options,
  });
  const results: AggregationResult<Vote>[] = [];
  service.onResult((r) => results.push(r));
  return { reader, service, results };
}

/** Task metadata with defaults: task 1 created at block 100, quorum 0 at 100 %, 10 blocks. */
export function task(
  over: Partial<Parameters<BlsAggregationService<Vote>["initializeNewTask"]>[0]> = {},
) {
  return {
    taskIndex: 1,
    taskCreatedBlock: 100,
    quorumNumbers: [0],
    quorumThresholdPercentages: [100],
    expiryBlocks: 10,
    ...over,
  };
}

/** The AggregationError code of a rejection, or "accepted". */
export async function outcome(p: Promise<void>): Promise<string> {
  try {
    await p;
    return "accepted";
  } catch (err) {
    return (err as { code?: string }).code ?? `unexpected: ${(err as Error).message}`;
  }
}

/** Waits until `cond()` holds (results are emitted after an async indices read). */
export async function until(what: string, cond: () => boolean, ms = 5_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** Lets pending timers and microtasks run (batch timers use a few milliseconds). */
export function settle(ms = 20): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
