/**
 * The service's ingest hooks: accepted signatures are handed to `persistAccepted` once per
 * verified batch before anyone hears "accepted" (a failed store accepts none of them), the
 * response hasher can be memoised, and batches can be verified in a worker thread with the same
 * verdicts as in place.
 */
import assert from "node:assert/strict";
import { verify } from "../../lib/bls/mod.ts";
import {
  type AcceptedSignature,
  type AggregatedResponse,
  type BatchReport,
  memoizeResponseHasher,
} from "../../lib/aggregation/mod.ts";
import {
  foreignPoint,
  makeOp,
  type Op,
  outcome,
  setup,
  signVote,
  task,
  until,
  type Vote,
  voteDigest,
} from "./fixtures.ts";

const yes: Vote = { proposal: "ingest", approve: true };
const no: Vote = { proposal: "ingest", approve: false };
const OPS: Op[] = Array.from({ length: 12 }, (_, i) => makeOp(i + 1, { 0: 10n }));

Deno.test("persistAccepted: one call per batch with its valid signatures, before the answers", async () => {
  const calls: AcceptedSignature<Vote>[][] = [];
  let answered = 0;
  const { service, results } = setup(OPS, {
    batchWaitMs: 20,
    persistAccepted: (accepted) => {
      assert.equal(answered, 0, "stored before any call was answered");
      calls.push([...accepted]);
    },
  });
  service.initializeNewTask(task({ quorumThresholdPercentages: [80] }));
  const sigs = OPS.map((o) => signVote(o, yes));
  sigs[4] = foreignPoint(); // well-formed, wrong
  const out = await Promise.all(
    OPS.map((o, i) =>
      outcome(service.processNewSignature(1, yes, sigs[i], o.id).finally(() => answered++))
    ),
  );
  assert.deepEqual(out, OPS.map((_, i) => i === 4 ? "INCORRECT_SIGNATURE" : "accepted"));
  assert.equal(calls.length, 1);
  assert.deepEqual(
    calls[0].map((a) => a.operatorId),
    OPS.filter((_, i) => i !== 4).map((o) => o.id.toLowerCase()),
  );
  assert.ok(calls[0].every((a) => a.taskIndex === 1 && a.response === yes));
  await until("aggregate", () => results.length === 1);
  assert.equal((results[0] as AggregatedResponse<Vote>).signerOperatorIds.length, 11);
});

Deno.test("persistAccepted failing: nothing joins the aggregate; the operators may send again", async () => {
  let fail = true;
  const stored: string[] = [];
  const { service, results } = setup(OPS.slice(0, 3), {
    batchWaitMs: 5,
    persistAccepted: (accepted) => {
      if (fail) throw new Error("disk full");
      stored.push(...accepted.map((a) => a.operatorId));
    },
  });
  service.initializeNewTask(task());
  const ops = OPS.slice(0, 3);
  const first = await Promise.all(
    ops.map((o) => service.processNewSignature(1, yes, signVote(o, yes), o.id).catch((e) => e)),
  );
  for (const e of first) {
    assert.equal(e.code, "PERSIST_FAILED");
    assert.match(e.message, /failed to store the accepted signature: disk full/);
  }
  assert.deepEqual(service.activeTasks(), [1]);
  fail = false;
  const again = await Promise.all(
    ops.map((o) => outcome(service.processNewSignature(1, yes, signVote(o, yes), o.id))),
  );
  assert.deepEqual(again, ["accepted", "accepted", "accepted"]);
  assert.equal(stored.length, 3);
  await until("aggregate", () => results.length === 1);
});

Deno.test("memoizeResponseHasher: one hash per key, same digests, bounded", () => {
  let hashed = 0;
  const h = memoizeResponseHasher<Vote>(
    (v) => {
      hashed++;
      return voteDigest(v);
    },
    (v) => `${v.proposal}|${v.approve}`,
    2,
  );
  assert.equal(h(yes), voteDigest(yes));
  assert.equal(h({ ...yes }), voteDigest(yes));
  assert.equal(hashed, 1);
  assert.equal(h(no), voteDigest(no));
  assert.equal(
    h({ proposal: "other", approve: true }),
    voteDigest({ proposal: "other", approve: true }),
  );
  assert.equal(h(yes), voteDigest(yes)); // emptied when full: hashed again, still right
  assert.equal(hashed, 4);
  assert.throws(() => memoizeResponseHasher<Vote>(voteDigest, (v) => v.proposal, 0), /capacity/);
});

Deno.test("verifyInWorker: the same verdicts as in place, bad ones found, stop ends the worker", async () => {
  const { service, results } = setup(OPS, { verifyInWorker: true, batchWaitMs: 5 });
  try {
    service.initializeNewTask(task({ quorumThresholdPercentages: [80] }));
    const sigs = OPS.map((o) => signVote(o, yes));
    sigs[2] = signVote(OPS[2], no); // right key, other message
    sigs[9] = signVote(OPS[10], yes); // right message, other key
    const out = await Promise.all(
      OPS.map((o, i) => outcome(service.processNewSignature(1, yes, sigs[i], o.id))),
    );
    assert.deepEqual(
      out,
      OPS.map((_, i) => i === 2 || i === 9 ? "INCORRECT_SIGNATURE" : "accepted"),
    );
    const stats = service.verificationStats();
    assert.equal(stats.signatures, 12);
    assert.ok(stats.combinedChecks >= 1 && stats.singleChecks >= 1, JSON.stringify(stats));
    await until("aggregate", () => results.length === 1);
    const r = results[0] as AggregatedResponse<Vote>;
    assert.equal(r.signerOperatorIds.length, 10);
    assert.equal(verify(r.signersApkG2, voteDigest(yes), r.signersAggSigG1), true);
    // A duplicate is still refused, and a second task uses the same worker.
    assert.equal(
      await outcome(service.processNewSignature(1, yes, sigs[0], OPS[0].id)),
      "TASK_FINISHED",
    );
    service.initializeNewTask(task({ taskIndex: 2 }));
    const second = await Promise.all(
      OPS.map((o) => outcome(service.processNewSignature(2, yes, signVote(o, yes), o.id))),
    );
    assert.deepEqual(second, OPS.map(() => "accepted"));
  } finally {
    service.stop();
  }
});

Deno.test("verifyInWorker: stop() while batches are in the worker answers them as finished", async () => {
  const { service } = setup(OPS, { verifyInWorker: true });
  service.initializeNewTask(task());
  const pending = OPS.map((o) =>
    outcome(service.processNewSignature(1, yes, signVote(o, yes), o.id))
  );
  await new Promise((r) => setTimeout(r, 1)); // let the first batch reach the worker
  service.stop();
  const out = await Promise.all(pending);
  assert.ok(out.every((o) => o === "TASK_FINISHED" || o === "accepted"), out.join());
  assert.ok(out.includes("TASK_FINISHED"), out.join());
});

Deno.test("verifyInWorker: a full batch queues behind the one being verified; the rest follows together", async () => {
  // 110 operators, 100 sign at once: 32 go to the idle worker, the next 32 wait in its queue,
  // the remaining 36 leave together when the first batch is answered.
  const ops = Array.from({ length: 110 }, (_, i) => makeOp(i + 1, { 0: 10n }));
  const { service, results } = setup(ops, { verifyInWorker: true });
  try {
    service.initializeNewTask(task({ quorumThresholdPercentages: [95] }));
    const out = await Promise.all(
      ops.slice(0, 100).map((o) =>
        outcome(service.processNewSignature(1, yes, signVote(o, yes), o.id))
      ),
    );
    assert.deepEqual(out, new Array(100).fill("accepted"));
    assert.deepEqual(service.verificationStats(), {
      signatures: 100,
      batches: 3,
      combinedChecks: 3,
      singleChecks: 0,
    });
    assert.equal(results.length, 0, "95 % of 110 needs more than 100 signers");
  } finally {
    service.stop();
  }
});

Deno.test("onBatchVerified reports each batch (size, checks, thread); a throwing hook changes nothing", async () => {
  for (const verifyInWorker of [false, true]) {
    const reports: BatchReport[] = [];
    const { service } = setup(OPS, {
      verifyInWorker,
      batchWaitMs: 5,
      onBatchVerified: (r) => {
        reports.push(r);
        throw new Error("metrics exploded");
      },
    });
    try {
      service.initializeNewTask(task({ quorumThresholdPercentages: [100] }));
      const sigs = OPS.map((o) => signVote(o, yes));
      sigs[6] = signVote(OPS[6], no);
      const out = await Promise.all(
        OPS.map((o, i) => outcome(service.processNewSignature(1, yes, sigs[i], o.id))),
      );
      assert.deepEqual(out, OPS.map((_, i) => i === 6 ? "INCORRECT_SIGNATURE" : "accepted"));
      const stats = service.verificationStats();
      assert.equal(reports.length, stats.batches);
      assert.equal(reports.reduce((a, r) => a + r.size, 0), 12);
      assert.equal(reports.reduce((a, r) => a + r.combinedChecks, 0), stats.combinedChecks);
      assert.equal(reports.reduce((a, r) => a + r.singleChecks, 0), stats.singleChecks);
      assert.ok(stats.combinedChecks > reports.length, "the bad signature made a batch bisect");
      assert.ok(reports.every((r) => r.inWorker === verifyInWorker && r.seconds >= 0));
    } finally {
      service.stop();
    }
  }
});
