/**
 * Devnet deployer: EigenLayer core, middleware, stake token + strategy and the AVS, in one go,
 * with viem. No proxies: circular constructor references are closed by predicting CREATE
 * addresses from the deployer's nonce (see docs/contracts-eigenlayer.md), and every receipt is
 * checked against its prediction. On a fresh anvil the addresses are always the same.
 */
import {
  type Address,
  createPublicClient,
  createWalletClient,
  type Hex,
  http,
  type PublicClient,
} from "viem";
import { privateKeyToAccount } from "viem/accounts";
import type { DevnetDeployment } from "./deployment_types.ts";
import { ANVIL_ADDRESSES, ANVIL_KEYS } from "./accounts.ts";
import { type AbiName, abiOf, Deployer, DEVNET_PARAMETERS } from "./deployer.ts";
import { deployM2Avs, deploymentParameters, deployMockStakeStrategy } from "./deploy_m2_avs.ts";

export { DEVNET_PARAMETERS } from "./deployer.ts";

/** Where `deno task chain` writes the deployment unless told otherwise. */
export const DEFAULT_DEPLOYMENT_PATH = new URL(
  "../../contracts/deployments/devnet.json",
  import.meta.url,
).pathname;

/** Options for {@link deployAll}. */
export interface DeployOptions {
  rpcUrl: string;
  /** Key of the deploying account (anvil #0 by default); it must have a fresh-enough nonce. */
  deployerKey?: Hex;
  /** Final owner of the ownable contracts (the deployer by default). */
  owner?: Address;
  /** TaskManager aggregator (anvil #9 by default). */
  aggregator?: Address;
  /** TaskManager task generator (anvil #9 by default). */
  taskGenerator?: Address;
  /** Veto committee members (anvil #0 and #1 by default). */
  vetoCommittee?: Address[];
  /** Vetoes needed to cancel a freeze request (1 by default). */
  vetoThreshold?: number;
  /** Veto window in blocks. */
  vetoWindowBlock?: number;
  /** TaskManager response window in blocks (30 by default). */
  taskResponseWindowBlock?: number;
  /** When set, the deployment JSON is written there. */
  outFile?: string;
}

/**
 * Deploys everything to the chain at `rpcUrl` and returns (and optionally writes) the
 * deployment description. On a fresh anvil with default options the result equals the
 * committed `contracts/deployments/devnet.json`.
 */
export async function deployAll(opts: DeployOptions): Promise<DevnetDeployment> {
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
  await d.init();

  const owner = opts.owner ?? account.address;
  const aggregator = opts.aggregator ?? ANVIL_ADDRESSES[9];
  const taskGenerator = opts.taskGenerator ?? ANVIL_ADDRESSES[9];
  const vetoCommittee = opts.vetoCommittee ?? [ANVIL_ADDRESSES[0], ANVIL_ADDRESSES[1]];
  const vetoThreshold = opts.vetoThreshold ?? 1;
  const vetoWindowBlock = opts.vetoWindowBlock ?? DEVNET_PARAMETERS.vetoWindowBlock;
  const responseWindow = opts.taskResponseWindowBlock ?? DEVNET_PARAMETERS.taskResponseWindowBlock;
  const P = DEVNET_PARAMETERS;

  // ---- EigenLayer core (deploy order of docs/contracts-eigenlayer.md)
  const eigenPodManager = await d.deploy("EigenPodManager", abiOf("eigenPodManagerAbi"));
  const slasher = await d.deploy("Slasher", abiOf("slasherAbi"));
  const rewardsCoordinator = await d.deploy("RewardsCoordinator", abiOf("rewardsCoordinatorAbi"));
  const strategyManagerPredicted = d.predict(1);
  const delegationManager = await d.deploy("DelegationManager", abiOf("delegationManagerAbi"), [
    strategyManagerPredicted,
    slasher,
    eigenPodManager,
  ]);
  const strategyManager = await d.deploy("StrategyManager", abiOf("strategyManagerAbi"), [
    delegationManager,
    eigenPodManager,
    slasher,
  ]);
  const avsDirectory = await d.deploy("AVSDirectory", abiOf("avsDirectoryAbi"), [
    delegationManager,
  ]);
  const { erc20Mock, erc20MockStrategy } = await deployMockStakeStrategy(d, strategyManager);

  // ---- middleware and AVS
  const avs = await deployM2Avs(d, {
    owner,
    aggregator,
    taskGenerator,
    vetoCommittee,
    vetoThreshold,
    vetoWindowBlock,
    responseWindow,
    minimumStake: P.minimumStake,
    delegationManager,
    avsDirectory,
    rewardsCoordinator,
    strategy: erc20MockStrategy,
  });
  const { incredibleSquaringTaskManager, incredibleSquaringServiceManager } = avs;

  // ---- hand over ownership when the owner is not the deployer
  if (owner.toLowerCase() !== account.address.toLowerCase()) {
    const owned: [Address, AbiName][] = [
      [delegationManager, "delegationManagerAbi"],
      [strategyManager, "strategyManagerAbi"],
      [avsDirectory, "avsDirectoryAbi"],
      [incredibleSquaringTaskManager, "incredibleSquaringTaskManagerAbi"],
      [incredibleSquaringServiceManager, "incredibleSquaringServiceManagerAbi"],
    ];
    for (const [addr, abi] of owned) {
      if (abiOf(abi).some((f) => f.type === "function" && f.name === "transferOwnership")) {
        await d.call(addr, abiOf(abi), "transferOwnership", [owner]);
      }
    }
  }

  const deployment: DevnetDeployment = {
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
      registryCoordinator: avs.registryCoordinator,
      blsApkRegistry: avs.blsApkRegistry,
      indexRegistry: avs.indexRegistry,
      stakeRegistry: avs.stakeRegistry,
      socketRegistry: avs.socketRegistry,
      operatorStateRetriever: avs.operatorStateRetriever,
      incredibleSquaringServiceManager,
      incredibleSquaringTaskManager,
    },
    roles: {
      owner,
      aggregator,
      taskGenerator,
      ejector: incredibleSquaringServiceManager,
      vetoCommittee,
      vetoThreshold,
    },
    parameters: deploymentParameters({
      responseWindow,
      vetoWindowBlock,
      minimumStake: P.minimumStake,
    }),
  };
  if (opts.outFile) await writeDeployment(opts.outFile, deployment);
  return deployment;
}

/** Serialises a deployment exactly as committed (2-space JSON, trailing newline). */
export function formatDeployment(deployment: DevnetDeployment): string {
  return `${JSON.stringify(deployment, null, 2)}\n`;
}

/** Writes the deployment JSON, creating the directory if needed. */
export async function writeDeployment(path: string, deployment: DevnetDeployment): Promise<void> {
  const dir = path.replace(/\/[^/]*$/, "");
  if (dir && dir !== path) await Deno.mkdir(dir, { recursive: true });
  await Deno.writeTextFile(path, formatDeployment(deployment));
}
