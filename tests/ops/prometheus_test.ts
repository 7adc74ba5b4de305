import assert from "node:assert/strict";
import { requireTool, run } from "./_tools.ts";

Deno.test("promtool check config: ops/prometheus/prometheus.yml and its rule file", async () => {
  const promtool = requireTool("promtool");
  const res = await run(promtool, ["check", "config", "ops/prometheus/prometheus.yml"]);
  assert.equal(res.code, 0, res.stdout + res.stderr);
  assert.match(res.stdout, /SUCCESS: 1 rule files found/);
  assert.match(res.stdout, /SUCCESS: \d+ rules found/);
});

Deno.test("promtool check rules: ops/prometheus/rules.yml", async () => {
  const promtool = requireTool("promtool");
  const res = await run(promtool, ["check", "rules", "ops/prometheus/rules.yml"]);
  assert.equal(res.code, 0, res.stdout + res.stderr);
  const count = Number(/SUCCESS: (\d+) rules found/.exec(res.stdout)?.[1]);
  assert.ok(count >= 4, `expected at least 4 alert rules, promtool found ${count}`);
});

Deno.test("promtool test rules: alerts fire (and stay quiet) as rules_test.yml expects", async () => {
  const promtool = requireTool("promtool");
  const res = await run(promtool, ["test", "rules", "ops/prometheus/rules_test.yml"]);
  assert.equal(res.code, 0, res.stdout + res.stderr);
  assert.match(res.stdout, /SUCCESS/);
});

Deno.test("promtool rejects a broken rule file (the check is real)", async () => {
  const promtool = requireTool("promtool");
  const dir = await Deno.makeTempDir({ prefix: "incsq-rules-" });
  try {
    const file = `${dir}/bad.yml`;
    await Deno.writeTextFile(
      file,
      "groups:\n  - name: g\n    rules:\n      - alert: Broken\n        expr: sum(rate(x[5m])\n",
    );
    const res = await run(promtool, ["check", "rules", file]);
    assert.notEqual(res.code, 0);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("alert rules: the three alerts the issue asks for exist", async () => {
  const text = await Deno.readTextFile(new URL("../../ops/prometheus/rules.yml", import.meta.url));
  for (const name of ["IncsqAggregatorDown", "IncsqOperatorUnhealthy", "IncsqNoTaskResponded"]) {
    assert.match(text, new RegExp(`alert: ${name}\\n`), `missing alert ${name}`);
  }
});
