/**
 * Moved to `lib/chain/pending_tx.ts`; this re-export keeps old imports compiling.
 * @module
 */
export { sendPendingBlockTx } from "../chain/pending_tx.ts";
