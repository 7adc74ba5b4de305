/**
 * The `deno task cli` program (commander): operator setup commands of the upstream CLI,
 * `update-stakes`, the veto committee's `freeze-requests` commands, `faults` (fault assignments of
 * successful challenges) and `keys`.
 */
import { Command, InvalidArgumentError } from "commander";
import type { Address } from "viem";
import { keysCommand } from "./keys.ts";
import { type ChainOptions, chainOptions, type CliIO, senderKeyFromEnv } from "./io.ts";
import { operatorCommands } from "./operator.ts";
import { slashingCommands } from "./slashing.ts";
import { faultCommands } from "./faults.ts";
import {
  finalizeFreezeRequest,
  formatFreezeTable,
  listFreezeRequests,
  parseRequestId,
  vetoFreezeRequest,
} from "./freeze.ts";
import { loadDeployment } from "../chain/deployment.ts";
import { requireFreezeRequests } from "../avs/capabilities.ts";
import { explainRevert } from "../eigenlayer/errors.ts";
import { createChainClients } from "../chain/clients.ts";
import { loadStakeUpdaterConfig } from "../config/mod.ts";
import { ECDSA_PRIVATE_KEY_ENV } from "../config/aggregator.ts";
import { getLogger, setupLogging } from "../log/mod.ts";
import { runStakeUpdater } from "../stakes/loop.ts";
import { onShutdownSignal } from "../process/signals.ts";
import { shortError } from "../log/mod.ts";

export type { CliIO } from "./io.ts";

/** Options of {@link buildProgram}. */
export interface BuildProgramOptions {
  io?: Partial<CliIO>;
  /** Throw instead of exiting (tests). */
  exitOverride?: boolean;
}

function defaultIO(): CliIO {
  const enc = new TextEncoder();
  return {
    out: (t) => void Deno.stdout.writeSync(enc.encode(t)),
    err: (t) => void Deno.stderr.writeSync(enc.encode(t)),
    env: (n) => Deno.env.get(n),
  };
}

/** Parses a positive number of seconds for `--interval`. */
export function parseSeconds(raw: string): number {
  const v = Number(raw);
  if (!Number.isFinite(v) || v <= 0 || v > 7 * 86_400) {
    throw new InvalidArgumentError(`expected seconds between 0 and ${7 * 86_400}, got "${raw}"`);
  }
  return v;
}

/** Builds the whole CLI; `parseAsync(Deno.args, { from: "user" })` runs it. */
export function buildProgram(options: BuildProgramOptions = {}): Command {
  const io: CliIO = { ...defaultIO(), ...options.io };
  const program = new Command("cli")
    .description("incredible-squaring operator and committee CLI")
    .option(
      "-c, --config <file>",
      "operator config file (operator commands)",
      "config/operator.anvil.yaml",
    )
    .showHelpAfterError();
  const configure = (cmd: Command) => {
    cmd.configureOutput({ writeOut: io.out, writeErr: io.err });
    if (options.exitOverride) cmd.exitOverride();
    return cmd;
  };
  configure(program);
  // Turn any thrown error into one clean line and exit code 1.
  const guard = <A extends unknown[]>(cmd: Command, fn: (...args: A) => Promise<void>) =>
  async (
    ...args: A
  ) => {
    try {
      await fn(...args);
    } catch (err) {
      if (err && typeof err === "object" && "exitCode" in err && "code" in err) throw err;
      // Config errors list every bad key on separate lines: keep them all.
      const msg = err instanceof Error && !("shortMessage" in err) ? err.message : shortError(err);
      // A known registration or task revert gets its plain meaning and the fix.
      const why = explainRevert(err);
      const help = why ? `\n  → ${why.problem}: ${why.fix}` : "";
      cmd.error(`error: ${msg}${help}`, { exitCode: 1, code: "cli.failed" });
    }
  };

  for (const cmd of operatorCommands({ io, configPath: () => program.opts().config, guard })) {
    program.addCommand(configure(cmd));
  }

  for (
    const cmd of slashingCommands({ io, configPath: () => program.opts().config, guard, configure })
  ) program.addCommand(cmd);

  // --- update-stakes ------------------------------------------------------------------------
  const updateStakes = configure(new Command("update-stakes"))
    .description(
      "refresh every operator's stake in the registries (updateOperatorsForQuorum), once or periodically",
    )
    .option("--stake-updater-config <file>", "stake updater config", "config/stake-updater.yaml")
    .option(
      "--interval <seconds>",
      "seconds between rounds (default: interval_seconds)",
      parseSeconds,
    )
    .option("--once", "run one round and exit")
    .option("--deployment <file>", "deployment JSON (overrides deployment_path)");
  updateStakes.action(guard(updateStakes, async (o: {
    stakeUpdaterConfig: string;
    interval?: number;
    once?: boolean;
    deployment?: string;
  }) => {
    const config = loadStakeUpdaterConfig(o.stakeUpdaterConfig, {
      env: Object.fromEntries([ECDSA_PRIVATE_KEY_ENV].map((k) => [k, io.env(k)])),
    });
    await setupLogging({
      environment: config.environment,
      level: config.log_level,
      component: "stake-updater",
    });
    const log = getLogger("stake-updater");
    const key = config.ecdsa_private_key;
    if (!key) {
      throw new Error(
        `${o.stakeUpdaterConfig}: ecdsa_private_key: not set (or set ${ECDSA_PRIVATE_KEY_ENV})`,
      );
    }
    const deployment = loadDeployment(o.deployment ?? config.deployment_path);
    const clients = await createChainClients({
      rpcUrl: config.eth_rpc_url,
      privateKey: key,
      pollingInterval: 250,
    });
    const intervalS = o.interval ?? config.interval_seconds;
    const abort = new AbortController();
    if (!o.once) {
      void onShutdownSignal().then(() => {
        log.info("shutting down");
        abort.abort();
      });
      log.info("updating stakes every {s} s", { s: intervalS });
    }
    let failed = false;
    await runStakeUpdater({
      clients,
      contracts: {
        registryCoordinator: deployment.addresses.registryCoordinator,
        operatorStateRetriever: deployment.addresses.operatorStateRetriever,
      },
      intervalMs: intervalS * 1000,
      signal: abort.signal,
      maxRounds: o.once ? 1 : undefined,
      onRound: (r) => {
        const n = r.operatorsPerQuorum.reduce((a, l) => a + l.length, 0);
        if (r.txHash) {
          log.info("stakes of {n} operator(s) in quorum(s) {q} updated in block {b} (tx {tx})", {
            n,
            q: r.quorumNumbers.join(","),
            b: r.blockNumber?.toString(),
            tx: r.txHash,
          });
        } else log.info("no registered operators; nothing to update");
      },
      onError: (err) => {
        failed = true;
        log.error("stake update failed: {error}", { error: shortError(err) });
      },
    });
    if (o.once && failed) throw new Error("stake update failed");
  }));
  program.addCommand(updateStakes);

  // --- freeze-requests ----------------------------------------------------------------------
  const freeze = configure(new Command("freeze-requests"))
    .description("veto committee: list, veto or finalise the freeze requests raised by challenges");
  const signerHelp =
    `\nThe sender key comes from ${ECDSA_PRIVATE_KEY_ENV} (a veto committee member for veto; anyone for finalize).`;
  const withSigner = async (o: ChainOptions) => {
    const privateKey = senderKeyFromEnv(io);
    const d = loadDeployment(o.deployment);
    const clients = await createChainClients({
      rpcUrl: o.rpcUrl,
      privateKey,
      pollingInterval: 250,
    });
    const sm = d.addresses.incredibleSquaringServiceManager as Address;
    await requireFreezeRequests(clients.publicClient, sm);
    return { clients, sm };
  };

  const list = configure(chainOptions(new Command("list")))
    .description("list pending freeze requests (all with --all)")
    .option("--all", "include vetoed and finalised requests")
    .option("--json", "print JSON instead of a table");
  list.action(
    guard(
      list,
      async (o: { rpcUrl: string; deployment: string; all?: boolean; json?: boolean }) => {
        const d = loadDeployment(o.deployment);
        const { publicClient } = await createChainClients({ rpcUrl: o.rpcUrl });
        await requireFreezeRequests(publicClient, d.addresses.incredibleSquaringServiceManager);
        const rows = await listFreezeRequests(
          publicClient,
          d.addresses.incredibleSquaringServiceManager,
          { all: o.all },
        );
        io.out(
          o.json
            ? JSON.stringify(rows, (_k, v) => typeof v === "bigint" ? v.toString() : v, 2) + "\n"
            : formatFreezeTable(rows) + "\n",
        );
      },
    ),
  );

  const veto = configure(chainOptions(new Command("veto")))
    .description("veto a pending freeze request (veto committee members only)")
    .argument("<id>", "freeze request id", parseRequestIdArg)
    .addHelpText("after", signerHelp);
  veto.action(guard(veto, async (id: bigint, o: ChainOptions) => {
    const { clients, sm } = await withSigner(o);
    const tx = await vetoFreezeRequest(clients, sm, id);
    io.out(`vetoed freeze request ${id} (tx ${tx})\n`);
  }));

  const finalize = configure(chainOptions(new Command("finalize")))
    .description("finalise a freeze request whose veto window passed: the operator is frozen")
    .argument("<id>", "freeze request id", parseRequestIdArg)
    .addHelpText("after", signerHelp);
  finalize.action(guard(finalize, async (id: bigint, o: ChainOptions) => {
    const { clients, sm } = await withSigner(o);
    const tx = await finalizeFreezeRequest(clients, sm, id);
    io.out(`finalised freeze request ${id} (tx ${tx})\n`);
  }));
  freeze.addCommand(list);
  freeze.addCommand(veto);
  freeze.addCommand(finalize);
  program.addCommand(freeze);
  program.addCommand(faultCommands({ io, guard, configure }));

  program.addCommand(
    keysCommand({ exitOverride: options.exitOverride, io: { stdout: io.out, stderr: io.err } }),
  );
  return program;
}

function parseRequestIdArg(raw: string): bigint {
  try {
    return parseRequestId(raw);
  } catch (err) {
    throw new InvalidArgumentError((err as Error).message);
  }
}
