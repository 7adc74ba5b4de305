/**
 * Where the CLI writes its output and reads its environment (injectable for tests), and the
 * pieces of that the command groups share: the chain options and the sender key from the
 * environment.
 *
 * @module
 */
import type { Command } from "commander";
import type { Hex } from "viem";
import { DEFAULT_DEPLOYMENT_PATH } from "../config/fields.ts";
import { ECDSA_PRIVATE_KEY_ENV } from "../config/aggregator.ts";

/** Output sinks and environment of the CLI. */
export interface CliIO {
  out: (text: string) => void;
  err: (text: string) => void;
  env: (name: string) => string | undefined;
}

/** The options {@link chainOptions} adds, as commander parses them. */
export type ChainOptions = { rpcUrl: string; deployment: string };

/** Adds `--rpc-url` and `--deployment` (the AVS's deployment file) to `cmd`. */
export function chainOptions(cmd: Command): Command {
  return cmd
    .option("--rpc-url <url>", "JSON-RPC endpoint", "http://localhost:8545")
    .option("--deployment <file>", "deployment JSON", DEFAULT_DEPLOYMENT_PATH);
}

/**
 * The sender's private key from `ECDSA_PRIVATE_KEY` (32 hex bytes, `0x` optional), 0x-prefixed.
 * @throws {Error} naming the variable when it is unset or not such a key
 */
export function senderKeyFromEnv(io: Pick<CliIO, "env">): Hex {
  const key = io.env(ECDSA_PRIVATE_KEY_ENV);
  if (!key || !/^(0x)?[0-9a-fA-F]{64}$/.test(key)) {
    throw new Error(`${ECDSA_PRIVATE_KEY_ENV} must hold the sender's 32-byte hex private key`);
  }
  return key.startsWith("0x") ? key as Hex : `0x${key}`;
}
