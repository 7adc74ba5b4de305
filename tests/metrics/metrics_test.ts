import { strict as assert } from "node:assert";
import {
  AGGREGATOR,
  ALL_METRIC_NAMES,
  CHALLENGER,
  createRegistry,
  EIGEN,
  OPERATOR,
  registerAggregatorMetrics,
  registerChallengerMetrics,
  registerChallengerSlashingMetrics,
  registerEigenMetrics,
  registerFollowerMetrics,
  registerNodeHealthMetrics,
  registerOperatorMetrics,
  registerOperatorSlashingMetrics,
  registerStakeUpdaterMetrics,
  RpcMetrics,
  serveMetrics,
} from "../../lib/metrics/mod.ts";
import { type Health, NodeApi } from "../../lib/nodeapi/mod.ts";

Deno.test("metric names are unique, prefixed and valid Prometheus names", () => {
  assert.equal(new Set(ALL_METRIC_NAMES).size, ALL_METRIC_NAMES.length);
  for (const n of ALL_METRIC_NAMES) {
    assert.match(n, /^(eigen|incsq)_[a-z0-9_]+$/);
  }
  assert.equal(OPERATOR.tasksReceived, "incsq_num_tasks_received");
  assert.equal(
    OPERATOR.responsesAcceptedByAggregator,
    "incsq_num_signed_task_responses_accepted_by_aggregator",
  );
});

Deno.test("every named metric is registered by some factory, and nothing else is", async () => {
  const reg = createRegistry("test");
  registerEigenMetrics(reg, {
    registeredStakes: () => Promise.resolve([{ quorumNumber: 0, stake: 1000n }]),
    slashed: () => Promise.resolve(false),
  });
  new RpcMetrics(reg);
  registerFollowerMetrics(reg);
  registerOperatorMetrics(reg);
  registerAggregatorMetrics(reg);
  registerChallengerMetrics(reg);
  registerStakeUpdaterMetrics(reg);
  registerOperatorSlashingMetrics(reg, {
    allocations: () => Promise.resolve([]),
    pendingRequests: () => Promise.resolve(0),
  });
  registerChallengerSlashingMetrics(reg);
  registerNodeHealthMetrics(reg, () => new NodeApi().healthReport());
  const registered = (await reg.getMetricsAsJSON()).map((m) => m.name).sort();
  assert.deepEqual(registered, [...ALL_METRIC_NAMES].sort());
});

Deno.test("exposition: eigen metrics with labels, scrape-time stakes, RPC histogram", async () => {
  const reg = createRegistry("operator");
  let stake = 1000n;
  let frozen = false;
  const eigen = registerEigenMetrics(reg, {
    registeredStakes: () => Promise.resolve([{ quorumNumber: 0, stake }]),
    slashed: () => Promise.resolve(frozen),
  });
  const rpc = new RpcMetrics(reg);
  rpc.clientVersion = "anvil/v1.7.1";
  rpc.observe("eth_call", 0.02, true);
  rpc.observe("eth_call", 0.5, false);
  const op = registerOperatorMetrics(reg);
  op.tasksReceived.inc();
  const agg = registerAggregatorMetrics(reg);
  agg.signaturesAccepted.inc({ operator_id: "0xab" });
  agg.verificationBatchSize.observe(32);
  agg.verificationBatchSeconds.observe({ thread: "worker" }, 0.003);
  agg.verificationChecks.inc({ kind: "combined" });

  let text = await reg.metrics();
  assert.match(text, /^eigen_performance_score\{avs_name="incredible-squaring"\} 100$/m);
  assert.match(
    text,
    /^eigen_registered_stakes\{avs_name="incredible-squaring",quorum_number="0",quorum_name="quorum0"\} 1000$/m,
  );
  assert.match(text, /^eigen_slashing_status\{avs_name="incredible-squaring"\} 0$/m);
  assert.match(
    text,
    /^eigen_rpc_request_total\{avs_name="incredible-squaring",method="eth_call",client_version="anvil\/v1.7.1"\} 2$/m,
  );
  // Only the successful call is timed.
  assert.match(
    text,
    /^eigen_rpc_request_duration_seconds_count\{[^}]*method="eth_call"[^}]*\} 1$/m,
  );
  assert.match(text, /^# TYPE eigen_rpc_request_duration_seconds histogram$/m);
  assert.match(text, /^incsq_num_tasks_received 1$/m);
  assert.match(
    text,
    new RegExp(`^${AGGREGATOR.signaturesAccepted}\\{operator_id="0xab"\\} 1$`, "m"),
  );
  assert.match(
    text,
    new RegExp(`^${AGGREGATOR.verificationBatchSize}_bucket\\{le="32"\\} 1$`, "m"),
  );
  assert.match(
    text,
    new RegExp(`^${AGGREGATOR.verificationBatchSize}_bucket\\{le="16"\\} 0$`, "m"),
  );
  assert.match(
    text,
    new RegExp(`^${AGGREGATOR.verificationBatchSeconds}_count\\{thread="worker"\\} 1$`, "m"),
  );
  assert.match(text, new RegExp(`^${AGGREGATOR.verificationChecks}\\{kind="combined"\\} 1$`, "m"));
  assert.match(
    text,
    /^incsq_build_info\{component="operator",version="[^"]+",avs_name="incredible-squaring"\} 1$/m,
  );
  assert.doesNotMatch(text, /^eigen_fees_earned_total\{/m); // no series until used
  eigen.feesEarned.inc({ avs_name: "incredible-squaring", token: "ETH" }, 2);

  stake = 5000n;
  frozen = true;
  text = await reg.metrics();
  assert.match(text, /^eigen_registered_stakes\{[^}]*\} 5000$/m);
  assert.match(text, /^eigen_slashing_status\{[^}]*\} 1$/m);
  assert.match(text, /^eigen_fees_earned_total\{avs_name="incredible-squaring",token="ETH"\} 2$/m);
  assert.ok(!text.includes("process_cpu")); // dedicated registry, no default collectors
  void CHALLENGER;
});

Deno.test("a failing stake source drops the series instead of failing the scrape", async () => {
  const reg = createRegistry("operator");
  registerEigenMetrics(reg, { registeredStakes: () => Promise.reject(new Error("rpc down")) });
  const text = await reg.metrics();
  assert.doesNotMatch(text, /^eigen_registered_stakes\{/m);
  assert.match(text, /^eigen_performance_score/m);
});

Deno.test("/metrics is served over HTTP", async () => {
  const reg = createRegistry("operator");
  registerOperatorMetrics(reg).tasksReceived.inc(3);
  const server = await serveMetrics(reg, "127.0.0.1:0");
  try {
    const res = await fetch(`http://127.0.0.1:${server.port}/metrics`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get("content-type") ?? "", /text\/plain/);
    assert.match(await res.text(), /^incsq_num_tasks_received 3$/m);
    const missing = await fetch(`http://127.0.0.1:${server.port}/nope`);
    assert.equal(missing.status, 404);
    await missing.body?.cancel();
  } finally {
    await server.shutdown();
  }
  void EIGEN;
});

Deno.test("a busy port is a clear error naming the address", async () => {
  const reg = createRegistry("operator");
  const first = await serveMetrics(reg, "127.0.0.1:0");
  try {
    await assert.rejects(
      serveMetrics(reg, `127.0.0.1:${first.port}`),
      new RegExp(`cannot listen on 127\\.0\\.0\\.1:${first.port} for metrics`),
    );
  } finally {
    await first.shutdown();
  }
});

/** A node API whose checks read `state` (and count how often they ran). */
function nodeApiWith(state: Record<string, Health | "hang">, critical: Record<string, boolean>) {
  const runs: Record<string, number> = {};
  const api = new NodeApi({ checkTimeoutMs: 5_000 });
  for (const id of Object.keys(state)) {
    runs[id] = 0;
    api.registerService({
      id,
      name: id,
      description: id,
      critical: critical[id] ?? true,
      check: () => {
        runs[id]++;
        const s = state[id];
        return s === "hang" ? new Promise<Health>(() => {}) : s;
      },
    });
  }
  return { api, runs };
}

Deno.test("node health gauges follow the node API checks: 2 / 1 / 0, per service and overall", async () => {
  const state: Record<string, Health | "hang"> = { chain: "healthy", aggregator: "healthy" };
  const { api, runs } = nodeApiWith(state, { aggregator: false });
  const reg = createRegistry("operator");
  registerNodeHealthMetrics(reg, (t) => api.healthReport(t), { cacheMs: 0, timeoutMs: 50 });

  let text = await reg.metrics();
  assert.match(text, /^incsq_node_health 2$/m);
  assert.match(text, /^incsq_node_service_health\{service="chain"\} 2$/m);
  assert.match(text, /^incsq_node_service_health\{service="aggregator"\} 2$/m);
  // One scrape runs each check once, although two gauge families read the result.
  assert.deepEqual(runs, { chain: 1, aggregator: 1 });

  state.aggregator = "unhealthy"; // non-critical: the node is partially healthy
  text = await reg.metrics();
  assert.match(text, /^incsq_node_health 1$/m);
  assert.match(text, /^incsq_node_service_health\{service="aggregator"\} 0$/m);
  assert.equal(await api.nodeHealth(), "partially_healthy"); // same answer as /eigen/node/health

  state.aggregator = "healthy";
  state.chain = "hang"; // a slow check is cut at the scrape timeout and counts as unhealthy
  const started = Date.now();
  text = await reg.metrics();
  assert.ok(Date.now() - started < 2_000, "the scrape waited for the hanging check");
  assert.match(text, /^incsq_node_health 0$/m);
  assert.match(text, /^incsq_node_service_health\{service="chain"\} 0$/m);
  assert.match(text, /^incsq_node_service_health\{service="aggregator"\} 2$/m);
});

Deno.test("node health: scrapes within cacheMs share one run of the checks", async () => {
  const state: Record<string, Health | "hang"> = { chain: "healthy" };
  const { api, runs } = nodeApiWith(state, {});
  const reg = createRegistry("aggregator");
  registerNodeHealthMetrics(reg, (t) => api.healthReport(t), { cacheMs: 60_000 });
  await Promise.all([reg.metrics(), reg.metrics(), reg.metrics()]);
  assert.equal(runs.chain, 1);
  state.chain = "unhealthy";
  // Still the cached report: the cache is what bounds the checks' load under frequent scrapes.
  assert.match(await reg.metrics(), /^incsq_node_health 2$/m);
});

Deno.test("node health: a failing report source reads as unhealthy, without service series", async () => {
  const reg = createRegistry("challenger");
  registerNodeHealthMetrics(reg, () => Promise.reject(new Error("boom")));
  const text = await reg.metrics();
  assert.match(text, /^incsq_node_health 0$/m);
  assert.doesNotMatch(text, /^incsq_node_service_health\{/m);
});
