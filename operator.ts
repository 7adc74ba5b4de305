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

  let node: OperatorNode | undefined;
  let stopping: Promise<void> | undefined;
  const done = Promise.withResolvers<number>();
  const stop = (signal: string) => {
    if (stopping) return;
    log.info("received {signal}, shutting down", { signal });
    stopping = (node?.stop() ?? Promise.resolve()).then(
      () => done.resolve(0),
      (err) => {
        log.error("error during shutdown: {error}", { error: err });
        done.resolve(1);
      },
    );
  };
  const onInt = () => stop("SIGINT");
  const onTerm = () => stop("SIGTERM");
  Deno.addSignalListener("SIGINT", onInt);
  Deno.addSignalListener("SIGTERM", onTerm);
  try {
    node = await OperatorNode.create(config);
    if (stopping) {
      await node.stop();
      return 0;
    }
    await node.start();
    return await done.promise;
  } catch (err) {
    log.fatal("operator failed: {error}", { error: err });
    await node?.stop().catch(() => {});
    return 1;
  } finally {
    Deno.removeSignalListener("SIGINT", onInt);
    Deno.removeSignalListener("SIGTERM", onTerm);
  }
}

if (import.meta.main) {
  Deno.exit(await main(Deno.args));
}
