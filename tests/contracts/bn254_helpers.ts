/**
 * Minimal BN254 BLS helpers for the contract integration tests, on @noble/curves (independent of
 * the project's wasm BLS core, so these tests pin the on-chain conventions on their own).
 */
import { bn254 } from "@noble/curves/bn254.js";
import { keccak256, toBytes } from "viem";

const P = 21888242871839275222246405745257275088696311157297823662689037894645226208583n;
export const R = 21888242871839275222246405745257275088548364400416034343698204186575808495617n;

/** Solidity `BN254.G1Point`. */
export type G1 = { X: bigint; Y: bigint };
/** Solidity `BN254.G2Point` (imaginary part first). */
export type G2 = { X: readonly [bigint, bigint]; Y: readonly [bigint, bigint] };

function modPow(b: bigint, e: bigint, m: bigint): bigint {
  let r = 1n;
  b %= m;
  for (; e > 0n; e >>= 1n) {
    if (e & 1n) r = r * b % m;
    b = b * b % m;
  }
  return r;
}

type G1Point = ReturnType<typeof bn254.G1.Point.fromAffine>;

/** On-chain `BN254.hashToG1` (try-and-increment). */
export function hashToG1(digest: `0x${string}`): G1Point {
  let x = BigInt(digest) % P;
  for (;;) {
    const beta = (x * x % P * x + 3n) % P;
    const y = modPow(beta, (P + 1n) / 4n, P);
    if (y * y % P === beta) return bn254.G1.Point.fromAffine({ x, y });
    x = (x + 1n) % P;
  }
}

export const toG1 = (p: G1Point): G1 => {
  if (p.equals(bn254.G1.Point.ZERO)) return { X: 0n, Y: 0n };
  const a = p.toAffine();
  return { X: a.x, Y: a.y };
};
export const fromG1 = (p: G1): G1Point => bn254.G1.Point.fromAffine({ x: p.X, y: p.Y });

export function g1Mul(sk: bigint): G1 {
  return toG1(bn254.G1.Point.BASE.multiply(sk));
}

export function g2Mul(sk: bigint): G2 {
  const a = bn254.G2.Point.BASE.multiply(sk).toAffine();
  return { X: [a.x.c1, a.x.c0], Y: [a.y.c1, a.y.c0] };
}

/** BLS signature sk·H(digest). */
export function sign(sk: bigint, digest: `0x${string}`): G1 {
  return toG1(hashToG1(digest).multiply(sk));
}

export function g1Sum(points: G1[]): G1 {
  return toG1(points.map(fromG1).reduce((a, b) => a.add(b), bn254.G1.Point.ZERO));
}

/** Deterministic test secret key from a label. */
export function testKey(label: string): bigint {
  return BigInt(keccak256(toBytes(label))) % R;
}
