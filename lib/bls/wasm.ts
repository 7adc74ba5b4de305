/**
 * Loads the BN254 core (`bn254.wasm`, built from `wasm/` by `deno task build:wasm`) once and
 * marshals bytes in and out of its I/O area.
 * @module
 */
import * as core from "./bn254.wasm";
import { BlsError, type BlsErrorCode } from "./errors.ts";

/** The raw exports of the Rust crate (see wasm/src/exports.rs). */
export interface Bn254Exports {
  memory: WebAssembly.Memory;
  bls_buffer(size: number): number;
  bls_err_index(): number;
  bls_g1_mul(): number;
  bls_g2_mul(qChecked: number): number;
  bls_hash_to_g1(): number;
  bls_sign(): number;
  bls_g2_check(): number;
  bls_verify(flags: number, slot: number): number;
  bls_pairing(qChecked: number): number;
  bls_pairing_check(n: number): number;
  bls_g1_add(): number;
  bls_aggregate_g1(n: number): number;
  bls_aggregate_g2(n: number): number;
  bls_batch_verify(n: number, pksChecked: number): number;
}

/** The instantiated core. */
export const wasm: Bn254Exports = core as unknown as Bn254Exports;

/** Returns a view of the I/O area with room for `size` bytes (valid until the next call). */
export function ioArea(size: number): Uint8Array {
  const ptr = wasm.bls_buffer(size);
  if (ptr === 0) throw new BlsError("WASM_FAILURE", `cannot grow wasm memory to ${size} bytes`);
  return new Uint8Array(wasm.memory.buffer, ptr, size);
}

const STATUS: Record<number, BlsErrorCode> = {
  [-1]: "NOT_CANONICAL",
  [-2]: "NOT_ON_CURVE",
  [-3]: "NOT_IN_SUBGROUP",
  [-4]: "IDENTITY",
  [-5]: "SCALAR_OUT_OF_RANGE",
  [-6]: "BAD_INPUT",
};

const DESCRIPTION: Record<BlsErrorCode, string> = {
  NOT_CANONICAL: "has a coordinate that is not below the field modulus p",
  NOT_ON_CURVE: "is not on the curve",
  NOT_IN_SUBGROUP: "is not in the order-r subgroup",
  IDENTITY: "is the point at infinity, which is not allowed here",
  SCALAR_OUT_OF_RANGE: "is not in [0, r)",
  BAD_INPUT: "is invalid",
  BAD_LENGTH: "has the wrong length",
  BAD_HEX: "is not valid hex",
  WASM_FAILURE: "could not be processed",
};

/**
 * Turns a negative status into a BlsError naming the input; returns non-negative ones.
 * `names(i)` describes item i (from `bls_err_index`).
 */
export function check(status: number, names: (index: number) => string): number {
  if (status >= 0) return status;
  const code = STATUS[status] ?? "WASM_FAILURE";
  throw new BlsError(code, `${names(wasm.bls_err_index())} ${DESCRIPTION[code]}`);
}
