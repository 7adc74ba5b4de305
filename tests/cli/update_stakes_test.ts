/** The stake updater against a real devnet, directly and through `cli update-stakes --once`. */
import assert from "node:assert/strict";
import { join } from "node:path";
import { startDevnet } from "../../lib/devnet/devnet.ts";
import { updateAllStakes } from "../../lib/stakes/updater.ts";
import { makeTxClients } from "../../lib/aggregator/clients.ts";
import { anvilPrivateKey } from "../../lib/keys/devnet_keys.ts";
import {
  erc20MockAbi,
  registryCoordinatorAbi,
  stakeRegistryAbi,
  strategyManagerAbi,
} from "../../lib/chain/abi/mod.ts";
import { sendContractTx } from "../../lib/chain/tx.ts";
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
      const owner = await makeTxClients({ rpcUrl: devnet.rpcUrl, privateKey: anvilPrivateKey(0) });
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
        owner.public.readContract({
          address: a.stakeRegistry,
          abi: stakeRegistryAbi,
          functionName: "getCurrentStake",
          args: [id, 0],
        });
      assert.equal(await stake(op1.operatorId), 1000n);

      // op1 deposits 500 more: the registry does not see it until someone updates.
      const tx = (fn: string, address: `0x${string}`, abi: readonly unknown[], args: unknown[]) =>
        sendContractTx({
          publicClient: op1.clients.public,
          walletClient: op1.clients.wallet,
          address,
          abi,
          functionName: fn,
          args,
        });
      await tx("mint", a.erc20Mock, erc20MockAbi, [op1.address, 500n]);
      await tx("approve", a.erc20Mock, erc20MockAbi, [a.strategyManager, 500n]);
      await tx("depositIntoStrategy", a.strategyManager, strategyManagerAbi, [
        a.erc20MockStrategy,
        a.erc20Mock,
        500n,
      ]);
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
      const updatedAt = await owner.public.readContract({
        address: a.registryCoordinator,
        abi: registryCoordinatorAbi,
        functionName: "quorumUpdateBlockNumber",
        args: [0],
      });
      assert.equal(BigInt(updatedAt), round.blockNumber);

      // Same through the CLI, from a config file and the deployment JSON.
      await tx("mint", a.erc20Mock, erc20MockAbi, [op1.address, 250n]);
      await tx("approve", a.erc20Mock, erc20MockAbi, [a.strategyManager, 250n]);
      await tx("depositIntoStrategy", a.strategyManager, strategyManagerAbi, [
        a.erc20MockStrategy,
        a.erc20Mock,
        250n,
      ]);
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
