/**
 * Aggregator entry point (`deno task aggregator [--config FILE] [--deployment FILE]`): task
 * generator + BLS aggregation + `respondToTask`. Config → settings here; logic in
 * `lib/aggregator/`, process handling in `lib/node/`.
 *
 * @module
 */
import { loadAggregatorConfig, requireEcdsaKey } from "./lib/config/mod.ts";
import { loadDeployment } from "./lib/chain/deployment.ts";
import { getLogger, setupLogging } from "./lib/log/mod.ts";
import { startAggregator } from "./lib/aggregator/aggregator.ts";
import { runNodeMain } from "./lib/node/mod.ts";

type AggregatorOptions = {
  config: string;
  deployment?: string;
  credibleSquaringDeployment?: string;
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
          "alias of --deployment (upstream flag name)",
        ),
    start: async (opts) => {
      const config = loadAggregatorConfig(opts.config);
      await setupLogging({
        environment: config.environment,
        level: config.log_level,
        component: "aggregator",
      });
      const deployment = loadDeployment(
        opts.deployment ?? opts.credibleSquaringDeployment ?? config.deployment_path,
      );
      const node = await startAggregator({
        rpcUrl: config.eth_rpc_url,
        privateKey: requireEcdsaKey(config, opts.config),
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
