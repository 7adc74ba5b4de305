/**
 * Aggregator config (`config/aggregator.yaml`): the upstream keys (§8.1) plus the task generator,
 * aggregation, metrics and node-API settings. The ECDSA key (aggregator + task generator account)
 * comes from `ECDSA_PRIVATE_KEY` (upstream's variable) or, for the devnet, the file key
 * `ecdsa_private_key`; the environment wins.
 *
 * @module
 */
import { z } from "zod";
import { loadConfig, type LoadOptions } from "./load.ts";
import {
  DEFAULT_DEPLOYMENT_PATH,
  environment,
  hostPort,
  httpUrl,
  logLevel,
  privateKeyHex,
  quorumNumbers,
  wsUrl,
} from "./fields.ts";

/** Environment variable that overrides `ecdsa_private_key` (aggregator, challenger, updater). */
export const ECDSA_PRIVATE_KEY_ENV = "ECDSA_PRIVATE_KEY";

/** Schema of the aggregator config file. */
export const aggregatorConfigSchema = z.strictObject({
  environment,
  log_level: logLevel.optional(),
  /**
   * EIP-1559 fee cap in gwei for every transaction (a string such as "30" or "1.5"); nothing is
   * sent while the base fee is above it. `--max-fee-gwei` overrides it. Unset = no cap.
   */
  max_fee_gwei: z.string().regex(
    /^[0-9]+(\.[0-9]{1,9})?$/,
    "expected a fee in gwei such as 30 or 1.5",
  ).optional(),
  eth_rpc_url: httpUrl,
  eth_ws_url: wsUrl,
  aggregator_server_ip_port_address: hostPort,
  /** Parsed for compatibility with upstream files; the aggregator ignores it. */
  register_operator_on_startup: z.boolean().optional(),
  deployment_path: z.string().min(1).default(DEFAULT_DEPLOYMENT_PATH),
  ecdsa_private_key: privateKeyHex.optional(),
  /** Seconds between `createNewTask` calls. */
  task_interval_seconds: z.number().positive().max(86_400).default(10),
  /** Stake percentage each quorum must sign (1..100). */
  quorum_threshold_percentage: z.int().min(1).max(100).default(100),
  quorum_numbers: quorumNumbers.default([0]),
  /**
   * Milliseconds to keep collecting signatures after a task first reaches the threshold, so late
   * signers are in the aggregate instead of being non-signers on chain (each non-signer costs
   * about 16k gas in respondToTask). Ends early when every operator has signed. 0 = respond at
   * the threshold.
   */
  aggregation_window_ms: z.int().min(0).max(60_000).default(300),
  /** Blocks after `taskCreatedBlock` after which an unfinished aggregation is dropped. */
  task_expiry_blocks: z.int().min(1).default(30),
  /**
   * Directory of the aggregator's durable state (SQLite: tasks, accepted signatures, response
   * transactions), read back after a restart. Relative paths are relative to the working
   * directory.
   */
  data_dir: z.string().min(1).default("data/aggregator"),
  /** Largest JSON-RPC request body accepted, in bytes. */
  rpc_max_body_bytes: z.int().min(256).max(10_000_000).default(65_536),
  enable_metrics: z.boolean().default(true),
  metrics_ip_port_address: hostPort.default("localhost:9091"),
  enable_node_api: z.boolean().default(true),
  node_api_ip_port_address: hostPort.default("localhost:9011"),
});

/** Parsed aggregator config. */
export type AggregatorConfig = z.output<typeof aggregatorConfigSchema>;

/** Loads and validates an aggregator config; `ECDSA_PRIVATE_KEY` overrides the file. */
export function loadAggregatorConfig(path: string, options: LoadOptions = {}): AggregatorConfig {
  return loadConfig(path, aggregatorConfigSchema, {
    envOverrides: { [ECDSA_PRIVATE_KEY_ENV]: "ecdsa_private_key" },
    ...options,
  });
}

/**
 * Returns the configured ECDSA key or throws an error naming both places it can come from.
 */
export function requireEcdsaKey(
  config: { ecdsa_private_key?: `0x${string}` },
  file: string,
): `0x${string}` {
  if (config.ecdsa_private_key) return config.ecdsa_private_key;
  throw new Error(
    `${file}: ecdsa_private_key: not set (set ${ECDSA_PRIVATE_KEY_ENV} or the config key)`,
  );
}

/**
 * Validates upstream's `--ecdsa-private-key` flag value (hex, 0x optional) and returns it
 * 0x-prefixed, or undefined when the flag was not given. The flag wins over
 * `ECDSA_PRIVATE_KEY` and the config key, as upstream's flag does; it is discouraged because
 * command lines are visible to other users of the machine.
 * @throws {Error} naming the flag (never the value) when it is not a 32-byte hex key.
 */
export function ecdsaKeyFromFlag(value: string | undefined): `0x${string}` | undefined {
  if (value === undefined) return undefined;
  const r = privateKeyHex.safeParse(value.trim());
  if (!r.success) throw new Error("--ecdsa-private-key: expected a 32-byte hex private key");
  return r.data;
}
