/**
 * BN254 BLS signatures as used by EigenLayer (signatures in G1, public keys in G2), backed
 * by the Rust/wasm core in `bn254.wasm`. Digests are 32 bytes; hashing to G1 is the
 * on-chain `BN254.hashToG1` try-and-increment. Bad inputs throw `BlsError`.
 * @module
 */
import { keccak_256 } from "@noble/hashes/sha3.js";
import { BlsError } from "./errors.ts";
import {
  bytesToHex,
  checkCoord,
  type Digest,
  digestBytes,
  FP_MODULUS,
  FR_MODULUS,
  G1_GENERATOR,
  type G1Point,
  G2_GENERATOR,
  type G2Point,
  hexToBytes,
  isG1Identity,
  isG2Identity,
  readG1,
  readG2,
  readWord,
  viewOf,
  writeG1,
  writeG1List,
  writeG2,
  writeScalar,
} from "./points.ts";
import { check, ioArea, wasm } from "./wasm.ts";
import { g2Key, isValidatedG2, rememberValidG2 } from "./caches.ts";

export { BlsError, type BlsErrorCode } from "./errors.ts";
export {
  batchCheckSameMessage,
  batchVerifySameMessage,
  type BatchVerifyStats,
  checkPublicKeyG2,
  checkSignatureG1,
  verify,
} from "./verify.ts";
export {
  type Digest,
  FP_MODULUS,
  FR_MODULUS,
  G1_GENERATOR,
  G1_IDENTITY,
  type G1Point,
  G2_GENERATOR,
  type G2Point,
} from "./points.ts";

const named = (what: string) => () => what;

/** A uniformly random private key in [1, r) from crypto.getRandomValues. */
export function generatePrivateKey(): bigint {
  const b = new Uint8Array(32);
  for (;;) {
    crypto.getRandomValues(b);
    b[0] &= 0x3f; // below 2^254, then reject values >= r (acceptance ~76%)
    const k = readWord(viewOf(b), 0);
    if (k > 0n && k < FR_MODULUS) return k;
  }
}

/** G1 public key sk·G1 (the key whose hash is the operatorId). */
export function g1PublicKey(sk: bigint): G1Point {
  return g1MulChecked(G1_GENERATOR, sk, "private key", 1n, "generator");
}

/** G2 public key sk·G2 (the key that verifies signatures). */
export function g2PublicKey(sk: bigint): G2Point {
  const io = ioArea(288);
  const dv = viewOf(io);
  writeG2(dv, 0, G2_GENERATOR, "generator");
  writeScalar(dv, 128, sk, "private key", 1n);
  check(wasm.bls_g2_mul(1), named("generator"));
  return readG2(dv, 160);
}

/** operatorId = keccak256(abi.encodePacked(pk.X, pk.Y)) of the G1 public key. */
export function operatorId(pkG1: G1Point): `0x${string}` {
  return bytesToHex(keccak_256(g1ToBytes(pkG1)));
}

/** `BN254.hashToG1(digest)`: try-and-increment, root (β^((p+1)/4)) kept as computed. */
export function hashToG1(digest: Digest): G1Point {
  const io = ioArea(96);
  const dv = viewOf(io);
  io.set(digestBytes(digest), 0);
  check(wasm.bls_hash_to_g1(), named("digest"));
  return readG1(dv, 32);
}

/** Signature sk·hashToG1(digest) on a 32-byte digest. */
export function sign(sk: bigint, digest: Digest): G1Point {
  const d = digestBytes(digest);
  const io = ioArea(128);
  const dv = viewOf(io);
  writeScalar(dv, 0, sk, "private key", 1n);
  io.set(d, 32);
  check(wasm.bls_sign(), named("private key"));
  return readG1(dv, 64);
}

/** Sum of G1 points (the identity (0,0) for an empty list); every point is curve-checked. */
export function aggregateG1(points: readonly G1Point[]): G1Point {
  const n = points.length;
  const io = ioArea(64 * n + 64);
  const dv = viewOf(io);
  writeG1List(dv, 0, points, "G1 point");
  check(wasm.bls_aggregate_g1(n), (i) => `G1 point ${i}`);
  return readG1(dv, 64 * n);
}

/**
 * Sum of G2 points (all-zero identity for an empty list). Points are curve-checked but not
 * subgroup-checked (a sum of subgroup points stays in the subgroup; `verify` checks keys).
 */
export function aggregateG2(points: readonly G2Point[]): G2Point {
  const n = points.length;
  const io = ioArea(128 * n + 128);
  const dv = viewOf(io);
  for (let i = 0; i < n; i++) writeG2(dv, 128 * i, points[i], `G2 point ${i}`);
  check(wasm.bls_aggregate_g2(n), (i) => `G2 point ${i}`);
  return readG2(dv, 128 * n);
}

/** 64 bytes X||Y, big-endian (identity = zeros). */
export function g1ToBytes(p: G1Point): Uint8Array {
  const out = new Uint8Array(64);
  writeG1(viewOf(out), 0, p, "G1 point");
  return out;
}

/** Parses 64 bytes (or 0x hex) X||Y and checks the point is on the curve. */
export function g1FromBytes(b: Uint8Array | string): G1Point {
  const bytes = typeof b === "string" ? hexToBytes(b, 64, "G1 point") : b;
  if (bytes.length !== 64) {
    throw new BlsError("BAD_LENGTH", `G1 point must be 64 bytes, got ${bytes.length}`);
  }
  const io = ioArea(128);
  const dv = viewOf(io);
  io.set(bytes, 0);
  check(wasm.bls_aggregate_g1(1), named("G1 point"));
  return readG1(dv, 64);
}

/** 128 bytes X[0]||X[1]||Y[0]||Y[1] in contract order (imaginary part first). */
export function g2ToBytes(p: G2Point): Uint8Array {
  const out = new Uint8Array(128);
  writeG2(viewOf(out), 0, p, "G2 point");
  return out;
}

/** Parses 128 bytes (or 0x hex) in contract order; checks curve and subgroup membership. */
export function g2FromBytes(b: Uint8Array | string): G2Point {
  const bytes = typeof b === "string" ? hexToBytes(b, 128, "G2 point") : b;
  if (bytes.length !== 128) {
    throw new BlsError("BAD_LENGTH", `G2 point must be 128 bytes, got ${bytes.length}`);
  }
  const io = ioArea(128);
  const dv = viewOf(io);
  io.set(bytes, 0);
  check(wasm.bls_g2_check(), named("G2 point"));
  const p = readG2(dv, 0);
  rememberValidG2(g2Key(p));
  return p;
}

/** Proof of possession for pubkey registration: sk·P for the G1 point the contract returns. */
export function signG1Point(sk: bigint, point: G1Point): G1Point {
  if (isG1Identity(point)) {
    throw new BlsError("IDENTITY", "point to sign is the point at infinity");
  }
  return g1MulChecked(point, sk, "private key", 1n, "point to sign");
}

function g1MulChecked(p: G1Point, k: bigint, kName: string, min: bigint, pName: string) {
  const io = ioArea(160);
  const dv = viewOf(io);
  writeG1(dv, 0, p, pName);
  writeScalar(dv, 64, k, kName, min);
  check(wasm.bls_g1_mul(), named(pName));
  return readG1(dv, 96);
}

/** k·P in G1 for k in [0, r). */
export function g1Mul(p: G1Point, k: bigint): G1Point {
  return g1MulChecked(p, k, "scalar", 0n, "G1 point");
}

/** k·Q in G2 for k in [0, r); Q must be in G2. */
export function g2Mul(q: G2Point, k: bigint): G2Point {
  const io = ioArea(288);
  const dv = viewOf(io);
  writeG2(dv, 0, q, "G2 point");
  writeScalar(dv, 128, k, "scalar");
  const key = g2Key(q);
  const known = isValidatedG2(key);
  check(wasm.bls_g2_mul(known ? 1 : 0), named("G2 point"));
  if (!known) rememberValidG2(key);
  return readG2(dv, 160);
}

/** A + B in G1 (both curve-checked). */
export function g1Add(a: G1Point, b: G1Point): G1Point {
  const io = ioArea(192);
  const dv = viewOf(io);
  writeG1(dv, 0, a, "first G1 point");
  writeG1(dv, 64, b, "second G1 point");
  check(wasm.bls_g1_add(), (i) => i === 0 ? "first G1 point" : "second G1 point");
  return readG1(dv, 128);
}

/** −P in G1 (`BN254.negate`: (0,0) stays (0,0)); coordinates are range-checked only. */
export function g1Neg(p: G1Point): G1Point {
  checkCoord(p.X, "G1 point.X");
  checkCoord(p.Y, "G1 point.Y");
  if (isG1Identity(p)) return { X: 0n, Y: 0n };
  return { X: p.X, Y: (FP_MODULUS - p.Y) % FP_MODULUS };
}

/** −Q in G2 (identity stays identity); coordinates are range-checked only. */
export function g2Neg(q: G2Point): G2Point {
  g2ToBytes(q);
  if (isG2Identity(q)) return q;
  return {
    X: q.X,
    Y: [(FP_MODULUS - q.Y[0]) % FP_MODULUS, (FP_MODULUS - q.Y[1]) % FP_MODULUS],
  };
}

/**
 * Product-of-pairings check like the 0x08 precompile: true iff Π e(Pᵢ, Qᵢ) = 1.
 * Points are curve-checked and the G2 points subgroup-checked; identities contribute 1.
 */
export function pairingCheck(pairs: readonly (readonly [G1Point, G2Point])[]): boolean {
  const n = pairs.length;
  const io = ioArea(192 * n);
  const dv = viewOf(io);
  for (let i = 0; i < n; i++) {
    writeG1(dv, 192 * i, pairs[i][0], `pair ${i} G1 point`);
    writeG2(dv, 192 * i + 64, pairs[i][1], `pair ${i} G2 point`);
  }
  return check(wasm.bls_pairing_check(n), (i) => `pair ${i}`) === 1;
}

/** True if the G1 and G2 public keys share the secret: e(P1, g2) = e(g1, P2). */
export function verifyKeyPair(pkG1: G1Point, pkG2: G2Point): boolean {
  if (isG1Identity(pkG1) || isG2Identity(pkG2)) {
    throw new BlsError("IDENTITY", "public key is the point at infinity");
  }
  return pairingCheck([[pkG1, G2_GENERATOR], [g1Neg(G1_GENERATOR), pkG2]]);
}

/**
 * The reduced pairing e(P, Q) ∈ GT as 12 Fp coefficients in tower order
 * (c0.c0.c0, c0.c0.c1, c0.c1.c0, …, c1.c2.c1); for tests and diagnostics.
 */
export function pairing(p: G1Point, q: G2Point): bigint[] {
  const io = ioArea(576);
  const dv = viewOf(io);
  writeG1(dv, 0, p, "G1 point");
  writeG2(dv, 64, q, "G2 point");
  const key = g2Key(q);
  const known = isValidatedG2(key);
  check(wasm.bls_pairing(known ? 1 : 0), (i) => i === 0 ? "G1 point" : "G2 point");
  if (!known) rememberValidG2(key);
  const out: bigint[] = [];
  for (let i = 0; i < 12; i++) out.push(readWord(dv, 192 + 32 * i));
  return out;
}
