import assert from "node:assert/strict";
import { parse as parseYaml } from "yaml";
import { localizeScrapeConfig } from "./_prometheus.ts";
import { readRepoFile, REPO, requireTool, run } from "./_tools.ts";

Deno.test("localizeScrapeConfig: maps compose targets to local ports, drops the rest", async () => {
  const text = localizeScrapeConfig(
    readRepoFile("ops/prometheus/prometheus.yml"),
    { aggregator: "127.0.0.1:40001", operator1: "127.0.0.1:40002" },
    { interval: "1s", rulesDir: "/tmp/rules" },
  );
  const cfg = parseYaml(text) as {
    global: { scrape_interval: string };
    rule_files: string[];
    scrape_configs: {
      job_name: string;
      static_configs: { targets: string[]; labels?: Record<string, string> }[];
    }[];
  };
  assert.equal(cfg.global.scrape_interval, "1s");
  assert.deepEqual(cfg.rule_files, ["/tmp/rules/rules.yml"]);
  assert.deepEqual(
    cfg.scrape_configs.map((j) => [j.job_name, j.static_configs.flatMap((s) => s.targets)]),
    [["incsq-aggregator", ["127.0.0.1:40001"]], ["incsq-operator", ["127.0.0.1:40002"]]],
  );
  assert.equal(cfg.scrape_configs[1].static_configs[0].labels?.operator, "operator1");

  // The rewritten file is still a valid Prometheus config.
  const promtool = requireTool("promtool");
  const dir = await Deno.makeTempDir({ prefix: "incsq-promcfg-" });
  try {
    await Deno.writeTextFile(`${dir}/prometheus.yml`, text.replace("/tmp/rules/", ""));
    await Deno.copyFile(`${REPO}/ops/prometheus/rules.yml`, `${dir}/rules.yml`);
    const res = await run(promtool, ["check", "config", `${dir}/prometheus.yml`]);
    assert.equal(res.code, 0, res.stdout + res.stderr);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
