/**
 * BN254 BLS benchmark: our Rust/wasm core (`lib/bls`) against @noble/curves and mcl-wasm.
 * Case names are `<operation>/<implementation>`; each operation is a bench group with the
 * wasm core as baseline, so `deno bench` prints how many times slower the others are.
 * Run with `deno task bench`. Inputs are random but fixed for the whole run.
 * @module
 */
import { bn254 } from "@noble/curves/bn254.js";
import mcl from "mcl-wasm";
import * as bls from "../lib/bls/mod.ts";

await mcl.init(mcl.BN_SNARK1);
mcl.setMapToMode(1); // try-and-increment, identical to BN254.hashToG1

const Fp = bn254.fields.Fp;
const Fp12 = bn254.fields.Fp12;
const NG1 = bn254.G1.Point;
const NG2 = bn254.G2.Point;
type NG1P = InstanceType<typeof NG1>;
type NG2P = InstanceType<typeof NG2>;

// ---- shared random inputs ------------------------------------------------------------
const digest = crypto.getRandomValues(new Uint8Array(32));
const sk = bls.generatePrivateKey();
const k = bls.generatePrivateKey();
const pkG2 = bls.g2PublicKey(sk);
const sig = bls.sign(sk, digest);
const p1 = bls.g1PublicKey(bls.generatePrivateKey());
const q2 = bls.g2PublicKey(bls.generatePrivateKey());
const N_AGG = 1000;
const aggG1 = Array.from({ length: N_AGG }, () => bls.g1PublicKey(bls.generatePrivateKey()));
const aggG2 = Array.from({ length: N_AGG }, () => bls.g2PublicKey(bls.generatePrivateKey()));
const N_VER = 100;
const verSks = Array.from({ length: N_VER }, () => bls.generatePrivateKey());
const verPks = verSks.map(bls.g2PublicKey);
const verSigs = verSks.map((s) => bls.sign(s, digest));

// ---- noble versions ------------------------------------------------------------------
const n1 = (p: bls.G1Point): NG1P => NG1.fromAffine({ x: p.X, y: p.Y });
const n2 = (q: bls.G2Point): NG2P =>
  NG2.fromAffine({ x: { c0: q.X[1], c1: q.X[0] }, y: { c0: q.Y[1], c1: q.Y[0] } });
const nobleHash = (d: Uint8Array): NG1P => {
  let x = Fp.create(BigInt("0x" + Array.from(d, (b) => b.toString(16).padStart(2, "0")).join("")));
  const e = (Fp.ORDER + 1n) / 4n;
  for (;;) {
    const beta = Fp.add(Fp.mul(Fp.sqr(x), x), 3n);
    const y = Fp.pow(beta, e);
    if (Fp.eql(Fp.sqr(y), beta)) return NG1.fromAffine({ x, y });
    x = Fp.add(x, 1n);
  }
};
const nobleVerify = (pk: NG2P, d: Uint8Array, s: NG1P): boolean =>
  Fp12.eql(
    bn254.pairingBatch([{ g1: nobleHash(d), g2: pk }, { g1: s.negate(), g2: NG2.BASE }]),
    Fp12.ONE,
  );
const nP1 = n1(p1), nQ2 = n2(q2), nPk = n2(pkG2), nSig = n1(sig);
const nAggG1 = aggG1.map(n1), nAggG2 = aggG2.map(n2);
const nVerPks = verPks.map(n2), nVerSigs = verSigs.map(n1);

// ---- mcl versions --------------------------------------------------------------------
const m1 = (p: bls.G1Point) => {
  const r = new mcl.G1();
  r.setStr(`1 ${p.X} ${p.Y}`, 10);
  return r;
};
const m2 = (q: bls.G2Point) => {
  const r = new mcl.G2();
  r.setStr(`1 ${q.X[1]} ${q.X[0]} ${q.Y[1]} ${q.Y[0]}`, 10);
  return r;
};
const mclHash = (d: Uint8Array) => {
  const f = new mcl.Fp();
  f.setBigEndianMod(d);
  return f.mapToG1();
};
const mG2gen = m2(bls.G2_GENERATOR);
const mclVerify = (pk: ReturnType<typeof m2>, d: Uint8Array, s: ReturnType<typeof m1>) =>
  mcl.finalExp(
    mcl.mul(mcl.millerLoop(mclHash(d), pk), mcl.millerLoop(mcl.neg(s), mG2gen)),
  ).isOne();
const mFr = new mcl.Fr();
mFr.setStr(k.toString(10), 10);
const mP1 = m1(p1), mQ2 = m2(q2), mPk = m2(pkG2), mSig = m1(sig);
const mAggG1 = aggG1.map(m1), mAggG2 = aggG2.map(m2);
const mVerPks = verPks.map(m2), mVerSigs = verSigs.map(m1);

// Sanity: all three agree before anything is timed.
if (!bls.verify(pkG2, digest, sig) || !nobleVerify(nPk, digest, nSig)) {
  throw new Error("bench setup: signature does not verify");
}
if (!mclVerify(mPk, digest, mSig)) throw new Error("bench setup: mcl verify failed");

// ---- cases ---------------------------------------------------------------------------
type Impl = "wasm" | "noble" | "mcl";
function bench(op: string, impl: Impl, fn: () => unknown, slow = false): void {
  Deno.bench({
    name: `${op}/${impl}`,
    group: op,
    baseline: impl === "wasm",
    ...(slow ? { n: 10, warmup: 2 } : {}),
    fn: () => {
      fn();
    },
  });
}

bench("pairing", "wasm", () => bls.pairing(p1, q2));
bench("pairing", "noble", () => bn254.pairing(nP1, nQ2));
bench("pairing", "mcl", () => mcl.pairing(mP1, mQ2));

bench("verify", "wasm", () => bls.verify(pkG2, digest, sig));
bench("verify", "noble", () => nobleVerify(nPk, digest, nSig));
bench("verify", "mcl", () => mclVerify(mPk, digest, mSig));

bench("hash-to-g1", "wasm", () => bls.hashToG1(digest));
bench("hash-to-g1", "noble", () => nobleHash(digest));
bench("hash-to-g1", "mcl", () => mclHash(digest));

bench("g1-mul", "wasm", () => bls.g1Mul(p1, k));
bench("g1-mul", "noble", () => nP1.multiply(k).toAffine());
bench("g1-mul", "mcl", () => mcl.mul(mP1, mFr).normalize());

bench("g2-mul", "wasm", () => bls.g2Mul(q2, k));
bench("g2-mul", "noble", () => nQ2.multiply(k).toAffine());
bench("g2-mul", "mcl", () => mcl.mul(mQ2, mFr).normalize());

bench("aggregate-g1-1000", "wasm", () => bls.aggregateG1(aggG1));
bench("aggregate-g1-1000", "noble", () => nAggG1.reduce((a, b) => a.add(b)).toAffine());
bench("aggregate-g1-1000", "mcl", () => mAggG1.reduce((a, b) => mcl.add(a, b)).normalize());

bench("aggregate-g2-1000", "wasm", () => bls.aggregateG2(aggG2));
bench("aggregate-g2-1000", "noble", () => nAggG2.reduce((a, b) => a.add(b)).toAffine());
bench("aggregate-g2-1000", "mcl", () => mAggG2.reduce((a, b) => mcl.add(a, b)).normalize());

bench("verify-100-individually", "wasm", () => {
  for (let i = 0; i < N_VER; i++) bls.verify(verPks[i], digest, verSigs[i]);
}, true);
bench("verify-100-individually", "noble", () => {
  for (let i = 0; i < N_VER; i++) nobleVerify(nVerPks[i], digest, nVerSigs[i]);
}, true);
bench("verify-100-individually", "mcl", () => {
  for (let i = 0; i < N_VER; i++) mclVerify(mVerPks[i], digest, mVerSigs[i]);
}, true);

bench("batch-verify-100", "wasm", () => bls.batchVerifySameMessage(verPks, digest, verSigs));
