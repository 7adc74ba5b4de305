/**
 * Where the operator's contracts live: the deployment file, with the upstream config keys
 * (`avs_registry_coordinator_address`, `token_strategy_addr`) as overrides, and the rest
 * discovered from the RegistryCoordinator the way the real middleware exposes it.
 *
 * @module
 */
import type { Address, Chain, PublicClient, Transport } from "viem";
import * as abi from "../chain/abi/mod.ts";
import type { Deployment } from "../chain/deployment.ts";
import { readContract } from "../chain/tx.ts";

/** Every contract address the operator (and the CLI's operator commands) talk to. */
export type OperatorContracts = {
  registryCoordinator: Address;
  serviceManager: Address;
  avsDirectory: Address;
  stakeRegistry: Address;
  blsApkRegistry: Address;
  delegationManager: Address;
  strategyManager: Address;
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
  client: PublicClient<Transport, Chain>,
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
  const rc = (fn: string) =>
    readContract<Address>(client, registryCoordinator, abi.registryCoordinatorAbi, fn);
  const [serviceManager, stakeRegistry, blsApkRegistry] = await Promise.all([
    rc("serviceManager"),
    rc("stakeRegistry"),
    rc("blsApkRegistry"),
  ]);
  const [avsDirectory, delegationManager] = await Promise.all([
    readContract<Address>(
      client,
      serviceManager,
      abi.incredibleSquaringServiceManagerAbi,
      "avsDirectory",
    ),
    readContract<Address>(client, stakeRegistry, abi.stakeRegistryAbi, "delegation"),
  ]);
  const strategyManager = await readContract<Address>(
    client,
    delegationManager,
    abi.delegationManagerAbi,
    "strategyManager",
  );
  return {
    registryCoordinator,
    serviceManager,
    avsDirectory,
    stakeRegistry,
    blsApkRegistry,
    delegationManager,
    strategyManager,
    strategy,
    taskManager: deployment?.addresses.incredibleSquaringTaskManager,
  };
}
