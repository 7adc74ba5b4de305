/**
 * Devnet deployer for the slashing era: EigenLayer core v1 (AllocationManager, DelegationManager,
 * StrategyManager, PermissionController, RewardsCoordinator, PauserRegistry), middleware v2
 * (RegistryCoordinator as the AVS registrar, slashable-stake StakeRegistry, a VetoableSlasher or
 * InstantSlasher) and the AVS (today's TaskManager, the slashing-mode ServiceManager), wired the
 * way a slashing-era AVS is: metadata URI, registrar, appointees, quorum 0 created as a
 * slashable-stake operator set. Same approach as `deploy.ts`: no proxies, circular constructor
 * references closed by predicting CREATE addresses, every receipt checked.
 */
import { type Abi, createPublicClient, createWalletClient, http, type PublicClient } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import * as m2 from "../chain/abi/mod.ts";
import * as slashing from "../chain/abi/slashing/mod.ts";
import { type DeployOptions, writeDeployment } from "./deploy.ts";
import { Deployer, DEVNET_PARAMETERS } from "./deployer.ts";
import { deploymentParameters } from "./deploy_m2_avs.ts";
import type { SlashingDevnetDeployment } from "./deployment_types.ts";
import { ANVIL_ADDRESSES, ANVIL_KEYS } from "./accounts.ts";

/** Where `deno task chain --eigenlayer slashing` writes the deployment unless told otherwise. */
export const DEFAULT_SLASHING_DEPLOYMENT_PATH = new URL(
  "../../contracts/deployments/devnet-slashing.json",
  import.meta.url,
).pathname;

/** Which middleware slasher the ServiceManager drives. */
export type SlasherKind = "vetoable" | "instant";

/** Devnet values of the slashing-era delays and the AVS's slashing parameters. */
export const SLASHING_DEVNET_PARAMETERS = {
  /** Blocks a slashable deallocation waits (and a leaver stays slashable). Mainnet: ~14 days. */
  deallocationDelay: 5,
  /** Blocks before a changed allocation delay / slasher applies. Mainnet: 126000. */
  allocationConfigurationDelay: 2,
  minWithdrawalDelayBlocks: 5,
  /** What operators should pass to registerAsOperator: allocations count from the next block. */
  operatorAllocationDelay: 0,
  lookAheadBlocks: 2,
  wadToSlash: 10n ** 17n,
  avsMetadataURI: "https://github.com/Layr-Labs/incredible-squaring-avs",
  /** RewardsCoordinator time parameters (seconds), upstream's mainnet values. */
  rewards: {
    calculationIntervalSeconds: 86_400,
    maxRewardsDuration: 6_048_000,
    maxRetroactiveLength: 7_776_000,
    maxFutureLength: 2_592_000,
    genesisRewardsTimestamp: 1_710_979_200,
  },
  coreVersion: "v1.12.0",
} as const;

/** AllocationManager selectors the AVS appoints callers for (reference §4). */
const SELECTORS = {
  updateAVSMetadataURI: "0xa9821821",
  setAVSRegistrar: "0xd3d96ff4",
  createOperatorSetsV2: "0x3dff8e7d",
  deregisterFromOperatorSets: "0x6e3492b5",
} as const;

/** Options for {@link deploySlashing}: those of `deployAll` plus the slasher kind. */
export interface SlashingDeployOptions extends DeployOptions {
  /** `vetoable` (default): queue → veto window → fulfil; `instant`: slashed in the challenge. */
  slasherKind?: SlasherKind;
}

const abi = (a: unknown) => a as Abi;

/**
 * Deploys the slashing-era stack to the chain at `rpcUrl` and returns (and optionally writes)
 * the deployment description. On a fresh anvil with default options the result equals the
 * committed `contracts/deployments/devnet-slashing.json`.
 */
export async function deploySlashing(
  opts: SlashingDeployOptions,
): Promise<SlashingDevnetDeployment> {
  const account = privateKeyToAccount(opts.deployerKey ?? ANVIL_KEYS[0]);
  const pub = createPublicClient({ transport: http(opts.rpcUrl) }) as PublicClient;
  const chainId = await pub.getChainId();
  const chain = {
    id: chainId,
    name: "devnet",
    nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
    rpcUrls: { default: { http: [opts.rpcUrl] } },
  } as const;
  const wallet = createWalletClient({ account, chain, transport: http(opts.rpcUrl) });
  const d = new Deployer(pub, wallet, account.address);
  // Contracts come from the M2 build or the slashing-era build.
  const deploy = (
    era: "m2" | "slashing",
    contract: string,
    abi: Abi,
    args: readonly unknown[] = [],
  ) => d.deploy(contract, abi, args, era);
  await d.init();

  const P = DEVNET_PARAMETERS;
  const S = SLASHING_DEVNET_PARAMETERS;
  const deployer = account.address;
  const owner = opts.owner ?? deployer;
  const aggregator = opts.aggregator ?? ANVIL_ADDRESSES[9];
  const taskGenerator = opts.taskGenerator ?? ANVIL_ADDRESSES[9];
  const slasherKind = opts.slasherKind ?? "vetoable";
  const vetoCommittee = opts.vetoCommittee ?? [ANVIL_ADDRESSES[1]];
  if (vetoCommittee.length !== 1) {
    throw new Error(
      `deploySlashing: the VetoableSlasher has one veto committee address (use a multisig), got ${vetoCommittee.length}`,
    );
  }
  if (opts.vetoThreshold !== undefined && opts.vetoThreshold !== 1) {
    throw new Error(
      `deploySlashing: vetoThreshold must be 1 in the slashing era (one committee address), got ${opts.vetoThreshold}`,
    );
  }
  const vetoWindowBlock = opts.vetoWindowBlock ?? P.vetoWindowBlock;
  const responseWindow = opts.taskResponseWindowBlock ?? P.taskResponseWindowBlock;

  // ---- core v1 (AllocationManager, DelegationManager and StrategyManager reference each other)
  const eigenPodManager = await deploy("m2", "EigenPodManager", abi(m2.eigenPodManagerAbi));
  const pauserRegistry = await deploy(
    "slashing",
    "PauserRegistry",
    abi(slashing.pauserRegistryAbi),
    [
      [owner],
      owner,
    ],
  );
  const permissionController = await deploy(
    "slashing",
    "PermissionController",
    abi(slashing.permissionControllerAbi),
    [S.coreVersion],
  );
  const delegationPredicted = d.predict(1);
  const strategyManagerPredicted = d.predict(2);
  const allocationManager = await deploy(
    "slashing",
    "AllocationManager",
    abi(slashing.allocationManagerAbi),
    [
      delegationPredicted,
      "0x0000000000000000000000000000000000000000", // no EIGEN strategy on the devnet
      pauserRegistry,
      permissionController,
      S.deallocationDelay,
      S.allocationConfigurationDelay,
      S.coreVersion,
    ],
  );
  const delegationManager = await deploy(
    "slashing",
    "DelegationManager",
    abi(slashing.delegationManagerAbi),
    [
      strategyManagerPredicted,
      eigenPodManager,
      allocationManager,
      pauserRegistry,
      permissionController,
      S.minWithdrawalDelayBlocks,
      S.coreVersion,
    ],
  );
  const strategyManager = await deploy(
    "slashing",
    "StrategyManager",
    abi(slashing.strategyManagerAbi),
    [allocationManager, delegationManager, pauserRegistry, S.coreVersion],
  );
  await d.call(allocationManager, abi(slashing.allocationManagerAbi), "initialize", [0n]);
  await d.call(delegationManager, abi(slashing.delegationManagerAbi), "initialize", [0n]);
  await d.call(strategyManager, abi(slashing.strategyManagerAbi), "initialize", [
    owner,
    deployer,
    0n,
  ]);
  const rewardsCoordinator = await deploy(
    "slashing",
    "RewardsCoordinator",
    abi(slashing.rewardsCoordinatorAbi),
    [
      strategyManager,
      allocationManager,
      pauserRegistry,
      permissionController,
      S.rewards,
      S.coreVersion,
    ],
  );
  await d.call(rewardsCoordinator, abi(slashing.rewardsCoordinatorAbi), "initialize", [0n]);
  const avsDirectory = await deploy("m2", "AVSDirectory", abi(m2.avsDirectoryAbi), [
    delegationManager,
  ]);
  const erc20Mock = await deploy("m2", "ERC20Mock", abi(m2.erc20MockAbi));
  const erc20MockStrategy = await deploy(
    "slashing",
    "StrategyBase",
    abi(slashing.strategyBaseAbi),
    [
      strategyManager,
      erc20Mock,
      pauserRegistry,
    ],
  );
  await d.call(
    strategyManager,
    abi(slashing.strategyManagerAbi),
    "addStrategiesToDepositWhitelist",
    [
      [erc20MockStrategy],
    ],
  );

  // ---- middleware + AVS: registries (k..k+3), coordinator (k+4), OSR (k+5), TaskManager
  // (k+6), ServiceManager (k+7), slasher (k+8).
  const coordinatorPredicted = d.predict(4);
  const serviceManagerPredicted = d.predict(7);
  const slasherPredicted = d.predict(8);
  const stakeRegistry = await deploy(
    "slashing",
    "StakeRegistry",
    abi(slashing.stakeRegistryAbi),
    [
      coordinatorPredicted,
      delegationManager,
      avsDirectory,
      allocationManager,
    ],
  );
  const blsApkRegistry = await deploy("m2", "BLSApkRegistry", abi(m2.blsApkRegistryAbi), [
    coordinatorPredicted,
  ]);
  const indexRegistry = await deploy("m2", "IndexRegistry", abi(m2.indexRegistryAbi), [
    coordinatorPredicted,
  ]);
  const socketRegistry = await deploy("m2", "SocketRegistry", abi(m2.socketRegistryAbi), [
    coordinatorPredicted,
  ]);
  const registryCoordinator = await deploy(
    "slashing",
    "RegistryCoordinator",
    abi(slashing.registryCoordinatorAbi),
    [{
      serviceManager: serviceManagerPredicted,
      slashingParams: {
        stakeRegistry,
        blsApkRegistry,
        indexRegistry,
        socketRegistry,
        allocationManager,
        pauserRegistry,
      },
    }],
  );
  const operatorStateRetriever = await deploy(
    "m2",
    "OperatorStateRetriever",
    abi(m2.operatorStateRetrieverAbi),
  );
  const incredibleSquaringTaskManager = await deploy(
    "m2",
    "IncredibleSquaringTaskManager",
    abi(m2.incredibleSquaringTaskManagerAbi),
    [registryCoordinator, responseWindow, aggregator, taskGenerator],
  );
  const incredibleSquaringServiceManager = await deploy(
    "m2",
    "IncredibleSquaringSlashingServiceManager",
    abi(m2.incredibleSquaringSlashingServiceManagerAbi),
    [
      avsDirectory,
      rewardsCoordinator,
      registryCoordinator,
      stakeRegistry,
      permissionController,
      allocationManager,
      incredibleSquaringTaskManager,
      slasherPredicted,
      slasherKind === "instant" ? 1 : 0,
    ],
  );
  const slasher = slasherKind === "instant"
    ? await deploy("slashing", "InstantSlasher", abi(slashing.instantSlasherAbi), [
      allocationManager,
      strategyManager,
      registryCoordinator,
      incredibleSquaringServiceManager,
    ])
    : await deploy("slashing", "VetoableSlasher", abi(slashing.vetoableSlasherAbi), [
      allocationManager,
      strategyManager,
      registryCoordinator,
      incredibleSquaringServiceManager,
      vetoCommittee[0],
      vetoWindowBlock,
    ]);
  if (
    registryCoordinator !== coordinatorPredicted ||
    incredibleSquaringServiceManager !== serviceManagerPredicted || slasher !== slasherPredicted
  ) {
    throw new Error("deploySlashing: an address differs from its prediction");
  }

  // ---- wiring (reference §4): the deployer owns everything until the end.
  const rcAbi = abi(slashing.registryCoordinatorAbi);
  const smAbi = abi(m2.incredibleSquaringSlashingServiceManagerAbi);
  const amAbi = abi(slashing.allocationManagerAbi);
  const sm = incredibleSquaringServiceManager;
  await d.call(registryCoordinator, rcAbi, "initialize", [deployer, owner, owner, 0n, sm]);
  await d.call(sm, smAbi, "initialize", [deployer, owner]);
  await d.call(sm, smAbi, "setAppointee", [
    deployer,
    allocationManager,
    SELECTORS.updateAVSMetadataURI,
  ]);
  await d.call(allocationManager, amAbi, "updateAVSMetadataURI", [sm, S.avsMetadataURI]);
  await d.call(sm, smAbi, "setAppointee", [deployer, allocationManager, SELECTORS.setAVSRegistrar]);
  await d.call(allocationManager, amAbi, "setAVSRegistrar", [sm, registryCoordinator]);
  await d.call(sm, smAbi, "setAppointee", [
    registryCoordinator,
    allocationManager,
    SELECTORS.createOperatorSetsV2,
  ]);
  await d.call(sm, smAbi, "setAppointee", [
    registryCoordinator,
    allocationManager,
    SELECTORS.deregisterFromOperatorSets,
  ]);
  await d.call(registryCoordinator, rcAbi, "createSlashableStakeQuorum", [
    {
      maxOperatorCount: P.maxOperatorCount,
      kickBIPsOfOperatorStake: P.kickBIPsOfOperatorStake,
      kickBIPsOfTotalStake: P.kickBIPsOfTotalStake,
    },
    P.minimumStake,
    [{ strategy: erc20MockStrategy, multiplier: P.strategyMultiplier }],
    S.lookAheadBlocks,
    slasher,
  ]);

  // ---- hand over ownership when the owner is not the deployer
  if (owner.toLowerCase() !== deployer.toLowerCase()) {
    await d.call(registryCoordinator, rcAbi, "transferOwnership", [owner]);
    await d.call(sm, smAbi, "transferOwnership", [owner]);
    await d.call(
      incredibleSquaringTaskManager,
      abi(m2.incredibleSquaringTaskManagerAbi),
      "transferOwnership",
      [owner],
    );
    await d.call(strategyManager, abi(slashing.strategyManagerAbi), "setStrategyWhitelister", [
      owner,
    ]);
  }

  const deployment: SlashingDevnetDeployment = {
    eigenlayer: "slashing",
    chainId,
    deployedAtBlock: Number(d.firstBlock),
    readyAtBlock: Number(d.lastBlock),
    addresses: {
      delegationManager,
      strategyManager,
      avsDirectory,
      eigenPodManager,
      rewardsCoordinator,
      slasher,
      erc20Mock,
      erc20MockStrategy,
      registryCoordinator,
      blsApkRegistry,
      indexRegistry,
      stakeRegistry,
      socketRegistry,
      operatorStateRetriever,
      incredibleSquaringServiceManager,
      incredibleSquaringTaskManager,
      allocationManager,
      permissionController,
      pauserRegistry,
    },
    roles: {
      owner,
      aggregator,
      taskGenerator,
      ejector: owner,
      vetoCommittee,
      vetoThreshold: 1,
    },
    parameters: {
      ...deploymentParameters({ responseWindow, vetoWindowBlock, minimumStake: P.minimumStake }),
      slasherKind,
      deallocationDelay: S.deallocationDelay,
      allocationConfigurationDelay: S.allocationConfigurationDelay,
      minWithdrawalDelayBlocks: S.minWithdrawalDelayBlocks,
      operatorAllocationDelay: S.operatorAllocationDelay,
      lookAheadBlocks: S.lookAheadBlocks,
      wadToSlash: S.wadToSlash.toString(),
      avsMetadataURI: S.avsMetadataURI,
    },
  };
  if (opts.outFile) await writeDeployment(opts.outFile, deployment);
  return deployment;
}
