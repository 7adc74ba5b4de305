/**
 * Deploys only the AVS (middleware registries, RegistryCoordinator, OperatorStateRetriever,
 * TaskManager, ServiceManager) onto an EigenLayer core that already exists, the way going to a
 * testnet works: the core addresses come from a deployment file (any format) or a network
 * preset, the stake strategy is given or a mock token + strategy is deployed and whitelisted.
 * The AVS's post-deploy steps (RegistryCoordinator initialisation with quorum 0, ownership) are
 * done here; the result is the deployment file every node reads.
 *
 * M2-era contracts only (this project's RegistryCoordinator registers through the AVSDirectory).
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
import { strategyBaseAbi } from "../chain/abi/mod.ts";
import { abiOf, Deployer, DEVNET_PARAMETERS } from "./deployer.ts";
import { deployM2Avs, deploymentParameters, deployMockStakeStrategy } from "./deploy_m2_avs.ts";
import { type Deployment, parseDeployment } from "../chain/deployment.ts";
import { ANVIL_ADDRESSES } from "./accounts.ts";

/** The existing EigenLayer core the AVS is deployed onto. */
export type ExistingCore = {
  delegationManager: Address;
  strategyManager: Address;
  avsDirectory: Address;
  rewardsCoordinator: Address;
  /** Optional extras, copied into the deployment file. */
  eigenPodManager?: Address;
  slasher?: Address;
};

/** Options of {@link deployAvsOnCore}. */
export interface DeployAvsOptions {
  rpcUrl: string;
  /** The deploying account's key (from the environment, never the command line). */
  deployerKey: Hex;
  core: ExistingCore;
  /**
   * Stake strategy of quorum 0. Without one, an ERC20Mock and a StrategyBase are deployed and
   * whitelisted (the deployer must then be the StrategyManager's whitelister).
   */
  strategy?: Address;
  owner?: Address;
  aggregator?: Address;
  taskGenerator?: Address;
  vetoCommittee?: Address[];
  vetoThreshold?: number;
  vetoWindowBlock?: number;
  taskResponseWindowBlock?: number;
  minimumStake?: bigint;
  /** When set, the deployment JSON is written there. */
  outFile?: string;
}

/**
 * Deploys the AVS onto `core` and returns (and optionally writes) the deployment.
 * @throws {Error} naming the step that failed.
 */
export async function deployAvsOnCore(opts: DeployAvsOptions): Promise<Deployment> {
  const account = privateKeyToAccount(opts.deployerKey);
  const pub = createPublicClient({ transport: http(opts.rpcUrl) }) as PublicClient;
  const chainId = await pub.getChainId();
  for (const [name, address] of Object.entries(opts.core)) {
    if (!address) continue;
    const code = await pub.getCode({ address });
    if (!code || code === "0x") {
      throw new Error(`deploy: core ${name} ${address} has no code on chain ${chainId}`);
    }
  }
  const chain = {
    id: chainId,
    name: `chain-${chainId}`,
    nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
    rpcUrls: { default: { http: [opts.rpcUrl] } },
  } as const;
  const wallet = createWalletClient({ account, chain, transport: http(opts.rpcUrl) });
  const d = new Deployer(pub, wallet, account.address);
  await d.init();
  const P = DEVNET_PARAMETERS;
  const owner = opts.owner ?? account.address;
  const aggregator = opts.aggregator ?? ANVIL_ADDRESSES[9];
  const taskGenerator = opts.taskGenerator ?? aggregator;
  const vetoCommittee = opts.vetoCommittee ?? [owner];
  const vetoThreshold = opts.vetoThreshold ?? 1;
  const vetoWindowBlock = opts.vetoWindowBlock ?? P.vetoWindowBlock;
  const responseWindow = opts.taskResponseWindowBlock ?? P.taskResponseWindowBlock;
  const minimumStake = opts.minimumStake ?? P.minimumStake;
  const { delegationManager, strategyManager, avsDirectory, rewardsCoordinator } = opts.core;

  // ---- stake strategy: given, or a mock token and a whitelisted strategy
  let erc20MockStrategy: Address;
  let erc20Mock: Address;
  if (opts.strategy) {
    erc20MockStrategy = opts.strategy;
    erc20Mock = await pub.readContract({
      address: opts.strategy,
      abi: strategyBaseAbi,
      functionName: "underlyingToken",
    });
  } else {
    ({ erc20Mock, erc20MockStrategy } = await deployMockStakeStrategy(d, strategyManager));
  }

  // ---- middleware and AVS: the same steps and order as the full devnet
  const avs = await deployM2Avs(d, {
    owner,
    aggregator,
    taskGenerator,
    vetoCommittee,
    vetoThreshold,
    vetoWindowBlock,
    responseWindow,
    minimumStake,
    delegationManager,
    avsDirectory,
    rewardsCoordinator,
    strategy: erc20MockStrategy,
  });
  const { incredibleSquaringTaskManager, incredibleSquaringServiceManager } = avs;
  if (owner.toLowerCase() !== account.address.toLowerCase()) {
    for (
      const [addr, abi] of [
        [incredibleSquaringTaskManager, "incredibleSquaringTaskManagerAbi"],
        [incredibleSquaringServiceManager, "incredibleSquaringServiceManagerAbi"],
      ] as const
    ) {
      await d.call(addr, abiOf(abi), "transferOwnership", [owner]);
    }
  }

  const deployment = parseDeployment({
    chainId,
    deployedAtBlock: Number(d.firstBlock),
    readyAtBlock: Number(d.lastBlock),
    addresses: {
      delegationManager,
      strategyManager,
      avsDirectory,
      rewardsCoordinator,
      ...(opts.core.eigenPodManager ? { eigenPodManager: opts.core.eigenPodManager } : {}),
      ...(opts.core.slasher ? { slasher: opts.core.slasher } : {}),
      erc20Mock,
      erc20MockStrategy,
      ...avs,
    },
    roles: {
      owner,
      aggregator,
      taskGenerator,
      ejector: incredibleSquaringServiceManager,
      vetoCommittee,
      vetoThreshold,
    },
    parameters: deploymentParameters({ responseWindow, vetoWindowBlock, minimumStake }),
  }, "deploy");
  if (opts.outFile) {
    await Deno.writeTextFile(opts.outFile, JSON.stringify(deployment, null, 2) + "\n");
  }
  return deployment;
}
