/**
 * Stake updater: the registries keep a snapshot of each operator's delegated shares, refreshed
 * only when someone calls the RegistryCoordinator. Each round refreshes every quorum's stakes in
 * one `updateOperatorsForQuorum` call (`refreshAllStakes` in `lib/eigenlayer/stake_update.ts`).
 *
 * @module
 */
import type { Address } from "viem";
import type { TxSender } from "../chain/clients.ts";
import type { TxOptions } from "../chain/tx.ts";
import type { StakeUpdateRound } from "../eigenlayer/backend.ts";
import { refreshAllStakes } from "../eigenlayer/stake_update.ts";

export { sortAddresses } from "../eigenlayer/quorums.ts";
export type { StakeUpdateRound } from "../eigenlayer/backend.ts";

/** Addresses the updater talks to. */
export interface StakeUpdaterContracts {
  registryCoordinator: Address;
  operatorStateRetriever: Address;
}

/** Options of {@link updateAllStakes}. */
export interface UpdateStakesOptions {
  /** The sending account's clients. */
  clients: TxSender;
  contracts: StakeUpdaterContracts;
  /** Timeout, abort signal, gas margin of the transaction. */
  tx?: TxOptions;
}

/**
 * Reads every quorum's current operators and refreshes their stakes in one transaction.
 * Quorums without operators are left out; with no operator at all no transaction is sent.
 * Throws when the transaction reverts.
 */
export function updateAllStakes(opts: UpdateStakesOptions): Promise<StakeUpdateRound> {
  return refreshAllStakes(opts.clients, opts.contracts, { tx: opts.tx });
}
