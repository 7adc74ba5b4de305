/**
 * The EigenLayer AVS Node API (spec v0.0.1) on Hono:
 * `GET /eigen/node`, `/eigen/node/health`, `/eigen/node/services`,
 * `/eigen/node/services/{id}/health`.
 *
 * Health is never a stored flag: every request runs the registered checks (each with a timeout),
 * so the answer reflects the node's real state. A service's check maps to its status
 * (healthy → `Up`, partially healthy → `Initializing`, unhealthy → `Down`) and to the HTTP code
 * (200 / 206 / 503). The node is healthy when every check is, unhealthy when a critical check
 * is unhealthy, and partially healthy otherwise.
 *
 * @module
 */
import { Hono } from "hono";
import { VERSION } from "../metrics/registry.ts";

/** Result of a health check. */
export type Health = "healthy" | "partially_healthy" | "unhealthy";

/** A health check; throwing or exceeding the timeout counts as unhealthy. */
export type HealthCheck = () => Health | Promise<Health>;

/** Health of the node and of each of its services, from one run of every check. */
export type HealthReport = {
  node: Health;
  services: { id: string; health: Health }[];
};

/** Service status strings of the spec. */
export type ServiceStatus = "Up" | "Down" | "Initializing";

/** A backing service listed by `/eigen/node/services`. */
export type ServiceDefinition = {
  id: string;
  name: string;
  description: string;
  check: HealthCheck;
  /** When true (default), this service being unhealthy makes the whole node unhealthy (503). */
  critical?: boolean;
};

/** Options of {@link NodeApi}. */
export type NodeApiOptions = {
  nodeName?: string;
  nodeVersion?: string;
  /** Per-check timeout in ms (default 2000). */
  checkTimeoutMs?: number;
};

/** Spec version implemented. */
export const SPEC_VERSION = "v0.0.1";

const STATUS_OF: Record<Health, ServiceStatus> = {
  healthy: "Up",
  partially_healthy: "Initializing",
  unhealthy: "Down",
};
const HTTP_OF: Record<Health, 200 | 206 | 503> = {
  healthy: 200,
  partially_healthy: 206,
  unhealthy: 503,
};

/** Registry of services and health checks plus the Hono app that serves them. */
export class NodeApi {
  readonly nodeName: string;
  readonly nodeVersion: string;
  readonly #timeoutMs: number;
  readonly #services: ServiceDefinition[] = [];

  /** Creates an API with no services (health is then 200). */
  constructor(options: NodeApiOptions = {}) {
    this.nodeName = options.nodeName ?? "incredible-squaring";
    this.nodeVersion = options.nodeVersion ?? VERSION;
    this.#timeoutMs = options.checkTimeoutMs ?? 2000;
  }

  /** Adds a service; ids must be unique and URL-safe. */
  registerService(service: ServiceDefinition): void {
    if (!/^[A-Za-z0-9._-]+$/.test(service.id)) {
      throw new Error(`service id "${service.id}" must match [A-Za-z0-9._-]+`);
    }
    if (this.#services.some((s) => s.id === service.id)) {
      throw new Error(`service id "${service.id}" is already registered`);
    }
    this.#services.push(service);
  }

  /** Removes a service; returns false when the id is unknown. */
  deregisterService(id: string): boolean {
    const i = this.#services.findIndex((s) => s.id === id);
    if (i < 0) return false;
    this.#services.splice(i, 1);
    return true;
  }

  async #run(check: HealthCheck, timeoutMs = this.#timeoutMs): Promise<Health> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      const timeout = new Promise<Health>((resolve) => {
        timer = setTimeout(() => resolve("unhealthy"), timeoutMs);
      });
      const result = await Promise.race([Promise.resolve().then(check), timeout]);
      return result in HTTP_OF ? result : "unhealthy";
    } catch {
      return "unhealthy";
    } finally {
      clearTimeout(timer);
    }
  }

  /** Runs one service's check; undefined when the id is unknown. */
  async serviceHealth(id: string): Promise<Health | undefined> {
    const service = this.#services.find((s) => s.id === id);
    return service ? await this.#run(service.check) : undefined;
  }

  /** Runs every check and combines them into the node's health. */
  async nodeHealth(): Promise<Health> {
    return (await this.healthReport()).node;
  }

  /**
   * Runs every check once (concurrently) and returns each service's health together with the
   * node's, combined by the same rule as `/eigen/node/health`. `timeoutMs` lowers the per-check
   * timeout (never raises it): the metrics scrape uses this with a short bound.
   */
  async healthReport(timeoutMs?: number): Promise<HealthReport> {
    const limit = Math.min(timeoutMs ?? this.#timeoutMs, this.#timeoutMs);
    const results = await Promise.all(
      this.#services.map(async (s) => ({ s, h: await this.#run(s.check, limit) })),
    );
    return {
      node: combineHealth(results.map((r) => ({ health: r.h, critical: r.s.critical !== false }))),
      services: results.map((r) => ({ id: r.s.id, health: r.h })),
    };
  }

  /** The services list as served by `/eigen/node/services` (checks run now). */
  async services(): Promise<
    { id: string; name: string; description: string; status: ServiceStatus }[]
  > {
    return await Promise.all(this.#services.map(async (s) => ({
      id: s.id,
      name: s.name,
      description: s.description,
      status: STATUS_OF[await this.#run(s.check)],
    })));
  }

  /** The Hono app with the four spec routes under `/eigen`. */
  app(): Hono {
    const app = new Hono();
    // `?version=` selects the API version; we only speak v0.0.1 (spec: 404 otherwise).
    app.use("/eigen/*", async (c, next) => {
      const v = c.req.query("version");
      if (v !== undefined && v.replace(/^v/, "") !== SPEC_VERSION.slice(1)) {
        return c.json({ message: "API version not found" }, 404);
      }
      await next();
      return undefined;
    });
    app.get("/eigen/node", (c) =>
      c.json({
        node_name: this.nodeName,
        spec_version: SPEC_VERSION,
        node_version: this.nodeVersion,
      }));
    app.get("/eigen/node/health", async (c) => c.body(null, HTTP_OF[await this.nodeHealth()]));
    app.get("/eigen/node/services", async (c) => c.json({ services: await this.services() }));
    app.get("/eigen/node/services/:id/health", async (c) => {
      const h = await this.serviceHealth(c.req.param("id"));
      if (h === undefined) return c.json({ message: "Service not found" }, 404);
      return c.body(null, HTTP_OF[h]);
    });
    app.onError((_err, c) => c.json({ message: "Internal server error" }, 500));
    app.notFound((c) => c.json({ message: "Not found" }, 404));
    return app;
  }
}

/**
 * The node's health from its services': healthy when all are, unhealthy when a critical one is
 * unhealthy, partially healthy otherwise (no services → healthy).
 */
export function combineHealth(results: readonly { health: Health; critical: boolean }[]): Health {
  if (results.every((r) => r.health === "healthy")) return "healthy";
  if (results.some((r) => r.health === "unhealthy" && r.critical)) return "unhealthy";
  return "partially_healthy";
}
