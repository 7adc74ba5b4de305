/**
 * Aggregator entry point (`deno task aggregator [--config FILE] [--deployment FILE]`): task
 * generator + BLS aggregation + `respondToTask`. All logic lives in `lib/aggregator/`.
 */
import { Command } from "commander";
import { loadAggregatorConfig, requireEcdsaKey } from "./lib/config/mod.ts";
import { loadDeployment } from "./lib/chain/deployment.ts";
import { getLogger, setupLogging } from "./lib/log/mod.ts";
import { startAggregator } from "./lib/aggregator/aggregator.ts";
import { onShutdownSignal } from "./lib/process/signals.ts";

const program = new Command("aggregator")
  .description(
    "incredible-squaring aggregator: creates tasks, aggregates BLS signatures, responds on chain",
  )
  .option("-c, --config <file>", "aggregator config file", "config/aggregator.yaml")
  .option("--deployment <file>", "deployment JSON (overrides deployment_path)")
  .option("--credible-squaring-deployment <file>", "alias of --deployment (upstream flag name)")
  .showHelpAfterError();
program.parse(["deno", "aggregator", ...Deno.args]);
const opts = program.opts<
  { config: string; deployment?: string; credibleSquaringDeployment?: string }
>();

try {
  const config = loadAggregatorConfig(opts.config);
  await setupLogging({
    environment: config.environment,
    level: config.log_level,
    component: "aggregator",
  });
  const log = getLogger("aggregator");
  const deploymentPath = opts.deployment ?? opts.credibleSquaringDeployment ??
    config.deployment_path;
  const deployment = loadDeployment(deploymentPath);
  const handle = await startAggregator({
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
    metricsAddress: config.enable_metrics ? config.metrics_ip_port_address : undefined,
    nodeApiAddress: config.enable_node_api ? config.node_api_ip_port_address : undefined,
  });
  log.info("aggregator running: JSON-RPC on port {rpc}, one task every {s} s", {
    rpc: handle.rpcPort,
    s: config.task_interval_seconds,
  });
  await onShutdownSignal();
  log.info("shutting down");
  await handle.stop();
  Deno.exit(0);
} catch (err) {
  console.error(`aggregator: ${(err as Error).message}`);
  Deno.exit(1);
}
