import { strict as assert } from "node:assert";
import { g1PublicKey, g2PublicKey, operatorId, verify } from "../../lib/bls/mod.ts";
import { taskResponseDigest, WRONG_ANSWER } from "../../lib/task/mod.ts";
import { answerTask, respondToTask, signTaskResponse } from "../../lib/operator/responder.ts";

Deno.test("answerTask squares exactly, and fails on purpose at the configured rate", () => {
  assert.deepEqual(answerTask(3n, 0), { numberSquared: 9n, wrong: false });
  const big = 2n ** 128n + 1n;
  assert.equal(answerTask(big, 0).numberSquared, big * big);
  assert.deepEqual(answerTask(3n, 100), { numberSquared: WRONG_ANSWER, wrong: true });
  assert.deepEqual(answerTask(3n, 10, () => 0.05), { numberSquared: WRONG_ANSWER, wrong: true });
  assert.deepEqual(answerTask(3n, 10, () => 0.2), { numberSquared: 9n, wrong: false });
});

Deno.test("signTaskResponse matches the upstream vector for sk = 69", () => {
  const sk = 69n;
  const id = operatorId(g1PublicKey(sk));
  assert.equal(id, "0xcf49e2dd68647b29c00309775a53e99fe797f5609630901b66fd2765011a87ad");
  const signed = signTaskResponse(sk, id, { referenceTaskIndex: 1, numberSquared: 9n });
  assert.equal(
    signed.blsSignature.X,
    7926134832136282318561896451042374984489965925674521194255549259381336496956n,
  );
  assert.equal(
    signed.blsSignature.Y,
    15243507701692917330954619280683582177901049846125926696838777109165913318327n,
  );
  assert.ok(verify(g2PublicKey(sk), taskResponseDigest(signed.taskResponse), signed.blsSignature));
});

Deno.test("respondToTask signs what it answers", () => {
  const sk = 12345n;
  const id = operatorId(g1PublicKey(sk));
  const task = {
    numberToBeSquared: 7n,
    taskCreatedBlock: 10,
    quorumNumbers: "0x00" as const,
    quorumThresholdPercentage: 100,
  };
  const { signed, answer } = respondToTask(sk, id, 4, task, 0);
  assert.equal(answer.numberSquared, 49n);
  assert.deepEqual(signed.taskResponse, { referenceTaskIndex: 4, numberSquared: 49n });
  assert.ok(verify(g2PublicKey(sk), taskResponseDigest(signed.taskResponse), signed.blsSignature));
  assert.ok(
    !verify(
      g2PublicKey(sk),
      taskResponseDigest({ referenceTaskIndex: 4, numberSquared: 50n }),
      signed.blsSignature,
    ),
  );
});
