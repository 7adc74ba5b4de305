/**
 * Moved to `lib/chain/poll_logs.ts`; this re-export keeps old imports compiling.
 * @module
 */
export { type DecodedLog, type LogPollerOptions, pollLogs } from "../chain/poll_logs.ts";
