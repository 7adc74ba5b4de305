/**
 * `deno task deploy` onto an EigenLayer core that already exists on anvil (deployed before, by
 * `startDevnet`), with the core named by an upstream-format eigenlayer_deployment_output.json:
 * the new AVS is wired to that core on chain, an operator registers with it, and a task is
 * answered on the new TaskManager.
 */
import { strict as assert } from "node:assert";
import { join } from "node:path";
import { createPublicClient, http } from "viem";
import { startDevnet } from "../../lib/devnet/devnet.ts";
import { loadDeployment, parseDeploymentHints } from "../../lib/chain/deployment.ts";
import { resolveDeployment } from "../../lib/avs/deployment_resolve.ts";
import { type AggregatorEvent, startAggregator } from "../../lib/aggregator/aggregator.ts";
import { createTask } from "../../lib/aggregator/task_generator.ts";
import { anvilPrivateKey } from "../../lib/keys/devnet_keys.ts";
import { incredibleSquaringTaskManagerAbi } from "../../lib/chain/abi/mod.ts";
import { parseDeployArgs } from "../../scripts/deploy.ts";
import type { Devnet } from "../../lib/devnet/devnet.ts";
import {
  processCall,
  registerOperator,
  rpcPost,
  signedParams,
  testAggregatorSettings,
  waitFor,
} from "../e2e/helpers.ts";

Deno.test("deploy flags: keys never on the command line, one core source", () => {
  assert.throws(() => parseDeployArgs(["--private-key", "0xab"]), /DEPLOYER_PRIVATE_KEY/);
  assert.throws(
    () => parseDeployArgs(["--rpc-url", "http://x", "--core", "a", "--network", "hoodi"]),
    /exactly one of --core, --network/,
  );
  assert.equal(
    parseDeployArgs(["--rpc-url", "http://x", "--network", "Sepolia"]).network,
    "sepolia",
  );
});

Deno.test("deno task deploy onto an existing core, then a task answered", {
  sanitizeOps: false,
  sanitizeResources: false,
}, async () => {
  const devnet = await startDevnet();
  const core = devnet.deployment.addresses;
  const dir = await Deno.makeTempDir();
  try {
    const coreFile = join(dir, "eigenlayer_deployment_output.json");
    await Deno.writeTextFile(
      coreFile,
      JSON.stringify({
        addresses: {
          delegation: core.delegationManager,
          strategyManager: core.strategyManager,
          avsDirectory: core.avsDirectory,
          rewardsCoordinator: core.rewardsCoordinator,
          eigenPodManager: core.eigenPodManager,
          slasher: core.slasher,
          strategies: { MockETH: core.erc20MockStrategy },
        },
      }),
    );
    const out = join(dir, "avs.json");
    const root = new URL("../../", import.meta.url).pathname;
    const t0 = performance.now();
    const run = await new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "-A",
        join(root, "scripts/deploy.ts"),
        "--rpc-url",
        devnet.rpcUrl,
        "--core",
        coreFile,
        "--out",
        out,
      ],
      env: { DEPLOYER_PRIVATE_KEY: anvilPrivateKey(0) },
      stdout: "piped",
      stderr: "piped",
    }).output();
    const deploySeconds = (performance.now() - t0) / 1000;
    const text = new TextDecoder().decode(run.stdout) + new TextDecoder().decode(run.stderr);
    assert.equal(run.code, 0, text);
    assert.match(text, /AVS deployed onto the existing EigenLayer/);

    const d = loadDeployment(out);
    assert.notEqual(d.addresses.registryCoordinator, core.registryCoordinator);
    assert.equal(d.addresses.delegationManager, core.delegationManager);
    assert.equal(d.addresses.erc20MockStrategy, core.erc20MockStrategy);
    // On chain the new AVS points at the existing core (and the file agrees).
    const client = createPublicClient({ transport: http(devnet.rpcUrl) });
    const resolved = await resolveDeployment(client, {
      files: [parseDeploymentHints(JSON.parse(await Deno.readTextFile(out)), out)],
    });
    assert.equal(resolved.deployment.addresses.avsDirectory, core.avsDirectory);

    // An operator of the existing core registers with the new AVS; a task is answered.
    const onNewAvs = { ...devnet, deployment: { ...devnet.deployment, addresses: d.addresses } };
    const op = await registerOperator(onNewAvs as unknown as Devnet, 4, 1000n);
    const agg = await startAggregator(
      testAggregatorSettings(devnet.rpcUrl, d, { dataDir: join(dir, "agg") }),
    );
    const events: AggregatorEvent[] = [];
    agg.on((e) => events.push(e));
    try {
      const c = await createTask(agg.clients, d.addresses.incredibleSquaringTaskManager, 9n, 100, [
        0,
      ]);
      agg.track(c);
      await waitFor("signature accepted", async () => {
        const r = await rpcPost(agg.rpcPort, processCall(1, signedParams(op, c.taskIndex, 81n)));
        return r.json.error ? undefined : true;
      });
      await waitFor("response", () => events.find((e) => e.kind === "responded"));
      const stored = await client.readContract({
        address: d.addresses.incredibleSquaringTaskManager,
        abi: incredibleSquaringTaskManagerAbi,
        functionName: "allTaskResponses",
        args: [c.taskIndex],
      });
      assert.notEqual(stored, `0x${"00".repeat(32)}`);
      console.log(
        `deploy onto the existing core: ${deploySeconds.toFixed(1)} s (incl. deno start)`,
      );
    } finally {
      await agg.stop();
      await op.clients.close();
    }
  } finally {
    await devnet.stop();
    await Deno.remove(dir, { recursive: true });
  }
});
