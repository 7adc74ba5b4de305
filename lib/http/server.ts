/**
 * Serving a Hono app on `host:port`: one place for listening, the startup line, a JSON 500 for
 * unexpected errors, and a clear error when the address is taken.
 *
 * @module
 */
import type { Hono } from "hono";
import { parseHostPort } from "../config/fields.ts";
import { getLogger } from "../log/mod.ts";

/** A running HTTP server; `shutdown()` stops accepting and waits for in-flight requests. */
export type RunningServer = { port: number; hostname: string; shutdown(): Promise<void> };

/**
 * Serves a Hono app on `listen` (`host:port`, port 0 = any free port) and resolves once
 * listening. Rejects with the address and the server's name when it cannot listen.
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
