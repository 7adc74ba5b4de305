/**
 * The nodes run from upstream-format files and flags on anvil: the aggregator and challenger with
 * `--credible-squaring-deployment <upstream AVS output>`, the operator with an upstream-style
 * `operator.anvil.yaml` (coordinator address, no deployment_path: nothing from the devnet file).
 * Tasks are answered on chain; every node stops with exit code 0.
 */
import { strict as assert } from "node:assert";
import { join } from "node:path";
import { stringify } from "yaml";
import { createPublicClient, http, parseAbiItem } from "viem";
import { startDevnet } from "../../lib/devnet/devnet.ts";
import { freePort } from "../../lib/devnet/ports.ts";
import { anvilPrivateKey, devnetOperatorKeys } from "../../lib/keys/devnet_keys.ts";

const ROOT = new URL("../../", import.meta.url).pathname;
const RESPONDED = parseAbiItem(
  "event TaskResponded((uint32 referenceTaskIndex, uint256 numberSquared) taskResponse, (uint32 taskResponsedBlock, bytes32 hashOfNonSigners) taskResponseMetadata)",
);

function spawn(script: string, args: string[], env: Record<string, string>, cwd: string) {
  return new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", join(ROOT, script), ...args],
    env,
    cwd,
    stdout: "piped",
    stderr: "piped",
  }).spawn();
}

async function stop(child: Deno.ChildProcess): Promise<{ code: number; out: string }> {
  try {
    child.kill("SIGTERM");
  } catch { /* already gone */ }
  const out = await child.output();
  return {
    code: out.code,
    out: new TextDecoder().decode(out.stdout) + new TextDecoder().decode(out.stderr),
  };
}

Deno.test("upstream files and flags: aggregator, operator, challenger answer tasks", {
  sanitizeOps: false,
  sanitizeResources: false,
}, async () => {
  const devnet = await startDevnet();
  const a = devnet.deployment.addresses;
  const dir = await Deno.makeTempDir();
  const children: Deno.ChildProcess[] = [];
  try {
    const deployment = join(dir, "credible_squaring_avs_deployment_output.json");
    await Deno.writeTextFile(
      deployment,
      JSON.stringify({
        addresses: {
          erc20Mock: a.erc20Mock,
          erc20MockStrategy: a.erc20MockStrategy,
          credibleSquaringServiceManager: a.incredibleSquaringServiceManager,
          credibleSquaringTaskManager: a.incredibleSquaringTaskManager,
          registryCoordinator: a.registryCoordinator,
          operatorStateRetriever: a.operatorStateRetriever,
        },
      }),
    );
    const aggPort = await freePort();
    const urls = { eth_rpc_url: devnet.rpcUrl, eth_ws_url: devnet.wsUrl };
    // Upstream's aggregator.yaml keys; the extra keys only keep this test's ports and state
    // away from other runs.
    await Deno.writeTextFile(
      join(dir, "aggregator.yaml"),
      stringify({
        environment: "production",
        ...urls,
        aggregator_server_ip_port_address: `127.0.0.1:${aggPort}`,
        task_interval_seconds: 1,
        data_dir: join(dir, "agg"),
        enable_metrics: false,
        enable_node_api: false,
      }),
    );
    await Deno.writeTextFile(
      join(dir, "challenger.yaml"),
      stringify({ environment: "production", ...urls, enable_metrics: false }),
    );
    const k = devnetOperatorKeys(1);
    // Upstream's operator.anvil.yaml keys, and nothing else.
    await Deno.writeTextFile(
      join(dir, "operator.anvil.yaml"),
      stringify({
        production: true,
        operator_address: k.address,
        avs_registry_coordinator_address: a.registryCoordinator,
        operator_state_retriever_address: a.operatorStateRetriever,
        ...urls,
        ecdsa_private_key_store_path: k.ecdsaKeyFile,
        bls_private_key_store_path: k.blsKeyFile,
        aggregator_server_ip_port_address: `127.0.0.1:${aggPort}`,
        eigen_metrics_ip_port_address: `127.0.0.1:${await freePort()}`,
        enable_metrics: true,
        node_api_ip_port_address: `127.0.0.1:${await freePort()}`,
        enable_node_api: true,
        register_operator_on_startup: true,
        token_strategy_addr: a.erc20MockStrategy,
        times_failing: 0,
      }),
    );
    const base = { PATH: Deno.env.get("PATH") ?? "", HOME: Deno.env.get("HOME") ?? "" };
    const t0 = performance.now();
    const operator = spawn("operator.ts", ["--config", join(dir, "operator.anvil.yaml")], {
      ...base,
      OPERATOR_ECDSA_KEY_PASSWORD: "",
      OPERATOR_BLS_KEY_PASSWORD: "",
    }, dir);
    children.push(operator);
    const aggregator = spawn(
      "aggregator.ts",
      [
        "--config",
        join(dir, "aggregator.yaml"),
        "--credible-squaring-deployment",
        deployment,
      ],
      { ...base, ECDSA_PRIVATE_KEY: anvilPrivateKey(9) },
      dir,
    );
    children.push(aggregator);
    const challenger = spawn(
      "challenger.ts",
      [
        "--config",
        join(dir, "challenger.yaml"),
        "--credible-squaring-deployment",
        deployment,
      ],
      { ...base, ECDSA_PRIVATE_KEY: anvilPrivateKey(2) },
      dir,
    );
    children.push(challenger);

    const client = createPublicClient({ transport: http(devnet.rpcUrl) });
    let responded = 0;
    let firstAt: number | undefined;
    const deadline = Date.now() + 90_000;
    while (responded < 3 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 500));
      const logs = await client.getLogs({
        address: a.incredibleSquaringTaskManager,
        event: RESPONDED,
        fromBlock: 0n,
      });
      responded = logs.length;
      if (responded > 0 && firstAt === undefined) firstAt = performance.now();
    }
    const results = await Promise.all([operator, aggregator, challenger].map(stop));
    children.length = 0;
    assert.ok(
      responded >= 3,
      `only ${responded} tasks answered:\n${
        results.map((r) => r.out.slice(-1500)).join("\n---\n")
      }`,
    );
    console.log(
      `upstream-format nodes: first response ${((firstAt! - t0) / 1000).toFixed(1)} s after ` +
        `start, ${responded} responses in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );
    for (const r of results) assert.equal(r.code, 0, r.out.slice(-1500));
  } finally {
    await Promise.all(children.map(stop));
    await devnet.stop();
    await Deno.remove(dir, { recursive: true });
  }
});
