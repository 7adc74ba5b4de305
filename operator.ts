/**
 * Operator entry point: `deno task operator --config config/operator.anvil.yaml`.
 *
 * Registers on startup when configured, then squares every new task, signs it with BLS and sends
 * it to the aggregator; serves `/metrics` and the AVS node API. SIGINT/SIGTERM stop it cleanly
 * (exit code 0). Config → settings here; logic in `lib/operator/`, process handling in
 * `lib/node/`. Key passwords come from OPERATOR_ECDSA_KEY_PASSWORD and OPERATOR_BLS_KEY_PASSWORD.
 *
 * @module
 */
import { ConfigError, loadOperatorConfig, redactConfig } from "./lib/config/mod.ts";
import { getLogger, setupLogging } from "./lib/log/mod.ts";
import { startOperator } from "./lib/operator/node.ts";
import { operatorSettings } from "./lib/operator/settings.ts";
import { runNodeMain } from "./lib/node/mod.ts";
import { checkNetwork, networkPreset, parseFeeCapGwei } from "./lib/chain/networks.ts";
import { setDefaultMaxFeePerGas } from "./lib/chain/tx.ts";
import { createChainClients } from "./lib/chain/clients.ts";
import { explainError } from "./lib/eigenlayer/errors.ts";

type OperatorOptions = { config: string; network?: string; maxFeeGwei?: string };

/** Runs the operator until a signal; returns the process exit code. */
export function main(argv: string[]): Promise<number> {
  return runNodeMain<OperatorOptions>({
    name: "operator",
    description: "incredible-squaring operator: squares tasks, signs with BLS, sends to the " +
      "aggregator (key passwords: OPERATOR_ECDSA_KEY_PASSWORD, OPERATOR_BLS_KEY_PASSWORD)",
    options: (cmd) =>
      cmd
        .option("-c, --config <file>", "operator config file", "config/operator.anvil.yaml")
        .option("--network <name>", "mainnet, sepolia or hoodi: refuse to start on another chain")
        .option("--max-fee-gwei <n>", "EIP-1559 fee cap (gwei) for every transaction"),
    start: async (opts) => {
      let config;
      try {
        config = loadOperatorConfig(opts.config);
      } catch (err) {
        throw err instanceof ConfigError
          ? err
          : new Error(`${opts.config}: ${(err as Error).message}`);
      }
      await setupLogging({
        environment: config.production ? "production" : "development",
        level: config.log_level,
        component: "operator",
      });
      getLogger("operator").info("config {file}: {config}", {
        file: opts.config,
        config: redactConfig(config),
      });
      const feeCap = opts.maxFeeGwei ?? config.max_fee_gwei;
      if (feeCap) setDefaultMaxFeePerGas(parseFeeCapGwei(feeCap));
      if (opts.network) {
        const probe = await createChainClients({ rpcUrl: config.eth_rpc_url });
        await probe.close();
        checkNetwork(networkPreset(opts.network), probe.chain.id, config.eth_rpc_url);
      }
      try {
        return await startOperator(operatorSettings(config));
      } catch (err) {
        // A registration revert gets its plain meaning and the fix (minimum stake, quorum full…).
        throw explainError(err);
      }
    },
  }, argv);
}

if (import.meta.main) Deno.exit(await main(Deno.args));
