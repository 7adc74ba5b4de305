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

export { BlsError, type BlsErrorCode } from "./errors.ts";
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

// G2 points that already passed the subgroup check (keyed by their coordinates), so that
// verifying many signatures of the same operators pays the check once per key.
const G2_VALIDATED = new Set<string>();
const G2_VALIDATED_MAX = 16384;

function g2Key(p: G2Point): string {
  // Hex: BigInt to a power-of-two radix is much cheaper than to decimal.
  return `${p.X[0].toString(16)},${p.X[1].toString(16)},${p.Y[0].toString(16)},${
    p.Y[1].toString(16)
  }`;
}

function rememberValidG2(key: string): void {
  if (G2_VALIDATED.size >= G2_VALIDATED_MAX) G2_VALIDATED.clear();
  G2_VALIDATED.add(key);
}

const named = (what: string) => () => what;

// Which core line-cache slot holds the Miller-loop lines of which public key (LINE_SLOTS in
// wasm/src/exports.rs): a task's operators are verified again and again with the same keys.
// Slots fill up first; once all are taken, a new key only evicts the least recently used one if
// that key has been idle for LINE_IDLE_MS, otherwise its lines are computed in the core's scratch
// slot. Round-robin eviction made a set larger than the cache (200 operators against 128 slots)
// miss on every call and pay the line normalisation on top; this way 128 keys stay hits.
const LINE_SLOTS = 128;
/** Slot number that tells the core to use its scratch lines (no caching). */
const SCRATCH_SLOT = LINE_SLOTS;
const LINE_IDLE_MS = 30_000;
const LINE_SLOT_OF = new Map<string, number>();
const LINE_SLOT_KEY: (string | undefined)[] = new Array(LINE_SLOTS);
const LINE_SLOT_USED: number[] = new Array(LINE_SLOTS).fill(0);
let lineSlotsFilled = 0;

/** A slot for a key without cached lines, or SCRATCH_SLOT when every slot is in recent use. */
function claimLineSlot(now: number): number {
  if (lineSlotsFilled < LINE_SLOTS) return lineSlotsFilled++;
  let lru = 0;
  for (let i = 1; i < LINE_SLOTS; i++) if (LINE_SLOT_USED[i] < LINE_SLOT_USED[lru]) lru = i;
  if (now - LINE_SLOT_USED[lru] < LINE_IDLE_MS) return SCRATCH_SLOT;
  // The evicted key forgets its slot before the core overwrites it.
  const old = LINE_SLOT_KEY[lru];
  if (old !== undefined) LINE_SLOT_OF.delete(old);
  LINE_SLOT_KEY[lru] = undefined;
  return lru;
}

/** Largest batch one core call accepts (MAX_BATCH in wasm/src/exports.rs). */
const MAX_BATCH = 512;

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

/**
 * Checks e(H(m), pk) · e(−σ, g2) = 1. Throws BlsError for malformed points, a public key
 * outside G2 or the identity public key; an identity signature simply does not verify.
 */
export function verify(pkG2: G2Point, digest: Digest, sig: G1Point): boolean {
  const d = digestBytes(digest);
  const io = ioArea(224);
  const dv = viewOf(io);
  writeG2(dv, 0, pkG2, "public key");
  io.set(d, 128);
  writeG1(dv, 160, sig, "signature");
  const key = g2Key(pkG2);
  const known = G2_VALIDATED.has(key);
  const now = performance.now();
  let slot = LINE_SLOT_OF.get(key);
  const hit = slot !== undefined;
  if (slot === undefined) slot = claimLineSlot(now);
  const flags = (known ? 1 : 0) | (hit ? 2 : 0);
  let r: number;
  try {
    r = check(wasm.bls_verify(flags, slot), (i) => i === 0 ? "public key" : "signature");
  } catch (err) {
    // A rejected key never got lines: its fresh slot is free for the next key at once.
    if (!hit && slot !== SCRATCH_SLOT) LINE_SLOT_USED[slot] = -Infinity;
    throw err;
  }
  if (!known) rememberValidG2(key);
  if (slot !== SCRATCH_SLOT) {
    LINE_SLOT_USED[slot] = now;
    if (!hit) {
      LINE_SLOT_OF.set(key, slot);
      LINE_SLOT_KEY[slot] = key;
    }
  }
  return r === 1;
}

/** Counters that {@link batchVerifySameMessage} increments, for metrics and benchmarks. */
export interface BatchVerifyStats {
  /** Combined random-coefficient checks run (one pairing check each). */
  combinedChecks: number;
  /** Signatures verified on their own (sub-batches of one). */
  singleChecks: number;
}

/**
 * Verifies n signatures of the same digest at once: one 2-pair pairing check of
 * Σcᵢσᵢ against Σcᵢpkᵢ with random 64-bit cᵢ. If the batch fails it is bisected: each half gets
 * its own combined check (fresh coefficients), a half that passes is accepted whole, and when
 * the left half passes the right one is known to hold a bad signature and is split without a
 * check, down to single signatures. One bad signature among n costs at most 2·log₂ n extra
 * combined checks (of shrinking size) instead of n single verifications.
 * Throws BlsError for malformed points, keys outside G2 or identity keys (like `verify`).
 */
export function batchVerifySameMessage(
  pks: readonly G2Point[],
  digest: Digest,
  sigs: readonly G1Point[],
  stats?: BatchVerifyStats,
): boolean[] {
  checkBatchLengths(pks, sigs);
  const d = digestBytes(digest);
  const out = new Array<boolean>(pks.length).fill(false);
  const counters = stats ?? { combinedChecks: 0, singleChecks: 0 };
  const n = pks.length;
  if (n >= 2) {
    // The whole batch is checked first, so malformed points are reported with their index.
    counters.combinedChecks++;
    if (batchCheckSameMessage(pks, d, sigs)) return out.fill(true);
  }
  bisect(pks, d, sigs, 0, n, n >= 2, out, counters);
  return out;
}

/** Sets out[lo, hi) to the validity of each signature; returns whether all were valid. */
function bisect(
  pks: readonly G2Point[],
  d: Uint8Array,
  sigs: readonly G1Point[],
  lo: number,
  hi: number,
  knownBad: boolean,
  out: boolean[],
  stats: BatchVerifyStats,
): boolean {
  const n = hi - lo;
  if (n === 0) return true;
  if (n === 1) {
    // A convicted single needs no check of its own.
    if (knownBad) return (out[lo] = false);
    stats.singleChecks++;
    return (out[lo] = verify(pks[lo], d, sigs[lo]));
  }
  if (!knownBad) {
    stats.combinedChecks++;
    if (batchCheckSameMessage(pks.slice(lo, hi), d, sigs.slice(lo, hi))) {
      out.fill(true, lo, hi);
      return true;
    }
  }
  // A failed combined check proves some signature in [lo, hi) is invalid (valid ones satisfy
  // the equation for any coefficients), so a passing left half convicts the right half.
  const mid = lo + (n >> 1);
  const leftValid = bisect(pks, d, sigs, lo, mid, false, out, stats);
  bisect(pks, d, sigs, mid, hi, leftValid, out, stats);
  return false;
}

function checkBatchLengths(pks: readonly G2Point[], sigs: readonly G1Point[]): void {
  if (pks.length !== sigs.length) {
    throw new BlsError(
      "BAD_LENGTH",
      `batch verification needs one public key per signature (${pks.length} keys, ${sigs.length} signatures)`,
    );
  }
}

/**
 * One combined random-coefficient check that all n signatures of the same digest are valid
 * (true) or that at least one is not (false), without finding which. Batches over the core's
 * limit of 512 are checked in chunks. Throws BlsError like {@link batchVerifySameMessage}.
 */
export function batchCheckSameMessage(
  pks: readonly G2Point[],
  digest: Digest,
  sigs: readonly G1Point[],
): boolean {
  checkBatchLengths(pks, sigs);
  const n = pks.length;
  const d = digestBytes(digest);
  if (n === 0) return true;
  if (n === 1) return verify(pks[0], d, sigs[0]);
  if (n > MAX_BATCH) {
    // The core bounds one batch; larger sets are checked in independent chunks.
    for (let i = 0; i < n; i += MAX_BATCH) {
      if (!batchCheckSameMessage(pks.slice(i, i + MAX_BATCH), d, sigs.slice(i, i + MAX_BATCH))) {
        return false;
      }
    }
    return true;
  }
  const io = ioArea(32 + 200 * n);
  const dv = viewOf(io);
  io.set(d, 0);
  const keys: string[] = [];
  let allKnown = true;
  for (let i = 0; i < n; i++) {
    writeG2(dv, 32 + 128 * i, pks[i], `public key ${i}`);
    writeG1(dv, 32 + 128 * n + 64 * i, sigs[i], `signature ${i}`);
    const key = g2Key(pks[i]);
    keys.push(key);
    allKnown &&= G2_VALIDATED.has(key);
  }
  const coeffs = io.subarray(32 + 192 * n, 32 + 200 * n);
  crypto.getRandomValues(coeffs);
  for (let i = 0; i < n; i++) {
    // 64 random bits per coefficient; the all-zero value (probability 2^-64) becomes 1.
    if (coeffs.subarray(8 * i, 8 * i + 8).every((b) => b === 0)) coeffs[8 * i + 7] = 1;
  }
  const r = check(wasm.bls_batch_verify(n, allKnown ? 1 : 0), (i) => `public key/signature ${i}`);
  for (const k of keys) rememberValidG2(k);
  return r === 1;
}

/**
 * Throws BlsError unless `pk` can verify signatures: canonical coordinates, on the curve, in
 * the order-r subgroup and not the identity. The subgroup check is remembered per key, so
 * checking a known operator key again costs only the lookup.
 */
export function checkPublicKeyG2(pk: G2Point, what = "public key"): void {
  const io = ioArea(128);
  writeG2(viewOf(io), 0, pk, what);
  if (isG2Identity(pk)) {
    throw new BlsError("IDENTITY", `${what} is the point at infinity, which is not allowed here`);
  }
  const key = g2Key(pk);
  if (G2_VALIDATED.has(key)) return;
  check(wasm.bls_g2_check(), named(what));
  rememberValidG2(key);
}

/**
 * Throws BlsError unless `sig` is a well-formed G1 point (canonical coordinates, on the curve).
 * The identity passes: it is well-formed and simply never verifies.
 */
export function checkSignatureG1(sig: G1Point, what = "signature"): void {
  // In BigInt rather than in the core: one curve equation is cheaper than a wasm round trip.
  if (typeof sig !== "object" || sig === null) {
    throw new BlsError("BAD_INPUT", `${what} must be a point {X, Y}`);
  }
  checkCoord(sig.X, `${what}.X`);
  checkCoord(sig.Y, `${what}.Y`);
  if (sig.X === 0n && sig.Y === 0n) return;
  const { X: x, Y: y } = sig;
  if ((y * y - x * x * x - 3n) % FP_MODULUS !== 0n) {
    throw new BlsError("NOT_ON_CURVE", `${what} is not on the curve`);
  }
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
  const known = G2_VALIDATED.has(key);
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
  const known = G2_VALIDATED.has(key);
  check(wasm.bls_pairing(known ? 1 : 0), (i) => i === 0 ? "G1 point" : "G2 point");
  if (!known) rememberValidG2(key);
  const out: bigint[] = [];
  for (let i = 0; i < 12; i++) out.push(readWord(dv, 192 + 32 * i));
  return out;
}
