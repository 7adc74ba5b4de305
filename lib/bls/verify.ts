/**
 * Signature verification: one signature (`verify`), many signatures of one digest with a
 * random-coefficient batch check bisected on failure (`batchVerifySameMessage`), and the point
 * checks that let a caller refuse malformed input before it joins a batch.
 * @module
 */
import { BlsError } from "./errors.ts";
import {
  g2Key,
  isValidatedG2,
  KEY_BATCH_MAX,
  KEY_SCRATCH_FIRST,
  keyTableSlots,
  lineSlots,
  rememberValidG2,
  SCRATCH_SLOT,
} from "./caches.ts";
import {
  checkCoord,
  type Digest,
  digestBytes,
  FP_MODULUS,
  type G1Point,
  type G2Point,
  hasG2Shape,
  isG2Identity,
  viewOf,
  writeG1,
  writeG2,
} from "./points.ts";
import { check, ioArea, wasm } from "./wasm.ts";

const named = (what: string) => () => what;

/** Largest batch one core call accepts (MAX_BATCH in wasm/src/exports.rs). */
const MAX_BATCH = KEY_BATCH_MAX;

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
  const known = isValidatedG2(key);
  const now = performance.now();
  const { slot = SCRATCH_SLOT, hit } = lineSlots.lookup(key, now);
  const flags = (known ? 1 : 0) | (hit ? 2 : 0);
  let r: number;
  try {
    r = check(wasm.bls_verify(flags, slot), (i) => i === 0 ? "public key" : "signature");
  } catch (err) {
    if (slot !== SCRATCH_SLOT) lineSlots.failed(slot, hit);
    throw err;
  }
  if (!known) rememberValidG2(key);
  if (slot !== SCRATCH_SLOT) lineSlots.used(key, slot, hit, now);
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
  const slots = keySlotsFor(pks);
  const io = ioArea(32 + 76 * n);
  const dv = viewOf(io);
  io.set(d, 0);
  for (let i = 0; i < n; i++) {
    dv.setUint32(32 + 4 * i, slots[i], true);
    writeG1(dv, 32 + 4 * n + 64 * i, sigs[i], `signature ${i}`);
  }
  const coeffs = io.subarray(32 + 68 * n, 32 + 76 * n);
  crypto.getRandomValues(coeffs);
  for (let i = 0; i < n; i++) {
    // 64 random bits per coefficient; the all-zero value (probability 2^-64) becomes 1.
    if (coeffs.subarray(8 * i, 8 * i + 8).every((b) => b === 0)) coeffs[8 * i + 7] = 1;
  }
  return check(wasm.bls_batch_verify_keys(n), (i) => `signature ${i}`) === 1;
}

/**
 * The core's key slot of each public key (at most KEY_BATCH_MAX), expanding into its table
 * of odd multiples the keys that are not cached yet: that is when a key is checked (curve,
 * subgroup unless already seen, not the identity), so a bad key throws naming its index.
 */
function keySlotsFor(pks: readonly G2Point[]): number[] {
  const now = performance.now();
  let scratch = KEY_SCRATCH_FIRST;
  return pks.map((pk, i) => {
    const what = `public key ${i}`;
    const key = g2Key(pk);
    const found = keyTableSlots.lookup(key, now);
    const slot = found.slot ?? scratch++;
    const cached = found.slot !== undefined;
    if (!found.hit) {
      const io = ioArea(128);
      writeG2(viewOf(io), 0, pk, what);
      const known = isValidatedG2(key);
      try {
        check(wasm.bls_key_table_fill(slot, known ? 1 : 0), () => what);
      } catch (err) {
        if (cached) keyTableSlots.failed(slot, false);
        throw err;
      }
      if (!known) rememberValidG2(key);
    }
    if (cached) keyTableSlots.used(key, slot, found.hit, now);
    return slot;
  });
}

/**
 * Throws BlsError unless `pk` can verify signatures: canonical coordinates, on the curve, in
 * the order-r subgroup and not the identity. The subgroup check is remembered per key, so
 * checking a known operator key again costs only the lookup.
 */
export function checkPublicKeyG2(pk: G2Point, what = "public key"): void {
  // The aggregator checks each operator's key once per task: a key seen passing is only looked up.
  if (isPassedKey(pk)) return;
  const io = ioArea(128);
  writeG2(viewOf(io), 0, pk, what);
  if (isG2Identity(pk)) {
    throw new BlsError("IDENTITY", `${what} is the point at infinity, which is not allowed here`);
  }
  const key = g2Key(pk);
  if (isValidatedG2(key)) return;
  check(wasm.bls_g2_check(), named(what));
  rememberValidG2(key);
}

/** A well-typed key, not the identity, whose coordinates already passed the subgroup check. */
function isPassedKey(pk: G2Point): boolean {
  return hasG2Shape(pk) && [...pk.X, ...pk.Y].every((c) => typeof c === "bigint") &&
    !isG2Identity(pk) && isValidatedG2(g2Key(pk));
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
