// mcl-wasm as a second, independent oracle (its try-and-increment map equals BN254.hashToG1).
import assert from "node:assert/strict";
import mcl from "mcl-wasm";
import { g1Mul, g1Neg, G2_GENERATOR, g2Mul, hashToG1, pairingCheck } from "../../lib/bls/mod.ts";
import { randomDigest, randomScalar } from "./helpers.ts";

await mcl.init(mcl.BN_SNARK1);
mcl.setMapToMode(1);

Deno.test("hashToG1 equals mcl's TRY_AND_INC mapToG1 on random digests", () => {
  for (let i = 0; i < 64; i++) {
    const d = randomDigest();
    const f = new mcl.Fp();
    f.setBigEndianMod(d);
    const p = f.mapToG1();
    p.normalize();
    const [, x, y] = p.getStr(10).split(" ");
    assert.deepEqual(hashToG1(d), { X: BigInt(x), Y: BigInt(y) });
  }
});

Deno.test("G2 scalar multiplication and pairing agree with mcl", () => {
  const g2 = new mcl.G2();
  g2.setStr(
    `1 ${G2_GENERATOR.X[1]} ${G2_GENERATOR.X[0]} ${G2_GENERATOR.Y[1]} ${G2_GENERATOR.Y[0]}`,
    10,
  );
  for (let i = 0; i < 8; i++) {
    const k = randomScalar();
    const fr = new mcl.Fr();
    fr.setStr(k.toString(10), 10);
    const q = mcl.mul(g2, fr);
    q.normalize();
    const [, x0, x1, y0, y1] = q.getStr(10).split(" ").map(BigInt);
    const ours = g2Mul(G2_GENERATOR, k);
    assert.deepEqual(ours, { X: [x1, x0], Y: [y1, y0] });
    // e(kP, Q) e(-P, kQ) = 1 with our pairing check on mcl-derived inputs
    const p = g1Mul({ X: 1n, Y: 2n }, randomScalar());
    assert.equal(pairingCheck([[g1Mul(p, k), G2_GENERATOR], [g1Neg(p), ours]]), true);
  }
});
