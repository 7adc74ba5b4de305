/**
 * Child processes of `deno task bench:system`: the real aggregator and the operator fleet, each
 * a `deno run` of the project's own entry point with a generated config, their output kept in a
 * log file, their CPU time and memory read from /proc.
 *
 * @module
 */
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { stringify } from "yaml";
import { anvilPrivateKey } from "../lib/keys/devnet_keys.ts";
import { freePort } from "../lib/devnet/ports.ts";

const ROOT = fileURLToPath(new URL("..", import.meta.url));

/** A running child with its log file. */
export interface Proc {
  pid: number;
  log: string;
  /** SIGTERM, wait for the exit (SIGKILL after 5 s). */
  stop(): Promise<void>;
}

function spawn(args: string[], log: string, denoFlags: readonly string[] = []): Proc {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-q", "-A", ...denoFlags, ...args],
    cwd: ROOT,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1" },
  }).spawn();
  const file = Deno.openSync(log, { write: true, create: true, append: true });
  const sink = (s: ReadableStream<Uint8Array>) =>
    s.pipeTo(
      new WritableStream({ write: (chunk) => void file.writeSync(chunk) }),
    ).catch(() => {});
  const drained = Promise.all([sink(child.stdout), sink(child.stderr)]);
  let stopping: Promise<void> | undefined;
  return {
    pid: child.pid,
    log,
    stop() {
      stopping ??= (async () => {
        try {
          child.kill("SIGTERM");
        } catch { /* gone */ }
        const timer = setTimeout(() => {
          try {
            child.kill("SIGKILL");
          } catch { /* gone */ }
        }, 5_000);
        await child.status;
        clearTimeout(timer);
        await drained;
        file.close();
      })();
      return stopping;
    },
  };
}

/** Resolves once something accepts TCP connections on `port` (or throws after `ms`). */
export async function waitForPort(port: number, what: string, ms = 120_000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    try {
      (await Deno.connect({ hostname: "127.0.0.1", port })).close();
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error(`${what} did not listen on port ${port} within ${ms / 1000} s`);
}

/** The aggregator as a child process; resolves once its JSON-RPC port listens. */
export async function startAggregatorProcess(o: {
  dir: string;
  name: string;
  rpcUrl: string;
  wsUrl: string;
  deploymentPath: string;
  thresholdPercentage: number;
  taskIntervalSeconds: number;
  /** Extra `deno run` flags (e.g. `--cpu-prof`). */
  denoFlags?: readonly string[];
}): Promise<Proc & { rpcPort: number }> {
  const rpcPort = await freePort();
  const config = join(o.dir, `${o.name}.yaml`);
  await Deno.writeTextFile(
    config,
    stringify({
      environment: "production",
      log_level: "warning",
      eth_rpc_url: o.rpcUrl,
      eth_ws_url: o.wsUrl,
      aggregator_server_ip_port_address: `127.0.0.1:${rpcPort}`,
      deployment_path: o.deploymentPath,
      ecdsa_private_key: anvilPrivateKey(9),
      task_interval_seconds: o.taskIntervalSeconds,
      quorum_threshold_percentage: o.thresholdPercentage,
      quorum_numbers: [0],
      task_expiry_blocks: 30,
      enable_metrics: false,
      enable_node_api: false,
      data_dir: join(o.dir, `${o.name}-data`),
    }),
  );
  const p = spawn(
    ["aggregator.ts", "--config", config],
    join(o.dir, `${o.name}.log`),
    o.denoFlags,
  );
  try {
    await waitForPort(rpcPort, o.name);
  } catch (err) {
    await p.stop();
    throw err;
  }
  return { ...p, rpcPort };
}

/** The operator fleet (lib/operator/fleet_main.ts) as a child process; resolves once it serves. */
export async function startFleetProcess(o: {
  dir: string;
  rpcUrl: string;
  wsUrl: string;
  deploymentPath: string;
  aggregatorRpcPort: number;
  operators: number;
  registrationConcurrency: number;
}): Promise<Proc> {
  const nodeApi = await freePort();
  const config = join(o.dir, "fleet.json");
  await Deno.writeTextFile(
    config,
    JSON.stringify({
      production: true,
      log_level: "warning",
      eth_rpc_url: o.rpcUrl,
      eth_ws_url: o.wsUrl,
      deployment_path: o.deploymentPath,
      aggregator_server_ip_port_address: `127.0.0.1:${o.aggregatorRpcPort}`,
      node_api_ip_port_address: `127.0.0.1:${nodeApi}`,
      registration_concurrency: o.registrationConcurrency,
      quorum_numbers: [0],
      operators: Array.from({ length: o.operators }, (_, i) => ({
        index: i + 1,
        deposit_amount: "1000",
        times_failing: 0,
      })),
    }),
  );
  const p = spawn(["lib/operator/fleet_main.ts", "--config", config], join(o.dir, "fleet.log"));
  try {
    // The node API starts after every member registered, just before the task follower.
    await waitForPort(nodeApi, "the operator fleet", 600_000);
  } catch (err) {
    await p.stop();
    throw err;
  }
  return p;
}

/** User + system CPU time of a process so far, in ms (from /proc/<pid>/stat). */
export function cpuMs(pid: number): number {
  return statCpuMs(Deno.readTextFileSync(`/proc/${pid}/stat`));
}

/** User + system CPU time (ms) in the text of a /proc `stat` file. */
function statCpuMs(stat: string): number {
  // Fields after the command name (which may contain spaces) start after the last ')'.
  const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const ticks = Number(f[11]) + Number(f[12]); // utime, stime (fields 14 and 15)
  return ticks * 10; // USER_HZ is 100 on Linux
}

/**
 * CPU time so far (ms) per kind of thread of a process, from /proc/<pid>/task/<tid>/stat:
 * `main` (Deno's main thread, named like the executable), `verify worker` (web workers, named
 * `worker-N`), `other` (V8's helper threads, I/O threads). Threads that ended are not counted.
 */
export function threadCpuMs(pid: number): Map<string, number> {
  const out = new Map<string, number>();
  for (const t of Deno.readDirSync(`/proc/${pid}/task`)) {
    let stat: string;
    try {
      stat = Deno.readTextFileSync(`/proc/${pid}/task/${t.name}/stat`);
    } catch {
      continue; // ended meanwhile
    }
    const comm = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
    const ms = statCpuMs(stat);
    const kind = t.name === String(pid)
      ? "main"
      : comm.startsWith("worker-")
      ? "verify worker"
      : "other";
    out.set(kind, (out.get(kind) ?? 0) + ms);
  }
  return out;
}

/** Resident and peak resident memory of a process in MiB (from /proc/<pid>/status). */
export function memoryMiB(pid: number): { rss: number; peak: number } {
  const status = Deno.readTextFileSync(`/proc/${pid}/status`);
  const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+)`, "m").exec(status)?.[1]);
  return { rss: kb("VmRSS") / 1024, peak: kb("VmHWM") / 1024 };
}
