// Rejection paths: every malformed or non-verifying input must be refused.
import assert from "node:assert/strict";
import {
  aggregateG1,
  aggregateG2,
  batchVerifySameMessage,
  BlsError,
  type BlsErrorCode,
  checkPublicKeyG2,
  FP_MODULUS,
  FR_MODULUS,
  G1_GENERATOR,
  g1Add,
  g1FromBytes,
  g1Mul,
  g1PublicKey,
  G2_GENERATOR,
  g2FromBytes,
  g2Mul,
  type G2Point,
  g2PublicKey,
  g2ToBytes,
  generatePrivateKey,
  hashToG1,
  pairingCheck,
  sign,
  signG1Point,
  verify,
} from "../../lib/bls/mod.ts";
import { nonSubgroupG2, randomDigest, randomScalar } from "./helpers.ts";

const throwsCode = (fn: () => unknown, code: BlsErrorCode, re?: RegExp) =>
  assert.throws(fn, (e) => {
    assert.ok(e instanceof BlsError, `expected BlsError, got ${e}`);
    assert.equal(e.code, code, e.message);
    if (re) assert.match(e.message, re);
    return true;
  });

const sk = randomScalar();
const digest = randomDigest();
const pk = g2PublicKey(sk);
const sig = sign(sk, digest);

Deno.test("tampered signature, wrong key, wrong message do not verify", () => {
  assert.equal(verify(pk, digest, sig), true);
  assert.equal(verify(pk, digest, g1Add(sig, G1_GENERATOR)), false);
  assert.equal(verify(g2PublicKey(sk + 1n), digest, sig), false);
  const other = new Uint8Array(digest);
  other[10] ^= 1;
  assert.equal(verify(pk, other, sig), false);
  // Note: flipping the lowest bit is not always a different message for BN254.hashToG1:
  // try-and-increment maps x and x+1 to the same point whenever x^3+3 is a non-residue.
  const plusOne = new Uint8Array(digest);
  plusOne[31] ^= 1;
  assert.equal(
    verify(pk, plusOne, sig),
    hashToG1(plusOne).X === hashToG1(digest).X,
  );
  // A signature by another key on the same message.
  assert.equal(verify(pk, digest, sign(randomScalar(), digest)), false);
  // The G1 key in place of the signature.
  assert.equal(verify(pk, digest, g1PublicKey(sk)), false);
});

Deno.test("points off the curve are rejected", () => {
  const offG1 = { X: 1n, Y: 3n };
  throwsCode(() => verify(pk, digest, offG1), "NOT_ON_CURVE", /signature/);
  throwsCode(() => aggregateG1([G1_GENERATOR, offG1]), "NOT_ON_CURVE", /G1 point 1/);
  throwsCode(() => g1Mul(offG1, 2n), "NOT_ON_CURVE");
  throwsCode(() => signG1Point(sk, offG1), "NOT_ON_CURVE");
  const bytes = new Uint8Array(64);
  bytes[31] = 1;
  bytes[63] = 3;
  throwsCode(() => g1FromBytes(bytes), "NOT_ON_CURVE");
  const offG2: G2Point = { X: [1n, 2n], Y: [3n, 4n] };
  throwsCode(() => verify(offG2, digest, sig), "NOT_ON_CURVE", /public key/);
  throwsCode(() => aggregateG2([G2_GENERATOR, offG2]), "NOT_ON_CURVE", /G2 point 1/);
  throwsCode(() => g2FromBytes(g2ToBytes(offG2)), "NOT_ON_CURVE");
  throwsCode(() => pairingCheck([[G1_GENERATOR, offG2]]), "NOT_ON_CURVE");
});

Deno.test("G2 points outside the subgroup are rejected", () => {
  const bad = nonSubgroupG2();
  throwsCode(() => verify(bad, digest, sig), "NOT_IN_SUBGROUP", /public key/);
  throwsCode(() => g2FromBytes(g2ToBytes(bad)), "NOT_IN_SUBGROUP");
  throwsCode(() => g2Mul(bad, 3n), "NOT_IN_SUBGROUP");
  throwsCode(() => pairingCheck([[G1_GENERATOR, bad]]), "NOT_IN_SUBGROUP");
  throwsCode(
    () => batchVerifySameMessage([pk, bad], digest, [sig, sig]),
    "NOT_IN_SUBGROUP",
    /1/,
  );
  // Repeated calls keep rejecting (no caching of failures).
  throwsCode(() => verify(bad, digest, sig), "NOT_IN_SUBGROUP");
});

Deno.test("identity points", () => {
  const id1 = { X: 0n, Y: 0n };
  const id2: G2Point = { X: [0n, 0n], Y: [0n, 0n] };
  throwsCode(() => verify(id2, digest, sig), "IDENTITY", /public key/);
  assert.equal(verify(pk, digest, id1), false);
  throwsCode(() => signG1Point(sk, id1), "IDENTITY");
  throwsCode(() => batchVerifySameMessage([pk, id2], digest, [sig, sig]), "IDENTITY");
  const res = batchVerifySameMessage([pk, pk], digest, [sig, id1]);
  assert.deepEqual(res, [true, false]);
  // The identity is a valid G2 point (in the subgroup) for g2Mul, but never a public key, even
  // once the subgroup check has remembered it.
  assert.deepEqual(g2Mul(id2, 5n), id2);
  throwsCode(() => checkPublicKeyG2(id2, "operator key"), "IDENTITY", /operator key/);
  // A remembered good key passes; one coordinate off is checked again and refused.
  checkPublicKeyG2(pk);
  checkPublicKeyG2(pk);
  throwsCode(
    () => checkPublicKeyG2({ X: pk.X, Y: [pk.Y[0], pk.Y[1] + 1n] }),
    "NOT_ON_CURVE",
  );
  throwsCode(
    () => checkPublicKeyG2({ X: [Number(1), 2n], Y: pk.Y } as unknown as G2Point),
    "BAD_INPUT",
  );
});

Deno.test("scalars out of range", () => {
  throwsCode(() => g1PublicKey(0n), "SCALAR_OUT_OF_RANGE");
  throwsCode(() => g1PublicKey(FR_MODULUS), "SCALAR_OUT_OF_RANGE");
  throwsCode(() => g2PublicKey(-1n), "SCALAR_OUT_OF_RANGE");
  throwsCode(() => sign(FR_MODULUS + 5n, digest), "SCALAR_OUT_OF_RANGE");
  throwsCode(() => g1Mul(G1_GENERATOR, FR_MODULUS), "SCALAR_OUT_OF_RANGE");
  throwsCode(() => g2Mul(G2_GENERATOR, 1n << 256n), "SCALAR_OUT_OF_RANGE");
  throwsCode(() => signG1Point(0n, G1_GENERATOR), "SCALAR_OUT_OF_RANGE");
  for (let i = 0; i < 20; i++) {
    const k = generatePrivateKey();
    assert.ok(k >= 1n && k < FR_MODULUS);
  }
});

Deno.test("coordinates not below p", () => {
  throwsCode(() => verify(pk, digest, { X: sig.X + FP_MODULUS, Y: sig.Y }), "NOT_CANONICAL");
  throwsCode(() => aggregateG1([{ X: -1n, Y: 2n }]), "NOT_CANONICAL");
  const bytes = new Uint8Array(64).fill(0xff);
  throwsCode(() => g1FromBytes(bytes), "NOT_CANONICAL");
  throwsCode(
    () => g2FromBytes(new Uint8Array(128).fill(0xff)),
    "NOT_CANONICAL",
  );
});

Deno.test("aggregateG1 range checks at the word boundaries of its fast marshalling path", () => {
  const g = G1_GENERATOR;
  const bad = [
    { X: -1n, Y: 2n },
    { X: FP_MODULUS, Y: 2n },
    { X: 1n, Y: FP_MODULUS + 5n },
    { X: 1n, Y: -FP_MODULUS },
    { X: 1n, Y: 1n << 256n },
    { X: 1n, Y: (FP_MODULUS >> 192n) << 192n }, // top word equal to p's, still below p
  ];
  for (const [i, b] of bad.entries()) {
    const code = i === bad.length - 1 ? "NOT_ON_CURVE" : "NOT_CANONICAL";
    throwsCode(() => aggregateG1([g, g, b]), code, /G1 point 2/);
  }
  // (1, p - 2) = -G has p's top word: valid, and cancels G.
  assert.deepEqual(aggregateG1([g, { X: 1n, Y: FP_MODULUS - 2n }, g]), g);
});

Deno.test("bad lengths and bad hex", () => {
  throwsCode(() => hashToG1(new Uint8Array(31)), "BAD_LENGTH");
  throwsCode(() => sign(sk, "0x1234"), "BAD_LENGTH");
  throwsCode(() => verify(pk, `0x${"zz".repeat(32)}`, sig), "BAD_HEX");
  throwsCode(() => hashToG1("0x123"), "BAD_HEX");
  throwsCode(() => g1FromBytes(new Uint8Array(63)), "BAD_LENGTH");
  throwsCode(() => g2FromBytes("0x00"), "BAD_LENGTH");
  throwsCode(() => batchVerifySameMessage([pk], digest, []), "BAD_LENGTH");
  // A malformed object is a typed error, not a crash.
  throwsCode(() => aggregateG1([{ X: 1n } as unknown as { X: bigint; Y: bigint }]), "BAD_INPUT");
});
