/**
 * The aggregation window: after a digest first reaches the threshold, the service keeps
 * collecting for `aggregationWindowMs`, so late signers are in the aggregate instead of being
 * non-signers on chain; it completes early when everyone signed, and at the expiry block at the
 * latest.
 */
import assert from "node:assert/strict";
import type { AggregatedResponse } from "../../lib/aggregation/mod.ts";
import { makeOp, outcome, settle, setup, signVote, task, until, type Vote } from "./fixtures.ts";

const yes: Vote = { proposal: "p1", approve: true };

function signers(r: unknown): number {
  const a = r as AggregatedResponse<Vote>;
  assert.equal(a.kind, "aggregated");
  return a.signerOperatorIds.length;
}

Deno.test("window: signatures arriving after the threshold join the aggregate", async () => {
  const ops = [1, 2, 3, 4].map((i) => makeOp(i, { 0: 100n }));
  const { service, results } = setup(ops, { aggregationWindowMs: 300 });
  service.initializeNewTask(task({ quorumThresholdPercentages: [50] }));
  for (const op of ops.slice(0, 2)) {
    assert.equal(
      await outcome(service.processNewSignature(1, yes, signVote(op, yes), op.id)),
      "accepted",
    );
  }
  await settle();
  assert.equal(results.length, 0, "threshold met, but the window is still open");
  assert.equal(
    await outcome(service.processNewSignature(1, yes, signVote(ops[2], yes), ops[2].id)),
    "accepted",
  );
  await until("aggregate after the window", () => results.length === 1);
  assert.equal(signers(results[0]), 3);
  assert.deepEqual((results[0] as AggregatedResponse<Vote>).nonSignerOperatorIds, [ops[3].id]);
  // After completion a late signature is refused as usual.
  const late = await outcome(
    service.processNewSignature(1, yes, signVote(ops[3], yes), ops[3].id),
  );
  assert.notEqual(late, "accepted");
});

Deno.test("window: without it the aggregate holds only the signers at the threshold", async () => {
  const ops = [1, 2, 3, 4].map((i) => makeOp(i, { 0: 100n }));
  const { service, results } = setup(ops);
  service.initializeNewTask(task({ quorumThresholdPercentages: [50] }));
  for (const op of ops.slice(0, 2)) {
    await outcome(service.processNewSignature(1, yes, signVote(op, yes), op.id));
  }
  await until("aggregate", () => results.length === 1);
  assert.equal(signers(results[0]), 2);
});

Deno.test("window: completes at once when every operator has signed", async () => {
  const ops = [1, 2, 3].map((i) => makeOp(i, { 0: 100n }));
  const { service, results } = setup(ops, { aggregationWindowMs: 60_000 });
  service.initializeNewTask(task({ quorumThresholdPercentages: [34] }));
  const started = Date.now();
  for (const op of ops) {
    await outcome(service.processNewSignature(1, yes, signVote(op, yes), op.id));
  }
  await until("aggregate", () => results.length === 1);
  assert.equal(signers(results[0]), 3);
  assert.ok(Date.now() - started < 30_000, "did not wait for the 60 s window");
});

Deno.test("window: the expiry block ends the window with an aggregate, not an expiry", async () => {
  const ops = [1, 2, 3, 4].map((i) => makeOp(i, { 0: 100n }));
  const { service, results } = setup(ops, { aggregationWindowMs: 60_000 });
  service.initializeNewTask(task({ quorumThresholdPercentages: [50], expiryBlocks: 10 }));
  for (const op of ops.slice(0, 2)) {
    await outcome(service.processNewSignature(1, yes, signVote(op, yes), op.id));
  }
  await settle();
  assert.equal(results.length, 0);
  service.onBlock(110);
  await until("aggregate at expiry", () => results.length === 1);
  assert.equal(signers(results[0]), 2);
  service.stop();
});

Deno.test("window: a negative window is refused", () => {
  assert.throws(
    () => setup([makeOp(1, { 0: 1n })], { aggregationWindowMs: -1 }),
    /aggregationWindowMs must be a non-negative number, got -1/,
  );
});
