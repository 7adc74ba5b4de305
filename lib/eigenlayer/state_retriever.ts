/**
 * OperatorStateRetriever: the operator set with stakes at a block, and the history indices
 * `checkSignatures` needs for a set of non-signers.
 *
 * @module
 */
import type { Address, Hex } from "viem";
import { operatorStateRetrieverAbi } from "../chain/abi/mod.ts";
import type { ReadClient } from "../chain/clients.ts";
import { read } from "../chain/tx.ts";
import type { CheckSignaturesIndices } from "../aggregation/types.ts";
import type { EigenLayerContracts } from "./contracts.ts";
import { quorumNumbersToBytes } from "./quorums.ts";

/** The addresses the retriever calls need. */
export type RetrieverContracts = {
  registryCoordinator: Address;
  operatorStateRetriever: Address;
};

/** Narrows {@link EigenLayerContracts} to {@link RetrieverContracts}, or says what is missing. */
export function retrieverContracts(c: EigenLayerContracts): RetrieverContracts {
  if (!c.operatorStateRetriever) throw new Error("no OperatorStateRetriever address configured");
  return {
    registryCoordinator: c.registryCoordinator,
    operatorStateRetriever: c.operatorStateRetriever,
  };
}

// `getOperatorState` is overloaded (by quorum bytes, or by operator id); both take a hex second
// argument, so the quorum-bytes overload is singled out for viem's type inference.
type ByQuorums = Extract<
  (typeof operatorStateRetrieverAbi)[number],
  { name: "getOperatorState"; inputs: readonly [unknown, { type: "bytes" }, unknown] }
>;
const operatorStateByQuorumsAbi = operatorStateRetrieverAbi.filter((x): x is ByQuorums =>
  x.type === "function" && x.name === "getOperatorState" && x.inputs[1]?.type === "bytes"
);

/** One operator of a quorum at a block. */
export type OperatorStake = { operator: Address; operatorId: Hex; stake: bigint };

/**
 * `getOperatorState(registryCoordinator, quorumNumbers, blockNumber)`: per quorum (same order as
 * `quorumNumbers`), its operators with their stake at `blockNumber`. Read at `readAt` when given
 * (the stake updater reads the head state at the head).
 * @throws {TxError} on a revert, Error when the contract returns another number of quorums
 */
export async function operatorStateAtBlock(
  client: ReadClient,
  c: RetrieverContracts,
  quorumNumbers: readonly number[],
  blockNumber: number,
  readAt?: bigint,
): Promise<OperatorStake[][]> {
  const perQuorum = await read(client, {
    address: c.operatorStateRetriever,
    abi: operatorStateByQuorumsAbi,
    functionName: "getOperatorState",
    args: [c.registryCoordinator, quorumNumbersToBytes(quorumNumbers), blockNumber],
    blockNumber: readAt,
  });
  if (perQuorum.length !== quorumNumbers.length) {
    throw new Error(
      `getOperatorState returned ${perQuorum.length} quorums, expected ${quorumNumbers.length}`,
    );
  }
  return perQuorum.map((ops) =>
    ops.map((o) => ({ operator: o.operator, operatorId: o.operatorId, stake: o.stake }))
  );
}

/** `getCheckSignaturesIndices(registryCoordinator, block, quorumNumbers, nonSignerIds)`. */
export async function checkSignaturesIndices(
  client: ReadClient,
  c: RetrieverContracts,
  blockNumber: number,
  quorumNumbers: readonly number[],
  nonSignerOperatorIds: readonly Hex[],
): Promise<CheckSignaturesIndices> {
  const r = await read(client, {
    address: c.operatorStateRetriever,
    abi: operatorStateRetrieverAbi,
    functionName: "getCheckSignaturesIndices",
    args: [
      c.registryCoordinator,
      blockNumber,
      quorumNumbersToBytes(quorumNumbers),
      [...nonSignerOperatorIds],
    ],
  });
  return {
    nonSignerQuorumBitmapIndices: [...r.nonSignerQuorumBitmapIndices],
    quorumApkIndices: [...r.quorumApkIndices],
    totalStakeIndices: [...r.totalStakeIndices],
    nonSignerStakeIndices: r.nonSignerStakeIndices.map((x) => [...x]),
  };
}
