/**
 * Challenger entry point (`deno task challenger [--config FILE] [--deployment FILE]`): challenges
 * wrong and missing responses, finalises unvetoed freeze requests. Config → settings here; logic
 * in `lib/challenger/`, process handling in `lib/node/`.
 *
 * @module
 */
import { loadChallengerConfig, requireEcdsaKey } from "./lib/config/mod.ts";
import { loadDeployment } from "./lib/chain/deployment.ts";
import { setupLogging } from "./lib/log/mod.ts";
import { startChallenger } from "./lib/challenger/challenger.ts";
import { runNodeMain } from "./lib/node/mod.ts";

type ChallengerOptions = { config: string; deployment?: string; startBlock?: string };

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
          "--start-block <n>",
          "first block to back-fill events from (overrides start_block)",
        ),
    start: async (opts) => {
      const config = loadChallengerConfig(opts.config);
      await setupLogging({
        environment: config.environment,
        level: config.log_level,
        component: "challenger",
      });
      const deployment = loadDeployment(opts.deployment ?? config.deployment_path);
      let startBlock = BigInt(config.start_block ?? deployment.deployedAtBlock);
      if (opts.startBlock !== undefined) {
        if (!/^[0-9]+$/.test(opts.startBlock)) {
          throw new Error(`--start-block: expected a block number, got "${opts.startBlock}"`);
        }
        startBlock = BigInt(opts.startBlock);
      }
      return await startChallenger({
        rpcUrl: config.eth_rpc_url,
        privateKey: requireEcdsaKey(config, opts.config),
        taskManager: deployment.addresses.incredibleSquaringTaskManager,
        serviceManager: deployment.addresses.incredibleSquaringServiceManager,
        startBlock,
        finalizeFreezeRequests: config.finalize_freeze_requests,
        metricsAddress: config.enable_metrics ? config.metrics_ip_port_address : undefined,
        nodeApiAddress: config.enable_node_api ? config.node_api_ip_port_address : undefined,
      });
    },
  }, argv);
}

if (import.meta.main) Deno.exit(await main(Deno.args));
