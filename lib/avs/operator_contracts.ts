/**
 * Where the operator's contracts live: read from the chain starting at the RegistryCoordinator
 * (from the upstream config key `avs_registry_coordinator_address` or the deployment file),
 * checked against everything the deployment file and config also name.
 *
 * @module
 */
import type { Address } from "viem";
import type { ReadClient } from "../chain/clients.ts";
import { type Deployment, type DeploymentHints, readDeploymentHints } from "../chain/deployment.ts";
import type { EigenLayerContracts } from "../eigenlayer/contracts.ts";
import { DEFAULT_DEPLOYMENT_PATH } from "../config/fields.ts";
import { resolveDeployment } from "./deployment_resolve.ts";

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
  operator_state_retriever_address?: Address;
};

/**
 * Resolves the operator's contracts from the chain (see `resolveDeployment`): the
 * RegistryCoordinator comes from the override or the deployment; the TaskManager, ServiceManager,
 * registries, AVSDirectory, DelegationManager and StrategyManager are read from on-chain getters,
 * and any of them the deployment (or config) also names must agree.
 * @throws {DeploymentMismatchError} naming both values when the deployment or config disagrees.
 */
export async function resolveOperatorContracts(
  client: ReadClient,
  deployment: Deployment | DeploymentHints | undefined,
  overrides: ContractOverrides = {},
): Promise<OperatorContracts> {
  const files = deployment === undefined
    ? []
    : ["format" in deployment ? deployment : projectHints(deployment)];
  const { deployment: d } = await resolveDeployment(client, {
    files,
    config: {
      registryCoordinator: overrides.avs_registry_coordinator_address,
      erc20MockStrategy: overrides.token_strategy_addr,
      operatorStateRetriever: overrides.operator_state_retriever_address,
    },
    configSource: "the operator config",
  });
  const a = d.addresses;
  return {
    registryCoordinator: a.registryCoordinator,
    serviceManager: a.incredibleSquaringServiceManager,
    stakeRegistry: a.stakeRegistry,
    blsApkRegistry: a.blsApkRegistry,
    indexRegistry: a.indexRegistry,
    socketRegistry: a.socketRegistry,
    avsDirectory: a.avsDirectory,
    delegationManager: a.delegationManager,
    strategyManager: a.strategyManager,
    operatorStateRetriever: a.operatorStateRetriever,
    strategy: a.erc20MockStrategy,
    taskManager: a.incredibleSquaringTaskManager,
  };
}

function projectHints(d: Deployment): DeploymentHints {
  return {
    format: "project",
    source: "the deployment file",
    deployment: d,
    chainId: d.chainId,
    deployedAtBlock: d.deployedAtBlock,
    addresses: { ...d.addresses },
  };
}

/**
 * The operator's deployment file, any format. Upstream's operator config names the
 * RegistryCoordinator and no deployment file: then the default devnet file is not read (it
 * belongs to another chain), and everything comes from the chain.
 */
export function operatorDeploymentHints(
  path: string | undefined,
  registryCoordinator: Address | undefined,
): DeploymentHints | undefined {
  if (path === undefined) return undefined;
  if (registryCoordinator && path === DEFAULT_DEPLOYMENT_PATH) return undefined;
  return readDeploymentHints(path);
}
