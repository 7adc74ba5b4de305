/**
 * Process-level helpers shared by every entry point: shutdown signals, stopping children,
 * abortable sleeps.
 *
 * @module
 */
export * from "./signals.ts";
export * from "./terminate.ts";
export * from "./sleep.ts";
export * from "./concurrency.ts";
