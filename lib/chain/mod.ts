/**
 * Chain access for the nodes: clients, deployment file, event follower, transactions.
 * Contract ABIs live in `./abi/` (generated).
 *
 * @module
 */
export * from "./clients.ts";
export * from "./deployment.ts";
export * from "./events.ts";
export * from "./tx.ts";
export * from "./pending_tx.ts";
