/**
 * Moved to `lib/eigenlayer/state_reader.ts`; this re-export keeps old imports compiling.
 * @module
 */
export {
  ChainAvsStateReader,
  type ChainReaderContracts,
  type ChainReaderOptions,
} from "../eigenlayer/state_reader.ts";
