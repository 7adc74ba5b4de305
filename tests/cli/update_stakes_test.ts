/** The stake updater against a real devnet, directly and through `cli update-stakes --once`. */
import assert from "node:assert/strict";
import { join } from "node:path";
import { startDevnet } from "../../lib/devnet/devnet.ts";
import { updateAllStakes } from "../../lib/stakes/updater.ts";
import { createChainClients } from "../../lib/chain/clients.ts";
import { anvilPrivateKey } from "../../lib/keys/devnet_keys.ts";
import {
  approveToken,
  currentStake,
  depositIntoStrategy,
  mintMockToken,
  quorumUpdateBlock,
} from "../../lib/eigenlayer/mod.ts";
import { buildProgram } from "../../lib/cli/program.ts";
import { registerOperator } from "../e2e/helpers.ts";

Deno.test({
  name:
    "update-stakes: refreshes stale stakes of every operator and bumps the quorum's update block",
  sanitizeOps: false,
  sanitizeResources: false,
  fn: async () => {
    const devnet = await startDevnet();
    const a = devnet.deployment.addresses;
    const dir = await Deno.makeTempDir({ prefix: "incsq-stakes-" });
    try {
      const owner = await createChainClients({
        rpcUrl: devnet.rpcUrl,
        privateKey: anvilPrivateKey(0),
        pollingInterval: 250,
      });
      const contracts = {
        registryCoordinator: a.registryCoordinator,
        operatorStateRetriever: a.operatorStateRetriever,
      };
      // No operator yet: nothing to send.
      const empty = await updateAllStakes({ clients: owner, contracts });
      assert.equal(empty.txHash, undefined);

      const op1 = await registerOperator(devnet, 1, 1000n);
      const op2 = await registerOperator(devnet, 2, 2000n);
      const stake = (id: `0x${string}`) =>
        currentStake(owner.publicClient, { stakeRegistry: a.stakeRegistry }, id, 0);
      assert.equal(await stake(op1.operatorId), 1000n);

      // op1 deposits 500 more: the registry does not see it until someone updates.
      const deposit = async (amount: bigint) => {
        await mintMockToken(op1.clients, a.erc20Mock, op1.address, amount);
        await approveToken(op1.clients, a.erc20Mock, a.strategyManager, amount);
        await depositIntoStrategy(op1.clients, a, a.erc20MockStrategy, a.erc20Mock, amount);
      };
      await deposit(500n);
      assert.equal(await stake(op1.operatorId), 1000n);

      const round = await updateAllStakes({ clients: owner, contracts });
      assert.deepEqual(round.quorumNumbers, [0]);
      assert.equal(round.operatorsPerQuorum[0].length, 2);
      const sorted = [...round.operatorsPerQuorum[0]].sort((
        x,
        y,
      ) => (BigInt(x) < BigInt(y) ? -1 : 1));
      assert.deepEqual(round.operatorsPerQuorum[0], sorted);
      assert.equal(await stake(op1.operatorId), 1500n);
      assert.equal(await stake(op2.operatorId), 2000n);
      assert.equal(await quorumUpdateBlock(owner.publicClient, a, 0), round.blockNumber);

      // Same through the CLI, from a config file and the deployment JSON.
      await deposit(250n);
      const deployment = join(dir, "deployment.json");
      await Deno.writeTextFile(deployment, JSON.stringify(devnet.deployment));
      const config = join(dir, "stake-updater.yaml");
      await Deno.writeTextFile(
        config,
        `environment: production\nlog_level: error\neth_rpc_url: ${devnet.rpcUrl}\ndeployment_path: ${deployment}\ninterval_seconds: 5\n`,
      );
      let out = "";
      let err = "";
      await buildProgram({
        exitOverride: true,
        io: {
          out: (t) => (out += t),
          err: (t) => (err += t),
          env: (n) => (n === "ECDSA_PRIVATE_KEY" ? anvilPrivateKey(0) : undefined),
        },
      }).parseAsync(["update-stakes", "--once", "--stake-updater-config", config], {
        from: "user",
      });
      assert.equal(err, "");
      assert.equal(await stake(op1.operatorId), 1750n);
    } finally {
      await devnet.stop();
      await Deno.remove(dir, { recursive: true });
    }
  },
});
