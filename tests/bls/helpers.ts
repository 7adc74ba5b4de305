// Shared helpers for the BLS tests: conversions to @noble/curves points and randomness.
import { bn254 } from "@noble/curves/bn254.js";
import { FP_MODULUS, FR_MODULUS, type G1Point, type G2Point } from "../../lib/bls/mod.ts";

export const NobleG1 = bn254.G1.Point;
export const NobleG2 = bn254.G2.Point;
export type NobleG1Point = InstanceType<typeof NobleG1>;
export type NobleG2Point = InstanceType<typeof NobleG2>;

/** Our G1 point as a noble point. */
export function toNobleG1(p: G1Point): NobleG1Point {
  if (p.X === 0n && p.Y === 0n) return NobleG1.ZERO;
  return NobleG1.fromAffine({ x: p.X, y: p.Y });
}

/** Our G2 point (contract order [c1, c0]) as a noble point. */
export function toNobleG2(p: G2Point): NobleG2Point {
  if (p.X[0] === 0n && p.X[1] === 0n && p.Y[0] === 0n && p.Y[1] === 0n) return NobleG2.ZERO;
  return NobleG2.fromAffine({ x: { c0: p.X[1], c1: p.X[0] }, y: { c0: p.Y[1], c1: p.Y[0] } });
}

/** A noble G1 point in our shape. */
export function fromNobleG1(p: NobleG1Point): G1Point {
  if (p.is0()) return { X: 0n, Y: 0n };
  const a = p.toAffine();
  return { X: a.x, Y: a.y };
}

/** A noble G2 point in our shape. */
export function fromNobleG2(p: NobleG2Point): G2Point {
  if (p.is0()) return { X: [0n, 0n], Y: [0n, 0n] };
  const a = p.toAffine();
  return { X: [a.x.c1, a.x.c0], Y: [a.y.c1, a.y.c0] };
}

/** Uniform random integer in [1, bound). */
export function randomBelow(bound: bigint): bigint {
  const b = new Uint8Array(40);
  for (;;) {
    crypto.getRandomValues(b);
    let v = 0n;
    for (const x of b) v = (v << 8n) | BigInt(x);
    v %= bound;
    if (v !== 0n) return v;
  }
}

/** Random scalar in [1, r). */
export const randomScalar = (): bigint => randomBelow(FR_MODULUS);

/** Random 32-byte digest. */
export function randomDigest(): Uint8Array {
  return crypto.getRandomValues(new Uint8Array(32));
}

/** a^e mod m. */
export function modPow(a: bigint, e: bigint, m: bigint): bigint {
  let r = 1n;
  a %= m;
  while (e > 0n) {
    if (e & 1n) r = (r * a) % m;
    a = (a * a) % m;
    e >>= 1n;
  }
  return r;
}

/** Independent BigInt transcription of BN254.hashToG1 (the Solidity loop). */
export function referenceHashToG1(digest: Uint8Array): G1Point {
  const p = FP_MODULUS;
  let x = 0n;
  for (const b of digest) x = (x << 8n) | BigInt(b);
  x %= p;
  for (;;) {
    const beta = (x * x % p * x + 3n) % p;
    const y = modPow(beta, (p + 1n) / 4n, p);
    if (y * y % p === beta) return { X: x, Y: y };
    x = (x + 1n) % p;
  }
}

/** The 12 Fp coefficients of a noble Fp12 in tower order. */
export function nobleFp12Coeffs(f: ReturnType<typeof bn254.pairing>): bigint[] {
  const out: bigint[] = [];
  for (const c6 of [f.c0, f.c1]) {
    for (const c2 of [c6.c0, c6.c1, c6.c2]) out.push(c2.c0, c2.c1);
  }
  return out;
}

/** A point on the twist E'(Fp2) that is not in the order-r subgroup. */
export function nonSubgroupG2(): G2Point {
  const Fp2 = bn254.fields.Fp2;
  const b = Fp2.div({ c0: 3n, c1: 0n }, { c0: 9n, c1: 1n });
  for (let i = 1n;; i++) {
    const x = { c0: i, c1: 7n };
    const rhs = Fp2.add(Fp2.mul(Fp2.sqr(x), x), b);
    let y;
    try {
      y = Fp2.sqrt(rhs);
    } catch {
      continue;
    }
    if (!Fp2.eql(Fp2.sqr(y), rhs)) continue;
    const p = NobleG2.fromAffine({ x, y });
    // noble agrees it is on the curve but outside the subgroup
    if (p.isTorsionFree()) throw new Error("nonSubgroupG2: the point is in the subgroup");
    return { X: [x.c1, x.c0], Y: [y.c1, y.c0] };
  }
}
