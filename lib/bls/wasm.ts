/**
 * Loads the BN254 core (`bn254.wasm`, built from `wasm/` by `deno task build:wasm`) once and
 * marshals bytes in and out of its I/O area.
 * @module
 */
import * as core from "./bn254.wasm";
import { BlsError, type BlsErrorCode } from "./errors.ts";

/** The raw exports of the Rust crate (see wasm/src/exports.rs). */
export interface Bn254Exports {
  /** The module's linear memory (the I/O area lives at `__heap_base`). */
  memory: WebAssembly.Memory;
  /** Grows the I/O area to `size` bytes and returns its address (0 on failure). */
  bls_buffer(size: number): number;
  /** Index of the input item that made the last call fail. */
  bls_err_index(): number;
  /** [0,64) P, [64,96) k → [96,160) k·P. */
  bls_g1_mul(): number;
  /** [0,128) Q, [128,160) k → [160,288) k·Q; `qChecked` skips Q's subgroup check. */
  bls_g2_mul(qChecked: number): number;
  /** [0,32) digest → [32,96) hashToG1(digest). */
  bls_hash_to_g1(): number;
  /** [0,32) sk, [32,64) digest → [64,128) signature. */
  bls_sign(): number;
  /** [0,128) G2 point: 1 if on the curve and in the subgroup. */
  bls_g2_check(): number;
  /** [0,128) pk, [128,160) digest, [160,224) sig; flags bit0 pk checked, bit1 `slot` holds its lines. */
  bls_verify(flags: number, slot: number): number;
  /** [0,64) P, [64,192) Q → [192,576) e(P, Q). */
  bls_pairing(qChecked: number): number;
  /** n × (G1 64 B ‖ G2 128 B) → 1 if the product of pairings is one. */
  bls_pairing_check(n: number): number;
  /** [0,64) A, [64,128) B → [128,192) A + B. */
  bls_g1_add(): number;
  /** n G1 points → their sum after the input. */
  bls_aggregate_g1(n: number): number;
  /** n G2 points → their sum after the input. */
  bls_aggregate_g2(n: number): number;
  /** [0,128) pk → its table of odd multiples in key slot `slot`; `pkChecked` skips the subgroup check. */
  bls_key_table_fill(slot: number, pkChecked: number): number;
  /** digest, n key slots (u32 LE), n sigs, n 8-byte coefficients → 1 if the combined check passes. */
  bls_batch_verify_keys(n: number): number;
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
  [-7]: "BAD_INPUT",
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
