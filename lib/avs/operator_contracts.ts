/**
 * Where the operator's contracts live: the deployment file, with the upstream config keys
 * (`avs_registry_coordinator_address`, `token_strategy_addr`) as overrides, and the rest
 * discovered from the RegistryCoordinator (`discoverContracts` in `lib/eigenlayer`).
 *
 * @module
 */
import type { Address } from "viem";
import type { ReadClient } from "../chain/clients.ts";
import type { Deployment } from "../chain/deployment.ts";
import { discoverContracts, type EigenLayerContracts } from "../eigenlayer/contracts.ts";

/** Every contract address the operator (and the CLI's operator commands) talk to. */
export type OperatorContracts = EigenLayerContracts & {
  /** Strategy the startup deposit goes into. */
  strategy: Address;
  /** Present when known from the deployment (needed for task intake only). */
  taskManager?: Address;
};

/** Address overrides taken from the operator config. */
export type ContractOverrides = {
  avs_registry_coordinator_address?: Address;
  token_strategy_addr?: Address;
};

/**
 * Resolves the operator's contracts. The RegistryCoordinator comes from the override or the
 * deployment; ServiceManager, registries and AVSDirectory are read from chain (so a wrong address
 * fails here with the call that failed); DelegationManager comes from the StakeRegistry.
 */
export async function resolveOperatorContracts(
  client: ReadClient,
  deployment: Deployment | undefined,
  overrides: ContractOverrides = {},
): Promise<OperatorContracts> {
  const registryCoordinator = overrides.avs_registry_coordinator_address ??
    deployment?.addresses.registryCoordinator;
  if (!registryCoordinator) {
    throw new Error(
      "no RegistryCoordinator address: set deployment_path or avs_registry_coordinator_address",
    );
  }
  const strategy = overrides.token_strategy_addr ?? deployment?.addresses.erc20MockStrategy;
  if (!strategy) {
    throw new Error("no strategy address: set deployment_path or token_strategy_addr");
  }
  const discovered = await discoverContracts(
    client,
    registryCoordinator,
    deployment?.addresses.operatorStateRetriever,
  );
  return {
    ...discovered,
    strategy,
    taskManager: deployment?.addresses.incredibleSquaringTaskManager,
  };
}
