/** Shape of `contracts/deployments/devnet.json`, written by the devnet deployer. */
import type { Address } from "viem";

/** Contract addresses of a deployment (every key always present). */
export interface DeploymentAddresses {
  // EigenLayer core
  delegationManager: Address;
  strategyManager: Address;
  avsDirectory: Address;
  eigenPodManager: Address;
  rewardsCoordinator: Address;
  slasher: Address;
  // stake token and its strategy
  erc20Mock: Address;
  erc20MockStrategy: Address;
  // middleware
  registryCoordinator: Address;
  blsApkRegistry: Address;
  indexRegistry: Address;
  stakeRegistry: Address;
  socketRegistry: Address;
  operatorStateRetriever: Address;
  // AVS
  incredibleSquaringServiceManager: Address;
  incredibleSquaringTaskManager: Address;
}

/** Who holds which role. */
export interface DeploymentRoles {
  /** Owner of every ownable contract, strategy whitelister, churn approver, pauser. */
  owner: Address;
  aggregator: Address;
  taskGenerator: Address;
  /** RegistryCoordinator ejector: the ServiceManager, so that finalised freezes can eject. */
  ejector: Address;
  vetoCommittee: Address[];
  vetoThreshold: number;
}

/** Parameters the nodes need to know. */
export interface DeploymentParameters {
  taskResponseWindowBlock: number;
  taskChallengeWindowBlock: number;
  vetoWindowBlock: number;
  /** Quorum numbers the task generator uses, as hex bytes (`0x00` = quorum 0). */
  quorumNumbers: `0x${string}`;
  quorumThresholdPercentage: number;
  quorumCount: number;
  maxOperatorCount: number;
  kickBIPsOfOperatorStake: number;
  kickBIPsOfTotalStake: number;
  /** Decimal strings (uint96 values). */
  minimumStake: string;
  strategyMultiplier: string;
}

/** The whole deployment file. */
export interface DevnetDeployment {
  chainId: number;
  /** Block of the first deployment transaction. */
  deployedAtBlock: number;
  /** Block of the last deployment transaction (the chain is ready after it). */
  readyAtBlock: number;
  addresses: DeploymentAddresses;
  roles: DeploymentRoles;
  parameters: DeploymentParameters;
}
