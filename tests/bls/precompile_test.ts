// Differential tests against the EVM precompiles 0x06 (ecAdd), 0x07 (ecMul) and 0x08
// (pairing) of a real anvil.
import assert from "node:assert/strict";
import { createPublicClient, type Hex, http } from "viem";
import { startAnvil } from "../../lib/devnet/anvil.ts";
import {
  BlsError,
  FR_MODULUS,
  G1_GENERATOR,
  g1Add,
  g1Mul,
  g1Neg,
  type G1Point,
  g1ToBytes,
  G2_GENERATOR,
  g2Neg,
  type G2Point,
  g2PublicKey,
  g2ToBytes,
  hashToG1,
  pairingCheck,
  sign,
} from "../../lib/bls/mod.ts";
import { randomDigest, randomScalar } from "./helpers.ts";

const hex = (...parts: Uint8Array[]): Hex => {
  let s = "0x";
  for (const p of parts) for (const b of p) s += b.toString(16).padStart(2, "0");
  return s as Hex;
};
const word = (v: bigint) => {
  const out = new Uint8Array(32);
  for (let i = 31; i >= 0; i--) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
};
const g1FromWords = (data: Hex): G1Point => ({
  X: BigInt("0x" + data.slice(2, 66)),
  Y: BigInt("0x" + data.slice(66, 130)),
});

Deno.test("BN254 precompiles on anvil agree with the wasm core", async (t) => {
  const anvil = await startAnvil();
  try {
    const client = createPublicClient({ transport: http(anvil.rpcUrl) });
    const call = async (addr: "0x06" | "0x07" | "0x08", data: Hex) => {
      const to = `0x${addr.slice(2).padStart(40, "0")}` as Hex;
      return (await client.call({ to, data })).data ?? "0x";
    };
    const randG1 = () => g1Mul(G1_GENERATOR, randomScalar());

    await t.step("ecAdd (0x06)", async () => {
      for (let i = 0; i < 12; i++) {
        const a = randG1();
        const b = i % 4 === 0 ? a : i % 4 === 1 ? g1Neg(a) : randG1();
        const got = g1FromWords(await call("0x06", hex(g1ToBytes(a), g1ToBytes(b))));
        assert.deepEqual(g1Add(a, b), got);
      }
      const id = { X: 0n, Y: 0n };
      const a = randG1();
      assert.deepEqual(g1FromWords(await call("0x06", hex(g1ToBytes(a), g1ToBytes(id)))), a);
    });

    await t.step("ecMul (0x07)", async () => {
      const scalars = [0n, 1n, 2n, FR_MODULUS - 1n];
      for (let i = 0; i < 12; i++) scalars.push(randomScalar());
      for (const k of scalars) {
        const p = randG1();
        const got = g1FromWords(await call("0x07", hex(g1ToBytes(p), word(k))));
        assert.deepEqual(g1Mul(p, k), got);
      }
    });

    await t.step("pairing (0x08)", async () => {
      const enc = (pairs: [G1Point, G2Point][]) =>
        hex(...pairs.flatMap(([p, q]) => [g1ToBytes(p), g2ToBytes(q)]));
      const cases: [G1Point, G2Point][][] = [];
      for (let i = 0; i < 6; i++) {
        // A valid BLS signature check e(H, pk) e(-sig, g2) = 1 ...
        const sk = randomScalar();
        const d = randomDigest();
        const pk = g2PublicKey(sk);
        const sig = sign(sk, d);
        cases.push([[hashToG1(d), pk], [g1Neg(sig), G2_GENERATOR]]);
        // ... and a broken one.
        cases.push([[hashToG1(d), pk], [sig, G2_GENERATOR]]);
        // Three pairs summing to 1: e(aP,Q) e(bP,Q) e(-(a+b)P,Q).
        const a = randomScalar();
        const b = randomScalar();
        const q = g2PublicKey(randomScalar());
        cases.push([
          [g1Mul(G1_GENERATOR, a), q],
          [g1Mul(G1_GENERATOR, b), q],
          [g1Neg(g1Mul(G1_GENERATOR, (a + b) % FR_MODULUS)), q],
        ]);
        cases.push([[g1Mul(G1_GENERATOR, a), q], [g1Mul(G1_GENERATOR, a), g2Neg(q)]]);
      }
      cases.push([]);
      cases.push([[{ X: 0n, Y: 0n }, G2_GENERATOR]]);
      cases.push([[G1_GENERATOR, { X: [0n, 0n], Y: [0n, 0n] }]]);
      cases.push([[G1_GENERATOR, G2_GENERATOR]]);
      for (const c of cases) {
        const out = await call("0x08", enc(c));
        assert.equal(pairingCheck(c), BigInt(out) === 1n, `case with ${c.length} pairs`);
      }
      // Both reject a G1 point that is not on the curve.
      const bad: [G1Point, G2Point][] = [[{ X: 1n, Y: 3n }, G2_GENERATOR]];
      await assert.rejects(() => call("0x08", enc(bad)));
      assert.throws(
        () => pairingCheck(bad),
        (e) => e instanceof BlsError && e.code === "NOT_ON_CURVE",
      );
    });
  } finally {
    await anvil.stop();
  }
});
