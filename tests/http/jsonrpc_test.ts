import assert from "node:assert/strict";
import { Hono } from "hono";
import { z } from "zod";
import { jsonRpcHandlers, RpcError, rpcMethod } from "../../lib/http/jsonrpc.ts";

function app(maxBodyBytes = 1024) {
  const calls: unknown[] = [];
  const a = new Hono();
  a.post(
    "/",
    ...jsonRpcHandlers({
      maxBodyBytes,
      methods: {
        echo: rpcMethod(z.object({ value: z.number() }), (p) => {
          calls.push(p);
          return { doubled: p.value * 2 };
        }),
        fail: {
          params: z.unknown(),
          handler: () => {
            throw new RpcError(4242, "nope", { why: "test" });
          },
        },
        boom: {
          params: z.unknown(),
          handler: () => {
            throw new Error("secret internals");
          },
        },
      },
    }),
  );
  return { a, calls };
}

async function post(a: Hono, body: string, contentType = "application/json") {
  const res = await a.request("/", {
    method: "POST",
    headers: { "content-type": contentType },
    body,
  });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : undefined };
}

Deno.test("jsonrpc: a valid call returns the result with the same id", async () => {
  const { a, calls } = app();
  const r = await post(
    a,
    JSON.stringify({ jsonrpc: "2.0", id: 7, method: "echo", params: { value: 21 } }),
  );
  assert.equal(r.status, 200);
  assert.deepEqual(r.json, { jsonrpc: "2.0", id: 7, result: { doubled: 42 } });
  assert.equal(calls.length, 1);
});

Deno.test("jsonrpc: malformed JSON is a -32700 parse error", async () => {
  const { a, calls } = app();
  const r = await post(a, '{"jsonrpc":"2.0",');
  assert.equal(r.json.error.code, -32700);
  assert.equal(r.json.id, null);
  assert.equal(calls.length, 0);
});

Deno.test("jsonrpc: wrong envelope is -32600, unknown method -32601", async () => {
  const { a } = app();
  for (
    const bad of [
      42,
      "x",
      null,
      { id: 1, method: "echo" },
      { jsonrpc: "1.0", id: 1, method: "echo" },
      { jsonrpc: "2.0", id: 1, method: 5 },
      { jsonrpc: "2.0", id: { x: 1 }, method: "echo" },
    ]
  ) {
    const r = await post(a, JSON.stringify(bad));
    assert.equal(r.json.error.code, -32600, JSON.stringify(bad));
  }
  const r = await post(a, JSON.stringify({ jsonrpc: "2.0", id: "a", method: "nope" }));
  assert.equal(r.json.error.code, -32601);
  assert.equal(r.json.id, "a");
  const proto = await post(a, JSON.stringify({ jsonrpc: "2.0", id: "a", method: "toString" }));
  assert.equal(proto.json.error.code, -32601);
});

Deno.test("jsonrpc: wrong param types give -32602 naming the field", async () => {
  const { a, calls } = app();
  const r = await post(
    a,
    JSON.stringify({ jsonrpc: "2.0", id: 1, method: "echo", params: { value: "x" } }),
  );
  assert.equal(r.json.error.code, -32602);
  assert.match(r.json.error.message, /params\.value/);
  assert.equal(calls.length, 0);
});

Deno.test("jsonrpc: handler errors map to their code; unexpected ones hide internals", async () => {
  const { a } = app();
  const r = await post(a, JSON.stringify({ jsonrpc: "2.0", id: 1, method: "fail" }));
  assert.deepEqual(r.json.error, { code: 4242, message: "nope", data: { why: "test" } });
  const b = await post(a, JSON.stringify({ jsonrpc: "2.0", id: 2, method: "boom" }));
  assert.equal(b.json.error.code, -32603);
  assert.doesNotMatch(b.json.error.message, /secret/);
});

Deno.test("jsonrpc: oversized bodies are refused with 413, wrong content-type with 415", async () => {
  const { a, calls } = app(100);
  const big = JSON.stringify({
    jsonrpc: "2.0",
    id: 1,
    method: "echo",
    params: { value: 1, pad: "x".repeat(500) },
  });
  const r = await post(a, big);
  assert.equal(r.status, 413);
  assert.equal(r.json.error.code, -32600);
  assert.match(r.json.error.message, /exceeds 100 bytes/);
  // Streamed body without a content-length is cut off as well.
  const stream = new ReadableStream<Uint8Array>({
    start(ctrl) {
      for (let i = 0; i < 10; i++) ctrl.enqueue(new TextEncoder().encode("x".repeat(50)));
      ctrl.close();
    },
  });
  const res = await a.request("/", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: stream,
  });
  assert.equal(res.status, 413);
  await res.body?.cancel();
  const t = await post(a, "{}", "text/plain");
  assert.equal(t.status, 415);
  assert.equal(calls.length, 0);
});

Deno.test("jsonrpc: batches are answered in order; notifications get no answer", async () => {
  const { a, calls } = app();
  const r = await post(
    a,
    JSON.stringify([
      { jsonrpc: "2.0", id: 1, method: "echo", params: { value: 1 } },
      { jsonrpc: "2.0", method: "echo", params: { value: 2 } },
      { jsonrpc: "2.0", id: 3, method: "nope" },
    ]),
  );
  assert.equal(r.json.length, 2);
  assert.equal(r.json[0].result.doubled, 2);
  assert.equal(r.json[1].error.code, -32601);
  assert.equal(calls.length, 2);
  const n = await post(a, JSON.stringify({ jsonrpc: "2.0", method: "echo", params: { value: 3 } }));
  assert.equal(n.status, 204);
  const empty = await post(a, "[]");
  assert.equal(empty.json.error.code, -32600);
});

Deno.test("jsonrpc: a method's fast check skips the schema; what it refuses the schema judges", async () => {
  const seen: unknown[] = [];
  let checked = 0;
  const a = new Hono();
  a.post(
    "/",
    ...jsonRpcHandlers({
      maxBodyBytes: 1024,
      methods: {
        echo: rpcMethod(
          z.object({ value: z.number() }),
          (p) => {
            seen.push(p);
            return p.value;
          },
          {
            accepts: (raw): raw is { value: number } => {
              checked++;
              return typeof raw === "object" && raw !== null &&
                Object.keys(raw).length === 1 && typeof (raw as { value: unknown }).value ===
                  "number";
            },
          },
        ),
      },
    }),
  );
  const ok = await post(
    a,
    JSON.stringify({ jsonrpc: "2.0", id: 1, method: "echo", params: { value: 3 } }),
  );
  assert.equal(ok.json.result, 3);
  // Refused by the fast check, accepted by the schema (it strips the unknown key).
  const slow = await post(
    a,
    JSON.stringify({ jsonrpc: "2.0", id: 2, method: "echo", params: { value: 4, more: 1 } }),
  );
  assert.equal(slow.json.result, 4);
  assert.deepEqual(seen, [{ value: 3 }, { value: 4 }]);
  // Refused by both: the schema's issue names the field.
  const bad = await post(
    a,
    JSON.stringify({ jsonrpc: "2.0", id: 3, method: "echo", params: { value: "x" } }),
  );
  assert.equal(bad.json.error.code, -32602);
  assert.match(bad.json.error.message, /params\.value/);
  assert.equal(checked, 3);
});

Deno.test("jsonrpc: the declared content-length decides the limit without reading the body", async () => {
  const { a, calls } = app(100);
  const body = JSON.stringify({ jsonrpc: "2.0", id: 1, method: "echo", params: { value: 1 } });
  const small = await a.request("/", {
    method: "POST",
    headers: { "content-type": "application/json", "content-length": String(body.length) },
    body,
  });
  assert.equal((await small.json()).result.doubled, 2);
  const big = JSON.stringify({ jsonrpc: "2.0", id: 1, method: "echo", params: { value: 1 } }) +
    " ".repeat(200);
  const r = await a.request("/", {
    method: "POST",
    headers: { "content-type": "application/json", "content-length": String(big.length) },
    body: big,
  });
  assert.equal(r.status, 413);
  assert.match((await r.json()).error.message, /exceeds 100 bytes/);
  assert.equal(calls.length, 1);
});

Deno.test("jsonrpc: a real server refuses an oversized declared length before the body", async () => {
  const { a } = app(100);
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, a.fetch);
  try {
    const res = await fetch(`http://127.0.0.1:${server.addr.port}/`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        jsonrpc: "2.0",
        id: 1,
        method: "echo",
        params: { pad: "x".repeat(500) },
      }),
    });
    assert.equal(res.status, 413);
    assert.equal((await res.json()).error.code, -32600);
  } finally {
    await server.shutdown();
  }
});
