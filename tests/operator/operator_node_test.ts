import { strict as assert } from "node:assert";
import { join } from "node:path";
import { stringify } from "yaml";
import { writeOperatorConfig } from "./helpers.ts";
import { startDevnet } from "../../lib/devnet/devnet.ts";
import { freePort } from "../../lib/devnet/ports.ts";
import { anvilPrivateKey, devnetOperatorKeys } from "../../lib/keys/devnet_keys.ts";
import { createChainClients } from "../../lib/chain/clients.ts";
import { avsContractsOf, createNewTask } from "../../lib/avs/mod.ts";
import { loadOperatorConfig } from "../../lib/config/operator.ts";
import { type OperatorHandle, startOperator } from "../../lib/operator/node.ts";
import { operatorSettings } from "../../lib/operator/settings.ts";
import { g2PublicKey, verify } from "../../lib/bls/mod.ts";
import { taskResponseDigest, WRONG_ANSWER } from "../../lib/task/mod.ts";
import {
  type SignedTaskResponse,
  signedTaskResponseFromWire,
} from "../../lib/task/signed_response.ts";

/** Records what operators send; answers `result: true` (or the scripted error first). */
function collector(firstErrors = 0) {
  const got: SignedTaskResponse[] = [];
  let errorsLeft = firstErrors;
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, async (req) => {
    const body = await req.json();
    if (body.method !== "incsq_processSignedTaskResponse") {
      return Response.json({
        jsonrpc: "2.0",
        id: body.id,
        error: { code: -32601, message: "method not found" },
      });
    }
    if (errorsLeft-- > 0) {
      return Response.json({
        jsonrpc: "2.0",
        id: body.id,
        error: { code: -32010, message: "task 0 not initialized or already completed" },
      });
    }
    got.push(signedTaskResponseFromWire(body.params[0]));
    return Response.json({ jsonrpc: "2.0", id: body.id, result: true });
  });
  return { port: server.addr.port, got, close: () => server.shutdown() };
}

async function waitFor(cond: () => boolean | Promise<boolean>, what: string, ms = 20_000) {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

Deno.test("operator node: registers once, answers tasks, health and metrics reflect state, restarts cleanly", async () => {
  const devnet = await startDevnet();
  const dir = await Deno.makeTempDir();
  const agg = collector(1);
  const keys = devnetOperatorKeys(1);
  const generator = await createChainClients({
    rpcUrl: devnet.rpcUrl,
    privateKey: anvilPrivateKey(9),
    pollingInterval: 100,
  });
  let node: OperatorHandle | undefined;
  try {
    const deploymentPath = join(dir, "deployment.json");
    await Deno.writeTextFile(deploymentPath, JSON.stringify(devnet.deployment));
    const configPath = await writeOperatorConfig(dir, "operator.yaml", {
      keys,
      devnet,
      deploymentPath,
      aggregatorPort: agg.port,
      overrides: { times_failing: 0, deposit_amount: 1000, send_initial_backoff_ms: 50 },
    });
    const config = loadOperatorConfig(configPath, { env: {} });
    const createTask = (n: bigint) =>
      createNewTask(generator, avsContractsOf(devnet.deployment), {
        numberToBeSquared: n,
        quorumThresholdPercentage: 100,
        quorumNumbers: [0],
      });
    // Task 0 exists before the operator registers: the back-fill sees it, but the operator was
    // not in the quorum at its block, so nobody would count a signature: it is skipped.
    await createTask(5n);
    node = await startOperator(operatorSettings(config), { env: {} });
    const { metrics: metricsPort, nodeApi: apiPort } = node.listening;

    await createTask(7n);
    await waitFor(() => agg.got.length >= 1, "first signed response");
    const first = agg.got[0];
    assert.deepEqual(first.taskResponse, { referenceTaskIndex: 1, numberSquared: 49n });
    assert.equal(first.operatorId, keys.operatorId);
    assert.ok(
      verify(
        g2PublicKey(keys.blsPrivateKey),
        taskResponseDigest(first.taskResponse),
        first.blsSignature,
      ),
    );

    // Node API: everything healthy (aggregator reachable, registered, chain up).
    const health = await fetch(`http://127.0.0.1:${apiPort}/eigen/node/health`);
    await health.body?.cancel();
    assert.equal(health.status, 200);
    const services = await (await fetch(`http://127.0.0.1:${apiPort}/eigen/node/services`)).json();
    assert.deepEqual(
      services.services.map((s: { id: string; status: string }) => [s.id, s.status]),
      [
        ["chain", "Up"],
        ["registration", "Up"],
        ["aggregator", "Up"],
        ["task-events", "Up"],
      ],
    );

    // Metrics: upstream counters, retry of the initialisation race, stake read at scrape.
    const text = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
    assert.match(text, /^incsq_num_tasks_received 2$/m);
    assert.match(text, /^incsq_operator_task_responses_signed_total 1$/m);
    assert.match(text, /^incsq_num_signed_task_responses_accepted_by_aggregator 1$/m);
    assert.match(text, /^incsq_operator_send_retries_total 1$/m);
    assert.match(
      text,
      /^eigen_registered_stakes\{avs_name="incredible-squaring",quorum_number="0",quorum_name="quorum0"\} 1000$/m,
    );
    assert.match(text, /^eigen_slashing_status\{avs_name="incredible-squaring"\} 0$/m);
    assert.match(text, /^eigen_performance_score\{avs_name="incredible-squaring"\} 100$/m);
    assert.match(text, /^eigen_rpc_request_total\{[^}]*method="eth_getLogs"[^}]*\} \d+$/m);
    // Node health at scrape time, from the node API's checks.
    assert.match(text, /^incsq_node_health 2$/m);
    for (const id of ["chain", "registration", "aggregator", "task-events"]) {
      assert.match(text, new RegExp(`^incsq_node_service_health\\{service="${id}"\\} 2$`, "m"));
    }

    // Aggregator gone: node becomes partially healthy (non-critical service down).
    await agg.close();
    const partial = await fetch(`http://127.0.0.1:${apiPort}/eigen/node/health`);
    await partial.body?.cancel();
    assert.equal(partial.status, 206);
    await new Promise((r) => setTimeout(r, 1_100)); // past the metric's 1 s report cache
    const partialText = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
    assert.match(partialText, /^incsq_node_health 1$/m);
    assert.match(partialText, /^incsq_node_service_health\{service="aggregator"\} 0$/m);
    assert.match(partialText, /^incsq_node_service_health\{service="registration"\} 2$/m);
    await node.stop();
    node = undefined;

    // Restart with times_failing 100 and a new aggregator: no registration transaction, wrong answer.
    const agg2 = collector();
    try {
      const nonceBefore = await generator.publicClient.getTransactionCount({
        address: keys.address,
      });
      const config2 = {
        ...config,
        aggregator_server_ip_port_address: `127.0.0.1:${agg2.port}`,
        times_failing: 100,
      };
      node = await startOperator(operatorSettings(config2), { env: {} });
      assert.equal(
        await generator.publicClient.getTransactionCount({ address: keys.address }),
        nonceBefore,
      );
      // Task 0 is re-read by the back-fill and answered again (the aggregator decides duplicates).
      await createTask(8n);
      await waitFor(
        () => agg2.got.some((r) => r.taskResponse.referenceTaskIndex === 1),
        "task 1 response",
      );
      const r1 = agg2.got.find((r) => r.taskResponse.referenceTaskIndex === 1)!;
      assert.equal(r1.taskResponse.numberSquared, WRONG_ANSWER);
      await node.stop();
      node = undefined;
    } finally {
      await agg2.close();
    }
  } finally {
    await node?.stop();
    await agg.close().catch(() => {});
    await generator.close();
    await devnet.stop();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("operator.ts: bad config exits 1 naming file and key", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const bad = join(dir, "bad.yaml");
    await Deno.writeTextFile(bad, "production: maybe\n");
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", "operator.ts", "--config", bad],
      stdout: "piped",
      stderr: "piped",
    }).output();
    assert.equal(out.code, 1);
    const err = new TextDecoder().decode(out.stderr);
    assert.match(err, new RegExp(`${bad.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}: production: `));
    assert.match(err, /operator_address: missing required key/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("operator.ts: runs as a process and exits 0 on SIGTERM", async () => {
  const devnet = await startDevnet();
  const dir = await Deno.makeTempDir();
  const keys = devnetOperatorKeys(2);
  try {
    const deploymentPath = join(dir, "deployment.json");
    await Deno.writeTextFile(deploymentPath, JSON.stringify(devnet.deployment));
    const configPath = join(dir, "operator.yaml");
    await Deno.writeTextFile(
      configPath,
      stringify({
        production: true,
        operator_address: keys.address,
        eth_rpc_url: devnet.rpcUrl,
        eth_ws_url: devnet.wsUrl,
        ecdsa_private_key_store_path: keys.ecdsaKeyFile,
        bls_private_key_store_path: keys.blsKeyFile,
        aggregator_server_ip_port_address: `127.0.0.1:${await freePort()}`,
        eigen_metrics_ip_port_address: `127.0.0.1:${await freePort()}`,
        enable_metrics: true,
        node_api_ip_port_address: `127.0.0.1:${await freePort()}`,
        enable_node_api: true,
        register_operator_on_startup: true,
        deployment_path: deploymentPath,
      }),
    );
    const child = new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", "operator.ts", "--config", configPath],
      env: { OPERATOR_ECDSA_KEY_PASSWORD: "", OPERATOR_BLS_KEY_PASSWORD: "" },
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    const lines: string[] = [];
    const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
    let buf = "";
    const started = (async () => {
      while (true) {
        const { value, done } = await reader.read();
        if (done) return false;
        buf += value;
        const parts = buf.split("\n");
        buf = parts.pop()!;
        for (const p of parts) {
          lines.push(p);
          if (p.includes("operator running")) return true;
        }
      }
    })();
    const ok = await Promise.race([
      started,
      new Promise<boolean>((r) => setTimeout(() => r(false), 60_000)),
    ]);
    assert.ok(ok, `operator did not start:\n${lines.join("\n")}`);
    // Production logs are JSON lines, and the password never shows up.
    for (const l of lines) JSON.parse(l);
    child.kill("SIGTERM");
    const drain = (async () => {
      while (!(await reader.read()).done) { /* drain */ }
    })();
    const status = await child.status;
    await drain;
    await child.stderr.cancel();
    assert.equal(status.code, 0);
  } finally {
    await devnet.stop();
    await Deno.remove(dir, { recursive: true });
  }
});
