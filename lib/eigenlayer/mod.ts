/**
 * Typed chain I/O for EigenLayer core and middleware, in viem's actions style: plain functions
 * over a public client (reads) or a {@link TxSender} (writes), names, arguments and results
 * inferred from the generated `as const` ABIs.
 *
 * - `contracts.ts`: the address set and its discovery from the RegistryCoordinator;
 * - `delegation.ts`, `strategies.ts`, `avs_directory.ts`: EigenLayer core;
 * - `registry_coordinator.ts`, `registries.ts`, `state_retriever.ts`: middleware;
 * - `backend.ts`: {@link OperatorBackend}, the operator-facing operations (register, deregister,
 *   status, stakes, operator state at a block, stake updates) behind which an EigenLayer flavour
 *   sits; `m2.ts` is the M2 one, `operator_sets.ts` the slashing-era one (AllocationManager
 *   operator sets, allocations);
 * - `era.ts`: which era a registry coordinator runs (M2 or slashing), read from the chain;
 * - `allocations.ts`: slashing-era allocation delay, magnitudes, allocated and slashable stake
 *   per operator set, and the idempotent allocation step;
 * - `state_reader.ts`: the chain-backed `AvsStateReader` of the BLS aggregation service;
 * - `stake_update.ts`: the stake refresh of the stake updater.
 *
 * @example Register an operator with the AVS (M2)
 * ```ts ignore
 * const backend = new M2Backend({ client: clients.publicClient, sender: clients, contracts });
 * await backend.registerAsOperator();
 * await backend.register({ blsKey: blsKeyFromSecret(sk), quorumNumbers: [0] });
 * ```
 *
 * @module
 */
export type { ReadClient, TxSender } from "../chain/clients.ts";
export type { TxOptions } from "../chain/tx.ts";
export type { G1Point, G2Point } from "../bls/mod.ts";
export type {
  AvsStateReader,
  CheckSignaturesIndices,
  OperatorAvsState,
} from "../aggregation/types.ts";
export * from "./allocations.ts";
export * from "./avs_directory.ts";
export * from "./backend.ts";
export * from "./contracts.ts";
export * from "./delegation.ts";
export * from "./era.ts";
export * from "./m2.ts";
export * from "./operator_sets.ts";
export * from "./quorums.ts";
export * from "./registries.ts";
export * from "./registry_coordinator.ts";
export * from "./stake_update.ts";
export * from "./state_reader.ts";
export * from "./state_retriever.ts";
export * from "./strategies.ts";
