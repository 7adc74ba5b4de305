/**
 * One command for the whole system (`deno task start [--operators N] [--port 8545] ...`):
 * anvil with everything deployed, N operators, the aggregator, the challenger and the stake
 * updater as child processes, and a live line per task. Ctrl-C stops everything.
 *
 * @module
 */
import { CommanderError, InvalidArgumentError } from "commander";
import { nodeCommand } from "./lib/node/main.ts";
import { runSystem } from "./lib/start/run.ts";
import { FLEET_ABOVE, MAX_OPERATORS } from "./lib/start/configs.ts";

const int = (min: number, max: number) => (raw: string) => {
  const v = Number(raw);
  if (!Number.isInteger(v) || v < min || v > max) {
    throw new InvalidArgumentError(`expected an integer from ${min} to ${max}, got "${raw}"`);
  }
  return v;
};
const seconds = (raw: string) => {
  const v = Number(raw);
  if (!Number.isFinite(v) || v <= 0 || v > 3600) {
    throw new InvalidArgumentError(`expected seconds between 0 and 3600, got "${raw}"`);
  }
  return v;
};

/** Runs the whole system until a signal or a node that keeps crashing; returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  const program = nodeCommand(
    "start",
    "run the whole incredible-squaring system on a fresh local devnet",
  )
    .option(
      "-n, --operators <n>",
      `number of operators (1-${MAX_OPERATORS}; 1-${FLEET_ABOVE}: one process each with the keys ` +
        `in config/keys; above ${FLEET_ABOVE}: one fleet process with derived keys)`,
      int(1, MAX_OPERATORS),
      3,
    )
    .option(
      "-p, --port <port>",
      "anvil RPC port on 127.0.0.1 (0 = any free port)",
      int(0, 65535),
      8545,
    )
    .option("--task-interval <seconds>", "seconds between tasks", seconds, 5)
    .option("--threshold <percent>", "quorum threshold percentage", int(1, 100), 50)
    .option("--times-failing <percent>", "operator1's percentage of wrong answers", int(0, 100), 20)
    .option(
      "--veto-window <blocks>",
      "veto window of freeze requests, in blocks",
      int(1, 100_000),
      10,
    )
    .option(
      "--eigenlayer <era>",
      "EigenLayer contracts: m2, or slashing (operator sets, slashing requests, veto committee)",
      (raw: string) => {
        if (raw !== "m2" && raw !== "slashing") {
          throw new InvalidArgumentError(`expected m2 or slashing, got "${raw}"`);
        }
        return raw;
      },
      "m2",
    )
    .option("--stake-update-interval <seconds>", "seconds between stake updates", seconds, 60)
    .option(
      "--random-ports",
      "use free ports for every node listener (aggregator, metrics, node APIs)",
    )
    .option("--run-dir <dir>", "keep generated configs here (default: a temp dir removed at exit)")
    .option("--production", "JSON log lines instead of pretty ones")
    .option("-v, --verbose", "debug-level logs from every process")
    .addHelpText(
      "after",
      "\nA node that exits is restarted after 1, 2, 4, 8 s; its 5th exit within 60 s stops" +
        "\neverything. Exit codes: 0 stopped by Ctrl-C/SIGTERM, 1 could not start, 2 a node kept" +
        "\ncrashing, 3 the anvil chain exited (docs/nodes.md).",
    );
  try {
    program.parse(argv, { from: "user" });
  } catch (err) {
    // A bad command line "could not start" (1); 2 is taken by "a node kept crashing".
    if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : 1;
    throw err;
  }
  const o = program.opts<{
    operators: number;
    port: number;
    taskInterval: number;
    threshold: number;
    timesFailing: number;
    vetoWindow: number;
    eigenlayer: "m2" | "slashing";
    stakeUpdateInterval: number;
    randomPorts?: boolean;
    runDir?: string;
    production?: boolean;
    verbose?: boolean;
  }>();

  try {
    const outcome = await runSystem({
      operators: o.operators,
      port: o.port,
      randomPorts: o.randomPorts ?? false,
      taskIntervalSeconds: o.taskInterval,
      thresholdPercentage: o.threshold,
      timesFailing: o.timesFailing,
      vetoWindowBlock: o.vetoWindow,
      eigenlayer: o.eigenlayer,
      stakeUpdateIntervalSeconds: o.stakeUpdateInterval,
      runDir: o.runDir,
      production: o.production ?? false,
      verbose: o.verbose ?? false,
    });
    // 0 after SIGINT/SIGTERM; otherwise the one line that says why (exit codes: lib/start/run_control.ts).
    if (outcome.code !== 0) console.error(`start: ${outcome.reason}`);
    return outcome.code;
  } catch (err) {
    console.error(`start: ${(err as Error).message}`);
    return 1;
  }
}

if (import.meta.main) Deno.exit(await main(Deno.args));
