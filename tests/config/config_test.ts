import { strict as assert } from "node:assert";
import {
  ConfigError,
  loadAggregatorConfig,
  loadChallengerConfig,
  loadOperatorConfig,
  loadStakeUpdaterConfig,
  parseConfig,
  parseHostPort,
  readKeyPasswords,
  redactConfig,
} from "../../lib/config/mod.ts";
import { operatorConfigSchema } from "../../lib/config/operator.ts";
import { aggregatorConfigSchema } from "../../lib/config/aggregator.ts";
import { challengerConfigSchema } from "../../lib/config/challenger.ts";

const noEnv = { env: {} };

Deno.test("the committed config files load", () => {
  const op = loadOperatorConfig("config/operator.anvil.yaml", noEnv);
  assert.equal(op.operator_address, "0x90F79bf6EB2c4f870365E785982E1f101E93b906");
  assert.equal(op.times_failing, 10);
  assert.equal(op.deposit_amount, 1000n);
  assert.equal(op.deployment_path, "contracts/deployments/devnet.json");
  const agg = loadAggregatorConfig("config/aggregator.yaml", noEnv);
  assert.equal(agg.environment, "development");
  assert.equal(agg.task_interval_seconds, 10);
  const ch = loadChallengerConfig("config/challenger.yaml", noEnv);
  assert.equal(ch.metrics_ip_port_address, "localhost:9092");
  const su = loadStakeUpdaterConfig("config/stake-updater.yaml", noEnv);
  assert.equal(su.interval_seconds, 60);
});

function problemsOf(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof ConfigError, `expected ConfigError, got ${err}`);
    return err;
  }
  assert.fail("expected a ConfigError");
}

const base = Deno.readTextFileSync("config/operator.anvil.yaml");

Deno.test("unknown key is named with the file", () => {
  const err = problemsOf(() =>
    parseConfig(base + "\nenable_metricz: true\n", "op.yaml", operatorConfigSchema, noEnv)
  );
  assert.match(err.message, /op\.yaml: enable_metricz: unknown key/);
});

Deno.test("missing key is named with the file", () => {
  const text = base.replace(/^eth_ws_url:.*$/m, "");
  const err = problemsOf(() => parseConfig(text, "op.yaml", operatorConfigSchema, noEnv));
  assert.match(err.message, /op\.yaml: eth_ws_url: missing required key/);
});

Deno.test("every bad value is listed in one error", () => {
  const text = base
    .replace(/^times_failing:.*$/m, "times_failing: 101")
    .replace(/^operator_address:.*$/m, "operator_address: 0x1234")
    .replace(/^eth_ws_url:.*$/m, "eth_ws_url: http://localhost:8545")
    .replace(/^node_api_ip_port_address:.*$/m, "node_api_ip_port_address: localhost:99999")
    .replace(/^enable_metrics:.*$/m, "enable_metrics: yes please");
  const err = problemsOf(() => parseConfig(text, "op.yaml", operatorConfigSchema, noEnv));
  const keys = err.problems.map((p) => p.key).sort();
  assert.deepEqual(keys, [
    "enable_metrics",
    "eth_ws_url",
    "node_api_ip_port_address",
    "operator_address",
    "times_failing",
  ]);
  for (const line of err.message.split("\n").slice(1)) assert.match(line, /^ {2}op\.yaml: \w+: /);
  assert.match(err.message, /operator_address: expected a 0x-prefixed 20-byte hex address/);
  assert.match(err.message, /eth_ws_url: expected a ws:\/\/ or wss:\/\/ URL/);
  assert.match(err.message, /port must be between 1 and 65535/);
});

Deno.test("bad files: missing, not YAML, not a mapping, duplicate key", () => {
  assert.match(
    problemsOf(() => loadOperatorConfig("/nonexistent/op.yaml", noEnv)).message,
    /\/nonexistent\/op\.yaml: \(file\): file not found/,
  );
  assert.match(
    problemsOf(() => parseConfig("a: [1\nb: 2", "x.yaml", operatorConfigSchema, noEnv)).message,
    /x\.yaml: \(file\): not valid YAML/,
  );
  assert.match(
    problemsOf(() => parseConfig("- 1\n- 2\n", "x.yaml", operatorConfigSchema, noEnv)).message,
    /x\.yaml: \(file\): expected a mapping/,
  );
  assert.match(
    problemsOf(() =>
      parseConfig(base + "\nproduction: true\n", "x.yaml", operatorConfigSchema, noEnv)
    )
      .message,
    /x\.yaml: \(file\): not valid YAML: Map keys must be unique/,
  );
});

Deno.test("ECDSA_PRIVATE_KEY overrides the file and is validated", () => {
  const key = "11".repeat(32);
  const agg = loadAggregatorConfig("config/aggregator.yaml", { env: { ECDSA_PRIVATE_KEY: key } });
  assert.equal(agg.ecdsa_private_key, `0x${key}`);
  const err = problemsOf(() =>
    loadAggregatorConfig("config/aggregator.yaml", { env: { ECDSA_PRIVATE_KEY: "nope" } })
  );
  // The culprit is the variable, and the message says so.
  assert.match(
    err.message,
    /ecdsa_private_key \(from the environment variable ECDSA_PRIVATE_KEY\): expected a 32-byte hex/,
  );
  // The bad value itself is never echoed.
  assert.doesNotMatch(err.message, /nope/);
});

Deno.test("redactConfig hides secrets but not paths", () => {
  const agg = loadAggregatorConfig("config/aggregator.yaml", noEnv);
  const shown = JSON.stringify(redactConfig(agg));
  assert.doesNotMatch(shown, /2a871d07/);
  assert.match(shown, /"ecdsa_private_key":"\[REDACTED\]"/);
  const op = loadOperatorConfig("config/operator.anvil.yaml", noEnv);
  assert.match(JSON.stringify(redactConfig(op)), /operator1\.ecdsa\.key\.json/);
});

Deno.test("key passwords: empty is valid, unset is an error unless insecure defaults", () => {
  const strict = { insecure_empty_key_passwords: false };
  assert.throws(
    () => readKeyPasswords(strict, { OPERATOR_BLS_KEY_PASSWORD: "x" }),
    /OPERATOR_ECDSA_KEY_PASSWORD is not set/,
  );
  const p = readKeyPasswords(strict, {
    OPERATOR_BLS_KEY_PASSWORD: "",
    OPERATOR_ECDSA_KEY_PASSWORD: "pw",
  });
  assert.deepEqual(p, { ecdsa: "pw", bls: "", defaulted: [] });
  const d = readKeyPasswords({ insecure_empty_key_passwords: true }, {});
  assert.deepEqual(d.defaulted, ["OPERATOR_ECDSA_KEY_PASSWORD", "OPERATOR_BLS_KEY_PASSWORD"]);
});

Deno.test("parseHostPort", () => {
  assert.deepEqual(parseHostPort("localhost:9090"), { hostname: "localhost", port: 9090 });
  assert.deepEqual(parseHostPort(":9090"), { hostname: "0.0.0.0", port: 9090 });
  assert.deepEqual(parseHostPort("[::1]:80"), { hostname: "::1", port: 80 });
});

Deno.test("max_fee_gwei: a fee cap in gwei, and a clear error otherwise", () => {
  const text = Deno.readTextFileSync("config/aggregator.yaml");
  const ok = parseConfig(
    text + '\nmax_fee_gwei: "1.5"\n',
    "agg.yaml",
    aggregatorConfigSchema,
    noEnv,
  );
  assert.equal(ok.max_fee_gwei, "1.5");
  const err = problemsOf(() =>
    parseConfig(text + "\nmax_fee_gwei: lots\n", "agg.yaml", aggregatorConfigSchema, noEnv)
  );
  assert.match(err.message, /agg\.yaml: max_fee_gwei: expected a fee in gwei such as 30 or 1\.5/);
});

Deno.test("fault_batch_size: 50 by default, a clear error outside 1..1000", () => {
  const text = Deno.readTextFileSync("config/challenger.yaml");
  assert.equal(parseConfig(text, "ch.yaml", challengerConfigSchema, noEnv).fault_batch_size, 50);
  assert.equal(
    parseConfig(text + "\nfault_batch_size: 8\n", "ch.yaml", challengerConfigSchema, noEnv)
      .fault_batch_size,
    8,
  );
  for (const bad of ["0", "1001", "2.5", "many"]) {
    const err = problemsOf(() =>
      parseConfig(text + `\nfault_batch_size: ${bad}\n`, "ch.yaml", challengerConfigSchema, noEnv)
    );
    assert.match(err.message, /ch\.yaml: fault_batch_size: /, bad);
  }
});
