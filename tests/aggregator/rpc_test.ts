/**
 * The aggregator's JSON-RPC app in process (no chain): the hot path accepts a well-formed
 * signature, bad params still get the schema's message naming every bad field, and a signature
 * that cannot be stored is answered with an internal error, never "accepted".
 */
import assert from "node:assert/strict";
import { g1PublicKey, g2PublicKey, operatorId, sign } from "../../lib/bls/mod.ts";
import { BlsAggregationService, InMemoryAvsStateReader } from "../../lib/aggregation/mod.ts";
import { type TaskResponse, taskResponseDigest } from "../../lib/task/mod.ts";
import {
  processSignedTaskResponseRequest,
  signedTaskResponseToWire,
} from "../../lib/task/signed_response.ts";
import { aggregatorRpcApp } from "../../lib/aggregator/rpc.ts";

const sks = [11n, 22n, 33n];
const ops = sks.map((sk) => ({ sk, id: operatorId(g1PublicKey(sk)) }));

function setup(persist: () => void) {
  const service = new BlsAggregationService<TaskResponse>({
    reader: new InMemoryAvsStateReader(sks.map((sk, i) => ({
      operatorAddress: `0x${(i + 1).toString(16).padStart(40, "0")}`,
      pubkeyG1: g1PublicKey(sk),
      pubkeyG2: g2PublicKey(sk),
      stakePerQuorum: { 0: 100n },
    }))),
    hashResponse: taskResponseDigest,
    persistAccepted: persist,
  });
  service.initializeNewTask({
    taskIndex: 4,
    taskCreatedBlock: 1,
    quorumNumbers: [0],
    quorumThresholdPercentages: [100],
    expiryBlocks: 100,
  });
  const accepted: string[] = [];
  const internal: unknown[] = [];
  const app = aggregatorRpcApp({
    service,
    maxBodyBytes: 4096,
    onAccepted: (a) => accepted.push(a.operatorId),
    onInternalError: (_m, err) => internal.push(err),
  });
  const call = async (body: unknown) => {
    const res = await app.request("/", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    return await res.json();
  };
  return { service, accepted, internal, call };
}

const response: TaskResponse = { referenceTaskIndex: 4, numberSquared: 16n };
const signed = (i: number) =>
  processSignedTaskResponseRequest(i, {
    taskResponse: response,
    blsSignature: sign(ops[i].sk, taskResponseDigest(response)),
    operatorId: ops[i].id,
  });

Deno.test("rpc: a well-formed signature is accepted; bad params name every bad field", async () => {
  const { service, accepted, call } = setup(() => {});
  try {
    assert.deepEqual(await call(signed(0)), { jsonrpc: "2.0", id: 0, result: true });
    assert.deepEqual(accepted, [ops[0].id]);
    const wire = signedTaskResponseToWire({
      taskResponse: response,
      blsSignature: sign(ops[1].sk, taskResponseDigest(response)),
      operatorId: ops[1].id,
    });
    const bad = await call({
      jsonrpc: "2.0",
      id: 9,
      method: "incsq_processSignedTaskResponse",
      params: [{ ...wire, taskResponse: { referenceTaskIndex: "4", numberSquared: 16 } }],
    });
    assert.equal(bad.error.code, -32602);
    assert.match(bad.error.message, /params\.0\.taskResponse\.referenceTaskIndex/);
    assert.match(bad.error.message, /params\.0\.taskResponse\.numberSquared/);
    const huge = await call({
      ...signed(1),
      params: [{ ...wire, taskResponse: { referenceTaskIndex: 4, numberSquared: "9".repeat(78) } }],
    });
    assert.equal(huge.error.code, -32602);
    assert.match(huge.error.message, /taskResponse\.numberSquared: exceeds uint256/);
    const two = await call({ ...signed(1), params: [wire, wire] });
    assert.equal(two.error.code, -32602);
    const extra = await call({ ...signed(1), params: [{ ...wire, evil: 1 }] });
    assert.equal(extra.error.code, -32602);
    assert.match(extra.error.message, /evil/);
    assert.deepEqual(accepted, [ops[0].id]);
  } finally {
    service.stop();
  }
});

Deno.test("rpc: a signature that cannot be stored is an internal error, not accepted", async () => {
  const { service, accepted, internal, call } = setup(() => {
    throw new Error("database is locked");
  });
  try {
    const r = await call(signed(2));
    assert.deepEqual(r.error, { code: -32603, message: "internal error" });
    assert.deepEqual(accepted, []);
    assert.equal(internal.length, 1);
    assert.match(String(internal[0]), /database is locked/);
  } finally {
    service.stop();
  }
});
