/**
 * Aggregator entry point (`deno task aggregator [--config FILE] [--deployment FILE]`): task
 * generator + BLS aggregation + `respondToTask`. Config → settings here; logic in
 * `lib/aggregator/`, process handling in `lib/node/`.
 *
 * @module
 */
import { ecdsaKeyFromFlag, loadAggregatorConfig, requireEcdsaKey } from "./lib/config/mod.ts";
import { loadNodeDeployment } from "./lib/avs/deployment_resolve.ts";
import { getLogger, setupLogging } from "./lib/log/mod.ts";
import { startAggregator } from "./lib/aggregator/aggregator.ts";
import { runNodeMain } from "./lib/node/mod.ts";
import { parseFeeCapGwei } from "./lib/chain/networks.ts";
import { setDefaultMaxFeePerGas } from "./lib/chain/tx.ts";

type AggregatorOptions = {
  config: string;
  deployment?: string;
  credibleSquaringDeployment?: string;
  ecdsaPrivateKey?: string;
  network?: string;
  maxFeeGwei?: string;
};

/** Runs the aggregator until a signal; returns the process exit code. */
export function main(argv: string[]): Promise<number> {
  return runNodeMain<AggregatorOptions>({
    name: "aggregator",
    description:
      "incredible-squaring aggregator: creates tasks, aggregates BLS signatures, responds on chain",
    options: (cmd) =>
      cmd
        .option("-c, --config <file>", "aggregator config file", "config/aggregator.yaml")
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
        .option("--max-fee-gwei <n>", "EIP-1559 fee cap (gwei) for every transaction"),
    start: async (opts) => {
      const config = loadAggregatorConfig(opts.config);
      const flagKey = ecdsaKeyFromFlag(opts.ecdsaPrivateKey);
      const feeCap = opts.maxFeeGwei ?? config.max_fee_gwei;
      if (feeCap) setDefaultMaxFeePerGas(parseFeeCapGwei(feeCap));
      await setupLogging({
        environment: config.environment,
        level: config.log_level,
        component: "aggregator",
      });
      // Every address is read from the chain and checked against the file (any format).
      const deployment = await loadNodeDeployment({
        rpcUrl: config.eth_rpc_url,
        files: [opts.deployment ?? opts.credibleSquaringDeployment ?? config.deployment_path],
        network: opts.network,
      });
      const node = await startAggregator({
        rpcUrl: config.eth_rpc_url,
        privateKey: flagKey ?? requireEcdsaKey(config, opts.config),
        contracts: {
          incredibleSquaringTaskManager: deployment.addresses.incredibleSquaringTaskManager,
          registryCoordinator: deployment.addresses.registryCoordinator,
          operatorStateRetriever: deployment.addresses.operatorStateRetriever,
          blsApkRegistry: deployment.addresses.blsApkRegistry,
        },
        deployedAtBlock: deployment.deployedAtBlock,
        serverAddress: config.aggregator_server_ip_port_address,
        taskIntervalMs: config.task_interval_seconds * 1000,
        thresholdPercentage: config.quorum_threshold_percentage,
        quorumNumbers: config.quorum_numbers,
        expiryBlocks: config.task_expiry_blocks,
        maxBodyBytes: config.rpc_max_body_bytes,
        dataDir: config.data_dir,
        aggregationWindowMs: config.aggregation_window_ms,
        metricsAddress: config.enable_metrics ? config.metrics_ip_port_address : undefined,
        nodeApiAddress: config.enable_node_api ? config.node_api_ip_port_address : undefined,
      });
      getLogger("aggregator").info(
        "aggregator running: JSON-RPC on port {rpc}, one task every {s} s",
        { rpc: node.rpcPort, s: config.task_interval_seconds },
      );
      return node;
    },
  }, argv);
}

if (import.meta.main) Deno.exit(await main(Deno.args));
