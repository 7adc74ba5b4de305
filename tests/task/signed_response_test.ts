import { strict as assert } from "node:assert";
import {
  isRetryableRpcError,
  isSignedTaskResponseWire,
  PROCESS_SIGNED_TASK_RESPONSE,
  processSignedTaskResponseRequest,
  signedTaskResponseFromWire,
  signedTaskResponseToWire,
  signedTaskResponseWireSchema,
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

Deno.test("the hand-written check accepts exactly what the schema accepts", () => {
  const wire = JSON.parse(JSON.stringify(signedTaskResponseToWire(sample)));
  const r = wire.taskResponse;
  const s = wire.blsSignature;
  const variants: unknown[] = [
    wire,
    { ...wire, taskResponse: { ...r, referenceTaskIndex: 0 } },
    { ...wire, taskResponse: { ...r, referenceTaskIndex: 0xffffffff } },
    { ...wire, taskResponse: { ...r, numberSquared: "0" } },
    { ...wire, taskResponse: { ...r, numberSquared: "9".repeat(78) } },
    { ...wire, blsSignature: { X: "0x1", Y: "0xABCDEF" } },
    { ...wire, operatorId: wire.operatorId.toUpperCase().replace("0X", "0x") },
    // Rejected by both:
    { ...wire, extra: 1 },
    { taskResponse: r, blsSignature: s },
    { ...wire, taskResponse: { ...r, referenceTaskIndex: 0x100000000 } },
    { ...wire, taskResponse: { ...r, referenceTaskIndex: -1 } },
    { ...wire, taskResponse: { ...r, referenceTaskIndex: 1.5 } },
    { ...wire, taskResponse: { ...r, referenceTaskIndex: "1" } },
    { ...wire, taskResponse: { ...r, referenceTaskIndex: Number.NaN } },
    { ...wire, taskResponse: { ...r, numberSquared: "9".repeat(79) } },
    { ...wire, taskResponse: { ...r, numberSquared: "" } },
    { ...wire, taskResponse: { ...r, numberSquared: "-1" } },
    { ...wire, taskResponse: { ...r, numberSquared: " 1" } },
    { ...wire, taskResponse: { ...r, numberSquared: 49 } },
    { ...wire, taskResponse: { ...r, extra: true } },
    { ...wire, taskResponse: { referenceTaskIndex: 1 } },
    { ...wire, taskResponse: [1, "2"] },
    { ...wire, blsSignature: { X: "0x", Y: "0x1" } },
    { ...wire, blsSignature: { X: "1", Y: "0x1" } },
    { ...wire, blsSignature: { X: `0x${"1".repeat(65)}`, Y: "0x1" } },
    { ...wire, blsSignature: { X: "0xg", Y: "0x1" } },
    { ...wire, blsSignature: { X: "0x1\n", Y: "0x1" } },
    { ...wire, blsSignature: { X: "0x1", Y: 1 } },
    { ...wire, blsSignature: { ...s, Z: "0x1" } },
    { ...wire, blsSignature: null },
    { ...wire, operatorId: "0x12" },
    { ...wire, operatorId: `0X${"ab".repeat(32)}` },
    { ...wire, operatorId: `0x${"ab".repeat(32)}0` },
    JSON.parse(
      `{"taskResponse":${JSON.stringify(r)},"blsSignature":${
        JSON.stringify(s)
      },"operatorId":"${wire.operatorId}","__proto__":{}}`,
    ),
    Object.assign(Object.create({ inherited: 1 }), wire),
    null,
    [],
    "x",
    42,
  ];
  let fast = 0;
  for (const v of variants) {
    const schema = signedTaskResponseWireSchema.safeParse(v).success;
    // The fast check never accepts what the schema refuses; what it leaves to the schema is
    // decided there (same answer, same messages).
    if (isSignedTaskResponseWire(v)) {
      fast++;
      assert.equal(schema, true, JSON.stringify(v));
    }
    let decoded = true;
    try {
      signedTaskResponseFromWire(v);
    } catch {
      decoded = false;
    }
    const inRange = !(schema && (v as typeof wire).taskResponse.numberSquared.length === 78 &&
      BigInt((v as typeof wire).taskResponse.numberSquared) >= 2n ** 256n);
    assert.equal(decoded, schema && inRange, JSON.stringify(v));
  }
  // Every plain well-formed variant took the fast path (the first seven).
  assert.equal(fast, 7);
});

Deno.test("a bad field found by the schema is named the same way as before", () => {
  const wire = signedTaskResponseToWire(sample);
  assert.throws(
    () =>
      signedTaskResponseFromWire({
        ...wire,
        taskResponse: { referenceTaskIndex: "0", numberSquared: 49 },
      }),
    /taskResponse\.referenceTaskIndex: .*; taskResponse\.numberSquared: /,
  );
});
