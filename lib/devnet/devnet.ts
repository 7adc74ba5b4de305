/**
 * A ready devnet in one call: a fresh anvil with EigenLayer core, middleware and the AVS
 * deployed. Every integration test of the project starts from here.
 */
import { type AnvilHandle, startAnvil } from "./anvil.ts";
import { deployAll, type DeployOptions } from "./deploy.ts";
import { deploySlashing, type SlasherKind } from "./deploy_slashing.ts";
import type { DevnetDeployment, EigenLayerEra } from "./deployment_types.ts";

/** Options for {@link startDevnet}. */
export interface DevnetOptions extends Omit<DeployOptions, "rpcUrl"> {
  /** anvil port; a random free port when omitted. */
  port?: number;
  /** anvil host; 127.0.0.1 when omitted. */
  host?: string;
  /** Seconds per block; automine when omitted. */
  blockTime?: number;
  /**
   * EigenLayer release to deploy: `m2` (default; AVSDirectory registration, freeze requests)
   * or `slashing` (operator sets, allocations, slashing through a VetoableSlasher).
   */
  eigenlayer?: EigenLayerEra;
  /** Slashing era only: `vetoable` (default) or `instant` slasher. */
  slasherKind?: SlasherKind;
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
 * `contracts/deployments/devnet.json` and, with default options, the same addresses. With
 * `eigenlayer: "slashing"` it deploys the slashing-era stack instead (see `deploy_slashing.ts`;
 * the result is a `SlashingDevnetDeployment`, like `contracts/deployments/devnet-slashing.json`).
 */
export async function startDevnet(opts: DevnetOptions = {}): Promise<Devnet> {
  const slashingEra = opts.eigenlayer === "slashing";
  const anvil = await startAnvil({ port: opts.port, host: opts.host, blockTime: opts.blockTime });
  try {
    const deployment = slashingEra
      ? await deploySlashing({ ...opts, rpcUrl: anvil.rpcUrl })
      : await deployAll({ ...opts, rpcUrl: anvil.rpcUrl });
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
