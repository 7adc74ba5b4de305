/**
 * Config loading for every process; see the per-process modules for the keys.
 *
 * @module
 */
export * from "./load.ts";
export * from "./fields.ts";
export * from "./operator.ts";
export * from "./aggregator.ts";
export * from "./challenger.ts";
export * from "./stake_updater.ts";
