/**
 * Runs a real Prometheus (Debian's `/usr/bin/prometheus`) for the scrape test: the project's
 * `ops/prometheus/prometheus.yml` with its compose targets rewritten to local ports, a temporary
 * storage directory, a free port and short intervals. Queried through the HTTP API.
 *
 * @module
 */
import { parse as parseYaml, stringify as stringifyYaml } from "yaml";
import { terminateChild } from "../../lib/process/terminate.ts";

type StaticConfig = { targets: string[]; labels?: Record<string, string> };
type ScrapeConfig = { job_name: string; scrape_interval?: string; static_configs: StaticConfig[] };
type PromConfig = {
  global?: Record<string, unknown>;
  rule_files?: string[];
  scrape_configs: ScrapeConfig[];
};

/**
 * Rewrites a Prometheus config for local processes: each target whose host is a key of
 * `targets` (compose service name) becomes the mapped `host:port`; other targets and jobs left
 * empty are dropped, as is the self-scrape. Rule files become absolute paths under `rulesDir`.
 */
export function localizeScrapeConfig(
  yamlText: string,
  targets: Record<string, string>,
  opts: { interval: string; rulesDir: string },
): string {
  const cfg = parseYaml(yamlText) as PromConfig;
  cfg.global = {
    ...cfg.global,
    scrape_interval: opts.interval,
    evaluation_interval: opts.interval,
  };
  cfg.rule_files = (cfg.rule_files ?? []).map((f) => `${opts.rulesDir}/${f}`);
  cfg.scrape_configs = cfg.scrape_configs
    .map((job) => ({
      ...job,
      scrape_interval: opts.interval,
      static_configs: job.static_configs
        .map((sc) => ({
          ...sc,
          targets: sc.targets.flatMap((t) => {
            const local = targets[t.split(":")[0]];
            return local ? [local] : [];
          }),
        }))
        .filter((sc) => sc.targets.length > 0),
    }))
    .filter((job) => job.static_configs.length > 0);
  return stringifyYaml(cfg);
}

/** A running Prometheus. */
export type PrometheusHandle = {
  url: string;
  /** GET `/api/v1/<path>` and return `data`; throws on a non-success status. */
  api<T>(path: string): Promise<T>;
  /** Instant query; returns the result vector. */
  query(expr: string): Promise<{ metric: Record<string, string>; value: [number, string] }[]>;
  /** Prometheus' own output (for failure messages). */
  log(): string;
  stop(): Promise<void>;
};

/** Starts `prometheus` with `configFile` on `port`, storing into `dataDir`; waits until ready. */
export async function startPrometheus(
  bin: string,
  configFile: string,
  dataDir: string,
  port: number,
): Promise<PrometheusHandle> {
  const child = new Deno.Command(bin, {
    args: [
      `--config.file=${configFile}`,
      `--storage.tsdb.path=${dataDir}`,
      `--web.listen-address=127.0.0.1:${port}`,
      "--log.level=warn",
    ],
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const out: string[] = [];
  const dec = new TextDecoder();
  const drain = async (s: ReadableStream<Uint8Array>) => {
    for await (const chunk of s) out.push(dec.decode(chunk));
  };
  const drains = Promise.all([drain(child.stdout), drain(child.stderr)]);
  let exited = false;
  const status = child.status.finally(() => exited = true);
  const url = `http://127.0.0.1:${port}`;

  const stop = async () => {
    if (!exited) {
      await terminateChild(child, 5_000);
      await status;
    }
    await drains;
  };

  const api = async <T>(path: string): Promise<T> => {
    const res = await fetch(`${url}/api/v1/${path}`, { signal: AbortSignal.timeout(5_000) });
    const body = await res.json() as { status: string; data: T; error?: string };
    if (body.status !== "success") throw new Error(`prometheus ${path}: ${body.error}`);
    return body.data;
  };

  const deadline = Date.now() + 30_000;
  while (true) {
    if (exited) {
      await stop();
      throw new Error(`prometheus exited during startup:\n${out.join("")}`);
    }
    try {
      const res = await fetch(`${url}/-/ready`, { signal: AbortSignal.timeout(1_000) });
      await res.body?.cancel();
      if (res.ok) break;
    } catch { /* not listening yet */ }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`prometheus not ready on ${url} after 30 s:\n${out.join("")}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }

  return {
    url,
    api,
    query: (expr) =>
      api<{ result: { metric: Record<string, string>; value: [number, string] }[] }>(
        `query?query=${encodeURIComponent(expr)}`,
      ).then((d) => d.result),
    log: () => out.join(""),
    stop,
  };
}
