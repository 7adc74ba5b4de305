/**
 * Typed chain I/O for this AVS's contracts, in viem's actions style (plain functions over a
 * public client or a `TxSender`, typed from the generated `as const` ABIs):
 *
 * - `task_manager.ts`: TaskManager reads (task counter, stored hashes, windows, roles) and writes
 *   (`createNewTask`, `respondToTask`, `raiseAndResolveChallenge`, `raiseNoResponseChallenge`,
 *   all but the first judged at the pending block);
 * - `events.ts`: typed event decoding, {@link taskFromEvent} (the one place a task is rebuilt
 *   from event arguments), {@link createdTaskOf} and a typed TaskManager follower;
 * - `service_manager.ts`: freeze requests (list, veto, finalise), frozen operators, the veto
 *   committee;
 * - `non_signers.ts`: the non-signer keys of an accepted response, from its calldata or trace;
 * - `attestations.ts`: operators' attestations of responses the aggregator left unanswered;
 * - `faults.ts`: the FaultLedger, where a successful challenge's operators at fault are assigned
 *   in bounded batches (`assignFaults`);
 * - `registration.ts`, `operator_contracts.ts`: an operator's registration with this AVS as
 *   idempotent steps (EigenLayer, deposit, AVS), shared by the operator and the CLI;
 * - `slashing.ts`: the slashing-era ServiceManager's VetoableSlasher requests (list, veto,
 *   fulfil, slashed shares); `slashing_registration.ts`: era detection for an operator and its
 *   registration through the AllocationManager;
 * - `contracts.ts`: the addresses.
 *
 * @example Create a task and read it back
 * ```ts ignore
 * const created = await createNewTask(clients, avsContractsOf(deployment), {
 *   numberToBeSquared: 7n,
 *   quorumThresholdPercentage: 100,
 *   quorumNumbers: [0],
 * });
 * ```
 *
 * @module
 */
export * from "./attestations.ts";
export * from "./contracts.ts";
export * from "./events.ts";
export * from "./faults.ts";
export * from "./non_signers.ts";
export * from "./operator_contracts.ts";
export * from "./registration.ts";
export * from "./service_manager.ts";
export * from "./slashing.ts";
export * from "./slashing_registration.ts";
export * from "./task_history.ts";
export * from "./task_manager.ts";
