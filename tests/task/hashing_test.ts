import { strict as assert } from "node:assert";
import {
  encodeTaskResponse,
  hashOfNonSigners,
  quorumNumbersFromBytes,
  quorumNumbersToBytes,
  square,
  taskHash,
  taskResponseDigest,
} from "../../lib/task/mod.ts";

// Vectors from upstream-avs.md §5.1.
Deno.test("taskResponseDigest matches the upstream vectors", () => {
  assert.equal(
    taskResponseDigest({ referenceTaskIndex: 1, numberSquared: 9n }),
    "0x92e85d02570a8092d09a6e3a57665bc3815a2699a4074001bf1ccabf660f5a36",
  );
  assert.equal(
    taskResponseDigest({ referenceTaskIndex: 2, numberSquared: 4n }),
    "0x91da3fd0782e51c6b3986e9e672fd566868e71f3dbc2d6c2cd6fbb3e361af2a7",
  );
  assert.equal(
    taskResponseDigest({ referenceTaskIndex: 0, numberSquared: 0n }),
    "0xad3228b676f7d3cd4284a5443f17f1962b36e491b30a40b2405849e597ba5fb5",
  );
});

Deno.test("encodeTaskResponse is two static words", () => {
  assert.equal(
    encodeTaskResponse({ referenceTaskIndex: 1, numberSquared: 9n }),
    "0x" + "0".repeat(63) + "1" + "0".repeat(63) + "9",
  );
});

Deno.test("taskHash matches the recomputed vector (dynamic tuple encoding)", () => {
  assert.equal(
    taskHash({
      numberToBeSquared: 1n,
      taskCreatedBlock: 100,
      quorumNumbers: "0x00",
      quorumThresholdPercentage: 100,
    }),
    "0x00873cf94acf9e7ba5126968a564f42223ebe9708ef00bea9e0d012992e7bc08",
  );
});

Deno.test("hashOfNonSigners with no non-signers hashes the 4-byte block", () => {
  assert.equal(
    hashOfNonSigners(100, []),
    "0xf01681d2220bfea4bb888a5543db8c0916274ddb1ea93b144c042c01d8164c95",
  );
});

Deno.test("square keeps full precision and quorum bytes round-trip", () => {
  const n = 2n ** 100n + 7n;
  assert.equal(square(n), n * n);
  assert.equal(square(94906267n), 9007199515875289n); // above 2^53
  assert.equal(quorumNumbersToBytes([0, 1, 17]), "0x000111");
  assert.deepEqual(quorumNumbersFromBytes("0x000111"), [0, 1, 17]);
});
