/**
 * Micro-batched verification in BlsAggregationService: signatures for the same task and digest
 * share one random-coefficient check, bad ones are found by bisection without rejecting or
 * holding back the good ones, and every call still gets its own answer.
 */
import assert from "node:assert/strict";
import { batchVerifySameMessage, type BatchVerifyStats, verify } from "../../lib/bls/mod.ts";
import type { AggregatedResponse } from "../../lib/aggregation/mod.ts";
import {
  foreignPoint,
  makeOp,
  type Op,
  outcome,
  settle,
  setup,
  signVote,
  task,
  until,
  type Vote,
  voteDigest,
} from "./fixtures.ts";

const yes: Vote = { proposal: "batch", approve: true };
const no: Vote = { proposal: "batch", approve: false };

const OPS: Op[] = Array.from({ length: 32 }, (_, i) => makeOp(i + 1, { 0: 10n }));

Deno.test("concurrent signatures of one digest are verified with one combined check", async () => {
  const ops = OPS.slice(0, 16);
  const { service, results } = setup(ops);
  service.initializeNewTask(task());
  const out = await Promise.all(
    ops.map((o) => outcome(service.processNewSignature(1, yes, signVote(o, yes), o.id))),
  );
  assert.deepEqual(out, new Array(16).fill("accepted"));
  assert.deepEqual(service.verificationStats(), {
    signatures: 16,
    batches: 1,
    combinedChecks: 1,
    singleChecks: 0,
  });
  await until("aggregate", () => results.length === 1);
  const r = results[0] as AggregatedResponse<Vote>;
  assert.equal(r.signerOperatorIds.length, 16);
  assert.equal(verify(r.signersApkG2, voteDigest(yes), r.signersAggSigG1), true);
});

Deno.test("bad signatures inside a batch are found by bisection; the good ones are accepted", async () => {
  const { service, results } = setup(OPS, { batchWaitMs: 20 });
  service.initializeNewTask(task({ quorumThresholdPercentages: [90] }));
  const sigs = OPS.map((o) => signVote(o, yes));
  sigs[5] = signVote(OPS[5], no); // right key, other message
  sigs[20] = signVote(OPS[21], yes); // right message, other key
  const out = await Promise.all(
    OPS.map((o, i) => outcome(service.processNewSignature(1, yes, sigs[i], o.id))),
  );
  const expected = OPS.map((_, i) => i === 5 || i === 20 ? "INCORRECT_SIGNATURE" : "accepted");
  assert.deepEqual(out, expected);
  const stats = service.verificationStats();
  assert.equal(stats.batches, 1);
  assert.equal(stats.signatures, 32);
  // Bisection, not one verification per signature.
  // Two bad ones among 32: at most two bisection paths of depth log2(32) = 5.
  assert.ok(stats.singleChecks <= 4, JSON.stringify(stats));
  assert.ok(stats.combinedChecks >= 3 && stats.combinedChecks <= 21, JSON.stringify(stats));
  // 30 of 32 is 93.75 % >= 90 %: the task completes without the two bad ones.
  await until("aggregate", () => results.length === 1);
  const r = results[0] as AggregatedResponse<Vote>;
  assert.equal(r.signerOperatorIds.length, 30);
  assert.deepEqual(new Set(r.nonSignerOperatorIds), new Set([OPS[5].id, OPS[20].id]));
  assert.equal(verify(r.signersApkG2, voteDigest(yes), r.signersAggSigG1), true);
});

Deno.test("a malformed or identity signature never reaches a batch the good ones are in", async () => {
  const ops = OPS.slice(0, 6);
  const { service } = setup(ops, { batchWaitMs: 20 });
  service.initializeNewTask(task());
  const sigs = ops.map((o) => signVote(o, yes));
  sigs[1] = { X: 1n, Y: 1n }; // not on the curve
  sigs[3] = { X: 0n, Y: 0n }; // the identity: well-formed, never valid
  const out = await Promise.all(
    ops.map((o, i) => outcome(service.processNewSignature(1, yes, sigs[i], o.id))),
  );
  assert.deepEqual(out, [
    "accepted",
    "VERIFY_FAILED",
    "accepted",
    "INCORRECT_SIGNATURE",
    "accepted",
    "accepted",
  ]);
  const stats = service.verificationStats();
  assert.equal(stats.signatures, 5, "the off-curve point was refused before batching");
  assert.equal(stats.batches, 1);
  service.stop();
});

Deno.test("the VERIFY_FAILED message names the bad point", async () => {
  const ops = OPS.slice(0, 2);
  const { service } = setup(ops);
  service.initializeNewTask(task());
  await assert.rejects(
    service.processNewSignature(1, yes, { X: 1n, Y: 1n }, ops[0].id),
    (e: Error & { code: string }) =>
      e.code === "VERIFY_FAILED" &&
      e.message === "failed to verify signature: signature is not on the curve",
  );
  service.stop();
});

Deno.test("batchSize 1 verifies every signature on its own (the per-signature baseline)", async () => {
  const ops = OPS.slice(0, 8);
  const { service, results } = setup(ops, { batchSize: 1 });
  service.initializeNewTask(task());
  const sigs = ops.map((o) => signVote(o, yes));
  sigs[2] = foreignPoint();
  const out = await Promise.all(
    ops.map((o, i) => outcome(service.processNewSignature(1, yes, sigs[i], o.id))),
  );
  assert.equal(out.filter((x) => x === "accepted").length, 7);
  assert.equal(out[2], "INCORRECT_SIGNATURE");
  assert.deepEqual(service.verificationStats(), {
    signatures: 8,
    batches: 8,
    combinedChecks: 0,
    singleChecks: 8,
  });
  assert.equal(results.length, 0, "threshold 100 % not met with 7 of 8");
  service.stop();
});

Deno.test("different digests of one task are batched apart", async () => {
  const ops = OPS.slice(0, 8);
  const { service } = setup(ops);
  service.initializeNewTask(task());
  const out = await Promise.all(ops.map((o, i) => {
    const v = i % 2 === 0 ? yes : no;
    return outcome(service.processNewSignature(1, v, signVote(o, v), o.id));
  }));
  assert.deepEqual(out, new Array(8).fill("accepted"));
  const stats = service.verificationStats();
  assert.equal(stats.batches, 2);
  assert.equal(stats.combinedChecks, 2);
  service.stop();
});

Deno.test("batches of different tasks are independent", async () => {
  const ops = OPS.slice(0, 4);
  const { service, results } = setup(ops);
  service.initializeNewTask(task({ taskIndex: 1 }));
  service.initializeNewTask(task({ taskIndex: 2 }));
  const out = await Promise.all([1, 2].flatMap((t) =>
    ops.map((o, i) =>
      outcome(
        service.processNewSignature(
          t,
          yes,
          t === 2 && i === 0 ? foreignPoint() : signVote(o, yes),
          o.id,
        ),
      )
    )
  ));
  assert.deepEqual(out, [
    ...new Array(4).fill("accepted"),
    "INCORRECT_SIGNATURE",
    ...new Array(3).fill("accepted"),
  ]);
  await until("task 1 aggregate", () => results.length === 1);
  assert.equal(results[0].taskIndex, 1);
  assert.deepEqual(service.activeTasks(), [2]);
  service.stop();
});

Deno.test("a batch is decided without waiting for its timer once every operator has submitted", async () => {
  const ops = OPS.slice(0, 3);
  // A timer far longer than the test: only the early flush can settle these calls.
  const { service } = setup(ops, { batchWaitMs: 60_000 });
  service.initializeNewTask(task());
  const all = Promise.all(
    ops.map((o) => outcome(service.processNewSignature(1, yes, signVote(o, yes), o.id))),
  );
  const winner = await Promise.race([all, settle(5_000).then(() => "timer")]);
  assert.deepEqual(winner, ["accepted", "accepted", "accepted"]);
});

Deno.test("lib/bls batchVerifySameMessage bisects: exact results, few single checks", () => {
  const digest = voteDigest(yes);
  const pks = OPS.map((o) => o.entry.pubkeyG2);
  const good = OPS.map((o) => signVote(o, yes));
  for (const bad of [[0], [31], [7, 8], [3, 17, 29]]) {
    const sigs = [...good];
    for (const i of bad) sigs[i] = signVote(OPS[i], no);
    const stats: BatchVerifyStats = { combinedChecks: 0, singleChecks: 0 };
    const res = batchVerifySameMessage(pks, digest, sigs, stats);
    assert.deepEqual(res.map((ok, i) => ok ? -1 : i).filter((i) => i >= 0), bad);
    // 32 signatures: each bad one costs at most one bisection path of depth log2(32) = 5,
    // far below 32 single verifications.
    assert.ok(stats.singleChecks <= 2 * bad.length, JSON.stringify({ bad, stats }));
    assert.ok(stats.combinedChecks <= 1 + 2 * 5 * bad.length, JSON.stringify({ bad, stats }));
  }
  const stats: BatchVerifyStats = { combinedChecks: 0, singleChecks: 0 };
  assert.deepEqual(batchVerifySameMessage(pks, digest, good, stats), new Array(32).fill(true));
  assert.deepEqual(stats, { combinedChecks: 1, singleChecks: 0 });
});

Deno.test("an operator whose registered G2 key is unusable is refused alone", async () => {
  const ops = OPS.slice(0, 3).map((o) => ({ ...o, entry: { ...o.entry } }));
  ops[1].entry.pubkeyG2 = { X: [0n, 0n], Y: [0n, 0n] };
  const { service } = setup(ops, { batchWaitMs: 20 });
  service.initializeNewTask(task());
  const out = await Promise.all(
    ops.map((o) => outcome(service.processNewSignature(1, yes, signVote(o, yes), o.id))),
  );
  assert.deepEqual(out, ["accepted", "VERIFY_FAILED", "accepted"]);
  assert.deepEqual(service.verificationStats().combinedChecks, 1);
  service.stop();
});
