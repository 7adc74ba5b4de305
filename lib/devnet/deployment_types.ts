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

/** Which EigenLayer release a deployment runs: M2 (AVSDirectory) or slashing (operator sets). */
export type EigenLayerEra = "m2" | "slashing";

/** The whole deployment file. */
export interface DevnetDeployment {
  /** Absent in M2 deployment files (written before the slashing era existed). */
  eigenlayer?: EigenLayerEra;
  chainId: number;
  /** Block of the first deployment transaction. */
  deployedAtBlock: number;
  /** Block of the last deployment transaction (the chain is ready after it). */
  readyAtBlock: number;
  addresses: DeploymentAddresses;
  roles: DeploymentRoles;
  parameters: DeploymentParameters;
}

/** Addresses of a slashing-era deployment (`contracts/deployments/devnet-slashing.json`). */
export interface SlashingDeploymentAddresses extends DeploymentAddresses {
  allocationManager: Address;
  permissionController: Address;
  pauserRegistry: Address;
  /** The middleware slasher (VetoableSlasher or InstantSlasher) whose slasher is the SM. */
  slasher: Address;
}

/** Parameters of a slashing-era deployment, on top of the M2 ones. */
export interface SlashingDeploymentParameters extends DeploymentParameters {
  /** `vetoable` (VetoableSlasher: queue, veto window, fulfil) or `instant` (InstantSlasher). */
  slasherKind: "vetoable" | "instant";
  /** AllocationManager DEALLOCATION_DELAY (blocks). */
  deallocationDelay: number;
  /** AllocationManager ALLOCATION_CONFIGURATION_DELAY (= SLASHER_CONFIGURATION_DELAY). */
  allocationConfigurationDelay: number;
  /** DelegationManager MIN_WITHDRAWAL_DELAY_BLOCKS. */
  minWithdrawalDelayBlocks: number;
  /** Allocation delay operators should pass to `registerAsOperator` on this devnet. */
  operatorAllocationDelay: number;
  /** StakeRegistry look-ahead of the slashable-stake quorums (blocks). */
  lookAheadBlocks: number;
  /** Share of each strategy slashed per fault, as a WAD decimal string (1e17 = 10 %). */
  wadToSlash: string;
  /** AVS metadata URI set on AllocationManager (required before operator sets exist). */
  avsMetadataURI: string;
}

/** A slashing-era deployment file: operator sets through AllocationManager. */
export interface SlashingDevnetDeployment extends DevnetDeployment {
  eigenlayer: "slashing";
  addresses: SlashingDeploymentAddresses;
  parameters: SlashingDeploymentParameters;
}

/** Whether a deployment is a slashing-era one. */
export function isSlashingDeployment(d: DevnetDeployment): d is SlashingDevnetDeployment {
  return d.eigenlayer === "slashing";
}
