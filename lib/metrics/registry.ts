/**
 * Per-process Prometheus registry. Each process builds one with {@link createRegistry} and hands it
 * to the metric factories; nothing uses prom-client's global registry, so tests and several
 * components in one process never collide.
 *
 * @module
 */
import { Gauge, Registry } from "prom-client";
import { AVS_NAME, COMMON } from "./names.ts";

export { Registry };

/** Project version reported in `incsq_build_info`. */
export const VERSION = "0.1.0";

/**
 * Creates a fresh registry with `incsq_build_info{component,version,avs_name} 1`. No default
 * process collectors (as in the SDK: a dedicated registry exposes only what we register).
 */
export function createRegistry(component: string): Registry {
  const registry = new Registry();
  const info = new Gauge({
    name: COMMON.buildInfo,
    help: "Build information: always 1, labelled with the component and version",
    labelNames: ["component", "version", "avs_name"] as const,
    registers: [registry],
  });
  info.set({ component, version: VERSION, avs_name: AVS_NAME }, 1);
  return registry;
}
