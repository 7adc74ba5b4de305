/** Why a BLS input was rejected. */
export type BlsErrorCode =
  | "NOT_ON_CURVE"
  | "NOT_IN_SUBGROUP"
  | "NOT_CANONICAL"
  | "BAD_LENGTH"
  | "SCALAR_OUT_OF_RANGE"
  | "IDENTITY"
  | "BAD_HEX"
  | "BAD_INPUT"
  | "WASM_FAILURE";

/** A rejected BLS input; `code` says what was wrong, the message names the input. */
export class BlsError extends Error {
  /** Machine-readable reason (see {@link BlsErrorCode}). */
  readonly code: BlsErrorCode;

  /** Creates an error with a machine-readable code and a human message. */
  constructor(code: BlsErrorCode, message: string) {
    super(message);
    this.name = "BlsError";
    this.code = code;
  }
}
