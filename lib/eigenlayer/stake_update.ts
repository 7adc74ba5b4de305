/**
 * The stake refresh: the registries keep a snapshot of each operator's delegated shares, updated
 * only when someone calls the RegistryCoordinator. {@link refreshAllStakes} calls
 * `updateOperatorsForQuorum` with the complete, address-sorted operator list of every quorum (the
 * contract requires exactly that), which also bumps each quorum's `quorumUpdateBlockNumber`.
 *
 * @module
 */
import type { Address } from "viem";
import type { ReadClient, TxSender } from "../chain/clients.ts";
import type { TxOptions } from "../chain/tx.ts";
import type { StakeUpdateRound } from "./backend.ts";
import { sortAddresses } from "./quorums.ts";
import { quorumCount, updateOperatorsForQuorum } from "./registry_coordinator.ts";
import { operatorStateAtBlock, type RetrieverContracts } from "./state_retriever.ts";

/**
 * Reads every quorum's operators at the head and refreshes their stakes in one transaction.
 * Quorums without operators are left out; with no operator at all no transaction is sent.
 * @throws {TxError} when a read or the transaction fails
 */
export async function refreshAllStakes(
  sender: TxSender,
  c: RetrieverContracts,
  opts: { client?: ReadClient; tx?: TxOptions } = {},
): Promise<StakeUpdateRound> {
  const client = opts.client ?? sender.publicClient;
  const count = await quorumCount(client, c);
  const allQuorums = Array.from({ length: count }, (_, i) => i);
  if (allQuorums.length === 0) return { quorumNumbers: [], operatorsPerQuorum: [] };
  const head = await client.getBlockNumber({ cacheTime: 0 });
  const state = await operatorStateAtBlock(client, c, allQuorums, Number(head), head);
  const quorumNumbers: number[] = [];
  const operatorsPerQuorum: Address[][] = [];
  state.forEach((ops, i) => {
    if (ops.length === 0) return;
    quorumNumbers.push(allQuorums[i]);
    operatorsPerQuorum.push(sortAddresses(ops.map((o) => o.operator)));
  });
  if (quorumNumbers.length === 0) return { quorumNumbers, operatorsPerQuorum };
  const r = await updateOperatorsForQuorum(sender, c, operatorsPerQuorum, quorumNumbers, opts.tx);
  return {
    quorumNumbers,
    operatorsPerQuorum,
    txHash: r.transactionHash,
    blockNumber: r.blockNumber,
  };
}
