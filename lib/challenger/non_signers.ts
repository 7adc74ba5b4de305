/**
 * Moved to `lib/avs/non_signers.ts`; this re-export keeps old imports compiling.
 * @module
 */
export {
  type G1,
  matchesHashOfNonSigners,
  nonSignersFromCalldata,
  recoverNonSigners,
} from "../avs/non_signers.ts";
