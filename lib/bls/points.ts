/**
 * Point and scalar types in the shapes viem returns for `BN254.G1Point` / `BN254.G2Point`,
 * constants, and their byte encodings (32-byte big-endian words, G2 in contract order).
 * @module
 */
import { BlsError } from "./errors.ts";

/** Affine G1 point; the identity is (0, 0). */
export type G1Point = { X: bigint; Y: bigint };
/** Affine G2 point in contract order: X = [x.c1, x.c0], Y = [y.c1, y.c0]. */
export type G2Point = { X: readonly [bigint, bigint]; Y: readonly [bigint, bigint] };
/** A 32-byte message digest, as bytes or 0x-prefixed hex. */
export type Digest = Uint8Array | `0x${string}`;

/** Base field modulus p. */
export const FP_MODULUS =
  21888242871839275222246405745257275088696311157297823662689037894645226208583n;
/** Group order r. */
export const FR_MODULUS =
  21888242871839275222246405745257275088548364400416034343698204186575808495617n;
/** G1 generator (1, 2). */
export const G1_GENERATOR: G1Point = Object.freeze({ X: 1n, Y: 2n });
/** G2 generator, contract order. */
export const G2_GENERATOR: G2Point = Object.freeze({
  X: [
    11559732032986387107991004021392285783925812861821192530917403151452391805634n,
    10857046999023057135944570762232829481370756359578518086990519993285655852781n,
  ] as const,
  Y: [
    4082367875863433681332203403145435568316851327593401208105741076214120093531n,
    8495653923123431417604973247489272438418190587263600148770280649306958101930n,
  ] as const,
});
/** The G1 identity encoding (0, 0). */
export const G1_IDENTITY: G1Point = Object.freeze({ X: 0n, Y: 0n });

/** A DataView over exactly the bytes of `b` (one per call; cheaper than one per word). */
export function viewOf(b: Uint8Array): DataView {
  return new DataView(b.buffer, b.byteOffset, b.byteLength);
}

/** Rejects a coordinate that is not a bigint in [0, p). */
export function checkCoord(v: bigint, what: string): void {
  if (typeof v !== "bigint") {
    throw new BlsError("BAD_INPUT", `${what} must be a bigint, got ${typeof v}`);
  }
  if (v < 0n || v >= FP_MODULUS) {
    throw new BlsError("NOT_CANONICAL", `${what} is not in [0, p)`);
  }
}

/** Writes a coordinate as 32 big-endian bytes; rejects values outside [0, p). */
export function writeCoord(dv: DataView, off: number, v: bigint, what: string): void {
  checkCoord(v, what);
  writeWord(dv, off, v);
}

/** Writes an unsigned 256-bit integer as 32 big-endian bytes (no range check). */
export function writeWord(dv: DataView, off: number, v: bigint): void {
  // setBigUint64 keeps the low 64 bits of its argument, so no masking is needed. Each shift
  // starts from the previous (shorter) value, which is cheaper than shifting v three times.
  dv.setBigUint64(off + 24, v);
  const v1 = v >> 64n;
  dv.setBigUint64(off + 16, v1);
  const v2 = v1 >> 64n;
  dv.setBigUint64(off + 8, v2);
  dv.setBigUint64(off, v2 >> 64n);
}

/** Reads 32 big-endian bytes as an unsigned integer. */
export function readWord(dv: DataView, off: number): bigint {
  return (dv.getBigUint64(off) << 192n) | (dv.getBigUint64(off + 8) << 128n) |
    (dv.getBigUint64(off + 16) << 64n) | dv.getBigUint64(off + 24);
}

/** Checks the shape of a G1 point object. */
function assertG1Shape(p: G1Point, what: string): void {
  if (p === null || typeof p !== "object" || typeof p.X !== "bigint" || typeof p.Y !== "bigint") {
    throw new BlsError("BAD_INPUT", `${what} must be {X: bigint, Y: bigint}`);
  }
}

/** Checks the shape of a G2 point object. */
/** Whether `p` has the shape {X: [a, b], Y: [c, d]} (coordinate types not checked). */
export function hasG2Shape(p: G2Point): boolean {
  return p !== null && typeof p === "object" && Array.isArray(p.X) && Array.isArray(p.Y) &&
    p.X.length === 2 && p.Y.length === 2;
}

function assertG2Shape(p: G2Point, what: string): void {
  if (!hasG2Shape(p)) {
    throw new BlsError("BAD_INPUT", `${what} must be {X: [bigint, bigint], Y: [bigint, bigint]}`);
  }
}

/** Writes X||Y (64 bytes). */
export function writeG1(dv: DataView, off: number, p: G1Point, what: string): void {
  assertG1Shape(p, what);
  writeCoord(dv, off, p.X, `${what}.X`);
  writeCoord(dv, off + 32, p.Y, `${what}.Y`);
}

/** p >> 192: a coordinate whose top word is below this (and not negative) is below p. */
const P_TOP_WORD = FP_MODULUS >> 192n;

/** writeWord that also returns the top word v >> 192, or P_TOP_WORD when v is negative. */
function writeTop(dv: DataView, off: number, v: bigint): bigint {
  dv.setBigUint64(off + 24, v);
  const v1 = v >> 64n;
  dv.setBigUint64(off + 16, v1);
  const v2 = v1 >> 64n;
  dv.setBigUint64(off + 8, v2);
  const top = v2 >> 64n;
  dv.setBigUint64(off, top);
  return top < 0n ? P_TOP_WORD : top;
}

/**
 * Writes `points` as consecutive X||Y records from `off`. The fast path checks shape and range
 * inline and builds no per-point strings; a bad point is handed to `writeG1`, whose error
 * names it as `${label} ${i}`.
 */
export function writeG1List(
  dv: DataView,
  off: number,
  points: readonly G1Point[],
  label: string,
): void {
  for (let i = 0; i < points.length; i++) {
    const p = points[i];
    const o = off + 64 * i;
    const ok = p !== null && typeof p === "object" && typeof p.X === "bigint" &&
      typeof p.Y === "bigint";
    // Range: the top 64-bit word decides unless it equals p's (then writeG1 compares fully).
    if (!ok || writeTop(dv, o, p.X) >= P_TOP_WORD || writeTop(dv, o + 32, p.Y) >= P_TOP_WORD) {
      writeG1(dv, o, p, `${label} ${i}`); // throws the precise error, or writes a valid edge case
    }
  }
}

/** Writes X[0]||X[1]||Y[0]||Y[1] (128 bytes, contract order). */
export function writeG2(dv: DataView, off: number, p: G2Point, what: string): void {
  assertG2Shape(p, what);
  writeCoord(dv, off, p.X[0], `${what}.X[0]`);
  writeCoord(dv, off + 32, p.X[1], `${what}.X[1]`);
  writeCoord(dv, off + 64, p.Y[0], `${what}.Y[0]`);
  writeCoord(dv, off + 96, p.Y[1], `${what}.Y[1]`);
}

/** Reads a G1 point written by the core. */
export function readG1(dv: DataView, off: number): G1Point {
  return { X: readWord(dv, off), Y: readWord(dv, off + 32) };
}

/** Reads a G2 point written by the core. */
export function readG2(dv: DataView, off: number): G2Point {
  return {
    X: [readWord(dv, off), readWord(dv, off + 32)],
    Y: [readWord(dv, off + 64), readWord(dv, off + 96)],
  };
}

/** Validates a scalar in [min, r) and writes it as 32 bytes. */
export function writeScalar(
  dv: DataView,
  off: number,
  k: bigint,
  what: string,
  min = 0n,
): void {
  if (typeof k !== "bigint") {
    throw new BlsError("BAD_INPUT", `${what} must be a bigint, got ${typeof k}`);
  }
  if (k < min || k >= FR_MODULUS) {
    throw new BlsError("SCALAR_OUT_OF_RANGE", `${what} is not in [${min}, r)`);
  }
  writeWord(dv, off, k);
}

/** Parses 0x-prefixed (or bare) hex of an exact byte length. */
export function hexToBytes(hex: string, length: number, what: string): Uint8Array {
  if (typeof hex !== "string") throw new BlsError("BAD_INPUT", `${what} must be hex or bytes`);
  const h = hex.startsWith("0x") || hex.startsWith("0X") ? hex.slice(2) : hex;
  if (!/^[0-9a-fA-F]*$/.test(h) || h.length % 2 !== 0) {
    throw new BlsError("BAD_HEX", `${what} is not valid hex`);
  }
  if (h.length !== 2 * length) {
    throw new BlsError("BAD_LENGTH", `${what} must be ${length} bytes, got ${h.length / 2}`);
  }
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) out[i] = parseInt(h.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/** Normalises a digest argument to 32 bytes. */
export function digestBytes(d: Digest, what = "digest"): Uint8Array {
  if (d instanceof Uint8Array) {
    if (d.length !== 32) {
      throw new BlsError("BAD_LENGTH", `${what} must be 32 bytes, got ${d.length}`);
    }
    return d;
  }
  return hexToBytes(d, 32, what);
}

/** Lower-case 0x hex of bytes. */
export function bytesToHex(b: Uint8Array): `0x${string}` {
  let s = "0x";
  for (const v of b) s += v.toString(16).padStart(2, "0");
  return s as `0x${string}`;
}

/** True for the (0, 0) identity encoding of G1. */
export function isG1Identity(p: G1Point): boolean {
  return p.X === 0n && p.Y === 0n;
}

/** True for the all-zero identity encoding of G2. */
export function isG2Identity(p: G2Point): boolean {
  return p.X[0] === 0n && p.X[1] === 0n && p.Y[0] === 0n && p.Y[1] === 0n;
}
