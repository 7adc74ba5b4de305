/**
 * `/metrics` over HTTP with Hono, for one registry.
 *
 * @module
 */
import { Hono } from "hono";
import type { Registry } from "prom-client";
import { parseHostPort } from "../config/fields.ts";
import { getLogger } from "../log/mod.ts";

/** A Hono app serving `GET /metrics` in the Prometheus text format. */
export function metricsApp(registry: Registry): Hono {
  const app = new Hono();
  app.get("/metrics", async (c) => {
    const body = await registry.metrics();
    return c.body(body, 200, { "Content-Type": registry.contentType });
  });
  return app;
}

/** A running HTTP server; `shutdown()` stops accepting and waits for in-flight requests. */
export type RunningServer = { port: number; hostname: string; shutdown(): Promise<void> };

/**
 * Serves a Hono app on `host:port` (port 0 = any free port). Resolves once listening.
 */
export function serveApp(app: Hono, listen: string, name: string): Promise<RunningServer> {
  const { hostname, port } = parseHostPort(listen);
  const log = getLogger(["http", name]);
  return new Promise((resolve, reject) => {
    try {
      const server = Deno.serve({
        hostname,
        port,
        onListen: (addr) => {
          log.info("{server} listening on http://{hostname}:{port}", {
            server: name,
            hostname: addr.hostname,
            port: addr.port,
          });
          resolve({
            port: addr.port,
            hostname: addr.hostname,
            shutdown: () => server.shutdown(),
          });
        },
        onError: (err) => {
          log.error("{server} request failed: {error}", { server: name, error: err });
          return new Response(JSON.stringify({ message: "Internal server error" }), {
            status: 500,
            headers: { "content-type": "application/json" },
          });
        },
      }, app.fetch);
    } catch (err) {
      reject(new Error(`cannot listen on ${listen} for ${name}: ${(err as Error).message}`));
    }
  });
}

/** Starts the metrics server for `registry` on `listen` (`host:port`). */
export function serveMetrics(registry: Registry, listen: string): Promise<RunningServer> {
  return serveApp(metricsApp(registry), listen, "metrics");
}
