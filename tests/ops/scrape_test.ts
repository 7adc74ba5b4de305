/**
 * Integration: a fresh devnet, the aggregator, one operator and the challenger as real processes
 * on free ports, and a real Prometheus (Debian package) running the project's scrape config and
 * alert rules pointed at them. Everything is asserted through Prometheus' HTTP API: targets up, rules
 * loaded, task counters rising, and the AVS dashboard's queries returning data.
 */
import assert from "node:assert/strict";
import { parse as parseYaml, stringify as stringifyYaml } from "yaml";
import { startDevnet } from "../../lib/devnet/devnet.ts";
import { freePort } from "../../lib/devnet/ports.ts";
import { DASHBOARD_FILES, dashboardExprs } from "./_exprs.ts";
import { localizeScrapeConfig, type PrometheusHandle, startPrometheus } from "./_prometheus.ts";
import { readRepoFile, REPO, requireTool } from "./_tools.ts";
import { terminateChild } from "../../lib/process/terminate.ts";

const WAIT_MS = 150_000;

/** A node process started with `deno run -A <entry> --config <file>`. */
type NodeProcess = {
  name: string;
  /** Exit code once the process has exited on its own, else undefined. */
  exitCode(): number | undefined;
  stop(): Promise<void>;
  log(): string;
};

function startNode(
  name: string,
  entry: string,
  configFile: string,
  env: Record<string, string>,
): NodeProcess {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", `${REPO}/${entry}`, "--config", configFile],
    cwd: REPO,
    env: { ...env, NO_COLOR: "1" },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const out: string[] = [];
  const dec = new TextDecoder();
  const drain = async (s: ReadableStream<Uint8Array>) => {
    for await (const chunk of s) {
      out.push(dec.decode(chunk));
      if (out.length > 400) out.splice(0, 100);
    }
  };
  const drains = Promise.all([drain(child.stdout), drain(child.stderr)]);
  let exited = false;
  let code: number | undefined;
  const status = child.status.then((s) => {
    exited = true;
    code = s.code;
  });
  return {
    name,
    exitCode: () => code,
    log: () => out.join(""),
    async stop() {
      if (!exited) {
        await terminateChild(child, 8_000);
        await status;
      }
      await drains;
    },
  };
}

/** Node processes of the running test; a crash of any of them ends every wait at once. */
const running: NodeProcess[] = [];

/** Polls `check` until it returns a value (not undefined) or the deadline passes. */
async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined>,
  diagnostics: () => string,
  timeoutMs = WAIT_MS,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError = "";
  while (Date.now() < deadline) {
    const dead = running.find((n) => n.exitCode() !== undefined);
    if (dead) {
      throw new Error(
        `${dead.name} exited with code ${dead.exitCode()} while waiting for ${what}\n` +
          diagnostics(),
      );
    }
    try {
      const v = await check();
      if (v !== undefined) return v;
    } catch (err) {
      lastError = (err as Error).message;
    }
    await new Promise((r) => setTimeout(r, 1_000));
  }
  throw new Error(`timed out waiting for ${what} ${lastError}\n${diagnostics()}`);
}

async function writeYaml(path: string, base: string, changes: Record<string, unknown>) {
  const cfg = { ...(parseYaml(readRepoFile(base)) as Record<string, unknown>), ...changes };
  await Deno.writeTextFile(path, stringifyYaml(cfg));
}

Deno.test({
  name: "scrape: real Prometheus scrapes aggregator, operator, challenger; task counters rise",
  sanitizeResources: false,
  sanitizeOps: false,
}, async () => {
  const prometheusBin = requireTool("prometheus");
  const dir = await Deno.makeTempDir({ prefix: "incsq-scrape-" });
  const devnet = await startDevnet();
  const nodes = running;
  let prom: PrometheusHandle | undefined;
  const diagnostics = () =>
    [...nodes.map((n) => `--- ${n.name} ---\n${n.log().slice(-4000)}`), prom?.log() ?? ""]
      .join("\n");
  try {
    const deploymentPath = `${dir}/deployment.json`;
    await Deno.writeTextFile(deploymentPath, JSON.stringify(devnet.deployment, null, 2));

    const port = () => freePort();
    const aggRpc = await port();
    const aggMetrics = await port();
    const aggNodeApi = await port();
    const opMetrics = await port();
    const opNodeApi = await port();
    const chMetrics = await port();
    const promPort = await port();

    await writeYaml(`${dir}/aggregator.yaml`, "config/aggregator.yaml", {
      eth_rpc_url: devnet.rpcUrl,
      eth_ws_url: devnet.wsUrl,
      aggregator_server_ip_port_address: `127.0.0.1:${aggRpc}`,
      metrics_ip_port_address: `127.0.0.1:${aggMetrics}`,
      node_api_ip_port_address: `127.0.0.1:${aggNodeApi}`,
      deployment_path: deploymentPath,
      task_interval_seconds: 2,
    });
    await writeYaml(`${dir}/operator1.yaml`, "config/operator.anvil.yaml", {
      eth_rpc_url: devnet.rpcUrl,
      eth_ws_url: devnet.wsUrl,
      aggregator_server_ip_port_address: `127.0.0.1:${aggRpc}`,
      eigen_metrics_ip_port_address: `127.0.0.1:${opMetrics}`,
      node_api_ip_port_address: `127.0.0.1:${opNodeApi}`,
      deployment_path: deploymentPath,
      times_failing: 0,
    });
    await writeYaml(`${dir}/challenger.yaml`, "config/challenger.yaml", {
      eth_rpc_url: devnet.rpcUrl,
      eth_ws_url: devnet.wsUrl,
      metrics_ip_port_address: `127.0.0.1:${chMetrics}`,
      enable_node_api: false,
      deployment_path: deploymentPath,
    });
    const env = { OPERATOR_ECDSA_KEY_PASSWORD: "", OPERATOR_BLS_KEY_PASSWORD: "" };
    nodes.push(startNode("aggregator", "aggregator.ts", `${dir}/aggregator.yaml`, env));
    nodes.push(startNode("operator1", "operator.ts", `${dir}/operator1.yaml`, env));
    nodes.push(startNode("challenger", "challenger.ts", `${dir}/challenger.yaml`, env));

    // The project's own scrape config and rules, with compose hosts mapped to local ports.
    await Deno.copyFile(`${REPO}/ops/prometheus/rules.yml`, `${dir}/rules.yml`);
    await Deno.writeTextFile(
      `${dir}/prometheus.yml`,
      localizeScrapeConfig(
        readRepoFile("ops/prometheus/prometheus.yml"),
        {
          aggregator: `127.0.0.1:${aggMetrics}`,
          operator1: `127.0.0.1:${opMetrics}`,
          challenger: `127.0.0.1:${chMetrics}`,
        },
        { interval: "1s", rulesDir: dir },
      ),
    );
    prom = await startPrometheus(
      prometheusBin,
      `${dir}/prometheus.yml`,
      `${dir}/tsdb`,
      promPort,
    );
    const p = prom;

    // 1. Every target is scraped successfully.
    type Target = { labels: Record<string, string>; health: string; lastError: string };
    const jobs = ["incsq-aggregator", "incsq-challenger", "incsq-operator"];
    const targets = await waitFor("aggregator, operator and challenger targets up", async () => {
      const { activeTargets } = await p.api<{ activeTargets: Target[] }>("targets");
      const up = activeTargets.filter((t) => t.health === "up").map((t) => t.labels.job);
      return jobs.every((j) => up.includes(j)) ? activeTargets : undefined;
    }, diagnostics);
    assert.deepEqual(targets.map((t) => t.labels.job).sort(), jobs);
    assert.equal(
      targets.find((t) => t.labels.job === "incsq-operator")?.labels.operator,
      "operator1",
    );

    // 2. The project's alert rules are loaded by the real Prometheus.
    const rules = await p.api<{ groups: { rules: { name: string }[] }[] }>("rules");
    const names = rules.groups.flatMap((g) => g.rules.map((r) => r.name));
    for (const a of ["IncsqAggregatorDown", "IncsqOperatorUnhealthy", "IncsqNoTaskResponded"]) {
      assert.ok(names.includes(a), `rule ${a} not loaded: ${names}`);
    }

    // 3. Task counters rise as seen by Prometheus.
    const value = async (expr: string) => {
      const r = await p.query(expr);
      return r.length === 0 ? undefined : Number(r[0].value[1]);
    };
    const created0 = await waitFor(
      "incsq_aggregator_tasks_created_total",
      () => value('sum(incsq_aggregator_tasks_created_total{job="incsq-aggregator"})'),
      diagnostics,
    );
    await waitFor(
      "tasks created to rise",
      async () => {
        const v = await value('sum(incsq_aggregator_tasks_created_total{job="incsq-aggregator"})');
        return v !== undefined && v > created0 ? v : undefined;
      },
      diagnostics,
    );
    await waitFor("operator to receive tasks", async () => {
      const v = await value('sum(incsq_num_tasks_received{operator="operator1"})');
      return v !== undefined && v > 0 ? v : undefined;
    }, diagnostics);
    await waitFor("the aggregator to accept operator1's responses", async () => {
      const v = await value(
        'sum(incsq_num_signed_task_responses_accepted_by_aggregator{operator="operator1"})',
      );
      return v !== undefined && v > 0 ? v : undefined;
    }, diagnostics);
    const responded = await waitFor("a task responded on chain", async () => {
      const v = await value("sum(incsq_aggregator_tasks_responded_total)");
      return v !== undefined && v > 0 ? v : undefined;
    }, diagnostics);
    assert.ok(responded >= 1);
    await waitFor("the challenger to see tasks and responses", async () => {
      const tasks = await value("sum(incsq_challenger_tasks_seen_total)");
      const responses = await value("sum(incsq_challenger_responses_seen_total)");
      return tasks && responses && tasks > 0 && responses > 0 ? tasks : undefined;
    }, diagnostics);

    // 4. The AVS dashboard's aggregator/operator panels return data from the real series
    //    (this checks label names such as operator_id and quorum_number, not just metric names).
    const avs = dashboardExprs(DASHBOARD_FILES.avs, readRepoFile(DASHBOARD_FILES.avs));
    const mustHaveData = [
      "Tasks created",
      "Tasks responded",
      "Signatures accepted per operator",
      "Operator responses",
      "Response latency (blocks)",
      "Response latency (seconds)",
      "Stake per quorum",
      "Stake per operator and quorum",
      "Signed stake per quorum",
      "Node health",
      "Service health",
      "Targets up (scrape)",
      "Operators registered",
      "Versions",
    ];
    for (const title of mustHaveData) {
      const exprs = avs.filter((e) => e.where.includes(`panel "${title}`));
      assert.ok(exprs.length > 0, `no panel "${title}"`);
      const expr = exprs[0].expr.replaceAll("$__rate_interval", "30s");
      const result = await waitFor(
        `data for panel "${title}": ${expr}`,
        async () => {
          const r = await p.query(expr);
          return r.some((s) => Number.isFinite(Number(s.value[1]))) ? r : undefined;
        },
        diagnostics,
        60_000,
      );
      if (title.startsWith("Signatures accepted")) {
        assert.match(result[0].metric.operator_id ?? "", /^0x[0-9a-f]{64}$/i);
      }
      if (title === "Stake per quorum") {
        // operator1 of config/operator.anvil.yaml is the only operator: its deposit is the total.
        const op = parseYaml(readRepoFile("config/operator.anvil.yaml")) as {
          deposit_amount: number;
        };
        assert.equal(result[0].metric.quorum_number, "0");
        assert.equal(Number(result[0].value[1]), op.deposit_amount);
      }
    }

    // 5. Each process reports its own health through the gauge; everything is healthy here.
    await waitFor(
      "every process to report itself healthy",
      async () => {
        const r = await p.query("max by (component) (incsq_node_health)");
        const byComponent = Object.fromEntries(r.map((x) => [x.metric.component, x.value[1]]));
        return byComponent.aggregator === "2" && byComponent.operator === "2" &&
            byComponent.challenger === "2"
          ? byComponent
          : undefined;
      },
      diagnostics,
      60_000,
    );
  } finally {
    await prom?.stop();
    for (const n of [...nodes].reverse()) await n.stop();
    running.length = 0;
    await devnet.stop();
    await Deno.remove(dir, { recursive: true }).catch(() => {});
  }
});
