/**
 * The CLI's operator commands against a real devnet, in-process: register with EigenLayer,
 * deposit, register with the AVS, print the status, deregister; each step idempotent.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { CommanderError } from "commander";
import { startDevnet } from "../../lib/devnet/devnet.ts";
import { buildProgram } from "../../lib/cli/program.ts";
import { devnetOperatorKeys } from "../../lib/keys/devnet_keys.ts";

Deno.test({
  name: "cli: operator setup commands work step by step and are idempotent",
  sanitizeOps: false,
  sanitizeResources: false,
  fn: async () => {
    const devnet = await startDevnet();
    const dir = await Deno.makeTempDir({ prefix: "incsq-cli-" });
    try {
      const keys = devnetOperatorKeys(4);
      const deployment = join(dir, "deployment.json");
      await Deno.writeTextFile(deployment, JSON.stringify(devnet.deployment));
      const config = join(dir, "operator.yaml");
      await Deno.writeTextFile(
        config,
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
      const env: Record<string, string> = {
        OPERATOR_ECDSA_KEY_PASSWORD: "",
        OPERATOR_BLS_KEY_PASSWORD: "",
      };
      const cli = async (...args: string[]) => {
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
      const status = async () => JSON.parse((await cli("print-operator-status")).out);

      const s0 = await status();
      assert.equal(s0.eigenLayerOperator, false);
      assert.equal(s0.avsStatus, "NEVER_REGISTERED");

      assert.match((await cli("register-operator-with-eigenlayer")).out, /done/);
      assert.match((await cli("register-operator-with-eigenlayer")).out, /skipped/);
      const dep = await cli(
        "deposit-into-strategy",
        "--strategy-addr",
        devnet.deployment.addresses.erc20MockStrategy,
        "--amount",
        "1234",
      );
      assert.equal(dep.code, 0, dep.err);
      assert.match(dep.out, /done/);
      assert.match((await cli("register-operator-with-avs")).out, /done/);
      assert.match((await cli("register-operator-with-avs")).out, /skipped/);

      const s1 = await status();
      assert.equal(s1.eigenLayerOperator, true);
      assert.equal(s1.avsStatus, "REGISTERED");
      assert.equal(s1.operatorId, keys.operatorId);
      assert.deepEqual(s1.quorums, [0]);
      assert.equal(s1.strategyShares, "1234");

      assert.match((await cli("deregister-operator-with-avs")).out, /done/);
      assert.equal((await status()).avsStatus, "DEREGISTERED");
      assert.match((await cli("deregister-operator-with-avs")).out, /skipped/);

      // A wrong password is a clear error, not a stack trace.
      env.OPERATOR_ECDSA_KEY_PASSWORD = "wrong";
      const bad = await cli("print-operator-status");
      assert.equal(bad.code, 1);
      assert.match(bad.err, /^error: .*(password|decrypt|MAC)/im);
    } finally {
      await devnet.stop();
      await Deno.remove(dir, { recursive: true });
    }
  },
});
