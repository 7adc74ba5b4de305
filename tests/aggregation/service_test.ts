/**
 * BlsAggregationService on an in-memory registry: real BLS keys and signatures (lib/bls), no
 * chain. Thresholds, quorums, duplicates, equivocation, expiry, late and early signatures,
 * reader failures, non-signer order, and a response type other than the AVS's TaskResponse.
 */
import assert from "node:assert/strict";
import { aggregateG1, aggregateG2, sign, verify } from "../../lib/bls/mod.ts";
import {
  type AggregatedResponse,
  AggregationError,
  type AggregationResult,
  type AvsStateReader,
  BlsAggregationService,
  compareIds,
  InMemoryAvsStateReader,
} from "../../lib/aggregation/mod.ts";
import {
  makeOp,
  outcome,
  settle,
  setup,
  signVote,
  task,
  until,
  type Vote,
  voteDigest,
} from "./fixtures.ts";

const yes: Vote = { proposal: "p1", approve: true };
const no: Vote = { proposal: "p1", approve: false };

function aggregated(r: unknown): AggregatedResponse<Vote> {
  const a = r as AggregatedResponse<Vote>;
  assert.equal(a.kind, "aggregated", `expected an aggregate, got ${JSON.stringify(r, replacer)}`);
  return a;
}

function replacer(_k: string, v: unknown) {
  return typeof v === "bigint" ? v.toString() : v;
}

Deno.test("threshold met: the aggregate verifies, lists signers and sorted non-signers", async () => {
  const ops = [1, 2, 3, 4].map((i) => makeOp(i, { 0: 100n }));
  const { service, results, reader } = setup(ops);
  service.initializeNewTask(task({ quorumThresholdPercentages: [50] }));
  assert.equal(
    await outcome(service.processNewSignature(1, yes, signVote(ops[0], yes), ops[0].id)),
    "accepted",
  );
  await settle();
  assert.equal(results.length, 0, "one of four (25 %) is below 50 %");
  assert.equal(
    await outcome(service.processNewSignature(1, yes, signVote(ops[2], yes), ops[2].id)),
    "accepted",
  );
  await until("aggregate", () => results.length === 1);
  const r = aggregated(results[0]);
  assert.equal(r.taskIndex, 1);
  assert.equal(r.taskCreatedBlock, 100);
  assert.deepEqual(r.taskResponse, yes);
  assert.equal(r.taskResponseDigest, voteDigest(yes));
  assert.deepEqual(r.signerOperatorIds, [ops[0].id, ops[2].id]);
  const expectedNon = [ops[1].id, ops[3].id].sort(compareIds);
  assert.deepEqual(r.nonSignerOperatorIds, expectedNon);
  assert.deepEqual(r.signedStakePerQuorum, [200n]);
  assert.deepEqual(r.totalStakePerQuorum, [400n]);
  // The aggregate is a valid BLS signature of the digest under the signers' summed G2 key.
  assert.equal(verify(r.signersApkG2, voteDigest(yes), r.signersAggSigG1), true);
  assert.deepEqual(r.signersApkG2, aggregateG2([ops[0].entry.pubkeyG2, ops[2].entry.pubkeyG2]));
  assert.deepEqual(r.quorumApksG1, [aggregateG1(ops.map((o) => o.entry.pubkeyG1))]);
  assert.deepEqual(reader.indicesCalls, [
    { blockNumber: 100, quorumNumbers: [0], nonSignerOperatorIds: expectedNon },
  ]);
  assert.deepEqual(r.nonSignerStakesAndSignature.sigma, r.signersAggSigG1);
  assert.deepEqual(r.nonSignerStakesAndSignature.nonSignerStakeIndices, [[0, 0]]);
  assert.deepEqual(reader.stateCalls, [{ quorumNumbers: [0], blockNumber: 100 }]);
  assert.deepEqual(service.activeTasks(), []);
});

Deno.test("threshold not met: no result until the task expires by blocks", async () => {
  const ops = [1, 2, 3].map((i) => makeOp(i, { 0: 100n }));
  const { service, results } = setup(ops);
  service.initializeNewTask(task({ quorumThresholdPercentages: [67], expiryBlocks: 5 }));
  for (const op of ops.slice(0, 2)) {
    assert.equal(
      await outcome(service.processNewSignature(1, yes, signVote(op, yes), op.id)),
      "accepted",
    );
  }
  service.onBlock(104); // 100 + 5 not reached
  await settle();
  assert.deepEqual(results, [], "2 of 3 is 66.7 % < 67 %");
  assert.equal(service.isActive(1), true);
  service.onBlock(105);
  assert.deepEqual(results, [{
    kind: "expired",
    taskIndex: 1,
    taskCreatedBlock: 100,
    error: "task 1 expired",
  }]);
  assert.equal(service.isActive(1), false);
  // Late signature after expiry: finished, not "not initialized".
  const late = service.processNewSignature(1, yes, signVote(ops[2], yes), ops[2].id);
  await assert.rejects(
    late,
    (e: AggregationError) => e.code === "TASK_FINISHED" && /expired/.test(e.message),
  );
  service.onBlock(200);
  assert.equal(results.length, 1, "one result per task");
});

Deno.test("a task initialised after its expiry block was seen is expired at once", () => {
  const ops = [makeOp(1, { 0: 1n })];
  const { service, results } = setup(ops);
  service.onBlock(500);
  service.initializeNewTask(task({ taskIndex: 7, taskCreatedBlock: 480, expiryBlocks: 20 }));
  assert.equal(results[0]?.kind, "expired");
  assert.equal(service.isActive(7), false);
});

Deno.test("two quorums with different thresholds; an operator in both counts once per quorum", async () => {
  const a = makeOp(1, { 0: 50n, 1: 10n });
  const b = makeOp(2, { 0: 50n });
  const c = makeOp(3, { 1: 90n });
  const { service, results } = setup([a, b, c]);
  service.initializeNewTask(task({ quorumNumbers: [0, 1], quorumThresholdPercentages: [60, 30] }));
  // B alone: quorum 0 at 50 % < 60 %. A adds 50 % to quorum 0 but quorum 1 has 10 % < 30 %.
  assert.equal(
    await outcome(service.processNewSignature(1, yes, signVote(b, yes), b.id)),
    "accepted",
  );
  assert.equal(
    await outcome(service.processNewSignature(1, yes, signVote(a, yes), a.id)),
    "accepted",
  );
  await settle();
  assert.equal(results.length, 0);
  assert.equal(
    await outcome(service.processNewSignature(1, yes, signVote(c, yes), c.id)),
    "accepted",
  );
  await until("aggregate", () => results.length === 1);
  const r = aggregated(results[0]);
  assert.deepEqual(r.signedStakePerQuorum, [100n, 100n]);
  assert.deepEqual(r.totalStakePerQuorum, [100n, 100n]);
  assert.deepEqual(r.nonSignerOperatorIds, []);
  const sa = signVote(a, yes), sb = signVote(b, yes), sc = signVote(c, yes);
  assert.deepEqual(r.signersAggSigG1, aggregateG1([sa, sa, sb, sc]));
  assert.deepEqual(
    r.signersApkG2,
    aggregateG2([a.entry.pubkeyG2, a.entry.pubkeyG2, b.entry.pubkeyG2, c.entry.pubkeyG2]),
  );
  assert.equal(verify(r.signersApkG2, voteDigest(yes), r.signersAggSigG1), true);
  assert.deepEqual(r.quorumApksG1, [
    aggregateG1([a.entry.pubkeyG1, b.entry.pubkeyG1]),
    aggregateG1([a.entry.pubkeyG1, c.entry.pubkeyG1]),
  ]);
});

Deno.test("quorum 1 alone at 30 %: met by one operator that is only in quorum 1", async () => {
  const a = makeOp(1, { 0: 50n, 1: 10n });
  const b = makeOp(2, { 0: 50n });
  const c = makeOp(3, { 1: 90n });
  const { service, results, reader } = setup([a, b, c]);
  service.initializeNewTask(task({ quorumNumbers: [1], quorumThresholdPercentages: [30] }));
  // B has no stake in quorum 1, so it is not part of this task.
  await assert.rejects(
    service.processNewSignature(1, yes, signVote(b, yes), b.id),
    (e: AggregationError) =>
      e.code === "OPERATOR_NOT_IN_QUORUM" &&
      e.message === `operator ${b.id} not part of task 1's quorum`,
  );
  assert.equal(
    await outcome(service.processNewSignature(1, yes, signVote(c, yes), c.id)),
    "accepted",
  );
  await until("aggregate", () => results.length === 1);
  const r = aggregated(results[0]);
  assert.deepEqual(r.nonSignerOperatorIds, [a.id]);
  assert.deepEqual(r.totalStakePerQuorum, [100n]);
  assert.deepEqual(reader.indicesCalls[0].nonSignerOperatorIds, [a.id]);
});

Deno.test("unknown operator and unknown task are rejected with their codes", async () => {
  const ops = [makeOp(1, { 0: 1n }), makeOp(2, { 0: 1n })];
  const stranger = makeOp(9, { 0: 1n });
  const { service } = setup(ops);
  await assert.rejects(
    service.processNewSignature(1, yes, signVote(ops[0], yes), ops[0].id),
    (e: AggregationError) =>
      e.code === "TASK_NOT_FOUND" && e.message === "task 1 not initialized or already completed",
  );
  service.initializeNewTask(task());
  assert.equal(
    await outcome(service.processNewSignature(1, yes, signVote(stranger, yes), stranger.id)),
    "OPERATOR_NOT_IN_QUORUM",
  );
  assert.throws(() => service.initializeNewTask(task()), /task 1 already initialized/);
  service.stop();
});

Deno.test("duplicates: the same signature again, sequentially and in the same batch", async () => {
  const ops = [1, 2, 3].map((i) => makeOp(i, { 0: 100n }));
  const { service, results } = setup(ops);
  service.initializeNewTask(task());
  const s0 = signVote(ops[0], yes);
  assert.equal(await outcome(service.processNewSignature(1, yes, s0, ops[0].id)), "accepted");
  await assert.rejects(
    service.processNewSignature(
      1,
      yes,
      s0,
      ops[0].id.toUpperCase().replace("0X", "0x") as `0x${string}`,
    ),
    (e: AggregationError) =>
      e.code === "DUPLICATE_SIGNATURE" &&
      e.message === `duplicate signature from operator ${ops[0].id} for task 1`,
  );
  // Two copies submitted together: exactly one is accepted.
  const s1 = signVote(ops[1], yes);
  const both = await Promise.all([
    outcome(service.processNewSignature(1, yes, s1, ops[1].id)),
    outcome(service.processNewSignature(1, yes, s1, ops[1].id)),
  ]);
  assert.deepEqual(both.sort(), ["DUPLICATE_SIGNATURE", "accepted"]);
  await settle();
  assert.equal(results.length, 0, "2 of 3 signed, threshold 100 %");
  service.stop();
});

Deno.test("a bad first copy does not block a good retry submitted right behind it", async () => {
  const ops = [1, 2].map((i) => makeOp(i, { 0: 100n }));
  const { service } = setup(ops, { batchWaitMs: 10 });
  service.initializeNewTask(task());
  const [bad, good] = await Promise.all([
    outcome(service.processNewSignature(1, yes, signVote(ops[1], yes), ops[0].id)),
    outcome(service.processNewSignature(1, yes, signVote(ops[0], yes), ops[0].id)),
  ]);
  assert.deepEqual([bad, good], ["INCORRECT_SIGNATURE", "accepted"]);
  service.stop();
});

Deno.test("equivocation: a second digest from an accepted operator is rejected", async () => {
  const ops = [1, 2, 3].map((i) => makeOp(i, { 0: 100n }));
  const { service, results } = setup(ops, { batchWaitMs: 0 });
  service.initializeNewTask(task({ quorumThresholdPercentages: [60] }));
  assert.equal(
    await outcome(service.processNewSignature(1, yes, signVote(ops[0], yes), ops[0].id)),
    "accepted",
  );
  await assert.rejects(
    service.processNewSignature(1, no, signVote(ops[0], no), ops[0].id),
    (e: AggregationError) =>
      e.code === "EQUIVOCATION" &&
      e.message === `operator ${ops[0].id} already signed a different response for task 1`,
  );
  // "no" gets its own bucket: ops[1] and ops[2] reach 66 % for it; ops[0] is not among them.
  assert.equal(
    await outcome(service.processNewSignature(1, no, signVote(ops[1], no), ops[1].id)),
    "accepted",
  );
  await settle();
  assert.equal(results.length, 0);
  assert.equal(
    await outcome(service.processNewSignature(1, no, signVote(ops[2], no), ops[2].id)),
    "accepted",
  );
  await until("aggregate", () => results.length === 1);
  const r = aggregated(results[0]);
  assert.deepEqual(r.taskResponse, no);
  assert.deepEqual(r.signerOperatorIds, [ops[1].id, ops[2].id]);
  assert.deepEqual(r.nonSignerOperatorIds, [ops[0].id]);
  assert.equal(verify(r.signersApkG2, voteDigest(no), r.signersAggSigG1), true);
});

Deno.test("late signatures after completion answer 'already completed'", async () => {
  const ops = [1, 2, 3].map((i) => makeOp(i, { 0: 100n }));
  const { service, results } = setup(ops);
  service.initializeNewTask(task({ quorumThresholdPercentages: [30] }));
  assert.equal(
    await outcome(service.processNewSignature(1, yes, signVote(ops[0], yes), ops[0].id)),
    "accepted",
  );
  await assert.rejects(
    service.processNewSignature(1, yes, signVote(ops[1], yes), ops[1].id),
    (e: AggregationError) => e.code === "TASK_FINISHED" && e.message === "task 1 already completed",
  );
  await until("aggregate", () => results.length === 1);
  assert.deepEqual(aggregated(results[0]).signerOperatorIds, [ops[0].id]);
});

Deno.test("signatures queued behind the batch that completes the task are turned away", async () => {
  const ops = [1, 2, 3, 4].map((i) => makeOp(i, { 0: 100n }));
  // Batches of two: the first two signatures are verified at once and meet 50 %.
  const { service, results } = setup(ops, { batchSize: 2, batchWaitMs: 50 });
  service.initializeNewTask(task({ quorumThresholdPercentages: [50] }));
  const yes2 = { ...yes };
  const out = await Promise.all([
    outcome(service.processNewSignature(1, yes, signVote(ops[0], yes), ops[0].id)),
    outcome(service.processNewSignature(1, yes2, signVote(ops[1], yes), ops[1].id)),
    outcome(service.processNewSignature(1, yes, signVote(ops[2], yes), ops[2].id)),
  ]);
  assert.deepEqual(out, ["accepted", "accepted", "TASK_FINISHED"]);
  await until("aggregate", () => results.length === 1);
  assert.deepEqual(aggregated(results[0]).signedStakePerQuorum, [200n]);
  assert.equal(service.verificationStats().signatures, 2, "the third was never verified");
});

Deno.test("signatures before initialisation wait up to awaitInitMs, then are accepted", async () => {
  const ops = [1, 2].map((i) => makeOp(i, { 0: 100n }));
  const { service, results } = setup(ops, { awaitInitMs: 2_000 });
  service.initializeNewTask(task({ taskIndex: 0, quorumThresholdPercentages: [50] }));
  const early = outcome(service.processNewSignature(1, yes, signVote(ops[0], yes), ops[0].id));
  // Too far ahead of the newest task (0 + 2): no waiting.
  assert.equal(
    await outcome(service.processNewSignature(3, yes, signVote(ops[0], yes), ops[0].id)),
    "TASK_NOT_FOUND",
  );
  await settle(30);
  service.initializeNewTask(task({ taskIndex: 1, quorumThresholdPercentages: [50] }));
  assert.equal(await early, "accepted");
  await until("aggregate", () => results.length === 1);
  assert.equal(results[0].taskIndex, 1);
  service.stop();
});

Deno.test("without awaitInitMs an early signature is 'not initialized'; with it, it times out the same way", async () => {
  const ops = [makeOp(1, { 0: 100n })];
  const plain = setup(ops);
  assert.equal(
    await outcome(plain.service.processNewSignature(0, yes, signVote(ops[0], yes), ops[0].id)),
    "TASK_NOT_FOUND",
  );
  const waiting = setup(ops, { awaitInitMs: 30 });
  const t0 = Date.now();
  assert.equal(
    await outcome(waiting.service.processNewSignature(0, yes, signVote(ops[0], yes), ops[0].id)),
    "TASK_NOT_FOUND",
  );
  assert.ok(Date.now() - t0 >= 25, "it waited for the initialisation");
});

Deno.test("signatures arriving while the operator state loads wait for it", async () => {
  const ops = [1, 2].map((i) => makeOp(i, { 0: 100n }));
  const inner = new InMemoryAvsStateReader(ops.map((o) => o.entry));
  let release = () => {};
  const gate = new Promise<void>((r) => (release = r));
  const slow: AvsStateReader = {
    getOperatorsAvsStateAtBlock: async (q, b) => {
      await gate;
      return inner.getOperatorsAvsStateAtBlock(q, b);
    },
    getCheckSignaturesIndices: (b, q, n) => inner.getCheckSignaturesIndices(b, q, n),
  };
  const service = new BlsAggregationService<Vote>({ reader: slow, hashResponse: voteDigest });
  const results: unknown[] = [];
  service.onResult((r) => results.push(r));
  service.initializeNewTask(task());
  const pending = ops.map((o) =>
    outcome(service.processNewSignature(1, yes, signVote(o, yes), o.id))
  );
  await settle();
  assert.equal(results.length, 0);
  release();
  assert.deepEqual(await Promise.all(pending), ["accepted", "accepted"]);
  await until("aggregate", () => results.length === 1);
});

Deno.test("state load failure: a 'failed' result, waiting and later signatures get TASK_FINISHED", async () => {
  const ops = [makeOp(1, { 0: 100n })];
  let reject = (_e: Error) => {};
  const failing: AvsStateReader = {
    getOperatorsAvsStateAtBlock: () => new Promise((_, r) => (reject = r)),
    getCheckSignaturesIndices: () => Promise.reject(new Error("unused")),
  };
  const service = new BlsAggregationService<Vote>({
    reader: failing,
    hashResponse: voteDigest,
    stateLoadRetries: 0,
  });
  const results: unknown[] = [];
  service.onResult((r) => results.push(r));
  service.initializeNewTask(task({ taskIndex: 4, taskCreatedBlock: 77 }));
  const waiting = outcome(service.processNewSignature(4, yes, signVote(ops[0], yes), ops[0].id));
  reject(new Error("rpc down"));
  assert.equal(await waiting, "TASK_FINISHED");
  assert.deepEqual(results, [{
    kind: "failed",
    taskIndex: 4,
    taskCreatedBlock: 77,
    error:
      "failed to initialize task 4: failed to get operators state from avs registry at blockNum 77: rpc down",
  }]);
  await assert.rejects(
    service.processNewSignature(4, yes, signVote(ops[0], yes), ops[0].id),
    /task 4 failed and takes no more signatures/,
  );
  assert.equal(service.isActive(4), false);
});

Deno.test("state load retries: a read that fails twice still opens the task; one that keeps failing ends it", async () => {
  const ops = [makeOp(1, { 0: 100n }), makeOp(2, { 0: 100n })];
  const memory = new InMemoryAvsStateReader(ops.map((o) => o.entry));
  let calls = 0;
  let failFirst = 2;
  const flaky: AvsStateReader = {
    getOperatorsAvsStateAtBlock: (q, b) =>
      ++calls <= failFirst
        ? Promise.reject(new Error(`header not found (${calls})`))
        : memory.getOperatorsAvsStateAtBlock(q, b),
    getCheckSignaturesIndices: (...a) => memory.getCheckSignaturesIndices(...a),
  };
  const service = new BlsAggregationService<Vote>({
    reader: flaky,
    hashResponse: voteDigest,
    stateLoadRetryMs: 5,
  });
  const results: AggregationResult<Vote>[] = [];
  service.onResult((r) => results.push(r));
  service.initializeNewTask(task({ taskIndex: 1 }));
  const out = await Promise.all(
    ops.map((o) => outcome(service.processNewSignature(1, yes, signVote(o, yes), o.id))),
  );
  assert.deepEqual(out, ["accepted", "accepted"]);
  assert.equal(calls, 3);
  await until("aggregate", () => results.length === 1);
  assert.equal(results[0].kind, "aggregated");

  // Always failing: 1 + 3 attempts, then one 'failed' result that says so.
  calls = 0;
  failFirst = Infinity;
  service.initializeNewTask(task({ taskIndex: 2 }));
  const waiting = outcome(service.processNewSignature(2, yes, signVote(ops[0], yes), ops[0].id));
  assert.equal(await waiting, "TASK_FINISHED");
  assert.equal(calls, 4);
  assert.equal(results.length, 2);
  assert.deepEqual(results[1], {
    kind: "failed",
    taskIndex: 2,
    taskCreatedBlock: 100,
    error:
      "failed to initialize task 2: failed to get operators state from avs registry at blockNum 100: header not found (4) (after 4 attempts)",
  });

  // A task that expires while its read is retried ends as expired only.
  calls = 0;
  service.initializeNewTask(task({ taskIndex: 3, expiryBlocks: 5 }));
  service.onBlock(105);
  await new Promise((r) => setTimeout(r, 60));
  assert.deepEqual(results.slice(2).map((r) => r.kind), ["expired"]);
  assert.ok(calls <= 2, `retries stop once the task ended (${calls} reads)`);
  assert.throws(
    () =>
      new BlsAggregationService<Vote>({
        reader: flaky,
        hashResponse: voteDigest,
        stateLoadRetries: -1,
      }),
    /stateLoadRetries must be a non-negative integer, got -1/,
  );
  assert.throws(
    () =>
      new BlsAggregationService<Vote>({
        reader: flaky,
        hashResponse: voteDigest,
        stateLoadRetryMs: Number.NaN,
      }),
    /stateLoadRetryMs must be a non-negative number, got NaN/,
  );
});

Deno.test("indices failure: a 'failed' result naming the cause; the signature itself was accepted", async () => {
  const ops = [1, 2].map((i) => makeOp(i, { 0: 100n }));
  const inner = new InMemoryAvsStateReader(ops.map((o) => o.entry));
  const reader: AvsStateReader = {
    getOperatorsAvsStateAtBlock: (q, b) => inner.getOperatorsAvsStateAtBlock(q, b),
    getCheckSignaturesIndices: () => Promise.reject(new Error("execution reverted")),
  };
  const service = new BlsAggregationService<Vote>({ reader, hashResponse: voteDigest });
  const results: unknown[] = [];
  service.onResult((r) => results.push(r));
  service.initializeNewTask(task({ quorumThresholdPercentages: [50] }));
  assert.equal(
    await outcome(service.processNewSignature(1, yes, signVote(ops[0], yes), ops[0].id)),
    "accepted",
  );
  await until("result", () => results.length === 1);
  assert.deepEqual(results[0], {
    kind: "failed",
    taskIndex: 1,
    taskCreatedBlock: 100,
    error: "failed to get check signatures indices: execution reverted",
  });
});

Deno.test("non-signers are ordered by operatorId as a uint256, whatever the reader's order", async () => {
  const ops = Array.from({ length: 9 }, (_, i) => makeOp(i + 1, { 0: 10n }));
  // The reader lists them in reverse id order.
  const shuffled = [...ops].sort((x, y) => compareIds(y.id, x.id));
  const { service, results, reader } = setup(shuffled, { batchWaitMs: 0 });
  service.initializeNewTask(task({ quorumThresholdPercentages: [20] }));
  const signers = [ops[4], ops[7]];
  await Promise.all(
    signers.map((o) => service.processNewSignature(1, yes, signVote(o, yes), o.id)),
  );
  await until("aggregate", () => results.length === 1);
  const r = aggregated(results[0]);
  const expected = ops.filter((o) => !signers.includes(o)).map((o) => o.id).sort(compareIds);
  assert.deepEqual(r.nonSignerOperatorIds, expected);
  assert.notDeepEqual(expected, shuffled.filter((o) => !signers.includes(o)).map((o) => o.id));
  const keyOf = new Map(ops.map((o) => [o.id, o.entry.pubkeyG1]));
  assert.deepEqual(r.nonSignersPubkeysG1, expected.map((id) => keyOf.get(id)));
  assert.deepEqual(reader.indicesCalls[0].nonSignerOperatorIds, expected);
  assert.deepEqual(r.nonSignerStakesAndSignature.nonSignerPubkeys, r.nonSignersPubkeysG1);
});

Deno.test("generic response type: a numeric round with its own hasher and task-index check", async () => {
  interface Round {
    round: number;
    value: bigint;
  }
  const digest = (r: Round): `0x${string}` =>
    `0x${r.round.toString(16).padStart(8, "0")}${r.value.toString(16).padStart(56, "0")}`;
  const ops = [1, 2].map((i) => makeOp(i, { 3: 5n }));
  const reader = new InMemoryAvsStateReader(ops.map((o) => o.entry));
  const service = new BlsAggregationService<Round>({
    reader,
    hashResponse: digest,
    responseTaskIndex: (r) => r.round,
  });
  const results: AggregatedResponse<Round>[] = [];
  service.onResult((r) => r.kind === "aggregated" && results.push(r));
  service.initializeNewTask({ ...task({ taskIndex: 9 }), quorumNumbers: [3] });
  const resp: Round = { round: 9, value: 81n };
  await assert.rejects(
    service.processNewSignature(
      9,
      { round: 8, value: 81n },
      sign(ops[0].sk, digest(resp)),
      ops[0].id,
    ),
    (e: AggregationError) =>
      e.code === "TASK_RESPONSE_MISMATCH" &&
      e.message === "task response references task 8 but was submitted for task 9",
  );
  await Promise.all(
    ops.map((o) => service.processNewSignature(9, resp, sign(o.sk, digest(resp)), o.id)),
  );
  await until("aggregate", () => results.length === 1);
  assert.deepEqual(results[0].taskResponse, { round: 9, value: 81n });
  assert.equal(results[0].taskResponseDigest, digest(resp));
  assert.equal(verify(results[0].signersApkG2, digest(resp), results[0].signersAggSigG1), true);
});

Deno.test("a hasher that throws is reported as HASH_FAILED", async () => {
  const ops = [makeOp(1, { 0: 1n })];
  const { service } = setup(ops, {
    hashResponse: () => {
      throw new Error("cannot encode");
    },
  });
  service.initializeNewTask(task());
  await assert.rejects(
    service.processNewSignature(1, yes, signVote(ops[0], yes), ops[0].id),
    (e: AggregationError) =>
      e.code === "HASH_FAILED" && e.message === "failed to hash task response: cannot encode",
  );
  service.stop();
});

Deno.test("stop() rejects signatures still waiting in a batch", async () => {
  const ops = [1, 2].map((i) => makeOp(i, { 0: 1n }));
  const { service, results } = setup(ops, { batchWaitMs: 1_000 });
  service.initializeNewTask(task());
  const waiting = outcome(service.processNewSignature(1, yes, signVote(ops[0], yes), ops[0].id));
  await settle();
  service.stop();
  assert.equal(await waiting, "TASK_FINISHED");
  assert.deepEqual(results, []);
  assert.deepEqual(service.activeTasks(), []);
});

Deno.test("results produced before a listener subscribes are replayed to it", async () => {
  const ops = [makeOp(1, { 0: 1n })];
  const reader = new InMemoryAvsStateReader(ops.map((o) => o.entry));
  const service = new BlsAggregationService<Vote>({ reader, hashResponse: voteDigest });
  service.initializeNewTask(task());
  await service.processNewSignature(1, yes, signVote(ops[0], yes), ops[0].id);
  await settle();
  const seen: string[] = [];
  service.onResult((r) => seen.push(r.kind));
  assert.deepEqual(seen, ["aggregated"]);
});

Deno.test("malformed task metadata and options are rejected with the field named", () => {
  const { service } = setup([makeOp(1, { 0: 1n })]);
  assert.throws(
    () => service.initializeNewTask(task({ quorumNumbers: [] })),
    /quorumNumbers must not be empty/,
  );
  assert.throws(
    () => service.initializeNewTask(task({ quorumThresholdPercentages: [101] })),
    /threshold percentage 101 out of range/,
  );
  assert.throws(
    () => service.initializeNewTask(task({ expiryBlocks: 0 })),
    /expiryBlocks must be a positive integer/,
  );
  assert.throws(() => setup([], { batchSize: 0 }), /batchSize must be a positive integer/);
  assert.throws(() => setup([], { batchWaitMs: -1 }), /batchWaitMs must be a non-negative number/);
});

Deno.test("the operator set is the one at the task's creation block", async () => {
  const early = makeOp(1, { 0: 100n }, { from: 10 });
  const late = makeOp(2, { 0: 100n }, { from: 150 });
  const gone = makeOp(3, { 0: 100n }, { from: 10, until: 90 });
  const { service, results } = setup([early, late, gone]);
  service.initializeNewTask(task({ quorumThresholdPercentages: [100] }));
  assert.equal(
    await outcome(service.processNewSignature(1, yes, signVote(late, yes), late.id)),
    "OPERATOR_NOT_IN_QUORUM",
  );
  assert.equal(
    await outcome(service.processNewSignature(1, yes, signVote(gone, yes), gone.id)),
    "OPERATOR_NOT_IN_QUORUM",
  );
  assert.equal(
    await outcome(service.processNewSignature(1, yes, signVote(early, yes), early.id)),
    "accepted",
  );
  await until("aggregate", () => results.length === 1);
  assert.deepEqual(aggregated(results[0]).totalStakePerQuorum, [100n]);
});

Deno.test("a listener that throws does not stop delivery to the others", async () => {
  const ops = [makeOp(1, { 0: 1n })];
  const reader = new InMemoryAvsStateReader(ops.map((o) => o.entry));
  const service = new BlsAggregationService<Vote>({ reader, hashResponse: voteDigest });
  const seen: number[] = [];
  service.onResult(() => {
    throw new Error("faulty listener");
  });
  service.onResult((r) => seen.push(r.taskIndex));
  service.initializeNewTask(task());
  await service.processNewSignature(1, yes, signVote(ops[0], yes), ops[0].id);
  await until("result", () => seen.length === 1);
  service.initializeNewTask(task({ taskIndex: 2, taskCreatedBlock: 200 }));
  service.onBlock(210);
  assert.deepEqual(seen, [1, 2]);
});

Deno.test("discardTask: the task ends without a result, and the index can be opened again", async () => {
  const ops = [1, 2, 3].map((i) => makeOp(i, { 0: 100n }));
  const { service, results } = setup(ops);
  assert.equal(service.discardTask(1), false, "nothing live to discard");
  service.initializeNewTask(task({ taskCreatedBlock: 100 }));
  assert.equal(
    await outcome(service.processNewSignature(1, yes, signVote(ops[0], yes), ops[0].id)),
    "accepted",
  );
  assert.equal(service.discardTask(1), true);
  assert.equal(service.isActive(1), false);
  await settle();
  assert.equal(results.length, 0, "a discarded task has no result");
  // A reorganisation re-created index 1 in another block: it starts from nothing.
  service.initializeNewTask(task({ taskCreatedBlock: 101 }));
  for (const op of ops) {
    assert.equal(
      await outcome(service.processNewSignature(1, yes, signVote(op, yes), op.id)),
      "accepted",
    );
  }
  await until("aggregate", () => results.length === 1);
  assert.equal(aggregated(results[0]).taskCreatedBlock, 101);
  service.stop();
});
