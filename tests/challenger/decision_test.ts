/**
 * The challenger's rules as pure functions: when to accept, challenge a wrong answer, challenge
 * a missing response, give up, forget a task, and finalise a freeze request.
 */
import assert from "node:assert/strict";
import { decideTask, isForgettable, isFreezeDue } from "../../lib/challenger/decision.ts";
import type { FreezeRecord, TaskRecord, Windows } from "../../lib/challenger/types.ts";
import { WRONG_ANSWER } from "../../lib/task/mod.ts";

const windows: Windows = { response: 30n, challenge: 100n };
const MAX = 3;

function task(createdBlock: number, answer?: { value: bigint; at: number }): TaskRecord {
  return {
    task: {
      numberToBeSquared: 7n,
      taskCreatedBlock: createdBlock,
      quorumNumbers: "0x00",
      quorumThresholdPercentage: 100,
    },
    response: answer && {
      response: { referenceTaskIndex: 0, numberSquared: answer.value },
      metadata: { taskRespondedBlock: answer.at, hashOfNonSigners: `0x${"00".repeat(32)}` },
      txHash: `0x${"11".repeat(32)}`,
    },
    challenged: false,
    attempts: 0,
    busy: false,
  };
}

Deno.test("decision: a correct answer is accepted whatever the head", () => {
  for (const head of [11n, 500n, 10_000n]) {
    assert.deepEqual(decideTask(task(10, { value: 49n, at: 11 }), head, windows, MAX), {
      action: "accept",
    });
  }
});

Deno.test("decision: a wrong answer is challenged until the last block of its window", () => {
  const rec = task(10, { value: WRONG_ANSWER, at: 20 });
  // The challenge lands at head + 1; the window ends at respondedBlock + challenge = 120.
  assert.equal(decideTask(rec, 21n, windows, MAX).action, "challenge_wrong_answer");
  assert.equal(decideTask(rec, 119n, windows, MAX).action, "challenge_wrong_answer");
  assert.equal(decideTask(rec, 120n, windows, MAX).action, "too_late_wrong_answer");
});

Deno.test("decision: a missing response is challenged only after the response window", () => {
  const rec = task(10);
  // Response window ends at 40: a challenge landing in block 40 would be too early.
  assert.equal(decideTask(rec, 38n, windows, MAX).action, "wait");
  assert.equal(decideTask(rec, 39n, windows, MAX).action, "wait");
  assert.equal(decideTask(rec, 40n, windows, MAX).action, "challenge_no_response");
  // …and no later than the end of the challenge window (40 + 100).
  assert.equal(decideTask(rec, 139n, windows, MAX).action, "challenge_no_response");
  assert.equal(decideTask(rec, 140n, windows, MAX).action, "too_late_no_response");
});

Deno.test("decision: busy, settled or exhausted tasks wait", () => {
  const wrong = () => task(10, { value: WRONG_ANSWER, at: 20 });
  assert.equal(decideTask({ ...wrong(), busy: true }, 50n, windows, MAX).action, "wait");
  assert.equal(decideTask({ ...wrong(), challenged: true }, 50n, windows, MAX).action, "wait");
  assert.equal(decideTask({ ...wrong(), attempts: MAX }, 50n, windows, MAX).action, "wait");
  assert.equal(
    decideTask({ ...wrong(), attempts: MAX - 1 }, 50n, windows, MAX).action,
    "challenge_wrong_answer",
  );
});

Deno.test("decision: only settled tasks past every window are forgotten", () => {
  const settled = { ...task(10), challenged: true };
  assert.equal(isForgettable(settled, 10n + 30n + 200n, windows), false);
  assert.equal(isForgettable(settled, 10n + 30n + 201n, windows), true);
  assert.equal(isForgettable(task(10), 10_000n, windows), false);
});

Deno.test("decision: a freeze request is finalised after its veto deadline, not at it", () => {
  const rec: FreezeRecord = {
    operator: "0x0000000000000000000000000000000000000001",
    taskIndex: 0,
    deadline: 50n,
    attempts: 0,
    busy: false,
  };
  assert.equal(isFreezeDue(rec, 48n, MAX), false);
  assert.equal(isFreezeDue(rec, 49n, MAX), false); // would land in block 50, still vetoable
  assert.equal(isFreezeDue(rec, 50n, MAX), true);
  assert.equal(isFreezeDue({ ...rec, busy: true }, 60n, MAX), false);
  assert.equal(isFreezeDue({ ...rec, attempts: MAX }, 60n, MAX), false);
});
