/**
 * `deno task start`: a fresh anvil with everything deployed, then N operators, the aggregator,
 * the challenger and the stake updater as child processes with prefixed log lines, plus a live
 * task summary. Stops everything on SIGINT/SIGTERM (or when `signal` aborts).
 */
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createPublicClient, http } from "viem";
import { startDevnet } from "../devnet/devnet.ts";
import { indexRegistryAbi } from "../chain/abi/mod.ts";
import { fundAccounts } from "../devnet/funding.ts";
import { anvilPrivateKey, DEVNET_OPERATOR_COUNT, devnetFleetKeys } from "../keys/devnet_keys.ts";
import { privateKeyToAccount } from "viem/accounts";
import type { ChildSpec } from "./supervisor.ts";
import {
  FLEET_ABOVE,
  MAX_SLASHING_OPERATORS,
  planFleet,
  planOperators,
  writeRunConfigs,
} from "./configs.ts";
import {
  assertDistinctPorts,
  assertPortsFree,
  defaultPorts,
  nodePorts,
  operatorNode,
  reserveRunPorts,
  type RunPortPlan,
  type RunPorts,
} from "./ports.ts";
import { retryOnBusyPort } from "./port_retry.ts";
import { type RunOutcome, supervisedRun } from "./run_control.ts";
import { watchTasks } from "./task_watch.ts";
import { runVetoCommittee } from "./committee.ts";

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
  /**
   * EigenLayer contracts: `m2` (default) or `slashing` (operator sets through the
   * AllocationManager, slashing requests on a VetoableSlasher, a veto committee that vetoes even
   * request ids: `committee.ts`). Above 5 operators the fleet registers every member into the
   * operator set, up to {@link MAX_SLASHING_OPERATORS}.
   */
  eigenlayer?: "m2" | "slashing";
  /** Stops the run when aborted (besides SIGINT/SIGTERM). */
  signal?: AbortSignal;
  write?: (line: string) => void;
}

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

/**
 * Runs the whole system until a signal, a node that keeps crashing or the chain's exit; resolves
 * with the outcome (exit code and reason) after everything has stopped. Throws if the system
 * cannot start (after stopping what had started).
 */
export async function runSystem(o: RunOptions): Promise<RunOutcome> {
  const t0 = performance.now();
  const secs = () => ((performance.now() - t0) / 1000).toFixed(1);
  // Above FLEET_ABOVE operators, one fleet process runs them all (lib/operator/fleet.ts).
  const fleet = o.operators > FLEET_ABOVE;
  const slashingEra = o.eigenlayer === "slashing";
  if (slashingEra && o.operators > MAX_SLASHING_OPERATORS) {
    throw new Error(
      `--eigenlayer slashing runs up to ${MAX_SLASHING_OPERATORS} operators, got ${o.operators} ` +
        "(each registers in six transactions, see docs/nodes.md)",
    );
  }
  const operatorNodes = [
    ...new Set(Array.from({ length: o.operators }, (_, i) => operatorNode({ fleet }, i + 1))),
  ];
  let ports: RunPorts = defaultPorts(o.operators, fleet);
  let anvilPort = 0;
  let portPlan: RunPortPlan | undefined;
  let writeConfigs: () => Promise<unknown> = () => Promise.resolve();
  const { sup, control } = supervisedRun({
    write: o.write,
    // Children get 3 s after SIGTERM, so SIGTERM to start ends everything within about 5 s.
    stopGraceMs: 3_000,
    signal: o.signal,
    // With --random-ports a port someone else took in the meantime is replaced; with the
    // documented defaults a busy port is the user's to free (the crash limit ends the run).
    beforeRestart: (spec, tail) => o.randomPorts ? retryBusy(spec, tail) : undefined,
  });
  const say = (line: string) => sup.say("start", line);
  const retryBusy = retryOnBusyPort({
    getPorts: () => ports,
    setPorts: (p) => (ports = p),
    exclude: () => [anvilPort],
    say,
    rewriteConfigs: () => writeConfigs(),
    restartRpcClients: () => {
      for (const name of operatorNodes) sup.restartNow(name).catch(() => {});
    },
  });
  const runDir = o.runDir ?? await Deno.makeTempDir({ prefix: "incsq-run-" });
  await Deno.mkdir(runDir, { recursive: true });

  let devnet: Awaited<ReturnType<typeof startDevnet>> | undefined;
  const watchAbort = new AbortController();
  let watcher: Promise<void> = Promise.resolve();
  try {
    // Ports first: a busy default port fails before anything starts, and reserved ports are
    // held while anvil picks its own (an explicit --port is kept out of the plan).
    const anvilNamed = o.port ? new Map([[o.port, "anvil RPC"]]) : new Map<number, string>();
    if (o.randomPorts) {
      portPlan = reserveRunPorts(o.operators, { exclude: anvilNamed.keys() }, fleet);
      ports = portPlan.ports;
    } else {
      ports = defaultPorts(o.operators, fleet);
      assertDistinctPorts(ports, anvilNamed);
      assertPortsFree(ports);
    }
    say(
      `starting anvil on port ${o.port || "(any)"} and deploying the ${
        slashingEra ? "slashing-era " : ""
      }contracts…`,
    );
    devnet = await startDevnet({
      port: o.port === 0 ? undefined : o.port,
      vetoWindowBlock: o.vetoWindowBlock,
      ...(slashingEra ? { eigenlayer: "slashing" as const } : {}),
    });
    anvilPort = devnet.port;
    control.watchChain(devnet.anvil.exited);
    if (control.signal.aborted) return control.outcome!;
    const deploymentPath = join(runDir, "deployment.json");
    await Deno.writeTextFile(deploymentPath, JSON.stringify(devnet.deployment, null, 2) + "\n");
    say(`chain ready at ${devnet.rpcUrl} after ${secs()} s (deployment: ${deploymentPath})`);

    const plan = fleet
      ? planFleet(o.operators, o.timesFailing)
      : planOperators(o.operators, o.timesFailing);
    const operatorKeys = plan.map((p) => devnetFleetKeys(p.index));
    if (o.operators > DEVNET_OPERATOR_COUNT) {
      // Generated operators start without ether; they mint their stake tokens themselves.
      const funded = await fundAccounts(
        devnet.rpcUrl,
        operatorKeys.slice(DEVNET_OPERATOR_COUNT).map((k) => k.address),
      );
      say(`funded ${funded} generated operator accounts (keys derived in lib/keys/devnet_keys.ts)`);
    }
    const rpcUrl = devnet.rpcUrl;
    const wsUrl = devnet.wsUrl;
    writeConfigs = () =>
      writeRunConfigs({
        dir: runDir,
        rpcUrl,
        wsUrl,
        deploymentPath,
        ports,
        operators: plan,
        taskIntervalSeconds: o.taskIntervalSeconds,
        thresholdPercentage: o.thresholdPercentage,
        stakeUpdateIntervalSeconds: o.stakeUpdateIntervalSeconds,
        production: o.production,
        logLevel: o.verbose ? "debug" : "info",
      });
    await writeConfigs();
    const deno = Deno.execPath();
    const env = { OPERATOR_ECDSA_KEY_PASSWORD: "", OPERATOR_BLS_KEY_PASSWORD: "" };
    const scripts: Record<string, string[]> = {
      aggregator: [
        "aggregator.ts",
        "--config",
        join(runDir, "aggregator.yaml"),
      ],
      challenger: ["challenger.ts", "--config", join(runDir, "challenger.yaml")],
      stakes: [
        "cli.ts",
        "update-stakes",
        "--stake-updater-config",
        join(runDir, "stake-updater.yaml"),
      ],
    };
    if (fleet) {
      scripts.fleet = ["lib/operator/fleet_main.ts", "--config", join(runDir, "fleet.json")];
    } else {
      for (const op of plan) {
        scripts[`operator${op.index}`] = [
          "operator.ts",
          "--config",
          join(runDir, `operator${op.index}.yaml`),
        ];
      }
    }
    const nodeSpec = (name: string): ChildSpec => {
      const [script, ...args] = scripts[name];
      return {
        name,
        cmd: deno,
        args: ["run", "-q", "-A", join(ROOT, script), ...args],
        env: name.startsWith("operator") || name === "fleet" ? env : undefined,
        cwd: ROOT,
        readyPorts: nodePorts(ports, name),
      };
    };
    const spawnNode = (name: string) => {
      control.expect(name);
      portPlan?.release(name);
      sup.spawn(nodeSpec(name));
    };

    if (control.signal.aborted) return control.outcome!;
    const names = new Map<string, string>();
    for (const [i, op] of plan.entries()) {
      names.set(operatorKeys[i].address.toLowerCase(), `operator${op.index}`);
    }
    if (fleet) {
      const stake = plan[0].depositAmount;
      say(
        `fleet: operator1…operator${plan.length} in one process, stake ${stake} each, ` +
          `operator1 wrong answers ${plan[0].timesFailing}%`,
      );
      spawnNode("fleet");
    } else {
      for (const [i, op] of plan.entries()) {
        say(
          `operator${op.index}: ${
            operatorKeys[i].address
          }, stake ${op.depositAmount}, wrong answers ${op.timesFailing}%`,
        );
        spawnNode(`operator${op.index}`);
      }
    }
    names.set(devnet.deployment.roles.aggregator.toLowerCase(), "aggregator");
    names.set(privateKeyToAccount(anvilPrivateKey(2)).address.toLowerCase(), "challenger");

    // Tasks only reach operators registered before the task's block: wait for registration,
    // counted on chain (the IndexRegistry's operator count of quorum 0; the devnet is fresh).
    const client = createPublicClient({ transport: http(devnet.rpcUrl) });
    // About 0.3-0.9 s per operator measured on M2; the slashing era takes six transactions each.
    const waitMs = 90_000 + (slashingEra ? 3_000 : 1_500) * plan.length;
    const deadline = Date.now() + waitMs;
    let registered = 0;
    let reported = 0;
    const step = Math.max(1, Math.ceil(plan.length / 10));
    try {
      while (registered < plan.length && !control.signal.aborted && Date.now() < deadline) {
        registered = await client.readContract({
          address: devnet.deployment.addresses.indexRegistry,
          abi: indexRegistryAbi,
          functionName: "totalOperatorsForQuorum",
          args: [0],
        });
        if (plan.length > 1 && registered - reported >= step && registered < plan.length) {
          reported = registered;
          say(`registered ${registered}/${plan.length} operators`);
        }
        if (registered < plan.length) await new Promise((r) => setTimeout(r, 250));
      }
    } catch (err) {
      // If the chain went away, its exit (being reported) is the outcome, not this error.
      let timer: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([devnet.anvil.exited, new Promise((r) => (timer = setTimeout(r, 1000)))]);
      clearTimeout(timer);
      if (!control.signal.aborted) throw err;
    }
    if (control.signal.aborted) return control.outcome!;
    if (registered < plan.length) {
      say(
        `warning: ${plan.length - registered} operator(s) not registered after ${
          waitMs / 1000
        } s; starting anyway`,
      );
    } else say(`all ${plan.length} operators registered after ${secs()} s`);

    for (const name of ["aggregator", "challenger", "stakes"]) spawnNode(name);
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
      onFirstResponse: () => say(`first response on chain ${secs()} s after start`),
      slasher: slashingEra ? d.addresses.slasher : undefined,
    });
    if (slashingEra) {
      const committeeKey = anvilPrivateKey(1);
      say("veto committee (anvil #1): vetoes even slashing request ids, odd ones get fulfilled");
      const committee = runVetoCommittee({
        rpcUrl: devnet.rpcUrl,
        privateKey: committeeKey,
        slasher: d.addresses.slasher,
        signal: watchAbort.signal,
        print: (line) => sup.say("tasks", line),
      }).catch((err) => say(`veto committee stopped: ${(err as Error).message}`));
      watcher = Promise.all([watcher, committee]).then(() => {});
    }
    // Claimed only once every node listens, and again after each outage.
    control.announceWhenAllUp(() =>
      `system running: all ${operatorNodes.length + 3} nodes up after ${secs()} s ` +
      `(configs in ${runDir}); Ctrl-C stops everything`
    );
    return await control.done();
  } catch (err) {
    // Ctrl-C during startup also reaches anvil and the nodes: the errors that follow are not
    // the outcome.
    if (control.outcome) return control.outcome;
    throw err;
  } finally {
    say("stopping…");
    watchAbort.abort();
    portPlan?.releaseAll();
    await sup.stopAll();
    await watcher.catch(() => {});
    if (devnet) await devnet.stop();
    control.dispose();
    if (!o.runDir) await Deno.remove(runDir, { recursive: true }).catch(() => {});
    say("stopped; no process left behind");
  }
}
