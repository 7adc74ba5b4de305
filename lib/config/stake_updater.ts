/**
 * Stake updater config (`config/stake-updater.yaml`): the periodic `updateOperatorsForQuorum`
 * caller. The sender key comes from `ECDSA_PRIVATE_KEY` or `ecdsa_private_key`.
 *
 * @module
 */
import { z } from "zod";
import { loadConfig, type LoadOptions } from "./load.ts";
import { ECDSA_PRIVATE_KEY_ENV } from "./aggregator.ts";
import {
  DEFAULT_DEPLOYMENT_PATH,
  environment,
  httpUrl,
  logLevel,
  privateKeyHex,
} from "./fields.ts";

/** Schema of the stake updater config file. */
export const stakeUpdaterConfigSchema = z.strictObject({
  environment,
  log_level: logLevel.optional(),
  eth_rpc_url: httpUrl,
  deployment_path: z.string().min(1).default(DEFAULT_DEPLOYMENT_PATH),
  ecdsa_private_key: privateKeyHex.optional(),
  /** Seconds between update rounds. */
  interval_seconds: z.number().positive().max(86_400 * 7).default(60),
});

/** Parsed stake updater config. */
export type StakeUpdaterConfig = z.output<typeof stakeUpdaterConfigSchema>;

/** Loads and validates a stake updater config; `ECDSA_PRIVATE_KEY` overrides the file. */
export function loadStakeUpdaterConfig(
  path: string,
  options: LoadOptions = {},
): StakeUpdaterConfig {
  return loadConfig(path, stakeUpdaterConfigSchema, {
    envOverrides: { [ECDSA_PRIVATE_KEY_ENV]: "ecdsa_private_key" },
    ...options,
  });
}
