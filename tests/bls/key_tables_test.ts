// Batch verification through the core's cache of expanded public keys (odd-multiple tables per
// key slot): results stay exact when the cache overflows into per-batch scratch slots, when a
// key repeats in one batch, and after a key was rejected while being expanded.
import assert from "node:assert/strict";
import {
  batchCheckSameMessage,
  batchVerifySameMessage,
  BlsError,
  type G1Point,
  type G2Point,
  g2PublicKey,
  sign,
  verify,
} from "../../lib/bls/mod.ts";
import { SlotCache } from "../../lib/bls/slot_cache.ts";
import { nonSubgroupG2, randomDigest, randomScalar } from "./helpers.ts";

Deno.test("SlotCache: fills in order, evicts only the least recently used idle key", () => {
  const c = new SlotCache(3, 1000);
  const take = (key: string, now: number) => {
    const r = c.lookup(key, now);
    if (r.slot !== undefined) c.used(key, r.slot, r.hit, now);
    return r;
  };
  assert.deepEqual(take("a", 0), { slot: 0, hit: false });
  assert.deepEqual(take("b", 10), { slot: 1, hit: false });
  assert.deepEqual(take("c", 20), { slot: 2, hit: false });
  assert.deepEqual(take("a", 30), { slot: 0, hit: true });
  // Full and nobody idle for 1000 ms: no slot (scratch), nothing evicted.
  assert.deepEqual(take("d", 500), { slot: undefined, hit: false });
  assert.deepEqual(take("b", 600), { slot: 1, hit: true });
  // At 1025, "c" (last used at 20) is the least recently used and idle long enough.
  assert.deepEqual(take("d", 1025), { slot: 2, hit: false });
  // "c" comes back: "a" (last used at 30) is now the idle one; then "a" finds nothing idle.
  assert.deepEqual(take("c", 1030), { slot: 0, hit: false });
  assert.deepEqual(take("a", 1031), { slot: undefined, hit: false });
  assert.deepEqual(take("d", 1032), { slot: 2, hit: true });
  // A key that fails in a fresh slot leaves it free for the next key at once.
  const e = c.lookup("e", 2100);
  assert.deepEqual(e, { slot: 1, hit: false });
  c.failed(e.slot!, e.hit);
  assert.deepEqual(take("f", 2101), { slot: 1, hit: false });
});

Deno.test("batches stay exact when more keys are in use than the key cache holds", () => {
  // 1,536 cache slots: the last 64 keys find none (all in recent use) and use scratch slots.
  const n = 1600;
  const d = randomDigest();
  const sks = Array.from({ length: n }, randomScalar);
  const pks = sks.map(g2PublicKey);
  const sigs = sks.map((sk) => sign(sk, d));
  const bad = new Set([5, 700, 1535, 1536, 1590]);
  const sent = sigs.map((s, i) => bad.has(i) ? sign(sks[i], randomDigest()) : s);
  for (const round of [1, 2]) {
    const res = batchVerifySameMessage(pks, d, sent);
    assert.deepEqual(
      res.map((ok, i) => ok ? -1 : i).filter((i) => i >= 0),
      [...bad],
      `round ${round}`,
    );
  }
  // An overflow key twice in one batch (two scratch slots), with cached keys around it.
  const idx = [1599, 3, 1599, 1580, 4];
  assert.equal(batchCheckSameMessage(idx.map((i) => pks[i]), d, idx.map((i) => sigs[i])), true);
  const swapped = idx.map((i) => sigs[i]);
  [swapped[0], swapped[3]] = [swapped[3], swapped[0]];
  assert.equal(batchCheckSameMessage(idx.map((i) => pks[i]), d, swapped), false);
  assert.deepEqual(
    batchVerifySameMessage(idx.map((i) => pks[i]), d, swapped),
    idx.map((i, j) => verify(pks[i], d, swapped[j])),
  );
});

Deno.test("a key rejected while being expanded leaves no trace in the cache", () => {
  const d = randomDigest();
  const bad = nonSubgroupG2();
  const sks = [randomScalar(), randomScalar()];
  const pks = sks.map(g2PublicKey);
  const sigs = sks.map((sk) => sign(sk, d));
  const rejects = (ks: G2Point[], ss: G1Point[], index: number) =>
    assert.throws(() => batchCheckSameMessage(ks, d, ss), (e) => {
      assert.ok(e instanceof BlsError);
      assert.equal(e.code, "NOT_IN_SUBGROUP");
      assert.match(e.message, new RegExp(`public key ${index}`));
      return true;
    });
  rejects([pks[0], bad], sigs, 1);
  // The next new key takes the slot the bad one was refused in, and works.
  assert.deepEqual(batchVerifySameMessage([pks[1], pks[0]], d, [sigs[1], sigs[0]]), [true, true]);
  assert.deepEqual(batchVerifySameMessage([pks[1], pks[0]], d, [sigs[0], sigs[1]]), [false, false]);
  // The bad key is refused again (its failure was not remembered as a table).
  rejects([bad, pks[1]], [sigs[0], sigs[1]], 0);
});
