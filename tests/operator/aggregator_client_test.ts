import { strict as assert } from "node:assert";
import { AggregatorClient, aggregatorUrl } from "../../lib/operator/aggregator_client.ts";
import {
  PROCESS_SIGNED_TASK_RESPONSE,
  signedTaskResponseFromWire,
} from "../../lib/task/signed_response.ts";

// A scripted JSON-RPC endpoint standing in for the aggregator's transport behaviour: each call
// answers with the next scripted reply and records what it received.
type Reply = { status?: number; body: unknown } | "close";
function scripted(replies: Reply[]) {
  const received: unknown[] = [];
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, async (req) => {
    received.push(await req.json());
    const r = replies.shift() ?? { body: { jsonrpc: "2.0", id: 0, result: true } };
    if (r === "close") return new Response("bad gateway", { status: 502 });
    return Response.json(r.body, { status: r.status ?? 200 });
  });
  return { url: `http://127.0.0.1:${server.addr.port}/`, received, close: () => server.shutdown() };
}

const signed = {
  taskResponse: { referenceTaskIndex: 3, numberSquared: 9n },
  blsSignature: { X: 1n, Y: 2n },
  operatorId: `0x${"ab".repeat(32)}` as const,
};
const err = (code: number, message: string) => ({
  body: { jsonrpc: "2.0", id: 1, error: { code, message } },
});
const ok = { body: { jsonrpc: "2.0", id: 1, result: true } };

Deno.test("retries the not-initialized race and 5xx, then succeeds", async () => {
  const s = scripted([err(-32010, "task 3 not initialized or already completed"), "close", ok]);
  const retries: number[] = [];
  try {
    const c = new AggregatorClient(s.url, {
      initialBackoffMs: 10,
      onRetry: ({ delayMs }) => retries.push(delayMs),
    });
    assert.deepEqual(await c.send(signed), { status: "accepted", attempts: 3 });
    assert.deepEqual(retries, [10, 20]); // exponential back-off
    const first = s.received[0] as { method: string; params: unknown[] };
    assert.equal(first.method, PROCESS_SIGNED_TASK_RESPONSE);
    assert.deepEqual(signedTaskResponseFromWire(first.params[0]), signed);
  } finally {
    await s.close();
  }
});

Deno.test("a definitive rejection is not retried", async () => {
  const s = scripted([err(-32012, "signature verification failed. incorrect signature")]);
  try {
    const c = new AggregatorClient(s.url, { initialBackoffMs: 10 });
    const out = await c.send(signed);
    assert.equal(out.status, "rejected");
    assert.equal(s.received.length, 1);
    if (out.status === "rejected") assert.match(out.message, /incorrect signature/);
  } finally {
    await s.close();
  }
});

Deno.test("a late signature (task already finished) is its own outcome, not retried", async () => {
  const s = scripted([err(-32015, "task 3 already completed")]);
  try {
    const out = await new AggregatorClient(s.url, { initialBackoffMs: 10 }).send(signed);
    assert.deepEqual(out, { status: "late", attempts: 1, message: "task 3 already completed" });
    assert.equal(s.received.length, 1);
  } finally {
    await s.close();
  }
});

Deno.test("gives up after max attempts; unreachable aggregator is dropped, ping false", async () => {
  const s = scripted(Array(10).fill(err(-32010, "task 3 not initialized or already completed")));
  try {
    const c = new AggregatorClient(s.url, { maxAttempts: 3, initialBackoffMs: 5 });
    const out = await c.send(signed);
    assert.equal(out.status, "dropped");
    assert.equal(s.received.length, 3);
    assert.equal(await c.ping(), true);
  } finally {
    await s.close();
  }
  const dead = new AggregatorClient("http://127.0.0.1:1/", { maxAttempts: 2, initialBackoffMs: 5 });
  const out = await dead.send(signed);
  assert.equal(out.status, "dropped");
  assert.equal(await dead.ping(), false);
});

Deno.test("abort stops the retries", async () => {
  const s = scripted(Array(10).fill(err(-32010, "not initialized or already completed")));
  try {
    const c = new AggregatorClient(s.url, { maxAttempts: 10, initialBackoffMs: 10_000 });
    const ac = new AbortController();
    const p = c.send(signed, ac.signal);
    setTimeout(() => ac.abort(), 100);
    const out = await p;
    assert.equal(out.status, "dropped");
    assert.ok(s.received.length < 3);
  } finally {
    await s.close();
  }
});

Deno.test("aggregatorUrl", () => {
  assert.equal(aggregatorUrl("localhost:8090"), "http://localhost:8090/");
  assert.equal(aggregatorUrl("http://agg:8090/rpc"), "http://agg:8090/rpc");
});
