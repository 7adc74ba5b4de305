/**
 * Stake updater: the registries keep a snapshot of each operator's delegated shares, refreshed
 * only when someone calls the RegistryCoordinator. This job periodically calls
 * `updateOperatorsForQuorum` with the complete, address-sorted operator list of every quorum
 * (the contract requires exactly that), which also bumps each quorum's `quorumUpdateBlockNumber`.
 */
import type { Address } from "viem";
import { operatorStateRetrieverAbi, registryCoordinatorAbi } from "../chain/abi/mod.ts";
import { sendContractTx } from "../chain/tx.ts";
import type { TxClients } from "../aggregator/clients.ts";

/** Addresses the updater talks to. */
export interface StakeUpdaterContracts {
  registryCoordinator: Address;
  operatorStateRetriever: Address;
}

/** Outcome of one update round. */
export interface StakeUpdateRound {
  /** Quorums included in the call, ascending. */
  quorumNumbers: number[];
  /** Operators per included quorum, sorted by address. */
  operatorsPerQuorum: Address[][];
  /** Transaction hash, absent when there was nothing to update. */
  txHash?: `0x${string}`;
  blockNumber?: bigint;
}

/** Options of {@link updateAllStakes}. */
export interface UpdateStakesOptions {
  clients: TxClients;
  contracts: StakeUpdaterContracts;
}

/** Sorts addresses ascending as uint160 values (the order `updateOperatorsForQuorum` checks). */
export function sortAddresses(addrs: readonly Address[]): Address[] {
  return [...addrs].sort((a, b) => {
    const x = BigInt(a);
    const y = BigInt(b);
    return x < y ? -1 : x > y ? 1 : 0;
  });
}

/** Encodes quorum numbers as the `bytes` argument (one byte per quorum). */
export function quorumBytes(quorums: readonly number[]): `0x${string}` {
  return `0x${quorums.map((q) => q.toString(16).padStart(2, "0")).join("")}`;
}

/**
 * Reads every quorum's current operators and refreshes their stakes in one transaction.
 * Quorums without operators are left out; with no operator at all no transaction is sent.
 * Throws when the transaction reverts.
 */
export async function updateAllStakes(opts: UpdateStakesOptions): Promise<StakeUpdateRound> {
  const { contracts } = opts;
  const publicClient = opts.clients.public;
  const quorumCount = Number(
    await publicClient.readContract({
      address: contracts.registryCoordinator,
      abi: registryCoordinatorAbi,
      functionName: "quorumCount",
    }),
  );
  const allQuorums = Array.from({ length: quorumCount }, (_, i) => i);
  if (allQuorums.length === 0) return { quorumNumbers: [], operatorsPerQuorum: [] };
  const head = await publicClient.getBlockNumber({ cacheTime: 0 });
  const state = await publicClient.readContract({
    address: contracts.operatorStateRetriever,
    abi: operatorStateRetrieverAbi,
    functionName: "getOperatorState",
    args: [contracts.registryCoordinator, quorumBytes(allQuorums), Number(head)],
    blockNumber: head,
  }) as readonly (readonly { operator: Address }[])[];
  const quorumNumbers: number[] = [];
  const operatorsPerQuorum: Address[][] = [];
  state.forEach((ops, i) => {
    if (ops.length === 0) return;
    quorumNumbers.push(allQuorums[i]);
    operatorsPerQuorum.push(sortAddresses(ops.map((o) => o.operator)));
  });
  if (quorumNumbers.length === 0) return { quorumNumbers, operatorsPerQuorum };
  const receipt = await sendContractTx({
    publicClient,
    walletClient: opts.clients.wallet,
    address: contracts.registryCoordinator,
    abi: registryCoordinatorAbi,
    functionName: "updateOperatorsForQuorum",
    args: [operatorsPerQuorum, quorumBytes(quorumNumbers)],
  });
  return {
    quorumNumbers,
    operatorsPerQuorum,
    txHash: receipt.transactionHash,
    blockNumber: receipt.blockNumber,
  };
}
