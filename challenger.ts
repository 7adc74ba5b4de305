/**
 * Challenger entry point (`deno task challenger [--config FILE] [--deployment FILE]`): challenges
 * wrong and missing responses, finalises unvetoed freeze requests. Config → settings here; logic
 * in `lib/challenger/`, process handling in `lib/node/`.
 *
 * @module
 */
import { ecdsaKeyFromFlag, loadChallengerConfig, requireEcdsaKey } from "./lib/config/mod.ts";
import { loadNodeDeployment } from "./lib/avs/deployment_resolve.ts";
import { setupLogging } from "./lib/log/mod.ts";
import { startChallenger } from "./lib/challenger/challenger.ts";
import { runNodeMain } from "./lib/node/mod.ts";
import { parseFeeCapGwei } from "./lib/chain/networks.ts";
import { setDefaultMaxFeePerGas } from "./lib/chain/tx.ts";

type ChallengerOptions = {
  config: string;
  deployment?: string;
  credibleSquaringDeployment?: string;
  ecdsaPrivateKey?: string;
  network?: string;
  maxFeeGwei?: string;
  startBlock?: string;
};

/** Runs the challenger until a signal; returns the process exit code. */
export function main(argv: string[]): Promise<number> {
  return runNodeMain<ChallengerOptions>({
    name: "challenger",
    description:
      "incredible-squaring challenger: disputes wrong or missing responses, drives freeze requests",
    options: (cmd) =>
      cmd
        .option("-c, --config <file>", "challenger config file", "config/challenger.yaml")
        .option("--deployment <file>", "deployment JSON (overrides deployment_path)")
        .option(
          "--credible-squaring-deployment <file>",
          "alias of --deployment (upstream flag name; upstream's output file is accepted)",
        )
        .option(
          "--ecdsa-private-key <hex>",
          "discouraged (visible to other users in the process list): prefer ECDSA_PRIVATE_KEY",
        )
        .option("--network <name>", "mainnet, sepolia or hoodi: refuse to start on another chain")
        .option("--max-fee-gwei <n>", "EIP-1559 fee cap (gwei) for every transaction")
        .option(
          "--start-block <n>",
          "first block to back-fill events from (overrides start_block)",
        ),
    start: async (opts) => {
      const config = loadChallengerConfig(opts.config);
      const flagKey = ecdsaKeyFromFlag(opts.ecdsaPrivateKey);
      const feeCap = opts.maxFeeGwei ?? config.max_fee_gwei;
      if (feeCap) setDefaultMaxFeePerGas(parseFeeCapGwei(feeCap));
      await setupLogging({
        environment: config.environment,
        level: config.log_level,
        component: "challenger",
      });
      // Every address is read from the chain and checked against the file (any format).
      const deployment = await loadNodeDeployment({
        rpcUrl: config.eth_rpc_url,
        files: [opts.deployment ?? opts.credibleSquaringDeployment ?? config.deployment_path],
        network: opts.network,
      });
      let startBlock = BigInt(config.start_block ?? deployment.deployedAtBlock);
      if (opts.startBlock !== undefined) {
        if (!/^[0-9]+$/.test(opts.startBlock)) {
          throw new Error(`--start-block: expected a block number, got "${opts.startBlock}"`);
        }
        startBlock = BigInt(opts.startBlock);
      }
      return await startChallenger({
        rpcUrl: config.eth_rpc_url,
        privateKey: flagKey ?? requireEcdsaKey(config, opts.config),
        taskManager: deployment.addresses.incredibleSquaringTaskManager,
        serviceManager: deployment.addresses.incredibleSquaringServiceManager,
        startBlock,
        finalizeFreezeRequests: config.finalize_freeze_requests,
        confirmations: config.confirmations,
        fulfilSlashingRequests: config.fulfil_slashing_requests,
        faultBatchSize: config.fault_batch_size,
        metricsAddress: config.enable_metrics ? config.metrics_ip_port_address : undefined,
        nodeApiAddress: config.enable_node_api ? config.node_api_ip_port_address : undefined,
      });
    },
  }, argv);
}

if (import.meta.main) Deno.exit(await main(Deno.args));
