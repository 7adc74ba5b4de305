/**
 * The operator: node process, fleet (many operators in one process), registration steps (shared
 * with the CLI), answering/signing and the aggregator client.
 *
 * @module
 */
export * from "./node.ts";
export * from "./registration.ts";
export * from "./contracts.ts";
export * from "./keys.ts";
export * from "./responder.ts";
export * from "./aggregator_client.ts";
export * from "./settings.ts";
export * from "./fleet.ts";
