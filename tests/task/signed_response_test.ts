import { strict as assert } from "node:assert";
import {
  isRetryableRpcError,
  PROCESS_SIGNED_TASK_RESPONSE,
  processSignedTaskResponseRequest,
  signedTaskResponseFromWire,
  signedTaskResponseToWire,
} from "../../lib/task/signed_response.ts";

const sample = {
  taskResponse: { referenceTaskIndex: 5, numberSquared: 2n ** 200n },
  blsSignature: {
    X: 7926134832136282318561896451042374984489965925674521194255549259381336496956n,
    Y: 3n,
  },
  operatorId: "0xcf49e2dd68647b29c00309775a53e99fe797f5609630901b66fd2765011a87ad" as const,
};

Deno.test("signed response round-trips through JSON", () => {
  const wire = JSON.parse(JSON.stringify(signedTaskResponseToWire(sample)));
  assert.equal(wire.taskResponse.numberSquared, (2n ** 200n).toString());
  assert.equal(wire.blsSignature.Y, "0x" + "0".repeat(63) + "3");
  assert.deepEqual(signedTaskResponseFromWire(wire), sample);
  const req = processSignedTaskResponseRequest(1, sample);
  assert.equal(req.method, PROCESS_SIGNED_TASK_RESPONSE);
  assert.equal(req.method, "incsq_processSignedTaskResponse");
});

Deno.test("bad wire objects are rejected with the field named", () => {
  const wire = signedTaskResponseToWire(sample);
  const cases: [unknown, RegExp][] = [
    [{ ...wire, extra: 1 }, /unknown field\(s\) extra/],
    [{ ...wire, operatorId: "0x12" }, /operatorId/],
    [
      { ...wire, taskResponse: { referenceTaskIndex: -1, numberSquared: "1" } },
      /referenceTaskIndex/,
    ],
    [{ ...wire, taskResponse: { referenceTaskIndex: 1, numberSquared: 49 } }, /numberSquared/],
    [
      { ...wire, taskResponse: { referenceTaskIndex: 1, numberSquared: "9".repeat(78) } },
      /exceeds uint256/,
    ],
    [{ ...wire, blsSignature: { X: "12", Y: "0x1" } }, /blsSignature\.X/],
    [null, /invalid signed task response/],
  ];
  for (const [input, re] of cases) assert.throws(() => signedTaskResponseFromWire(input), re);
});

Deno.test("retryable errors: the initialisation race only", () => {
  assert.equal(isRetryableRpcError({ code: -32010 }), true);
  assert.equal(
    isRetryableRpcError({ message: "task 3 not initialized or already completed" }),
    true,
  );
  assert.equal(
    isRetryableRpcError({ code: -32012, message: "signature verification failed" }),
    false,
  );
});
