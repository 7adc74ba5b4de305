/**
 * Addresses from the chain, on anvil: upstream's deployment output (which names only some
 * contracts) resolves to the full deployment, and a file or config that disagrees with the chain
 * stops a node with both values named.
 */
import { strict as assert } from "node:assert";
import { startDevnet } from "../../lib/devnet/mod.ts";
import { createChainClients } from "../../lib/chain/clients.ts";
import { parseDeployment, parseDeploymentHints } from "../../lib/chain/deployment.ts";
import { DeploymentMismatchError, resolveDeployment } from "../../lib/avs/deployment_resolve.ts";
import { resolveOperatorContracts } from "../../lib/avs/operator_contracts.ts";
import { ANVIL_KEYS } from "../../lib/devnet/accounts.ts";

const opts = { sanitizeOps: false, sanitizeResources: false };

/** Upstream's AVS deployer output for a deployment, in upstream's key names. */
function upstreamOutput(a: Record<string, string>) {
  return {
    addresses: {
      erc20Mock: a.erc20Mock,
      erc20MockStrategy: a.erc20MockStrategy,
      credibleSquaringServiceManager: a.incredibleSquaringServiceManager,
      credibleSquaringTaskManager: a.incredibleSquaringTaskManager,
      registryCoordinator: a.registryCoordinator,
      operatorStateRetriever: a.operatorStateRetriever,
    },
  };
}

Deno.test("addresses from the chain (anvil)", opts, async (t) => {
  const devnet = await startDevnet();
  const clients = await createChainClients({ rpcUrl: devnet.rpcUrl });
  const client = clients.publicClient;
  const a = devnet.deployment.addresses as unknown as Record<string, `0x${string}`>;
  try {
    await t.step("upstream AVS output resolves to the devnet's full deployment", async () => {
      const hints = parseDeploymentHints(upstreamOutput(a), "upstream.json");
      const { deployment, derived } = await resolveDeployment(client, { files: [hints] });
      for (
        const name of [
          "delegationManager",
          "strategyManager",
          "avsDirectory",
          "stakeRegistry",
          "blsApkRegistry",
          "indexRegistry",
          "incredibleSquaringTaskManager",
          "incredibleSquaringServiceManager",
          "erc20Mock",
        ]
      ) {
        assert.equal(
          (deployment.addresses as Record<string, string>)[name]?.toLowerCase(),
          a[name].toLowerCase(),
          name,
        );
      }
      assert.ok(derived.includes("delegationManager") && derived.includes("blsApkRegistry"));
      assert.equal(deployment.chainId, 31337);
      assert.equal(deployment.roles.aggregator, devnet.deployment.roles.aggregator);
      assert.equal(deployment.parameters.taskResponseWindowBlock, 30);
      // No deployedAtBlock in upstream's file: the first block with the coordinator's code.
      assert.ok(deployment.deployedAtBlock > 0);
      assert.ok(deployment.deployedAtBlock <= devnet.deployment.deployedAtBlock + 200);
    });

    await t.step("only the coordinator (upstream operator config) is enough", async () => {
      const c = await resolveOperatorContracts(client, undefined, {
        avs_registry_coordinator_address: a.registryCoordinator,
      });
      assert.equal(c.taskManager?.toLowerCase(), a.incredibleSquaringTaskManager.toLowerCase());
      assert.equal(c.strategy.toLowerCase(), a.erc20MockStrategy.toLowerCase());
    });

    await t.step("a file naming another TaskManager is refused, naming both", async () => {
      const wrong = upstreamOutput(a);
      wrong.addresses.credibleSquaringTaskManager = a.stakeRegistry;
      const hints = parseDeploymentHints(wrong, "wrong.json");
      await assert.rejects(resolveDeployment(client, { files: [hints] }), (err: Error) => {
        assert.ok(err instanceof DeploymentMismatchError);
        assert.match(err.message, /incredibleSquaringTaskManager: wrong\.json says 0x/i);
        assert.ok(err.message.includes(a.stakeRegistry));
        assert.ok(
          err.message.toLowerCase().includes(a.incredibleSquaringTaskManager.toLowerCase()),
        );
        return true;
      });
    });

    await t.step("config and deployment file disagreeing on the coordinator", async () => {
      await assert.rejects(
        resolveOperatorContracts(client, parseDeployment(devnet.deployment), {
          avs_registry_coordinator_address: a.stakeRegistry,
        }),
        /registryCoordinator: the operator config says 0x[0-9a-fA-F]{40}, the deployment file says/,
      );
    });

    await t.step("a file for another chain id is refused", async () => {
      const hints = parseDeploymentHints(
        { ...devnet.deployment, chainId: 17000 },
        "holesky.json",
      );
      await assert.rejects(
        resolveDeployment(client, { files: [hints] }),
        /chainId: holesky\.json says 17000, the RPC endpoint is chain 31337/,
      );
    });

    await t.step("a coordinator without code is named", async () => {
      await assert.rejects(
        resolveDeployment(client, {
          files: [],
          config: { registryCoordinator: "0x000000000000000000000000000000000000dEaD" },
          configSource: "cfg.yaml",
        }),
        /registryCoordinator 0x000000000000000000000000000000000000dEaD \(from cfg\.yaml\) has no code/,
      );
    });

    await t.step("challenger: upstream flag + wrong file → exit 1 naming both", async () => {
      const dir = await Deno.makeTempDir();
      const wrong = upstreamOutput(a);
      wrong.addresses.credibleSquaringTaskManager = a.stakeRegistry;
      await Deno.writeTextFile(`${dir}/out.json`, JSON.stringify(wrong));
      await Deno.writeTextFile(
        `${dir}/challenger.yaml`,
        `environment: production\neth_rpc_url: ${devnet.rpcUrl}\neth_ws_url: ${devnet.wsUrl}\n`,
      );
      const root = new URL("../../", import.meta.url).pathname;
      const out = await new Deno.Command(Deno.execPath(), {
        args: [
          "run",
          "-A",
          `${root}challenger.ts`,
          "--config",
          `${dir}/challenger.yaml`,
          "--credible-squaring-deployment",
          `${dir}/out.json`,
        ],
        cwd: dir,
        env: { ECDSA_PRIVATE_KEY: ANVIL_KEYS[2] },
        stdout: "piped",
        stderr: "piped",
      }).output();
      const stderr = new TextDecoder().decode(out.stderr);
      assert.equal(out.code, 1, stderr);
      assert.match(stderr, /incredibleSquaringTaskManager: .*out\.json says/);
      await Deno.remove(dir, { recursive: true });
    });
  } finally {
    await clients.close();
    await devnet.stop();
  }
});
