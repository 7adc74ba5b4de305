/**
 * Operator config (`config/operator.anvil.yaml`): the upstream `NodeConfig` keys plus
 * `deployment_path` and a few tuning knobs. Key passwords never live in the file: they come from
 * `OPERATOR_ECDSA_KEY_PASSWORD` / `OPERATOR_BLS_KEY_PASSWORD` (see {@link readKeyPasswords}).
 *
 * @module
 */
import { z } from "zod";
import { loadConfig, type LoadOptions } from "./load.ts";
import {
  address,
  DEFAULT_DEPLOYMENT_PATH,
  hostPort,
  httpUrl,
  logLevel,
  quorumNumbers,
  uintBig,
  wsUrl,
} from "./fields.ts";

/** Schema of the operator config file. */
export const operatorConfigSchema = z.strictObject({
  /** true = info level + JSON lines; false = debug level + pretty lines (upstream semantics). */
  production: z.boolean(),
  log_level: logLevel.optional(),
  /**
   * EIP-1559 fee cap in gwei for every transaction (a string such as "30" or "1.5"); nothing is
   * sent while the base fee is above it. `--max-fee-gwei` overrides it. Unset = no cap.
   */
  max_fee_gwei: z.string().regex(
    /^[0-9]+(\.[0-9]{1,9})?$/,
    "expected a fee in gwei such as 30 or 1.5",
  ).optional(),
  operator_address: address,
  eth_rpc_url: httpUrl,
  eth_ws_url: wsUrl,
  ecdsa_private_key_store_path: z.string().min(1),
  bls_private_key_store_path: z.string().min(1),
  aggregator_server_ip_port_address: hostPort,
  eigen_metrics_ip_port_address: hostPort,
  enable_metrics: z.boolean(),
  node_api_ip_port_address: hostPort,
  enable_node_api: z.boolean(),
  register_operator_on_startup: z.boolean(),
  times_failing: z.int().min(0).max(100).default(0),
  deployment_path: z.string().min(1).default(DEFAULT_DEPLOYMENT_PATH),
  // Upstream address keys, kept as optional overrides of the deployment file.
  avs_registry_coordinator_address: address.optional(),
  operator_state_retriever_address: address.optional(),
  token_strategy_addr: address.optional(),
  /** Amount (token base units) minted and deposited on startup when the operator has no shares. */
  deposit_amount: uintBig.default(1000n),
  quorum_numbers: quorumNumbers.default([0]),
  socket: z.string().default("Not Needed"),
  /**
   * Slashing era only: blocks before a new allocation takes effect, set when the operator
   * registers with EigenLayer.
   */
  allocation_delay_blocks: z.int().min(0).max(2 ** 32 - 1).default(0),
  /**
   * Slashing era only: share of the operator's magnitude in each strategy allocated (made
   * slashable) to each of the AVS's operator sets in `quorum_numbers`, in percent.
   */
  allocation_magnitude_percent: z.number().gt(0).max(100).default(100),
  /**
   * Blocks a task's creation must be buried under before the operator answers it; the task is
   * then checked against the TaskManager's stored hash, so a reorganised-away task is skipped.
   */
  confirmations: z.int().min(0).max(1000).default(0),
  /** How many blocks before the current one to back-fill `NewTaskCreated` from at startup. */
  task_backfill_blocks: z.int().min(0).default(30),
  /** Attempts to deliver one signed response to the aggregator (upstream: 5). */
  send_max_attempts: z.int().min(1).max(100).default(5),
  /**
   * When a task this operator answered correctly is still unanswered this many blocks before its
   * response window closes, record an on-chain attestation so a no-response challenge does not
   * hold this operator at fault (see docs/operator.md).
   */
  attest_unanswered_responses: z.boolean().default(true),
  /** Blocks before the end of the response window at which the attestation is sent. */
  attestation_margin_blocks: z.int().min(1).max(1000).default(5),
  /** First back-off delay; doubled after each failed attempt, capped at 30 s. */
  send_initial_backoff_ms: z.int().min(10).max(60_000).default(1000),
  /**
   * Devnet only: when a key-password variable is unset, use the empty password (the devnet
   * keystores are encrypted with "") instead of failing.
   */
  insecure_empty_key_passwords: z.boolean().default(false),
});

/** Parsed operator config. */
export type OperatorConfig = z.output<typeof operatorConfigSchema>;

/** Loads and validates an operator config file. @throws {ConfigError} */
export function loadOperatorConfig(path: string, options: LoadOptions = {}): OperatorConfig {
  return loadConfig(path, operatorConfigSchema, options);
}

/** Environment variables holding the operator's keystore passwords. */
export const OPERATOR_PASSWORD_ENV = {
  ecdsa: "OPERATOR_ECDSA_KEY_PASSWORD",
  bls: "OPERATOR_BLS_KEY_PASSWORD",
} as const;

/** Keystore passwords plus which ones fell back to "" (for a warning log line). */
export type KeyPasswords = { ecdsa: string; bls: string; defaulted: string[] };

/**
 * Reads the keystore passwords from the environment. An empty value is a valid password; an unset
 * variable is an error naming it, unless `insecure_empty_key_passwords` is set in the config.
 */
export function readKeyPasswords(
  config: Pick<OperatorConfig, "insecure_empty_key_passwords">,
  env: Record<string, string | undefined> = Deno.env.toObject(),
): KeyPasswords {
  const defaulted: string[] = [];
  const read = (name: string): string => {
    const v = env[name];
    if (v !== undefined) return v;
    if (config.insecure_empty_key_passwords) {
      defaulted.push(name);
      return "";
    }
    throw new Error(
      `environment variable ${name} is not set (set it to the keystore password; ` +
        `the devnet keystores use the empty password: ${name}=)`,
    );
  };
  return {
    ecdsa: read(OPERATOR_PASSWORD_ENV.ecdsa),
    bls: read(OPERATOR_PASSWORD_ENV.bls),
    defaulted,
  };
}
