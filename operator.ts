/**
 * Operator entrypoint: `deno task operator --config config/operator.anvil.yaml`.
 *
 * Registers on startup when configured, then squares every new task, signs it with BLS and sends
 * it to the aggregator; serves `/metrics` and the AVS node API. SIGINT/SIGTERM stop it cleanly
 * (exit code 0).
 *
 * @module
 */
import { parseArgs } from "node:util";
import { ConfigError, loadOperatorConfig, redactConfig } from "./lib/config/mod.ts";
import { getLogger, setupLogging } from "./lib/log/mod.ts";
import { OperatorNode } from "./lib/operator/node.ts";
import { onShutdownSignal } from "./lib/process/signals.ts";

const USAGE = `Usage: deno task operator [--config FILE]

  --config FILE   operator config (default: config/operator.anvil.yaml)
  --help          show this help

Environment: OPERATOR_ECDSA_KEY_PASSWORD, OPERATOR_BLS_KEY_PASSWORD (keystore passwords).`;

/** Runs the operator until a signal; returns the process exit code. */
export async function main(argv: string[]): Promise<number> {
  let values: { config?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { config: { type: "string" }, help: { type: "boolean", short: "h" } },
      strict: true,
    }));
  } catch (err) {
    console.error(`${(err as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const configPath = values.config ?? "config/operator.anvil.yaml";
  let config;
  try {
    config = loadOperatorConfig(configPath);
  } catch (err) {
    console.error(
      err instanceof ConfigError ? err.message : `${configPath}: ${(err as Error).message}`,
    );
    return 1;
  }
  await setupLogging({
    environment: config.production ? "production" : "development",
    level: config.log_level,
    component: "operator",
  });
  const log = getLogger("operator");
  log.info("config {file}: {config}", { file: configPath, config: redactConfig(config) });

  // Listen before the node exists, so a signal during registration stops it right after.
  const shutdown = onShutdownSignal();
  let node: OperatorNode | undefined;
  try {
    node = await OperatorNode.create(config);
    await node.start();
    const signal = await shutdown;
    log.info("received {signal}, shutting down", { signal });
    await node.stop();
    return 0;
  } catch (err) {
    log.fatal("operator failed: {error}", { error: err });
    await node?.stop().catch(() => {});
    return 1;
  }
}

if (import.meta.main) {
  Deno.exit(await main(Deno.args));
}
