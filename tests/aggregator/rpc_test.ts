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
  // `fast`: with a declared length, as a real client sends it, the request takes the fast path;
  // without one it goes through Hono's routed handlers.
  const call = async (body: unknown, fast = true) => {
    const text = JSON.stringify(body);
    const headers: Record<string, string> = { "content-type": "application/json" };
    if (fast) headers["content-length"] = String(new TextEncoder().encode(text).length);
    const res = await app.request(fast ? "/rpc?x=1" : "/", { method: "POST", headers, body: text });
    assert.equal(res.headers.get("content-type"), "application/json");
    return await res.json();
  };
  /** A call without effects, made both ways: the answers must be the same. */
  const both = async (body: unknown) => {
    const routed = await call(body, false);
    assert.deepEqual(await call(body, true), routed);
    return routed;
  };
  return { service, app, accepted, internal, call, both };
}

const response: TaskResponse = { referenceTaskIndex: 4, numberSquared: 16n };
const signed = (i: number) =>
  processSignedTaskResponseRequest(i, {
    taskResponse: response,
    blsSignature: sign(ops[i].sk, taskResponseDigest(response)),
    operatorId: ops[i].id,
  });

Deno.test("rpc: a well-formed signature is accepted; bad params name every bad field", async () => {
  const { service, accepted, call, both } = setup(() => {});
  try {
    assert.deepEqual(await call(signed(0)), { jsonrpc: "2.0", id: 0, result: true });
    assert.deepEqual(accepted, [ops[0].id]);
    const wire = signedTaskResponseToWire({
      taskResponse: response,
      blsSignature: sign(ops[1].sk, taskResponseDigest(response)),
      operatorId: ops[1].id,
    });
    const bad = await both({
      jsonrpc: "2.0",
      id: 9,
      method: "incsq_processSignedTaskResponse",
      params: [{ ...wire, taskResponse: { referenceTaskIndex: "4", numberSquared: 16 } }],
    });
    assert.equal(bad.error.code, -32602);
    assert.match(bad.error.message, /params\.0\.taskResponse\.referenceTaskIndex/);
    assert.match(bad.error.message, /params\.0\.taskResponse\.numberSquared/);
    const huge = await both({
      ...signed(1),
      params: [{ ...wire, taskResponse: { referenceTaskIndex: 4, numberSquared: "9".repeat(78) } }],
    });
    assert.equal(huge.error.code, -32602);
    assert.match(huge.error.message, /taskResponse\.numberSquared: exceeds uint256/);
    const two = await both({ ...signed(1), params: [wire, wire] });
    assert.equal(two.error.code, -32602);
    const extra = await both({ ...signed(1), params: [{ ...wire, evil: 1 }] });
    assert.equal(extra.error.code, -32602);
    assert.match(extra.error.message, /evil/);
    // Accepted through the routed handlers too; a duplicate is refused either way.
    assert.deepEqual(await call(signed(1), false), { jsonrpc: "2.0", id: 1, result: true });
    assert.equal((await both(signed(1))).error.code, -32013);
    assert.deepEqual(accepted, [ops[0].id, ops[1].id]);
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
    const routed = await call(signed(1), false);
    assert.deepEqual(routed.error, { code: -32603, message: "internal error" });
    assert.deepEqual(accepted, []);
    assert.equal(internal.length, 2);
    assert.match(String(internal[0]), /database is locked/);
  } finally {
    service.stop();
  }
});

Deno.test("rpc: the fast path leaves every other request to the routed handlers", async () => {
  const { service, app, call } = setup(() => {});
  try {
    const small = aggregatorRpcApp({ service, maxBodyBytes: 100 });
    const body = JSON.stringify(signed(0));
    const post = (path: string, headers: Record<string, string>) =>
      small.request(path, { method: "POST", headers, body });
    const len = String(body.length);
    // Too long for the limit: 413 from the declared length.
    const big = await post("/", { "content-type": "application/json", "content-length": len });
    assert.equal(big.status, 413);
    assert.match((await big.json()).error.message, /exceeds 100 bytes/);
    // Wrong content type, unknown path, other verb: the routed answers.
    const text = await post("/", { "content-type": "text/plain", "content-length": len });
    assert.equal(text.status, 415);
    const nowhere = await post("/x", { "content-type": "application/json", "content-length": len });
    assert.equal(nowhere.status, 404);
    assert.equal((await small.request("/", { method: "GET" })).status, 405);
    // Malformed JSON and a notification through the fast path.
    const bad = await small.request("/", {
      method: "POST",
      headers: { "content-type": "application/json", "content-length": "5" },
      body: "{nope",
    });
    assert.equal((await bad.json()).error.code, -32700);
    // A notification (no id) gets no body, the same both ways.
    const note = JSON.stringify({ ...signed(1), id: undefined });
    for (const h of [{}, { "content-length": String(note.length) }] as Record<string, string>[]) {
      const r = await app.request("/", {
        method: "POST",
        headers: { "content-type": "application/json", ...h },
        body: note,
      });
      assert.equal(r.status, 204);
    }
    assert.equal((await call(signed(1))).error.code, -32013); // the notification was taken
  } finally {
    service.stop();
  }
});
