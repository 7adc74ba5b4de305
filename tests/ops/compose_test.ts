import assert from "node:assert/strict";
import { parse as parseYaml } from "yaml";
import {
  loadAggregatorConfig,
  loadChallengerConfig,
  loadOperatorConfig,
  loadStakeUpdaterConfig,
} from "../../lib/config/mod.ts";
import { readRepoFile, REPO, requireTool, run } from "./_tools.ts";

type Service = {
  image?: string;
  build?: { context: string; dockerfile?: string };
  command?: string[];
  entrypoint?: string[];
  environment?: Record<string, string | null>;
  healthcheck?: { test: string[] };
  depends_on?: Record<string, { condition: string }>;
  ports?: (string | { published: number | string; target: number })[];
  volumes?: (string | { type: string; source: string; target: string; read_only?: boolean })[];
  restart?: string;
};
type Compose = { services: Record<string, Service>; volumes?: Record<string, unknown> };

/** Mount point of the shared deployment volume inside the node containers. */
const DEPLOYMENT_DIR = "/var/lib/incsq/deployments";

let resolved: Promise<Compose> | undefined;

/** `docker-compose config` with a clean environment, parsed (anchors and defaults resolved). */
function resolvedCompose(): Promise<Compose> {
  resolved ??= resolveCompose();
  return resolved;
}

async function resolveCompose(): Promise<Compose> {
  const compose = requireTool("docker-compose");
  const res = await run(compose, ["-f", "docker-compose.yml", "config"], {
    env: { PATH: Deno.env.get("PATH") ?? "", HOME: Deno.env.get("HOME") ?? "/tmp" },
  });
  assert.equal(res.code, 0, `docker-compose config failed:\n${res.stderr}`);
  return parseYaml(res.stdout) as Compose;
}

/** Config flags of the node entry points (`cli update-stakes` has its own). */
const CONFIG_FLAGS = ["--config", "--stake-updater-config"];

function configArg(svc: Service): string {
  const cmd = svc.command ?? [];
  const i = cmd.findIndex((a) => CONFIG_FLAGS.includes(a));
  assert.ok(i >= 0 && cmd[i + 1], `no --config in command ${JSON.stringify(cmd)}`);
  return cmd[i + 1];
}

function nodeServices(c: Compose): [string, Service][] {
  return Object.entries(c.services).filter(([, s]) => s.build !== undefined);
}

Deno.test("compose: docker-compose config -q accepts docker-compose.yml", async () => {
  const compose = requireTool("docker-compose");
  const res = await run(compose, ["-f", "docker-compose.yml", "config", "-q"]);
  assert.equal(res.code, 0, res.stderr);
});

Deno.test("compose: the validator rejects a broken depends_on condition (the check is real)", async () => {
  const compose = requireTool("docker-compose");
  const dir = await Deno.makeTempDir({ prefix: "incsq-compose-" });
  try {
    const broken = readRepoFile("docker-compose.yml").replace(
      "condition: service_completed_successfully",
      "condition: service_finished",
    );
    await Deno.writeTextFile(`${dir}/docker-compose.yml`, broken);
    await Deno.writeTextFile(`${dir}/Dockerfile`, "FROM scratch\n");
    const res = await run(compose, ["-f", "docker-compose.yml", "config", "-q"], { cwd: dir });
    assert.notEqual(res.code, 0);
    assert.match(res.stderr, /service_finished/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("compose: services, pinned images and the health-gated start order", async () => {
  const c = await resolvedCompose();
  const s = c.services;
  for (
    const name of [
      "anvil",
      "deployer",
      "aggregator",
      "operator1",
      "operator2",
      "challenger",
      "stake-updater",
      "prometheus",
      "grafana",
    ]
  ) assert.ok(s[name], `service ${name} missing`);

  // Third-party images are pinned to an explicit version, never latest.
  for (const [name, svc] of Object.entries(s)) {
    assert.ok(svc.image, `${name}: no image`);
    if (svc.build) continue;
    assert.match(svc.image!, /:v?\d+\.\d+\.\d+$/, `${name}: image ${svc.image} is not pinned`);
  }
  assert.match(s.anvil.image!, /^ghcr\.io\/foundry-rs\/foundry:v\d/);
  assert.deepEqual(s.anvil.entrypoint, ["anvil"]);

  // Every Deno service is built from the repository's Dockerfile into one image.
  const nodes = nodeServices(c);
  assert.ok(nodes.length >= 6);
  for (const [name, svc] of nodes) {
    assert.equal(svc.build!.context, REPO, `${name}: build context`);
    assert.equal(svc.image, s.aggregator.image, `${name}: all nodes share one image`);
  }

  // Start order: health checks and completion, no sleeps.
  const cond = (svc: string, dep: string) => s[svc].depends_on?.[dep]?.condition;
  assert.equal(cond("deployer", "anvil"), "service_healthy");
  assert.equal(cond("aggregator", "deployer"), "service_completed_successfully");
  for (const op of ["operator1", "operator2"]) {
    assert.equal(cond(op, "aggregator"), "service_healthy");
    assert.equal(cond(op, "deployer"), "service_completed_successfully");
  }
  assert.equal(cond("challenger", "deployer"), "service_completed_successfully");
  assert.equal(cond("stake-updater", "deployer"), "service_completed_successfully");
  assert.equal(cond("grafana", "prometheus"), "service_healthy");
  for (const name of ["anvil", "aggregator", "operator1", "operator2", "prometheus", "grafana"]) {
    assert.ok(s[name].healthcheck?.test?.length, `${name}: no healthcheck`);
  }
  assert.equal(s.deployer.restart, "no", "the deployer is one-shot");
  const text = readRepoFile("docker-compose.yml");
  assert.doesNotMatch(text, /\bsleep\b/, "no sleep in the compose file");
});

Deno.test("compose: grafana on :3000 with admin/admin and provisioning mounted", async () => {
  const c = await resolvedCompose();
  const g = c.services.grafana;
  const ports = JSON.stringify(g.ports);
  assert.match(ports, /3000/);
  assert.equal(g.environment?.GF_SECURITY_ADMIN_USER, "admin");
  assert.equal(g.environment?.GF_SECURITY_ADMIN_PASSWORD, "admin");
  const mounts = JSON.stringify(g.volumes);
  assert.match(mounts, /ops\/grafana\/provisioning/);
  assert.match(mounts, /ops\/grafana\/dashboards/);
  assert.match(JSON.stringify(c.services.prometheus.volumes), /ops\/prometheus/);
});

Deno.test("compose: every node config exists, passes the node's own schema and fits the stack", async () => {
  const c = await resolvedCompose();
  const s = c.services;
  const inRepo = (p: string) => `${REPO}/${p}`;
  const env = { ECDSA_PRIVATE_KEY: undefined };

  const agg = loadAggregatorConfig(inRepo(configArg(s.aggregator)), { env });
  assert.equal(agg.eth_rpc_url, "http://anvil:8545");
  assert.match(agg.aggregator_server_ip_port_address, /^0\.0\.0\.0:8090$/);
  assert.ok(agg.deployment_path.startsWith(DEPLOYMENT_DIR));

  const ch = loadChallengerConfig(inRepo(configArg(s.challenger)), { env });
  assert.ok(ch.deployment_path.startsWith(DEPLOYMENT_DIR));
  const su = loadStakeUpdaterConfig(inRepo(configArg(s["stake-updater"])), { env });
  assert.ok(su.deployment_path.startsWith(DEPLOYMENT_DIR));
  assert.ok(s["stake-updater"].command!.includes("update-stakes"));

  const operators = Object.keys(s).filter((n) => /^operator\d+$/.test(n));
  assert.ok(operators.length >= 2, "at least two operators");
  const seen = new Set<string>();
  for (const name of operators) {
    const file = configArg(s[name]);
    const op = loadOperatorConfig(inRepo(file));
    for (const key of [op.ecdsa_private_key_store_path, op.bls_private_key_store_path, file]) {
      assert.ok(!seen.has(key), `${name}: ${key} is shared with another operator`);
      seen.add(key);
    }
    assert.ok(!seen.has(op.operator_address), `${name}: operator address reused`);
    seen.add(op.operator_address);
    assert.ok(op.deployment_path.startsWith(DEPLOYMENT_DIR), `${name}: deployment_path`);
    const keystore = JSON.parse(readRepoFile(op.ecdsa_private_key_store_path)) as {
      address: string;
    };
    assert.equal(
      `0x${keystore.address}`.toLowerCase(),
      op.operator_address.toLowerCase(),
      `${name}: operator_address does not match ${op.ecdsa_private_key_store_path}`,
    );
    assert.equal(op.aggregator_server_ip_port_address, "aggregator:8090");
    assert.match(op.eigen_metrics_ip_port_address, /^0\.0\.0\.0:/);
    // Passwords come from the environment; the compose file sets the devnet's empty password.
    assert.equal(op.insecure_empty_key_passwords, false);
    assert.equal(s[name].environment?.OPERATOR_ECDSA_KEY_PASSWORD, "");
    assert.equal(s[name].environment?.OPERATOR_BLS_KEY_PASSWORD, "");
  }
  // Nodes mount the deployment volume the deployer writes.
  for (const [name, svc] of nodeServices(c)) {
    assert.match(JSON.stringify(svc.volumes), new RegExp(DEPLOYMENT_DIR), `${name}: volume`);
  }
});

Deno.test("compose: operator key files referenced by the docker configs are committed", () => {
  for (const i of [1, 2]) {
    const text = readRepoFile(`config/operator${i}-docker-compose.yaml`);
    for (const m of text.matchAll(/_store_path: (\S+)/g)) {
      const st = Deno.statSync(`${REPO}/${m[1]}`);
      assert.ok(st.isFile, `${m[1]} missing`);
    }
  }
});

Deno.test("compose: Prometheus scrapes the metrics port of every node that serves one", async () => {
  const c = await resolvedCompose();
  const prom = parseYaml(readRepoFile("ops/prometheus/prometheus.yml")) as {
    scrape_configs: { job_name: string; static_configs: { targets: string[] }[] }[];
  };
  const targets = new Set(
    prom.scrape_configs.flatMap((j) => j.static_configs.flatMap((sc) => sc.targets)),
  );
  const expected: string[] = [];
  for (const [name, svc] of nodeServices(c)) {
    if (!svc.command?.some((a) => CONFIG_FLAGS.includes(a))) continue;
    const cfg = parseYaml(readRepoFile(configArg(svc))) as Record<string, unknown>;
    const addr = (cfg.eigen_metrics_ip_port_address ?? cfg.metrics_ip_port_address) as
      | string
      | undefined;
    if (!addr || cfg.enable_metrics === false) continue;
    expected.push(`${name}:${addr.split(":").pop()}`);
  }
  assert.ok(expected.length >= 4, `expected ≥4 scraped nodes, got ${expected}`);
  for (const t of expected) assert.ok(targets.has(t), `prometheus.yml does not scrape ${t}`);
  for (const t of targets) {
    const host = t.split(":")[0];
    assert.ok(host === "localhost" || c.services[host], `target ${t} is not a compose service`);
  }
});

Deno.test("compose: every node command is a service the image entrypoint knows", async () => {
  const c = await resolvedCompose();
  const script = readRepoFile("docker/entrypoint.sh");
  for (const [name, svc] of nodeServices(c)) {
    const service = svc.command?.[0];
    assert.ok(service, `${name}: no command`);
    assert.match(script, new RegExp(`(^|[ |])${service}( \\||\\))`, "m"), `${name}: ${service}`);
  }
});

Deno.test("compose: operator1 alone meets the threshold and answers wrongly, so disputes show", async () => {
  const c = await resolvedCompose();
  const s = c.services;
  const inRepo = (p: string) => `${REPO}/${p}`;
  const agg = loadAggregatorConfig(inRepo(configArg(s.aggregator)), {
    env: { ECDSA_PRIVATE_KEY: undefined },
  });
  const operators = Object.keys(s).filter((n) => /^operator\d+$/.test(n)).sort();
  const cfg = Object.fromEntries(
    operators.map((n) => [n, loadOperatorConfig(inRepo(configArg(s[n])))]),
  );
  const stake = (n: string) => BigInt(cfg[n].deposit_amount);
  const total = operators.reduce((sum, n) => sum + stake(n), 0n);
  const pct = BigInt(agg.quorum_threshold_percentage);
  assert.ok(cfg.operator1.times_failing > 0, "operator1 never answers wrongly");
  // Same rule as the aggregation service: signed * 100 >= total * threshold.
  assert.ok(stake("operator1") * 100n >= total * pct, "operator1 alone cannot land an answer");
  // The others alone stay below it, so a wrong answer from operator1 is the one that lands
  // (otherwise a race decides) — until operator1 is frozen and ejected from the quorum.
  assert.ok((total - stake("operator1")) * 100n < total * pct, "the others outvote operator1");
  for (const n of operators.filter((n) => n !== "operator1")) {
    assert.equal(cfg[n].times_failing, 0, `${n} should answer correctly`);
  }
});
