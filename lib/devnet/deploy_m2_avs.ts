/**
 * The M2 AVS deployment shared by the full devnet (`deploy.ts`) and the AVS-only deployment onto
 * an existing core (`deploy_avs.ts`): the four registries, the RegistryCoordinator (initialised
 * with quorum 0), the OperatorStateRetriever, the TaskManager and the ServiceManager, in one fixed
 * order so that the predicted addresses that close the constructor cycles hold. Also the
 * `parameters` block every deployment file carries.
 *
 * @module
 */
import type { Address } from "viem";
import type { DeploymentParameters } from "./deployment_types.ts";
import { abiOf, type Deployer, DEVNET_PARAMETERS } from "./deployer.ts";

/** What the M2 AVS is deployed onto and with. */
export interface M2AvsInputs {
  owner: Address;
  aggregator: Address;
  taskGenerator: Address;
  vetoCommittee: readonly Address[];
  vetoThreshold: number;
  vetoWindowBlock: number;
  responseWindow: number;
  minimumStake: bigint;
  /** The EigenLayer core. */
  delegationManager: Address;
  avsDirectory: Address;
  rewardsCoordinator: Address;
  /** Quorum 0's stake strategy. */
  strategy: Address;
}

/** The addresses {@link deployM2Avs} deployed. */
export interface M2AvsAddresses {
  stakeRegistry: Address;
  blsApkRegistry: Address;
  indexRegistry: Address;
  socketRegistry: Address;
  registryCoordinator: Address;
  operatorStateRetriever: Address;
  incredibleSquaringTaskManager: Address;
  incredibleSquaringServiceManager: Address;
}

/**
 * Deploys the middleware and the AVS. The RegistryCoordinator is the 5th deployment from here
 * and the ServiceManager the 9th transaction (after the coordinator's `initialize`, the
 * OperatorStateRetriever and the TaskManager); both are handed to constructors before they exist.
 * @throws {Error} when the ServiceManager lands elsewhere than predicted
 */
export async function deployM2Avs(d: Deployer, i: M2AvsInputs): Promise<M2AvsAddresses> {
  const P = DEVNET_PARAMETERS;
  const rcPredicted = d.predict(4);
  const serviceManagerPredicted = d.predict(8);
  const stakeRegistry = await d.deploy("StakeRegistry", abiOf("stakeRegistryAbi"), [
    rcPredicted,
    i.delegationManager,
  ]);
  const blsApkRegistry = await d.deploy("BLSApkRegistry", abiOf("blsApkRegistryAbi"), [
    rcPredicted,
  ]);
  const indexRegistry = await d.deploy("IndexRegistry", abiOf("indexRegistryAbi"), [rcPredicted]);
  const socketRegistry = await d.deploy("SocketRegistry", abiOf("socketRegistryAbi"), [
    rcPredicted,
  ]);
  const registryCoordinator = await d.deploy(
    "RegistryCoordinator",
    abiOf("registryCoordinatorAbi"),
    [serviceManagerPredicted, stakeRegistry, blsApkRegistry, indexRegistry, socketRegistry],
  );
  await d.call(registryCoordinator, abiOf("registryCoordinatorAbi"), "initialize", [
    i.owner,
    i.owner, // churn approver (no churn here)
    serviceManagerPredicted, // ejector: finalised freezes eject through the ServiceManager
    "0x0000000000000000000000000000000000000000", // pauser registry: not used
    0n,
    [{
      maxOperatorCount: P.maxOperatorCount,
      kickBIPsOfOperatorStake: P.kickBIPsOfOperatorStake,
      kickBIPsOfTotalStake: P.kickBIPsOfTotalStake,
    }],
    [i.minimumStake],
    [[{ strategy: i.strategy, multiplier: P.strategyMultiplier }]],
  ]);
  const operatorStateRetriever = await d.deploy(
    "OperatorStateRetriever",
    abiOf("operatorStateRetrieverAbi"),
  );
  const incredibleSquaringTaskManager = await d.deploy(
    "IncredibleSquaringTaskManager",
    abiOf("incredibleSquaringTaskManagerAbi"),
    [registryCoordinator, i.responseWindow, i.aggregator, i.taskGenerator],
  );
  const incredibleSquaringServiceManager = await d.deploy(
    "IncredibleSquaringServiceManager",
    abiOf("incredibleSquaringServiceManagerAbi"),
    [
      i.avsDirectory,
      i.rewardsCoordinator,
      registryCoordinator,
      stakeRegistry,
      incredibleSquaringTaskManager,
      i.vetoCommittee,
      i.vetoThreshold,
      i.vetoWindowBlock,
    ],
  );
  if (incredibleSquaringServiceManager !== serviceManagerPredicted) {
    throw new Error("deploy: ServiceManager address differs from the one given to the RC");
  }
  return {
    stakeRegistry,
    blsApkRegistry,
    indexRegistry,
    socketRegistry,
    registryCoordinator,
    operatorStateRetriever,
    incredibleSquaringTaskManager,
    incredibleSquaringServiceManager,
  };
}

/** A mock stake token and a strategy for it, whitelisted for deposits on the StrategyManager. */
export async function deployMockStakeStrategy(
  d: Deployer,
  strategyManager: Address,
): Promise<{ erc20Mock: Address; erc20MockStrategy: Address }> {
  const erc20Mock = await d.deploy("ERC20Mock", abiOf("erc20MockAbi"));
  const erc20MockStrategy = await d.deploy("StrategyBase", abiOf("strategyBaseAbi"), [
    strategyManager,
    erc20Mock,
  ]);
  await d.call(strategyManager, abiOf("strategyManagerAbi"), "addStrategiesToDepositWhitelist", [
    [erc20MockStrategy],
    [false],
  ]);
  return { erc20Mock, erc20MockStrategy };
}

/** The `parameters` block of a deployment file with quorum 0 as the devnet sets it up. */
export function deploymentParameters(
  p: { responseWindow: number; vetoWindowBlock: number; minimumStake: bigint },
): DeploymentParameters {
  const P = DEVNET_PARAMETERS;
  return {
    taskResponseWindowBlock: p.responseWindow,
    taskChallengeWindowBlock: P.taskChallengeWindowBlock,
    vetoWindowBlock: p.vetoWindowBlock,
    quorumNumbers: P.quorumNumbers,
    quorumThresholdPercentage: P.quorumThresholdPercentage,
    quorumCount: 1,
    maxOperatorCount: P.maxOperatorCount,
    kickBIPsOfOperatorStake: P.kickBIPsOfOperatorStake,
    kickBIPsOfTotalStake: P.kickBIPsOfTotalStake,
    minimumStake: p.minimumStake.toString(),
    strategyMultiplier: P.strategyMultiplier.toString(),
  };
}
