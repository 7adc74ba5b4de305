/**
 * Chain access for the nodes: clients (`clients.ts`), deployment file (`deployment.ts`), the
 * event follower (`events.ts`, pieces in `follow/`), an HTTP log poller (`poll_logs.ts`), and the
 * one way to send a transaction and to read a contract (`tx.ts`; the send path in `send.ts`, the
 * receipt wait in `receipt.ts`, errors in `errors.ts`).
 * Contract ABIs live in `./abi/` (generated).
 *
 * @module
 */
export * from "./clients.ts";
export * from "./deployment.ts";
export * from "./events.ts";
export * from "./tx.ts";
export * from "./poll_logs.ts";
