import assert from "node:assert/strict";
import { parse as parseYaml } from "yaml";
import { ALL_METRIC_NAMES } from "../../lib/metrics/names.ts";
import { DASHBOARDS, renderDashboard } from "../../ops/grafana/build_dashboards.ts";
import {
  allProjectExprs,
  DASHBOARD_FILES,
  dashboardExprs,
  eigenReads,
  ruleExprs,
  type SourcedExpr,
  unknownLabels,
  unknownMetrics,
} from "./_exprs.ts";
import { registeredLabels } from "./_labels.ts";
import { readRepoFile, REPO, requireTool, run } from "./_tools.ts";

Deno.test("dashboards: committed JSON matches ops/grafana/build_dashboards.ts", () => {
  for (const { file, spec } of DASHBOARDS) {
    const path = `ops/grafana/dashboards/${file}`;
    assert.equal(
      readRepoFile(path),
      renderDashboard(spec),
      `${path} is stale: run deno run -A ops/grafana/build_dashboards.ts`,
    );
  }
});

Deno.test("dashboards: every query reads a metric the nodes export (lib/metrics/names.ts)", () => {
  const { avs, node, rules } = allProjectExprs();
  assert.ok(avs.length >= 15, `AVS dashboard has only ${avs.length} queries`);
  assert.ok(node.length >= 5, `node dashboard has only ${node.length} queries`);
  assert.deepEqual(unknownMetrics([...avs, ...node]), []);
  assert.deepEqual(unknownMetrics(rules), []);
});

Deno.test("dashboards: the AVS dashboard has no eigen_* query; the node dashboard has them", () => {
  const { avs, node } = allProjectExprs();
  assert.deepEqual(eigenReads(avs), []);
  assert.ok(eigenReads(node).length >= 4, "node dashboard should show the eigen_* metrics");
});

Deno.test("dashboards: the checks reject an unknown metric and an eigen_ query", () => {
  const bad: SourcedExpr[] = [
    { where: "t", expr: "sum(rate(incsq_not_a_metric_total[5m]))" },
    { where: "t", expr: 'eigen_performance_score{avs_name="incredible-squaring"}' },
  ];
  assert.deepEqual(unknownMetrics(bad, ALL_METRIC_NAMES), [
    "t: unknown metric incsq_not_a_metric_total",
  ]);
  assert.equal(eigenReads(bad).length, 1);
});

Deno.test("dashboards: the AVS dashboard covers the panels the issue asks for", () => {
  const avs = dashboardExprs(DASHBOARD_FILES.avs, readRepoFile(DASHBOARD_FILES.avs));
  const text = avs.map((e) => e.expr).join("\n");
  for (
    const metric of [
      "incsq_aggregator_tasks_created_total",
      "incsq_aggregator_tasks_responded_total",
      "incsq_challenger_challenges_raised_total",
      "incsq_challenger_freezes_finalized_total",
      "incsq_aggregator_signatures_accepted_total",
      "incsq_aggregator_signatures_rejected_total",
      "incsq_aggregator_aggregation_latency_blocks_bucket",
      "incsq_aggregator_aggregation_latency_seconds_bucket",
      "incsq_aggregator_signed_stake_percent",
      "incsq_aggregator_quorum_stake",
      "incsq_aggregator_operator_stake",
      "incsq_node_health",
      "incsq_node_service_health",
      "up{",
    ]
  ) assert.ok(text.includes(metric), `AVS dashboard does not query ${metric}`);
  assert.match(text, /by \(operator_id\)[^\n]*signatures_accepted/);
  assert.match(text, /by \(operator_id, reason\)[^\n]*signatures_rejected/);
  // "Stake per quorum" and "Node health" are the panels named in the issue, fed by these gauges.
  const panel = (title: string) => avs.filter((e) => e.where.endsWith(`panel "${title}"`));
  assert.match(panel("Stake per quorum")[0]?.expr ?? "", /incsq_aggregator_quorum_stake/);
  assert.match(panel("Node health")[0]?.expr ?? "", /^max by \([^)]*\) \(incsq_node_health\)$/);
});

Deno.test("dashboards and rules: the operator alert reads the node health gauge", () => {
  const file = "ops/prometheus/rules.yml";
  const rules = ruleExprs(file, readRepoFile(file));
  const unhealthy = rules.find((r) => r.where.endsWith(": IncsqOperatorUnhealthy"));
  assert.ok(unhealthy, "IncsqOperatorUnhealthy missing");
  assert.match(unhealthy.expr, /incsq_node_health\{job="incsq-operator"\} == 0/);
  // The counter-based "registered but not signing" condition is kept beside it.
  assert.match(unhealthy.expr, /incsq_num_signed_task_responses_accepted_by_aggregator/);
});

Deno.test("dashboards: layout is valid (unique ids, prometheus datasource, 24-column grid)", () => {
  for (const file of Object.values(DASHBOARD_FILES)) {
    const model = JSON.parse(readRepoFile(file)) as {
      uid: string;
      panels: {
        id: number;
        type: string;
        datasource?: { uid: string };
        gridPos: { x: number; y: number; w: number; h: number };
      }[];
    };
    assert.ok(model.uid, `${file}: no uid`);
    const ids = model.panels.map((p) => p.id);
    assert.equal(new Set(ids).size, ids.length, `${file}: duplicate panel ids`);
    const cells = new Set<string>();
    for (const p of model.panels) {
      const { x, y, w, h } = p.gridPos;
      assert.ok(x >= 0 && w > 0 && x + w <= 24, `${file}: panel ${p.id} outside the grid`);
      if (p.type !== "row") assert.equal(p.datasource?.uid, "prometheus", `${file}: panel ${p.id}`);
      for (let i = x; i < x + w; i++) {
        for (let j = y; j < y + h; j++) {
          const cell = `${i},${j}`;
          assert.ok(!cells.has(cell), `${file}: panel ${p.id} overlaps another panel at ${cell}`);
          cells.add(cell);
        }
      }
    }
  }
});

Deno.test("dashboards: every query is valid PromQL (promtool check rules)", async () => {
  const promtool = requireTool("promtool");
  const { avs, node } = allProjectExprs();
  // Grafana variables are not PromQL: substitute what Grafana would.
  const rules = [...avs, ...node].map((e, i) => ({
    record: `dashboard:query_${i}`,
    expr: e.expr.replaceAll("$__rate_interval", "1m").replaceAll("$__interval", "15s"),
  }));
  const dir = await Deno.makeTempDir({ prefix: "incsq-dash-" });
  try {
    const file = `${dir}/dashboard_rules.yml`;
    await Deno.writeTextFile(file, JSON.stringify({ groups: [{ name: "dashboards", rules }] }));
    const res = await run(promtool, ["check", "rules", file]);
    assert.equal(res.code, 0, `promtool rejected a dashboard query:\n${res.stdout}${res.stderr}`);
    assert.match(res.stdout, new RegExp(`SUCCESS: ${rules.length} rules found`));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("grafana provisioning: datasource uid and dashboard path match the compose mounts", () => {
  const ds = parseYaml(readRepoFile("ops/grafana/provisioning/datasources/prometheus.yml")) as {
    datasources: { uid: string; url: string; type: string }[];
  };
  assert.deepEqual(ds.datasources.map((d) => [d.uid, d.type, d.url]), [
    ["prometheus", "prometheus", "http://prometheus:9090"],
  ]);
  const provider = parseYaml(readRepoFile("ops/grafana/provisioning/dashboards/provider.yml")) as {
    providers: { options: { path: string; foldersFromFilesStructure: boolean } }[];
  };
  const path = provider.providers[0].options.path;
  const compose = readRepoFile("docker-compose.yml");
  assert.ok(
    compose.includes(`./ops/grafana/dashboards:${path}:ro`),
    `docker-compose.yml must mount ops/grafana/dashboards at ${path}`,
  );
  assert.ok(Deno.statSync(`${REPO}/ops/grafana/dashboards/AVS`).isDirectory);
});

Deno.test("dashboards and rules: every label used exists on the metrics the query reads", () => {
  const labels = registeredLabels();
  // Every declared name is registered by a factory, so its labels are known.
  for (const name of ALL_METRIC_NAMES) assert.ok(labels.has(name), `${name} is never registered`);
  const { avs, node, rules } = allProjectExprs();
  assert.deepEqual(unknownLabels([...avs, ...node, ...rules], labels), []);
  // The check is real: a misspelt label is reported.
  assert.equal(
    unknownLabels([{
      where: "t",
      expr: "sum by (operatorid) (incsq_aggregator_signatures_accepted_total)",
    }], labels).length,
    1,
  );
  assert.equal(
    unknownLabels(
      [{ where: "t", expr: "incsq_aggregator_pending_tasks", legend: "{{quorum}}" }],
      labels,
    )
      .length,
    1,
  );
});
