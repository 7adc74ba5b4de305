/**
 * A ready devnet in one call: a fresh anvil with EigenLayer core, middleware and the AVS
 * deployed. Every integration test of the project starts from here.
 */
import { type AnvilHandle, startAnvil } from "./anvil.ts";
import { deployAll, type DeployOptions } from "./deploy.ts";
import type { DevnetDeployment } from "./deployment_types.ts";

/** Options for {@link startDevnet}. */
export interface DevnetOptions extends Omit<DeployOptions, "rpcUrl"> {
  /** anvil port; a random free port when omitted. */
  port?: number;
  /** anvil host; 127.0.0.1 when omitted. */
  host?: string;
  /** Seconds per block; automine when omitted. */
  blockTime?: number;
}

/** A running devnet. */
export interface Devnet {
  rpcUrl: string;
  wsUrl: string;
  port: number;
  deployment: DevnetDeployment;
  anvil: AnvilHandle;
  /** Stops anvil (idempotent). */
  stop(): Promise<void>;
}

/**
 * Starts a fresh anvil and deploys everything (core, middleware, AVS, stake token and strategy,
 * quorum 0, roles, veto committee). The returned deployment has the same shape as
 * `contracts/deployments/devnet.json` and, with default options, the same addresses.
 */
export async function startDevnet(opts: DevnetOptions = {}): Promise<Devnet> {
  const anvil = await startAnvil({ port: opts.port, host: opts.host, blockTime: opts.blockTime });
  try {
    const deployment = await deployAll({ ...opts, rpcUrl: anvil.rpcUrl });
    return {
      rpcUrl: anvil.rpcUrl,
      wsUrl: anvil.wsUrl,
      port: anvil.port,
      deployment,
      anvil,
      stop: anvil.stop,
    };
  } catch (err) {
    await anvil.stop();
    throw err;
  }
}
