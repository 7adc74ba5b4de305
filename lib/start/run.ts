/**
 * `deno task start`: a fresh anvil with everything deployed, then N operators, the aggregator,
 * the challenger and the stake updater as child processes with prefixed log lines, plus a live
 * task summary. Stops everything on SIGINT/SIGTERM (or when `signal` aborts).
 */
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createPublicClient, http } from "viem";
import { startDevnet } from "../devnet/devnet.ts";
import { registryCoordinatorAbi } from "../chain/abi/mod.ts";
import { anvilPrivateKey, devnetOperatorKeys } from "../keys/devnet_keys.ts";
import { privateKeyToAccount } from "viem/accounts";
import { Supervisor } from "./supervisor.ts";
import {
  defaultPorts,
  freePorts,
  planOperators,
  type RunPorts,
  writeRunConfigs,
} from "./configs.ts";
import { watchTasks } from "./task_watch.ts";

/** Options of {@link runSystem}. */
export interface RunOptions {
  operators: number;
  /** anvil port (8545 by default; 0 = any free port). */
  port: number;
  /** Use OS-assigned ports for every node listener instead of the documented defaults. */
  randomPorts: boolean;
  taskIntervalSeconds: number;
  thresholdPercentage: number;
  timesFailing: number;
  vetoWindowBlock: number;
  stakeUpdateIntervalSeconds: number;
  /** Directory for generated configs and the deployment file (a temp dir by default). */
  runDir?: string;
  production: boolean;
  /** Debug-level logs from every process (default: info). */
  verbose?: boolean;
  /** Stops the run when aborted (besides SIGINT/SIGTERM). */
  signal?: AbortSignal;
  write?: (line: string) => void;
}

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

/** Runs the whole system until a signal; resolves after everything has stopped. */
export async function runSystem(o: RunOptions): Promise<void> {
  const t0 = performance.now();
  const secs = () => ((performance.now() - t0) / 1000).toFixed(1);
  const sup = new Supervisor({
    write: o.write,
    onUnexpectedExit: (name, st) => sup.say("start", `${name} exited with code ${st.code}`),
  });
  const stop = new AbortController();
  const onSig = () => stop.abort();
  Deno.addSignalListener("SIGINT", onSig);
  Deno.addSignalListener("SIGTERM", onSig);
  o.signal?.addEventListener("abort", onSig, { once: true });
  const runDir = o.runDir ?? await Deno.makeTempDir({ prefix: "incsq-run-" });
  await Deno.mkdir(runDir, { recursive: true });

  let devnet: Awaited<ReturnType<typeof startDevnet>> | undefined;
  const watchAbort = new AbortController();
  let watcher: Promise<void> = Promise.resolve();
  try {
    sup.say("start", `starting anvil on port ${o.port || "(any)"} and deploying the contracts…`);
    devnet = await startDevnet({
      port: o.port === 0 ? undefined : o.port,
      vetoWindowBlock: o.vetoWindowBlock,
    });
    if (stop.signal.aborted) return;
    const deploymentPath = join(runDir, "deployment.json");
    await Deno.writeTextFile(deploymentPath, JSON.stringify(devnet.deployment, null, 2) + "\n");
    sup.say(
      "start",
      `chain ready at ${devnet.rpcUrl} after ${secs()} s (deployment: ${deploymentPath})`,
    );

    const ports: RunPorts = o.randomPorts ? freePorts(o.operators) : defaultPorts(o.operators);
    const plan = planOperators(o.operators, o.timesFailing);
    const files = await writeRunConfigs({
      dir: runDir,
      rpcUrl: devnet.rpcUrl,
      wsUrl: devnet.wsUrl,
      deploymentPath,
      ports,
      operators: plan,
      taskIntervalSeconds: o.taskIntervalSeconds,
      thresholdPercentage: o.thresholdPercentage,
      stakeUpdateIntervalSeconds: o.stakeUpdateIntervalSeconds,
      production: o.production,
      logLevel: o.verbose ? "debug" : "info",
    });
    const deno = Deno.execPath();
    const env = { OPERATOR_ECDSA_KEY_PASSWORD: "", OPERATOR_BLS_KEY_PASSWORD: "" };
    const names = new Map<string, string>();
    for (const op of plan) {
      const keys = devnetOperatorKeys(op.index);
      names.set(keys.address.toLowerCase(), `operator${op.index}`);
      sup.say(
        "start",
        `operator${op.index}: ${keys.address}, stake ${op.depositAmount}, wrong answers ${op.timesFailing}%`,
      );
      sup.spawn({
        name: `operator${op.index}`,
        cmd: deno,
        args: [
          "run",
          "-q",
          "-A",
          join(ROOT, "operator.ts"),
          "--config",
          files.operators[op.index - 1],
        ],
        env,
        cwd: ROOT,
      });
    }
    names.set(devnet.deployment.roles.aggregator.toLowerCase(), "aggregator");
    names.set(privateKeyToAccount(anvilPrivateKey(2)).address.toLowerCase(), "challenger");

    // Tasks only reach operators registered before the task's block: wait for registration.
    const client = createPublicClient({ transport: http(devnet.rpcUrl) });
    const deadline = Date.now() + 90_000;
    const pending = new Set(plan.map((p) => devnetOperatorKeys(p.index).address));
    while (pending.size && !stop.signal.aborted && Date.now() < deadline) {
      for (const addr of [...pending]) {
        const status = await client.readContract({
          address: devnet.deployment.addresses.registryCoordinator,
          abi: registryCoordinatorAbi,
          functionName: "getOperatorStatus",
          args: [addr],
        });
        if (Number(status) === 1) pending.delete(addr);
      }
      if (pending.size) await new Promise((r) => setTimeout(r, 250));
    }
    if (stop.signal.aborted) return;
    if (pending.size) {
      sup.say(
        "start",
        `warning: ${pending.size} operator(s) not registered after 90 s; starting anyway`,
      );
    } else sup.say("start", `all ${plan.length} operators registered after ${secs()} s`);

    sup.spawn({
      name: "aggregator",
      cmd: deno,
      args: ["run", "-q", "-A", join(ROOT, "aggregator.ts"), "--config", files.aggregator],
      cwd: ROOT,
    });
    sup.spawn({
      name: "challenger",
      cmd: deno,
      args: ["run", "-q", "-A", join(ROOT, "challenger.ts"), "--config", files.challenger],
      cwd: ROOT,
    });
    sup.spawn({
      name: "stakes",
      cmd: deno,
      args: [
        "run",
        "-q",
        "-A",
        join(ROOT, "cli.ts"),
        "update-stakes",
        "--stake-updater-config",
        files.stakeUpdater,
      ],
      cwd: ROOT,
    });
    const d = devnet.deployment;
    names.set(d.roles.owner.toLowerCase(), "owner");
    watcher = watchTasks({
      client,
      taskManager: d.addresses.incredibleSquaringTaskManager,
      serviceManager: d.addresses.incredibleSquaringServiceManager,
      registryCoordinator: d.addresses.registryCoordinator,
      operatorStateRetriever: d.addresses.operatorStateRetriever,
      fromBlock: BigInt(d.deployedAtBlock),
      signal: watchAbort.signal,
      names,
      print: (line) => sup.say("tasks", line),
      onFirstResponse: () => sup.say("start", `first response on chain ${secs()} s after start`),
    });
    sup.say("start", `system running (configs in ${runDir}); Ctrl-C stops everything`);
    await new Promise<void>((resolve) => {
      if (stop.signal.aborted) resolve();
      stop.signal.addEventListener("abort", () => resolve(), { once: true });
    });
  } finally {
    sup.say("start", "stopping…");
    watchAbort.abort();
    await sup.stopAll();
    await watcher.catch(() => {});
    if (devnet) await devnet.stop();
    Deno.removeSignalListener("SIGINT", onSig);
    Deno.removeSignalListener("SIGTERM", onSig);
    if (!o.runDir) await Deno.remove(runDir, { recursive: true }).catch(() => {});
    sup.say("start", "stopped; no process left behind");
  }
}
