/**
 * Moved to `lib/chain/clients.ts`; this re-export keeps old imports compiling.
 * @module
 */
export { makeTxClients, type TxClientOptions, type TxClients } from "../chain/clients.ts";
