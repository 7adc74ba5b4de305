/**
 * The startup steps the single operator (node.ts) and every fleet member (fleet.ts) share: which
 * contracts and EigenLayer era the deployment runs (read from the chain), which of this
 * project's contract extensions it has, and the idempotent registration sequence of that era.
 *
 * @module
 */
import type { Logger } from "../log/mod.ts";
import type { ChainClients, TxSender } from "../chain/clients.ts";
import { operatorDeploymentHints, resolveOperatorContracts } from "../avs/operator_contracts.ts";
import {
  ALL_CAPABILITIES,
  type AvsCapabilities,
  detectCapabilities,
  logMissingCapabilities,
} from "../avs/capabilities.ts";
import { registerOnStartup } from "../avs/registration.ts";
import {
  registerOnStartupSlashing,
  type ResolvedEra,
  resolveEra,
} from "../avs/slashing_registration.ts";
import type { OperatorSettings } from "./settings.ts";

/** What {@link resolveOperatorSetup} found. */
export interface OperatorSetup {
  /** The era (read from the chain) and its contracts. */
  era: ResolvedEra;
  /** This project's contract extensions present in the deployment. */
  caps: AvsCapabilities;
}

/**
 * Resolves the contracts from the deployment file (any format) and the chain, the era the
 * chain runs (logged with its evidence; a deployment file that says otherwise is warned about)
 * and the contract extensions (one info line naming what is off).
 * @throws {Error} when the deployment file is for another chain, or disagrees with the chain
 */
export async function resolveOperatorSetup(
  clients: Pick<ChainClients, "publicClient" | "chain">,
  s: Pick<
    OperatorSettings,
    "deploymentPath" | "registryCoordinator" | "tokenStrategy" | "quorumNumbers" | "rpcUrl"
  >,
  log: Logger,
): Promise<OperatorSetup> {
  // Any format (this project's, upstream's outputs); the addresses are checked against the chain.
  const deployment = operatorDeploymentHints(s.deploymentPath, s.registryCoordinator);
  if (deployment?.chainId !== undefined && deployment.chainId !== clients.chain.id) {
    throw new Error(
      `${s.deploymentPath} is for chain ${deployment.chainId}, but ${s.rpcUrl} is chain ${clients.chain.id}`,
    );
  }
  const client = clients.publicClient;
  const base = await resolveOperatorContracts(client, deployment, {
    avs_registry_coordinator_address: s.registryCoordinator,
    token_strategy_addr: s.tokenStrategy,
  });
  // The era decides how an operator joins; it is read from the chain, not configured.
  const era = await resolveEra(client, base, s.quorumNumbers);
  const declared = declaredEra(s.deploymentPath);
  if (declared && declared !== era.era) {
    log.warn(
      "{path} says eigenlayer {declared}, but the chain runs the {era} era ({reason}); following the chain",
      { path: s.deploymentPath, declared, era: era.era, reason: era.reason },
    );
  }
  log.info(
    era.era === "slashing"
      ? "slashing-era EigenLayer ({reason}): joining operator sets {sets} through the AllocationManager"
      : "M2 EigenLayer ({reason}): registering for quorums {sets} through the RegistryCoordinator",
    { reason: era.reason, sets: s.quorumNumbers.join(",") },
  );
  const c = era.contracts;
  // This project's contract extensions, detected once: upstream's contracts lack them.
  const caps = c.taskManager
    ? await detectCapabilities(client, {
      taskManager: c.taskManager,
      serviceManager: c.serviceManager,
    })
    : ALL_CAPABILITIES;
  // On the slashing era slashing requests replace freeze requests: not missing, just different.
  logMissingCapabilities(
    log,
    era.era === "slashing" ? { ...caps, freezeRequests: true, isFrozen: true } : caps,
  );
  return { era, caps };
}

/** One operator's part of the registration: its keys, stake and (slashing era) allocation. */
export interface MemberRegistration {
  blsPrivateKey: bigint;
  quorumNumbers: readonly number[];
  socket: string;
  depositAmount: bigint;
  /** Slashing era: allocation delay and the share of magnitude per set (default 0, all). */
  allocation?: { delayBlocks: number; fraction: number };
}

/**
 * The `register_operator_on_startup` sequence of `era` from `sender`'s account: M2 quorums
 * through the RegistryCoordinator, or operator sets through the AllocationManager. Every step
 * skips what the chain already shows, so a restart (or a retry after a failed step) resumes.
 */
export async function registerForEra(
  sender: TxSender,
  era: ResolvedEra,
  r: MemberRegistration,
): Promise<void> {
  if (era.era === "slashing") {
    await registerOnStartupSlashing(sender, era.contracts, {
      blsPrivateKey: r.blsPrivateKey,
      quorumNumbers: r.quorumNumbers,
      socket: r.socket,
      depositAmount: r.depositAmount,
      allocationDelayBlocks: r.allocation?.delayBlocks ?? 0,
      allocationFraction: r.allocation?.fraction ?? 1,
    });
  } else {
    await registerOnStartup({ ...sender, contracts: era.contracts }, {
      blsPrivateKey: r.blsPrivateKey,
      quorumNumbers: r.quorumNumbers,
      socket: r.socket,
      depositAmount: r.depositAmount,
    });
  }
}

/** The deployment file's `eigenlayer` field (`m2`, `slashing`), when it has one. */
function declaredEra(path: string): string | undefined {
  try {
    const v = JSON.parse(Deno.readTextFileSync(path)).eigenlayer;
    return typeof v === "string" ? v : undefined;
  } catch {
    return undefined; // no file, or not ours: the chain decides anyway
  }
}
