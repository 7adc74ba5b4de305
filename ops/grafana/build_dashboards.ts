/**
 * Generates the provisioned Grafana dashboards in `ops/grafana/dashboards/` from the compact
 * descriptions below, so panel layout, datasource and ids stay consistent.
 *
 *   deno run -A ops/grafana/build_dashboards.ts           # (re)write the JSON files
 *   deno run -A ops/grafana/build_dashboards.ts --check   # exit 1 if a file is out of date
 *
 * The AVS dashboard carries only AVS metrics (`incsq_*` plus Prometheus' own `up`); the
 * `eigen_*` node-spec metrics live on the separate node dashboard, as the seed asks.
 *
 * @module
 */

/** One PromQL query of a panel; `legend` is Grafana's legend format. */
export type Query = { expr: string; legend?: string; instant?: boolean };

/** A panel before layout: kind, title, description and queries. */
export type PanelSpec = {
  kind: "timeseries" | "stat" | "table";
  title: string;
  description: string;
  queries: Query[];
  unit?: string;
  width?: number;
  height?: number;
  /** Value → text mappings for stat panels (e.g. 1 → "up"). */
  mappings?: Record<string, { text: string; color: string }>;
  stacked?: boolean;
};

/** A dashboard row: a title and its panels laid out left to right. */
export type RowSpec = { title: string; panels: PanelSpec[] };

/** Input of {@link buildDashboard}. */
export type DashboardSpec = {
  uid: string;
  title: string;
  description: string;
  tags: string[];
  rows: RowSpec[];
};

const DATASOURCE = { type: "prometheus", uid: "prometheus" } as const;
const GRID_WIDTH = 24;

/** Value mappings of the node health gauges (2 healthy, 1 partially healthy, 0 unhealthy). */
const HEALTH_MAPPINGS: PanelSpec["mappings"] = {
  "0": { text: "unhealthy", color: "red" },
  "1": { text: "partially healthy", color: "orange" },
  "2": { text: "healthy", color: "green" },
};

// The AVS dashboard: tasks, signatures, latency, stake and health. No eigen_* here.
const avsDashboard: DashboardSpec = {
  uid: "incsq-avs",
  title: "Incredible Squaring AVS",
  description: "AVS metrics (incsq_*) of the aggregator, operators and challenger",
  tags: ["incredible-squaring", "avs"],
  rows: [
    {
      title: "Tasks",
      panels: [
        {
          kind: "stat",
          title: "Tasks created",
          description: "createNewTask transactions the aggregator (task generator) got mined.",
          queries: [{ expr: "sum(incsq_aggregator_tasks_created_total)" }],
          width: 4,
          height: 5,
        },
        {
          kind: "stat",
          title: "Tasks responded",
          description: "Aggregated BLS responses accepted on chain by respondToTask.",
          queries: [{ expr: "sum(incsq_aggregator_tasks_responded_total)" }],
          width: 4,
          height: 5,
        },
        {
          kind: "stat",
          title: "Tasks expired",
          description: "Tasks whose signatures never reached the quorum threshold in time.",
          queries: [{ expr: "sum(incsq_aggregator_tasks_expired_total)" }],
          width: 4,
          height: 5,
        },
        {
          kind: "stat",
          title: "Tasks challenged",
          description: "Challenges the challenger raised, and those that succeeded on chain.",
          queries: [
            { expr: "sum(incsq_challenger_challenges_raised_total)", legend: "raised" },
            { expr: "sum(incsq_challenger_challenges_succeeded_total)", legend: "succeeded" },
          ],
          width: 4,
          height: 5,
        },
        {
          kind: "stat",
          title: "Operators frozen",
          description: "Operators held at fault by successful challenges (FaultLedger batches), " +
            "freeze requests raised, finalised (operator frozen) and vetoed by the veto committee, " +
            "and fault assignments still open.",
          queries: [
            { expr: "sum(incsq_challenger_operators_at_fault_total)", legend: "at fault" },
            { expr: "sum(incsq_challenger_fault_assignments_open)", legend: "assignments open" },
            { expr: "sum(incsq_challenger_freeze_requests_total)", legend: "requested" },
            { expr: "sum(incsq_challenger_freezes_finalized_total)", legend: "frozen" },
            { expr: "sum(incsq_challenger_freezes_vetoed_total)", legend: "vetoed" },
          ],
          width: 8,
          height: 5,
        },
        {
          kind: "timeseries",
          title: "Task flow (per minute)",
          description: "Rate of tasks created, responded and expired, and of failed " +
            "createNewTask / respondToTask transactions.",
          queries: [
            {
              expr: "sum(rate(incsq_aggregator_tasks_created_total[$__rate_interval])) * 60",
              legend: "created",
            },
            {
              expr: "sum(rate(incsq_aggregator_tasks_responded_total[$__rate_interval])) * 60",
              legend: "responded",
            },
            {
              expr: "sum(rate(incsq_aggregator_tasks_expired_total[$__rate_interval])) * 60",
              legend: "expired",
            },
            {
              expr: "sum(rate(incsq_aggregator_task_create_failures_total[$__rate_interval])) * 60",
              legend: "create failures",
            },
            {
              expr: "sum(rate(incsq_aggregator_respond_failures_total[$__rate_interval])) * 60",
              legend: "respond failures",
            },
          ],
          unit: "short",
          width: 12,
        },
        {
          kind: "timeseries",
          title: "Challenges and freezes (last 10 min)",
          description: "Challenges raised by kind (wrong_answer, no_response), their outcome, " +
            "and freeze requests finalised or vetoed.",
          queries: [
            {
              expr: "sum by (kind) (increase(incsq_challenger_challenges_raised_total[10m]))",
              legend: "raised {{kind}}",
            },
            {
              expr: "sum(increase(incsq_challenger_challenges_succeeded_total[10m]))",
              legend: "succeeded",
            },
            {
              expr: "sum(increase(incsq_challenger_challenge_failures_total[10m]))",
              legend: "challenge tx failed",
            },
            {
              expr: "sum(increase(incsq_challenger_freezes_finalized_total[10m]))",
              legend: "frozen",
            },
            {
              expr: "sum(increase(incsq_challenger_freezes_vetoed_total[10m]))",
              legend: "vetoed",
            },
          ],
          unit: "short",
          width: 12,
        },
      ],
    },
    {
      title: "Slashing (slashing-era EigenLayer)",
      panels: [
        {
          kind: "stat",
          title: "Slashing requests",
          description: "Slashing requests queued on the VetoableSlasher by successful " +
            "challenges: requested, vetoed by the committee, fulfilled (operator slashed).",
          queries: [
            {
              expr: 'sum(incsq_challenger_slashing_requests_total{status="requested"})',
              legend: "requested",
            },
            {
              expr: 'sum(incsq_challenger_slashing_requests_total{status="vetoed"})',
              legend: "vetoed",
            },
            {
              expr: 'sum(incsq_challenger_slashing_requests_total{status="fulfilled"})',
              legend: "fulfilled",
            },
          ],
          width: 8,
          height: 5,
        },
        {
          kind: "stat",
          title: "Shares slashed",
          description: "Strategy shares removed from operators by fulfilled slashing requests.",
          queries: [{
            expr: "sum by (strategy) (incsq_challenger_slashed_shares_total)",
            legend: "{{strategy}}",
          }],
          width: 8,
          height: 5,
        },
        {
          kind: "stat",
          title: "Pending slashing requests per operator",
          description: "Requests against each operator not yet vetoed or fulfilled.",
          queries: [{
            expr: "sum by (operator) (incsq_operator_pending_slashing_requests)",
            legend: "{{operator}}",
          }],
          width: 8,
          height: 5,
        },
        {
          kind: "timeseries",
          title: "Allocated magnitude per operator set",
          description:
            "Share of each operator's magnitude in a strategy allocated (slashable) to " +
            "the AVS's operator set; a slash lowers it.",
          queries: [{
            expr: "incsq_operator_allocated_magnitude",
            legend: "{{operator}} set {{operator_set}}",
          }],
          unit: "percentunit",
          width: 12,
        },
        {
          kind: "timeseries",
          title: "Slashable stake per operator set",
          description: "Minimum slashable stake (strategy shares) of each operator in the set.",
          queries: [{
            expr: "incsq_operator_slashable_stake",
            legend: "{{operator}} set {{operator_set}}",
          }],
          unit: "short",
          width: 12,
        },
      ],
    },
    {
      title: "Signatures",
      panels: [
        {
          kind: "timeseries",
          title: "Signatures accepted per operator (per minute)",
          description: "BLS signatures the aggregator verified and added to a task's aggregate, " +
            "by operator id.",
          queries: [{
            expr: "sum by (operator_id) " +
              "(rate(incsq_aggregator_signatures_accepted_total[$__rate_interval])) * 60",
            legend: "{{operator_id}}",
          }],
          unit: "short",
          width: 12,
        },
        {
          kind: "timeseries",
          title: "Signatures rejected per operator (last 10 min)",
          description: "Signatures the aggregator refused, by operator id and reason (bad " +
            "signature, unknown task, not in quorum, duplicate ...).",
          queries: [{
            expr: "sum by (operator_id, reason) " +
              "(increase(incsq_aggregator_signatures_rejected_total[10m]))",
            legend: "{{operator_id}} {{reason}}",
          }],
          unit: "short",
          width: 12,
        },
        {
          kind: "timeseries",
          title: "Operator responses (last 5 min)",
          description: "Per operator container: tasks received from chain, responses the " +
            "aggregator accepted, rejected and dropped after the last retry. Received rising " +
            "while accepted stays flat means a registered operator is not signing.",
          queries: [
            {
              expr: "sum by (operator) (increase(incsq_num_tasks_received[5m]))",
              legend: "{{operator}} received",
            },
            {
              expr: "sum by (operator) " +
                "(increase(incsq_num_signed_task_responses_accepted_by_aggregator[5m]))",
              legend: "{{operator}} accepted",
            },
            {
              expr:
                "sum by (operator) (increase(incsq_operator_task_responses_rejected_total[5m]))",
              legend: "{{operator}} rejected",
            },
            {
              expr: "sum by (operator) (increase(incsq_operator_task_responses_dropped_total[5m]))",
              legend: "{{operator}} dropped",
            },
          ],
          unit: "short",
          width: 12,
        },
        {
          kind: "timeseries",
          title: "Signature verification batches",
          description: "Median and 95th-percentile signatures per verification batch (one " +
            "pairing check each; under load near 32 or more), and single checks per minute " +
            "(non-zero only when batches held bad signatures and were bisected).",
          queries: [
            {
              expr: "histogram_quantile(0.5, sum by (le) " +
                "(rate(incsq_aggregator_verification_batch_size_bucket[$__rate_interval])))",
              legend: "batch size p50",
            },
            {
              expr: "histogram_quantile(0.95, sum by (le) " +
                "(rate(incsq_aggregator_verification_batch_size_bucket[$__rate_interval])))",
              legend: "batch size p95",
            },
            {
              expr: 'sum (rate(incsq_aggregator_verification_checks_total{kind="single"}' +
                "[$__rate_interval])) * 60",
              legend: "single checks / min",
            },
          ],
          unit: "short",
          width: 12,
        },
        {
          kind: "timeseries",
          title: "Aggregator JSON-RPC requests (per minute)",
          description: "Requests to the aggregator's JSON-RPC server by method and outcome.",
          queries: [{
            expr: "sum by (method, outcome) " +
              "(rate(incsq_aggregator_rpc_requests_total[$__rate_interval])) * 60",
            legend: "{{method}} {{outcome}}",
          }],
          unit: "short",
          width: 12,
        },
      ],
    },
    {
      title: "Latency",
      panels: [
        {
          kind: "timeseries",
          title: "Response latency (blocks)",
          description: "Blocks from taskCreatedBlock to the respondToTask receipt (the task " +
            "response window is 30 blocks), median and 95th percentile.",
          queries: [
            {
              expr: "histogram_quantile(0.5, sum by (le) " +
                "(rate(incsq_aggregator_aggregation_latency_blocks_bucket[5m])))",
              legend: "p50",
            },
            {
              expr: "histogram_quantile(0.95, sum by (le) " +
                "(rate(incsq_aggregator_aggregation_latency_blocks_bucket[5m])))",
              legend: "p95",
            },
          ],
          unit: "none",
          width: 8,
        },
        {
          kind: "timeseries",
          title: "Response latency (seconds)",
          description: "Seconds from task creation to the respondToTask receipt, median and " +
            "95th percentile.",
          queries: [
            {
              expr: "histogram_quantile(0.5, sum by (le) " +
                "(rate(incsq_aggregator_aggregation_latency_seconds_bucket[5m])))",
              legend: "p50",
            },
            {
              expr: "histogram_quantile(0.95, sum by (le) " +
                "(rate(incsq_aggregator_aggregation_latency_seconds_bucket[5m])))",
              legend: "p95",
            },
          ],
          unit: "s",
          width: 8,
        },
        {
          kind: "timeseries",
          title: "Operator response latency p95 (seconds)",
          description: "Per operator: time from receiving a task to the aggregator accepting " +
            "its signed response (includes retries).",
          queries: [{
            expr: "histogram_quantile(0.95, sum by (operator, le) " +
              "(rate(incsq_operator_response_latency_seconds_bucket[5m])))",
            legend: "{{operator}}",
          }],
          unit: "s",
          width: 8,
        },
      ],
    },
    {
      title: "Stake",
      panels: [
        {
          kind: "timeseries",
          title: "Stake per quorum",
          description: "Total stake of each quorum at the creation block of the newest task, " +
            "from the operator state the aggregator loads for aggregation (StakeRegistry weight).",
          queries: [{
            expr: "max by (quorum_number) (incsq_aggregator_quorum_stake)",
            legend: "quorum {{quorum_number}}",
          }],
          unit: "short",
          width: 8,
        },
        {
          kind: "timeseries",
          title: "Stake per operator and quorum",
          description: "Each operator's stake in each quorum at the newest task's creation " +
            "block; an operator that is ejected or frozen drops out.",
          queries: [{
            expr: "max by (operator_id, quorum_number) (incsq_aggregator_operator_stake)",
            legend: "{{operator_id}} quorum {{quorum_number}}",
          }],
          unit: "short",
          stacked: true,
          width: 8,
        },
        {
          kind: "timeseries",
          title: "Signed stake per quorum (%)",
          description: "Share of the quorum's stake that signed the last aggregated response, " +
            "per quorum number (the task's threshold must be met for respondToTask).",
          queries: [{
            expr: "max by (quorum_number) (incsq_aggregator_signed_stake_percent)",
            legend: "quorum {{quorum_number}}",
          }],
          unit: "percent",
          width: 8,
        },
      ],
    },
    {
      title: "Health",
      panels: [
        {
          kind: "stat",
          title: "Node health",
          description: "Each process's own health, from the same checks as its AVS Node API " +
            "(/eigen/node/health), read at every scrape: healthy, partially healthy (a " +
            "non-critical service such as the aggregator link is down) or unhealthy.",
          queries: [{
            expr: "max by (component, instance) (incsq_node_health)",
            legend: "{{component}} {{instance}}",
          }],
          mappings: HEALTH_MAPPINGS,
          width: 8,
        },
        {
          kind: "stat",
          title: "Service health",
          description: "Per Node API service of each process (operator: chain, registration, " +
            "aggregator, task-events; aggregator: chain, task-generator; challenger: chain).",
          queries: [{
            expr: "max by (instance, service) (incsq_node_service_health)",
            legend: "{{instance}} {{service}}",
          }],
          mappings: HEALTH_MAPPINGS,
          width: 8,
        },
        {
          kind: "stat",
          title: "Targets up (scrape)",
          description: "1/UP when Prometheus reached the process's /metrics endpoint at the last " +
            "scrape, 0/DOWN otherwise (a process that is down reports no health at all).",
          queries: [{ expr: 'up{job=~"incsq-.*"}', legend: "{{job}} {{instance}}" }],
          mappings: {
            "0": { text: "DOWN", color: "red" },
            "1": { text: "UP", color: "green" },
          },
          width: 8,
        },
        {
          kind: "stat",
          title: "Operators registered",
          description: "Per operator container: 1 when the operator is registered with the AVS.",
          queries: [{
            expr: "max by (operator) (incsq_operator_registered)",
            legend: "{{operator}}",
          }],
          mappings: {
            "0": { text: "not registered", color: "red" },
            "1": { text: "registered", color: "green" },
          },
          width: 8,
        },
        {
          kind: "timeseries",
          title: "Aggregator pending tasks and last task index",
          description: "Tasks still collecting signatures, and the index of the newest task " +
            "created (aggregator) and received (each operator).",
          queries: [
            { expr: "sum(incsq_aggregator_pending_tasks)", legend: "pending" },
            { expr: "max(incsq_aggregator_last_task_index)", legend: "last created" },
            {
              expr: "max by (operator) (incsq_operator_last_task_index)",
              legend: "{{operator}} last received",
            },
          ],
          unit: "short",
          width: 8,
        },
        {
          kind: "table",
          title: "Versions",
          description: "incsq_build_info of every scraped process: component and version.",
          queries: [{
            expr: "max by (component, version, instance) (incsq_build_info)",
            instant: true,
          }],
          width: 8,
        },
      ],
    },
  ],
};

// The node dashboard: EigenLayer node-spec metrics (eigen_*) for local debugging.
const nodeDashboard: DashboardSpec = {
  uid: "incsq-node",
  title: "Incredible Squaring node (eigen_* node-spec metrics)",
  description: "EigenLayer node-spec metrics of every AVS process; for local use",
  tags: ["incredible-squaring", "eigen"],
  rows: [
    {
      title: "Node spec",
      panels: [
        {
          kind: "stat",
          title: "Performance score",
          description: "eigen_performance_score (0..100) per process.",
          queries: [{ expr: "eigen_performance_score", legend: "{{job}} {{instance}}" }],
          width: 8,
        },
        {
          kind: "timeseries",
          title: "Registered stake per quorum",
          description: "eigen_registered_stakes: the operator's stake in the StakeRegistry, " +
            "read from chain at scrape time.",
          queries: [{
            expr: "eigen_registered_stakes",
            legend: "{{operator}} quorum {{quorum_number}}",
          }],
          unit: "short",
          width: 8,
        },
        {
          kind: "stat",
          title: "Slashing status",
          description: "eigen_slashing_status: 1 when the operator is frozen by the AVS.",
          queries: [{ expr: "eigen_slashing_status", legend: "{{operator}}" }],
          mappings: {
            "0": { text: "ok", color: "green" },
            "1": { text: "FROZEN", color: "red" },
          },
          width: 8,
        },
      ],
    },
    {
      title: "Execution client RPC",
      panels: [
        {
          kind: "timeseries",
          title: "RPC requests per second by method",
          description: "eigen_rpc_request_total rate per job and JSON-RPC method.",
          queries: [{
            expr: "sum by (job, method) (rate(eigen_rpc_request_total[$__rate_interval]))",
            legend: "{{job}} {{method}}",
          }],
          unit: "reqps",
          width: 12,
        },
        {
          kind: "timeseries",
          title: "RPC request duration p95",
          description: "95th percentile of eigen_rpc_request_duration_seconds per method.",
          queries: [{
            expr: "histogram_quantile(0.95, sum by (method, le) " +
              "(rate(eigen_rpc_request_duration_seconds_bucket[5m])))",
            legend: "{{method}}",
          }],
          unit: "s",
          width: 12,
        },
        {
          kind: "timeseries",
          title: "Fees earned",
          description: "eigen_fees_earned_total by token (no series until fees exist).",
          queries: [{ expr: "sum by (token) (eigen_fees_earned_total)", legend: "{{token}}" }],
          unit: "short",
          width: 12,
        },
        {
          kind: "timeseries",
          title: "Event subscription reconnects (last 10 min)",
          description: "WebSocket re-subscriptions and undecodable logs of the event followers.",
          queries: [
            {
              expr: "sum by (job, event) " +
                "(increase(incsq_event_follower_reconnects_total[10m]))",
              legend: "{{job}} {{event}} reconnects",
            },
            {
              expr: "sum by (job, event) " +
                "(increase(incsq_event_follower_undecodable_logs_total[10m]))",
              legend: "{{job}} {{event}} undecodable",
            },
          ],
          unit: "short",
          width: 12,
        },
      ],
    },
  ],
};

/** Output files (relative to `ops/grafana/dashboards/`) and their specs. */
export const DASHBOARDS: ReadonlyArray<{ file: string; spec: DashboardSpec }> = [
  { file: "AVS/incredible_squaring.json", spec: avsDashboard },
  { file: "node/incredible_squaring_node.json", spec: nodeDashboard },
];

function panelJson(p: PanelSpec, id: number, x: number, y: number, w: number, h: number) {
  const targets = p.queries.map((q, i) => ({
    refId: String.fromCharCode(65 + i),
    datasource: DATASOURCE,
    expr: q.expr,
    legendFormat: q.legend ?? "__auto",
    range: !q.instant,
    instant: q.instant ?? false,
    ...(p.kind === "table" ? { format: "table" } : {}),
  }));
  const mappings = p.mappings
    ? [{
      type: "value",
      options: Object.fromEntries(
        Object.entries(p.mappings).map(([v, m], index) => [v, { ...m, index }]),
      ),
    }]
    : [];
  const defaults: Record<string, unknown> = { unit: p.unit ?? "short", mappings };
  let options: Record<string, unknown>;
  if (p.kind === "timeseries") {
    defaults.custom = {
      drawStyle: "line",
      lineWidth: 1,
      fillOpacity: 10,
      showPoints: "never",
      spanNulls: true,
      stacking: { mode: p.stacked ? "normal" : "none", group: "A" },
    };
    options = {
      legend: { displayMode: "list", placement: "bottom", showLegend: true },
      tooltip: { mode: "multi", sort: "desc" },
    };
  } else if (p.kind === "stat") {
    defaults.color = { mode: p.mappings ? "thresholds" : "fixed", fixedColor: "blue" };
    defaults.thresholds = { mode: "absolute", steps: [{ color: "green", value: null }] };
    options = {
      reduceOptions: { calcs: ["lastNotNull"], fields: "", values: false },
      colorMode: "background",
      graphMode: "none",
      justifyMode: "auto",
      orientation: "auto",
      textMode: "value_and_name",
    };
  } else {
    options = { showHeader: true, cellHeight: "sm" };
  }
  return {
    id,
    type: p.kind,
    title: p.title,
    description: p.description,
    datasource: DATASOURCE,
    gridPos: { h, w, x, y },
    targets,
    fieldConfig: { defaults, overrides: [] },
    options,
    ...(p.kind === "table"
      ? {
        transformations: [
          { id: "organize", options: { excludeByName: { Time: true, Value: true } } },
        ],
      }
      : {}),
  };
}

/** Lays out rows and panels on Grafana's 24-column grid and returns the dashboard model. */
export function buildDashboard(spec: DashboardSpec): Record<string, unknown> {
  const panels: unknown[] = [];
  let id = 1;
  let y = 0;
  for (const row of spec.rows) {
    panels.push({
      id: id++,
      type: "row",
      title: row.title,
      collapsed: false,
      gridPos: { h: 1, w: GRID_WIDTH, x: 0, y },
      panels: [],
    });
    y += 1;
    let x = 0;
    let lineHeight = 0;
    for (const p of row.panels) {
      const w = p.width ?? 12;
      const h = p.height ?? 8;
      if (x + w > GRID_WIDTH) {
        x = 0;
        y += lineHeight;
        lineHeight = 0;
      }
      panels.push(panelJson(p, id++, x, y, w, h));
      x += w;
      lineHeight = Math.max(lineHeight, h);
    }
    y += lineHeight;
  }
  return {
    uid: spec.uid,
    title: spec.title,
    description: spec.description,
    tags: spec.tags,
    editable: false,
    graphTooltip: 1,
    refresh: "10s",
    schemaVersion: 39,
    version: 1,
    time: { from: "now-30m", to: "now" },
    timepicker: {},
    timezone: "browser",
    templating: { list: [] },
    annotations: { list: [] },
    links: [],
    panels,
  };
}

/** Serialised file content for a spec (stable formatting, trailing newline). */
export function renderDashboard(spec: DashboardSpec): string {
  return JSON.stringify(buildDashboard(spec), null, 2) + "\n";
}

if (import.meta.main) {
  const check = Deno.args.includes("--check");
  const dir = new URL("./dashboards/", import.meta.url);
  let stale = 0;
  for (const { file, spec } of DASHBOARDS) {
    const url = new URL(file, dir);
    const want = renderDashboard(spec);
    let have = "";
    try {
      have = await Deno.readTextFile(url);
    } catch { /* missing → stale */ }
    if (have === want) continue;
    if (check) {
      console.error(`out of date: ops/grafana/dashboards/${file}`);
      stale++;
    } else {
      await Deno.mkdir(new URL(".", url), { recursive: true });
      await Deno.writeTextFile(url, want);
      console.log(`wrote ops/grafana/dashboards/${file}`);
    }
  }
  if (stale > 0) {
    console.error("run: deno run -A ops/grafana/build_dashboards.ts");
    Deno.exit(1);
  }
}
