// Differential tests against @noble/curves bn254 on random inputs.
import assert from "node:assert/strict";
import { bn254 } from "@noble/curves/bn254.js";
import {
  aggregateG1,
  aggregateG2,
  batchVerifySameMessage,
  G1_GENERATOR,
  g1Add,
  g1FromBytes,
  g1Mul,
  g1Neg,
  g1PublicKey,
  g1ToBytes,
  G2_GENERATOR,
  g2FromBytes,
  g2Mul,
  g2PublicKey,
  g2ToBytes,
  hashToG1,
  pairing,
  pairingCheck,
  sign,
  verify,
} from "../../lib/bls/mod.ts";
import {
  fromNobleG1,
  fromNobleG2,
  NobleG1,
  NobleG2,
  randomDigest,
  randomScalar,
  referenceHashToG1,
  toNobleG1,
  toNobleG2,
} from "./helpers.ts";

Deno.test("public keys and scalar multiplication match noble", () => {
  for (let i = 0; i < 24; i++) {
    const sk = randomScalar();
    assert.deepEqual(g1PublicKey(sk), fromNobleG1(NobleG1.BASE.multiply(sk)));
    assert.deepEqual(g2PublicKey(sk), fromNobleG2(NobleG2.BASE.multiply(sk)));
    const p = NobleG1.BASE.multiply(randomScalar());
    const q = NobleG2.BASE.multiply(randomScalar());
    const k = randomScalar();
    assert.deepEqual(g1Mul(fromNobleG1(p), k), fromNobleG1(p.multiply(k)));
    assert.deepEqual(g2Mul(fromNobleG2(q), k), fromNobleG2(q.multiply(k)));
  }
  // Edge scalars.
  assert.deepEqual(g1Mul(G1_GENERATOR, 0n), { X: 0n, Y: 0n });
  assert.deepEqual(g1Mul(G1_GENERATOR, 1n), G1_GENERATOR);
  const rMinus1 = bn254.fields.Fr.ORDER - 1n;
  assert.deepEqual(g1Mul(G1_GENERATOR, rMinus1), fromNobleG1(NobleG1.BASE.negate()));
  assert.deepEqual(g2Mul(G2_GENERATOR, rMinus1), fromNobleG2(NobleG2.BASE.negate()));
});

Deno.test("addition, negation and aggregation match noble", () => {
  const ps = Array.from({ length: 40 }, () => NobleG1.BASE.multiply(randomScalar()));
  const qs = Array.from({ length: 40 }, () => NobleG2.BASE.multiply(randomScalar()));
  const sumP = ps.reduce((a, b) => a.add(b), NobleG1.ZERO);
  const sumQ = qs.reduce((a, b) => a.add(b), NobleG2.ZERO);
  assert.deepEqual(aggregateG1(ps.map(fromNobleG1)), fromNobleG1(sumP));
  assert.deepEqual(aggregateG2(qs.map(fromNobleG2)), fromNobleG2(sumQ));
  assert.deepEqual(g1Add(fromNobleG1(ps[0]), fromNobleG1(ps[1])), fromNobleG1(ps[0].add(ps[1])));
  // Doubling and cancellation through the aggregate paths.
  const a = fromNobleG1(ps[2]);
  assert.deepEqual(aggregateG1([a, a]), fromNobleG1(ps[2].double()));
  assert.deepEqual(aggregateG1([a, g1Neg(a)]), { X: 0n, Y: 0n });
  const b = fromNobleG2(qs[3]);
  assert.deepEqual(aggregateG2([b, b, b]), fromNobleG2(qs[3].multiply(3n)));
  assert.deepEqual(aggregateG1([]), { X: 0n, Y: 0n });
  assert.deepEqual(aggregateG2([]), { X: [0n, 0n], Y: [0n, 0n] });
});

Deno.test("serialisation round trips", () => {
  for (let i = 0; i < 8; i++) {
    const p = g1PublicKey(randomScalar());
    const q = g2PublicKey(randomScalar());
    assert.deepEqual(g1FromBytes(g1ToBytes(p)), p);
    assert.deepEqual(g2FromBytes(g2ToBytes(q)), q);
    // Contract order: the first word of the G2 encoding is X[0] = x.c1.
    const nq = toNobleG2(q).toAffine();
    const first = BigInt(
      "0x" + [...g2ToBytes(q).slice(0, 32)].map((v) => v.toString(16).padStart(2, "0")).join(""),
    );
    assert.equal(first, nq.x.c1);
  }
});

Deno.test("hashToG1 matches an independent BigInt transcription of BN254.hashToG1", () => {
  for (let i = 0; i < 64; i++) {
    const d = randomDigest();
    assert.deepEqual(hashToG1(d), referenceHashToG1(d));
  }
  // Digests >= p are reduced first.
  const big = new Uint8Array(32).fill(0xff);
  assert.deepEqual(hashToG1(big), referenceHashToG1(big));
});

// Our GT values and noble's are both bilinear maps into the same tower but use different
// (valid) fixed exponent multiples, so the raw coefficients differ by a constant power.
// We check our values with noble's Fp12 arithmetic: order r, bilinearity, non-degeneracy.
Deno.test("pairing values are bilinear and of order r under noble's Fp12 arithmetic", () => {
  const F = bn254.fields.Fp12;
  const r = bn254.fields.Fr.ORDER;
  const asFp12 = (c: bigint[]) => {
    const f2 = (i: number) => ({ c0: c[i], c1: c[i + 1] });
    return {
      c0: { c0: f2(0), c1: f2(2), c2: f2(4) },
      c1: { c0: f2(6), c1: f2(8), c2: f2(10) },
    } as ReturnType<typeof bn254.pairing>;
  };
  const base = asFp12(pairing(G1_GENERATOR, G2_GENERATOR));
  assert.equal(F.eql(base, F.ONE), false);
  assert.equal(F.eql(F.pow(base, r), F.ONE), true);
  for (let i = 0; i < 4; i++) {
    const a = randomScalar();
    const b = randomScalar();
    const p = fromNobleG1(NobleG1.BASE.multiply(a));
    const q = fromNobleG2(NobleG2.BASE.multiply(b));
    const e = asFp12(pairing(p, q));
    assert.equal(F.eql(e, F.pow(base, a * b % r)), true);
    // the same relation holds for noble's own pairing
    const ne = bn254.pairing(toNobleG1(p), toNobleG2(q));
    const nbase = bn254.pairing(NobleG1.BASE, NobleG2.BASE);
    assert.equal(F.eql(ne, F.pow(nbase, a * b % r)), true);
  }
});

Deno.test("pairing checks agree with noble bilinearity", () => {
  for (let i = 0; i < 6; i++) {
    const a = randomScalar();
    const b = randomScalar();
    const pa = fromNobleG1(NobleG1.BASE.multiply(a));
    const qb = fromNobleG2(NobleG2.BASE.multiply(b));
    const pab = fromNobleG1(NobleG1.BASE.multiply(a * b % bn254.fields.Fr.ORDER));
    // e(aP, bQ) · e(-abP, Q) = 1
    assert.equal(pairingCheck([[pa, qb], [g1Neg(pab), G2_GENERATOR]]), true);
    assert.equal(pairingCheck([[pa, qb], [pab, G2_GENERATOR]]), false);
  }
  assert.equal(pairingCheck([]), true);
});

Deno.test("sign/verify agree with a noble-based verifier", () => {
  for (let i = 0; i < 10; i++) {
    const sk = randomScalar();
    const d = randomDigest();
    const sig = sign(sk, d);
    const h = toNobleG1(hashToG1(d));
    assert.deepEqual(sig, fromNobleG1(h.multiply(sk)));
    const pk = g2PublicKey(sk);
    // noble: e(H(m), pk) == e(sig, g2)
    const lhs = bn254.pairing(h, toNobleG2(pk));
    const rhs = bn254.pairing(toNobleG1(sig), NobleG2.BASE);
    assert.equal(bn254.fields.Fp12.eql(lhs, rhs), true);
    assert.equal(verify(pk, d, sig), true);
    const other = randomDigest();
    assert.equal(verify(pk, other, sig), false);
  }
});

Deno.test("batch verification equals individual verification", () => {
  const d = randomDigest();
  const n = 12;
  const sks = Array.from({ length: n }, randomScalar);
  const pks = sks.map(g2PublicKey);
  const sigs = sks.map((sk) => sign(sk, d));
  assert.deepEqual(batchVerifySameMessage(pks, d, sigs), new Array(n).fill(true));
  // Corrupt two: a signature on another message and a swapped key.
  const bad = [...sigs];
  bad[3] = sign(sks[3], randomDigest());
  const badPks = [...pks];
  badPks[7] = pks[8];
  const expected = new Array(n).fill(true);
  expected[3] = false;
  expected[7] = false;
  assert.deepEqual(batchVerifySameMessage(badPks, d, bad), expected);
  assert.deepEqual(
    batchVerifySameMessage(badPks, d, bad),
    badPks.map((pk, i) => verify(pk, d, bad[i])),
  );
  assert.deepEqual(batchVerifySameMessage([], d, []), []);
});

Deno.test("batches larger than one core call are split and still exact", () => {
  const d = randomDigest();
  const sks = Array.from({ length: 6 }, randomScalar);
  const pks0 = sks.map(g2PublicKey);
  const sigs0 = sks.map((sk) => sign(sk, d));
  // 520 entries > 512: reuse the six keys.
  const pks = Array.from({ length: 520 }, (_, i) => pks0[i % 6]);
  const sigs = Array.from({ length: 520 }, (_, i) => sigs0[i % 6]);
  sigs[515] = sigs0[2]; // entry 515 belongs to key 515 % 6 = 5
  const res = batchVerifySameMessage(pks, d, sigs);
  assert.equal(res.length, 520);
  assert.deepEqual(
    res.map((ok, i) => ok ? -1 : i).filter((i) => i >= 0),
    [515],
  );
});

Deno.test("verify stays exact when the per-key line cache wraps around", () => {
  // More keys than cache slots (128), each verified twice, with good and bad signatures.
  const d = randomDigest();
  const other = randomDigest();
  const sks = Array.from({ length: 140 }, randomScalar);
  const pks = sks.map(g2PublicKey);
  for (let round = 0; round < 2; round++) {
    for (let i = 0; i < sks.length; i++) {
      const good = sign(sks[i], d);
      assert.equal(verify(pks[i], d, good), true);
      if (i % 7 !== round) continue;
      assert.equal(verify(pks[i], other, good), false);
      assert.equal(verify(pks[(i + 1) % sks.length], d, good), false);
    }
  }
});

Deno.test("aggregation across the core's 1024-point blocks matches noble", () => {
  const ps = Array.from({ length: 2100 }, () => NobleG1.BASE.multiply(randomScalar()));
  const qs = Array.from({ length: 1100 }, () => NobleG2.BASE.multiply(randomScalar()));
  assert.deepEqual(
    aggregateG1(ps.map(fromNobleG1)),
    fromNobleG1(ps.reduce((a, b) => a.add(b), NobleG1.ZERO)),
  );
  assert.deepEqual(
    aggregateG2(qs.map(fromNobleG2)),
    fromNobleG2(qs.reduce((a, b) => a.add(b), NobleG2.ZERO)),
  );
});
