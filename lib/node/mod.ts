/**
 * The node shell shared by the aggregator, operator and challenger: entry-point runner
 * (argument parsing, signals, startup errors, ordered stop) and the metrics + node API servers.
 *
 * @module
 */
export * from "./main.ts";
export * from "./shell.ts";
export * from "./events.ts";
