/**
 * The operator: node process, fleet (many operators in one process), answering/signing, delivery,
 * attestations and the aggregator client. Its registration steps live in `lib/avs/registration.ts`
 * (shared with the CLI) and its key loading in `lib/keys/operator_keys.ts`.
 *
 * @module
 */
export * from "./node.ts";
export * from "./responder.ts";
export * from "./aggregator_client.ts";
export * from "./settings.ts";
export * from "./fleet.ts";
