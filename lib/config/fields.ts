/**
 * Reusable zod field schemas for config files (addresses, URLs, listen addresses, keys).
 *
 * @module
 */
import { z } from "zod";

/** A 20-byte hex address with 0x prefix (checksum not enforced; case is kept). */
export const address = z.string().regex(
  /^0x[0-9a-fA-F]{40}$/,
  "expected a 0x-prefixed 20-byte hex address",
).transform((v) => v as `0x${string}`);

/** An http(s) URL (JSON-RPC over HTTP). */
export const httpUrl = z.url({
  protocol: /^https?$/,
  error: "expected an http:// or https:// URL",
});

/** A ws(s) URL (JSON-RPC subscriptions). */
export const wsUrl = z.url({ protocol: /^wss?$/, error: "expected a ws:// or wss:// URL" });

/** `host:port` as in the upstream configs; an empty host (`:9090`) means all interfaces. */
export const hostPort = z.string().regex(
  /^(\[[0-9a-fA-F:]+\]|[A-Za-z0-9.-]*):([0-9]{1,5})$/,
  "expected host:port, e.g. localhost:9090",
).refine((v) => {
  const port = Number(v.slice(v.lastIndexOf(":") + 1));
  return port >= 1 && port <= 65535;
}, "port must be between 1 and 65535");

/** A 32-byte secp256k1 private key in hex, with or without 0x; normalised to 0x-prefixed. */
export const privateKeyHex = z.string().regex(
  /^(0x)?[0-9a-fA-F]{64}$/,
  "expected a 32-byte hex private key",
).transform((v) => (v.startsWith("0x") ? v : `0x${v}`) as `0x${string}`);

/** A non-negative integer given as a YAML number or a decimal string; parsed to bigint. */
export const uintBig = z.union([
  z.int().nonnegative(),
  z.string().regex(/^[0-9]+$/, "expected a non-negative decimal integer"),
]).transform((v) => BigInt(v));

/** Logger environment, like the upstream aggregator's `environment` key. */
export const environment = z.enum(["production", "development"]);

/** Log level override. */
export const logLevel = z.enum(["trace", "debug", "info", "warning", "error", "fatal"]);

/** Quorum numbers (each 0..191), strictly ascending as the registry requires. */
export const quorumNumbers = z.array(z.int().min(0).max(191)).min(1).refine(
  (qs) => qs.every((q, i) => i === 0 || q > qs[i - 1]),
  "quorum numbers must be strictly ascending",
);

/** Default location of the devnet deployment file written by the contracts deployer. */
export const DEFAULT_DEPLOYMENT_PATH = "contracts/deployments/devnet.json";

/** Splits `host:port` (validated by {@link hostPort}) into a hostname and a port number. */
export function parseHostPort(value: string): { hostname: string; port: number } {
  const i = value.lastIndexOf(":");
  let hostname = value.slice(0, i);
  if (hostname.startsWith("[") && hostname.endsWith("]")) hostname = hostname.slice(1, -1);
  return { hostname: hostname === "" ? "0.0.0.0" : hostname, port: Number(value.slice(i + 1)) };
}
