/** `deno task start` above 5 operators: the fleet plan, its ports and its generated config. */
import assert from "node:assert/strict";
import { join } from "node:path";
import { parse } from "yaml";
import { FLEET_ABOVE, MAX_OPERATORS, planFleet, writeRunConfigs } from "../../lib/start/configs.ts";
import {
  defaultPorts,
  nodePorts,
  replaceBusyPorts,
  reserveRunPorts,
  runListeners,
} from "../../lib/start/ports.ts";
import { loadFleetConfig } from "../../lib/operator/fleet_main.ts";

Deno.test("fleet plan: equal stakes, only operator 1 answers wrongly", () => {
  const plan = planFleet(200, 20);
  assert.equal(plan.length, 200);
  assert.deepEqual(plan[0], { index: 1, depositAmount: 1000n, timesFailing: 20 });
  assert.deepEqual(plan[199], { index: 200, depositAmount: 1000n, timesFailing: 0 });
  assert.ok(plan.every((p) => p.depositAmount === 1000n));
  assert.ok(FLEET_ABOVE === 5 && MAX_OPERATORS >= 200);
});

Deno.test("fleet ports: one node `fleet` with operator 1's listeners, kept through replacement", () => {
  const p = defaultPorts(200, true);
  assert.deepEqual(nodePorts(p, "fleet"), [9090, 9010]);
  assert.equal(runListeners(p).length, 6);
  assert.ok(!runListeners(p).some((l) => l.node.startsWith("operator")));
  const plan = reserveRunPorts(200, {}, true);
  try {
    assert.equal(plan.ports.fleet, true);
    assert.equal(nodePorts(plan.ports, "fleet").length, 2);
    plan.release("fleet");
    assert.equal(replaceBusyPorts(plan.ports, "fleet").ports.fleet, true);
  } finally {
    plan.releaseAll();
  }
});

Deno.test("fleet config: one fleet.json the fleet process accepts; quiet aggregator with its data in the run dir", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const files = await writeRunConfigs({
      dir,
      rpcUrl: "http://127.0.0.1:8545",
      wsUrl: "ws://127.0.0.1:8545",
      deploymentPath: join(dir, "deployment.json"),
      ports: defaultPorts(12, true),
      operators: planFleet(12, 20),
      taskIntervalSeconds: 5,
      thresholdPercentage: 50,
      stakeUpdateIntervalSeconds: 60,
      production: false,
      logLevel: "info",
    });
    assert.deepEqual(files.operators, [join(dir, "fleet.json")]);
    const c = loadFleetConfig(files.operators[0]);
    assert.equal(c.operators.length, 12);
    assert.deepEqual(c.operators[0], { index: 1, deposit_amount: "1000", times_failing: 20 });
    assert.equal(c.eigen_metrics_ip_port_address, "127.0.0.1:9090");
    assert.equal(c.log_level, "warning");
    // Attestations and confirmations: the single operator's keys, with its defaults.
    assert.equal(c.attest_unanswered_responses, true);
    assert.equal(c.attestation_margin_blocks, 5);
    assert.equal(c.confirmations, 0);
    assert.equal(c.attestation_concurrency, 16);
    assert.equal((await Deno.stat(files.operators[0])).mode! & 0o777, 0o600);
    const agg = parse(await Deno.readTextFile(files.aggregator));
    assert.equal(agg.log_level, "warning");
    assert.equal(agg.data_dir, join(dir, "aggregator-data"));

    const bad = join(dir, "bad.json");
    await Deno.writeTextFile(bad, JSON.stringify({ ...c, registration_concurrency: 0 }));
    assert.throws(() => loadFleetConfig(bad), /bad\.json: registration_concurrency: /);
    await Deno.writeTextFile(bad, JSON.stringify({ ...c, attestation_margin_blocks: 0 }));
    assert.throws(() => loadFleetConfig(bad), /bad\.json: attestation_margin_blocks: /);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
