/**
 * Prometheus metrics: per-process registry, eigen node-spec metrics, `incsq_*` AVS metrics and
 * the `/metrics` server.
 *
 * @module
 */
export * from "./names.ts";
export * from "./registry.ts";
export * from "./eigen.ts";
export * from "./avs.ts";
export * from "./health.ts";
export * from "./server.ts";
export * from "./slashing.ts";
