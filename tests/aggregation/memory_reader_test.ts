/** InMemoryAvsStateReader: the operator set at a block and history indices that follow it. */
import assert from "node:assert/strict";
import { InMemoryAvsStateReader } from "../../lib/aggregation/mod.ts";
import { makeOp } from "./fixtures.ts";

const a = makeOp(1, { 0: 100n, 1: 5n }, { from: 10 });
const b = makeOp(2, { 0: 50n }, { from: 20, until: 40 });
const c = makeOp(3, { 1: 7n }, { from: 30 });

Deno.test("operators and stakes at a block: registration window and requested quorums only", async () => {
  const reader = new InMemoryAvsStateReader([a.entry, b.entry, c.entry]);
  const at = async (q: number[], block: number) =>
    (await reader.getOperatorsAvsStateAtBlock(q, block)).map((o) => [
      o.operatorId,
      [...o.stakePerQuorum.entries()],
    ]);
  assert.deepEqual(await at([0], 9), []);
  assert.deepEqual(await at([0], 25), [[a.id, [[0, 100n]]], [b.id, [[0, 50n]]]]);
  assert.deepEqual(await at([1], 25), [[a.id, [[1, 5n]]]]);
  assert.deepEqual(await at([0, 1], 40), [[a.id, [[0, 100n], [1, 5n]]], [c.id, [[1, 7n]]]]);
  const [state] = await reader.getOperatorsAvsStateAtBlock([0], 10);
  assert.deepEqual(state.pubkeyG2, a.entry.pubkeyG2);
  assert.deepEqual(reader.stateCalls.at(-1), { quorumNumbers: [0], blockNumber: 10 });
});

Deno.test("check-signature indices count the quorum's membership changes up to the block", async () => {
  const reader = new InMemoryAvsStateReader([a.entry, b.entry, c.entry]);
  // Quorum 0 changed at 10 (a), 20 (b joins), 40 (b leaves); quorum 1 at 10 and 30.
  assert.deepEqual(await reader.getCheckSignaturesIndices(25, [0, 1], [b.id]), {
    nonSignerQuorumBitmapIndices: [0],
    quorumApkIndices: [1, 0],
    totalStakeIndices: [1, 0],
    nonSignerStakeIndices: [[0], []],
  });
  assert.deepEqual(await reader.getCheckSignaturesIndices(45, [0, 1], [a.id, c.id]), {
    nonSignerQuorumBitmapIndices: [0, 0],
    quorumApkIndices: [2, 1],
    totalStakeIndices: [2, 1],
    nonSignerStakeIndices: [[0], [0, 0]],
  });
  await assert.rejects(
    reader.getCheckSignaturesIndices(45, [0], [b.id]),
    new RegExp(`operator ${b.id} is not registered at block 45`),
  );
  await assert.rejects(
    reader.getCheckSignaturesIndices(5, [0], []),
    /quorum 0 has no registration at or before block 5/,
  );
});

Deno.test("an operator listed twice is refused", () => {
  assert.throws(() => new InMemoryAvsStateReader([a.entry, a.entry]), /listed twice/);
});
