/**
 * The CLI's slashing-era commands against a real slashing-era devnet, in-process: the upstream
 * operator commands go through the AllocationManager, `allocations set|show`,
 * `operator-sets register|deregister` (idempotent), `print-operator-status` with allocated and
 * slashable stake per set, `slashing-requests list|veto|fulfil` refusals, and custom errors
 * explained in plain words.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { CommanderError } from "commander";
import { startDevnet } from "../../lib/devnet/devnet.ts";
import { isSlashingDeployment } from "../../lib/devnet/deployment_types.ts";
import { buildProgram } from "../../lib/cli/program.ts";
import { explainError } from "../../lib/cli/errors.ts";
import { anvilPrivateKey, devnetOperatorKeys } from "../../lib/keys/devnet_keys.ts";
import { createChainClients } from "../../lib/chain/clients.ts";
import { modifyAllocations } from "../../lib/eigenlayer/operator_sets.ts";

Deno.test({
  name: "cli slashing era: allocations, operator sets, status, slashing requests, plain errors",
  sanitizeOps: false,
  sanitizeResources: false,
  fn: async () => {
    const devnet = await startDevnet({ eigenlayer: "slashing" });
    const d = devnet.deployment;
    assert.ok(isSlashingDeployment(d));
    const dir = await Deno.makeTempDir({ prefix: "incsq-cli-slashing-" });
    try {
      const deployment = join(dir, "deployment.json");
      await Deno.writeTextFile(deployment, JSON.stringify(d));
      const configFor = async (i: number) => {
        const keys = devnetOperatorKeys(i);
        const path = join(dir, `operator${i}.yaml`);
        await Deno.writeTextFile(
          path,
          [
            "production: true",
            "log_level: error",
            `operator_address: "${keys.address}"`,
            `eth_rpc_url: ${devnet.rpcUrl}`,
            `eth_ws_url: ${devnet.wsUrl}`,
            `ecdsa_private_key_store_path: ${keys.ecdsaKeyFile}`,
            `bls_private_key_store_path: ${keys.blsKeyFile}`,
            "aggregator_server_ip_port_address: 127.0.0.1:1",
            "eigen_metrics_ip_port_address: 127.0.0.1:1",
            "enable_metrics: false",
            "node_api_ip_port_address: 127.0.0.1:1",
            "enable_node_api: false",
            "register_operator_on_startup: false",
            `deployment_path: ${deployment}`,
          ].join("\n") + "\n",
        );
        return path;
      };
      const op4 = await configFor(4);
      const op5 = await configFor(5);
      let env: Record<string, string> = {
        OPERATOR_ECDSA_KEY_PASSWORD: "",
        OPERATOR_BLS_KEY_PASSWORD: "",
      };
      const cli = async (config: string, ...args: string[]) => {
        let out = "";
        let err = "";
        try {
          await buildProgram({
            exitOverride: true,
            io: { out: (t) => (out += t), err: (t) => (err += t), env: (n) => env[n] },
          }).parseAsync(["--config", config, ...args], { from: "user" });
          return { out, err, code: 0 };
        } catch (e) {
          if (e instanceof CommanderError) return { out, err, code: e.exitCode };
          throw e;
        }
      };
      const chain = ["--rpc-url", devnet.rpcUrl, "--deployment", deployment];

      // Allocating before being an operator: explained, with what to do.
      const early = await cli(op5, "allocations", "set", "--percent", "100");
      assert.equal(early.code, 1);
      assert.match(early.err, /UninitializedAllocationDelay: .*allocation delay/);

      // The upstream steps on the slashing era, then half the magnitude to set 0, then the set.
      assert.match((await cli(op4, "register-operator-with-eigenlayer")).out, /done/);
      const dep = await cli(
        op4,
        "deposit-into-strategy",
        "--strategy-addr",
        d.addresses.erc20MockStrategy,
        "--amount",
        "2000",
      );
      assert.equal(dep.code, 0, dep.err);
      const half = await cli(op4, "allocations", "set", "--percent", "50");
      assert.equal(half.code, 0, half.err);
      assert.match(half.out, /allocation: done/);
      assert.match((await cli(op4, "allocations", "set", "--percent", "50")).out, /skipped/);
      assert.match((await cli(op4, "operator-sets", "register")).out, /done/);
      assert.match((await cli(op4, "operator-sets", "register")).out, /skipped/);

      const status = JSON.parse((await cli(op4, "print-operator-status")).out);
      assert.equal(status.era, "slashing");
      assert.equal(status.avsStatus, "REGISTERED");
      assert.deepEqual(status.allocationDelay, { isSet: true, delay: 0 });
      const [set0] = status.operatorSets;
      assert.equal(set0.member, true);
      assert.equal(set0.strategies[0].allocatedMagnitude, String(5n * 10n ** 17n));
      assert.equal(set0.strategies[0].allocatedStake, "1000");
      assert.equal(set0.strategies[0].slashableStake, "1000");
      assert.deepEqual(status.pendingSlashingRequests, []);
      assert.deepEqual(status.stakes, [{ quorumNumber: 0, stake: "1000" }]);
      const shown = JSON.parse((await cli(op4, "allocations", "show")).out);
      assert.deepEqual(shown.operatorSets, status.operatorSets);

      // More than the whole magnitude: the AllocationManager's InsufficientMagnitude, explained.
      const clients = await createChainClients({
        rpcUrl: devnet.rpcUrl,
        privateKey: devnetOperatorKeys(4).ecdsaPrivateKey,
      });
      const am = {
        allocationManager: d.addresses.allocationManager,
        serviceManager: d.addresses.incredibleSquaringServiceManager,
      };
      const over = await modifyAllocations(clients, am, [{
        operatorSetId: 0,
        strategies: [d.addresses.erc20MockStrategy],
        newMagnitudes: [2n * 10n ** 18n],
      }]).catch((e) => e);
      await clients.close();
      assert.match(explainError(over), /^InsufficientMagnitude: not enough unallocated magnitude/);

      // Slashing requests: none yet; a non-member cannot veto; an unknown id is explained.
      assert.match((await cli(op4, "slashing-requests", "list", ...chain)).out, /no slashing/);
      env = { ...env, ECDSA_PRIVATE_KEY: anvilPrivateKey(5) };
      const notCommittee = await cli(op4, "slashing-requests", "veto", "0", ...chain);
      assert.equal(notCommittee.code, 1);
      assert.match(notCommittee.err, /OnlyVetoCommittee: .* is not the veto committee/);
      env = { ...env, ECDSA_PRIVATE_KEY: anvilPrivateKey(1) };
      const unknown = await cli(op4, "slashing-requests", "veto", "7", ...chain);
      assert.match(unknown.err, /SlashingRequestDoesNotExist: no slashing request with that id/);
      const fulfilUnknown = await cli(op4, "slashing-requests", "fulfil", "7", ...chain);
      assert.match(fulfilUnknown.err, /SlashingRequestDoesNotExist/);

      // Leaving the set, twice.
      assert.match((await cli(op4, "operator-sets", "deregister")).out, /done/);
      assert.match((await cli(op4, "operator-sets", "deregister")).out, /skipped/);
      const after = JSON.parse((await cli(op4, "print-operator-status")).out);
      assert.equal(after.operatorSets[0].member, false);
    } finally {
      await devnet.stop();
      await Deno.remove(dir, { recursive: true });
    }
  },
});
