import { strict as assert } from "node:assert";
import { combineHealth, type Health, NodeApi } from "../../lib/nodeapi/mod.ts";

function setup() {
  const state: Record<string, Health | "throw" | "hang"> = {
    chain: "healthy",
    aggregator: "healthy",
  };
  const check = (id: string) => () => {
    const s = state[id];
    if (s === "throw") throw new Error("down");
    if (s === "hang") return new Promise<Health>(() => {});
    return s;
  };
  const api = new NodeApi({ nodeVersion: "1.2.3", checkTimeoutMs: 100 });
  api.registerService({
    id: "chain",
    name: "Chain RPC",
    description: "eth node",
    check: check("chain"),
  });
  api.registerService({
    id: "aggregator",
    name: "Aggregator",
    description: "aggregator RPC",
    check: check("aggregator"),
    critical: false,
  });
  return { api, app: api.app(), state };
}

async function status(app: ReturnType<NodeApi["app"]>, path: string): Promise<number> {
  const res = await app.request(path);
  await res.body?.cancel();
  return res.status;
}

Deno.test("GET /eigen/node returns the identity", async () => {
  const { app } = setup();
  const res = await app.request("/eigen/node");
  assert.equal(res.status, 200);
  assert.deepEqual(await res.json(), {
    node_name: "incredible-squaring",
    spec_version: "v0.0.1",
    node_version: "1.2.3",
  });
});

Deno.test("node health follows the checks: 200, 206, 503", async () => {
  const { app, state } = setup();
  assert.equal(await status(app, "/eigen/node/health"), 200);
  state.aggregator = "unhealthy"; // non-critical → partial
  assert.equal(await status(app, "/eigen/node/health"), 206);
  state.aggregator = "healthy";
  state.chain = "partially_healthy";
  assert.equal(await status(app, "/eigen/node/health"), 206);
  state.chain = "throw"; // critical and failing → unhealthy
  assert.equal(await status(app, "/eigen/node/health"), 503);
  state.chain = "hang"; // timeout counts as unhealthy
  assert.equal(await status(app, "/eigen/node/health"), 503);
  state.chain = "healthy";
  assert.equal(await status(app, "/eigen/node/health"), 200);
});

Deno.test("services list and per-service health, 404 for unknown ids", async () => {
  const { app, state } = setup();
  state.aggregator = "unhealthy";
  state.chain = "partially_healthy";
  const res = await app.request("/eigen/node/services");
  assert.equal(res.status, 200);
  assert.deepEqual(await res.json(), {
    services: [
      { id: "chain", name: "Chain RPC", description: "eth node", status: "Initializing" },
      { id: "aggregator", name: "Aggregator", description: "aggregator RPC", status: "Down" },
    ],
  });
  assert.equal(await status(app, "/eigen/node/services/chain/health"), 206);
  assert.equal(await status(app, "/eigen/node/services/aggregator/health"), 503);
  state.aggregator = "healthy";
  assert.equal(await status(app, "/eigen/node/services/aggregator/health"), 200);
  assert.equal(await status(app, "/eigen/node/services/nope/health"), 404);
  assert.equal(await status(app, "/eigen/node/services/chain"), 404);
});

Deno.test("version selector: v0.0.1 accepted, others 404 with message", async () => {
  const { app } = setup();
  assert.equal(await status(app, "/eigen/node?version=0.0.1"), 200);
  const res = await app.request("/eigen/node?version=0.0.2");
  assert.equal(res.status, 404);
  assert.deepEqual(await res.json(), { message: "API version not found" });
});

Deno.test("no services → healthy with an empty list; duplicate ids rejected", async () => {
  const api = new NodeApi();
  const app = api.app();
  assert.equal(await status(app, "/eigen/node/health"), 200);
  assert.deepEqual(await (await app.request("/eigen/node/services")).json(), { services: [] });
  api.registerService({ id: "a", name: "A", description: "", check: () => "healthy" });
  assert.throws(
    () => api.registerService({ id: "a", name: "A", description: "", check: () => "healthy" }),
    /already registered/,
  );
  assert.throws(
    () => api.registerService({ id: "a/b", name: "A", description: "", check: () => "healthy" }),
    /must match/,
  );
});

Deno.test("healthReport: one run of every check, node health as /eigen/node/health says", async () => {
  const { api, app, state } = setup();
  assert.deepEqual(await api.healthReport(), {
    node: "healthy",
    services: [{ id: "chain", health: "healthy" }, { id: "aggregator", health: "healthy" }],
  });
  state.aggregator = "throw";
  const partial = await api.healthReport();
  assert.equal(partial.node, "partially_healthy");
  assert.deepEqual(partial.services[1], { id: "aggregator", health: "unhealthy" });
  assert.equal(await status(app, "/eigen/node/health"), 206);
  // A lower timeout cuts a hanging check sooner; a higher one never extends the API's own.
  state.chain = "hang";
  let t0 = Date.now();
  assert.equal((await api.healthReport(10)).node, "unhealthy");
  assert.ok(Date.now() - t0 < 90, "the 10 ms bound was not applied");
  t0 = Date.now();
  assert.equal((await api.healthReport(60_000)).node, "unhealthy");
  assert.ok(Date.now() - t0 < 1_000, "the timeout grew past the API's 100 ms");
});

Deno.test("combineHealth: critical unhealthy → unhealthy, any other problem → partial", () => {
  const c = (health: Health, critical = true) => ({ health, critical });
  assert.equal(combineHealth([]), "healthy");
  assert.equal(combineHealth([c("healthy"), c("healthy", false)]), "healthy");
  assert.equal(combineHealth([c("healthy"), c("unhealthy", false)]), "partially_healthy");
  assert.equal(combineHealth([c("partially_healthy"), c("healthy")]), "partially_healthy");
  assert.equal(combineHealth([c("unhealthy"), c("healthy", false)]), "unhealthy");
});
