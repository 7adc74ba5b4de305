/**
 * Challenger config (`config/challenger.yaml`): upstream's `environment`, `eth_rpc_url`,
 * `eth_ws_url`, plus the deployment file, the challenger account key (env `ECDSA_PRIVATE_KEY`
 * wins over `ecdsa_private_key`), the back-fill start block and a metrics listener.
 *
 * @module
 */
import { z } from "zod";
import { loadConfig, type LoadOptions } from "./load.ts";
import { ECDSA_PRIVATE_KEY_ENV } from "./aggregator.ts";
import {
  DEFAULT_DEPLOYMENT_PATH,
  environment,
  hostPort,
  httpUrl,
  logLevel,
  privateKeyHex,
  wsUrl,
} from "./fields.ts";

/** Schema of the challenger config file. */
/** Quorum-list entries `assignFaults` walks per call unless told otherwise. */
export const DEFAULT_FAULT_BATCH = 50;

export const challengerConfigSchema = z.strictObject({
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
  deployment_path: z.string().min(1).default(DEFAULT_DEPLOYMENT_PATH),
  ecdsa_private_key: privateKeyHex.optional(),
  /** First block to back-fill events from; default: the deployment's `deployedAtBlock`. */
  start_block: z.int().min(0).optional(),
  /**
   * Blocks an event must be buried under before the challenger acts on it (0 on anvil; a few on
   * a public chain, so a log that a reorganisation removes is never acted on).
   */
  confirmations: z.int().min(0).max(1000).default(0),
  /** Also finalise freeze requests whose veto window has passed. */
  finalize_freeze_requests: z.boolean().default(true),
  /** Slashing era: also fulfil slashing requests whose veto window passed without a veto. */
  fulfil_slashing_requests: z.boolean().default(true),
  /**
   * Quorum-list entries per `assignFaults` transaction when a successful challenge leaves
   * operators at fault beyond the FaultLedger's opening batch (32). About 60k gas per entry on
   * M2, about 300k on the slashing era; keep a batch well under the block gas limit.
   */
  fault_batch_size: z.int().min(1).max(1000).default(DEFAULT_FAULT_BATCH),
  enable_metrics: z.boolean().default(true),
  metrics_ip_port_address: hostPort.default("localhost:9092"),
  enable_node_api: z.boolean().default(false),
  node_api_ip_port_address: hostPort.default("localhost:9012"),
});

/** Parsed challenger config. */
export type ChallengerConfig = z.output<typeof challengerConfigSchema>;

/** Loads and validates a challenger config; `ECDSA_PRIVATE_KEY` overrides the file. */
export function loadChallengerConfig(path: string, options: LoadOptions = {}): ChallengerConfig {
  return loadConfig(path, challengerConfigSchema, {
    envOverrides: { [ECDSA_PRIVATE_KEY_ENV]: "ecdsa_private_key" },
    ...options,
  });
}
