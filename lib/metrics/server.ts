/**
 * `/metrics` over HTTP with Hono, for one registry (served through `lib/http`).
 *
 * @module
 */
import { Hono } from "hono";
import type { Registry } from "prom-client";
import { type RunningServer, serveApp } from "../http/server.ts";

/** A Hono app serving `GET /metrics` in the Prometheus text format. */
export function metricsApp(registry: Registry): Hono {
  const app = new Hono();
  app.get("/metrics", async (c) => {
    const body = await registry.metrics();
    return c.body(body, 200, { "Content-Type": registry.contentType });
  });
  return app;
}

/** Starts the metrics server for `registry` on `listen` (`host:port`). */
export function serveMetrics(registry: Registry, listen: string): Promise<RunningServer> {
  return serveApp(metricsApp(registry), listen, "metrics");
}
