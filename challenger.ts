/**
 * Challenger entry point (`deno task challenger [--config FILE] [--deployment FILE]`): challenges
 * wrong and missing responses, finalises unvetoed freeze requests. Logic in `lib/challenger/`.
 */
import { Command } from "commander";
import { loadChallengerConfig, requireEcdsaKey } from "./lib/config/mod.ts";
import { loadDeployment } from "./lib/chain/deployment.ts";
import { getLogger, setupLogging } from "./lib/log/mod.ts";
import { startChallenger } from "./lib/challenger/challenger.ts";
import { onShutdownSignal } from "./lib/process/signals.ts";

const program = new Command("challenger")
  .description(
    "incredible-squaring challenger: disputes wrong or missing responses, drives freeze requests",
  )
  .option("-c, --config <file>", "challenger config file", "config/challenger.yaml")
  .option("--deployment <file>", "deployment JSON (overrides deployment_path)")
  .option("--start-block <n>", "first block to back-fill events from (overrides start_block)")
  .showHelpAfterError();
program.parse(["deno", "challenger", ...Deno.args]);
const opts = program.opts<{ config: string; deployment?: string; startBlock?: string }>();

try {
  const config = loadChallengerConfig(opts.config);
  await setupLogging({
    environment: config.environment,
    level: config.log_level,
    component: "challenger",
  });
  const log = getLogger("challenger");
  const deployment = loadDeployment(opts.deployment ?? config.deployment_path);
  let startBlock = BigInt(config.start_block ?? deployment.deployedAtBlock);
  if (opts.startBlock !== undefined) {
    if (!/^[0-9]+$/.test(opts.startBlock)) {
      throw new Error(`--start-block: expected a block number, got "${opts.startBlock}"`);
    }
    startBlock = BigInt(opts.startBlock);
  }
  const handle = await startChallenger({
    rpcUrl: config.eth_rpc_url,
    privateKey: requireEcdsaKey(config, opts.config),
    taskManager: deployment.addresses.incredibleSquaringTaskManager,
    serviceManager: deployment.addresses.incredibleSquaringServiceManager,
    startBlock,
    finalizeFreezeRequests: config.finalize_freeze_requests,
    metricsAddress: config.enable_metrics ? config.metrics_ip_port_address : undefined,
    nodeApiAddress: config.enable_node_api ? config.node_api_ip_port_address : undefined,
  });
  await onShutdownSignal();
  log.info("shutting down");
  await handle.stop();
  Deno.exit(0);
} catch (err) {
  console.error(`challenger: ${(err as Error).message}`);
  Deno.exit(1);
}
