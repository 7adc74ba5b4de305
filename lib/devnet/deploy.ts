/**
 * Devnet deployer: EigenLayer core, middleware, stake token + strategy and the AVS, in one go,
 * with viem. No proxies: circular constructor references are closed by predicting CREATE
 * addresses from the deployer's nonce (see docs/contracts-eigenlayer.md), and every receipt is
 * checked against its prediction. On a fresh anvil the addresses are always the same.
 */
import {
  type Abi,
  type Address,
  createPublicClient,
  createWalletClient,
  getContractAddress,
  type Hex,
  http,
  type PublicClient,
  type TransactionReceipt,
  type WalletClient,
} from "viem";
import { privateKeyToAccount } from "viem/accounts";
import * as abis from "../chain/abi/mod.ts";
import { loadBytecode } from "./bytecode.ts";
import type { DevnetDeployment } from "./deployment_types.ts";
import { ANVIL_ADDRESSES, ANVIL_KEYS } from "./accounts.ts";

/** Where `deno task chain` writes the deployment unless told otherwise. */
export const DEFAULT_DEPLOYMENT_PATH = new URL(
  "../../contracts/deployments/devnet.json",
  import.meta.url,
).pathname;

/** Upstream parameters (upstream-avs.md §3.1, eigenlayer-contracts.md §1.2). */
export const DEVNET_PARAMETERS = {
  taskResponseWindowBlock: 30,
  taskChallengeWindowBlock: 100,
  vetoWindowBlock: 50,
  quorumNumbers: "0x00",
  quorumThresholdPercentage: 100,
  maxOperatorCount: 10_000,
  kickBIPsOfOperatorStake: 15_000,
  kickBIPsOfTotalStake: 100,
  minimumStake: 0n,
  strategyMultiplier: 10n ** 18n,
} as const;

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

type AbiName = keyof typeof abis;

/** Small sequential deployer that tracks the nonce itself so that addresses can be predicted. */
export class Deployer {
  nonce = 0;
  firstBlock = 0n;
  lastBlock = 0n;
  constructor(
    readonly pub: PublicClient,
    readonly wallet: WalletClient,
    readonly from: Address,
  ) {}

  async init(): Promise<void> {
    this.nonce = await this.pub.getTransactionCount({ address: this.from, blockTag: "pending" });
  }

  predict(offset: number): Address {
    return getContractAddress({ from: this.from, nonce: BigInt(this.nonce + offset) });
  }

  private async settle(hash: Hex, what: string): Promise<TransactionReceipt> {
    const receipt = await this.pub.waitForTransactionReceipt({ hash, pollingInterval: 20 });
    if (receipt.status !== "success") throw new Error(`deploy: ${what} reverted (tx ${hash})`);
    if (this.firstBlock === 0n) this.firstBlock = receipt.blockNumber;
    this.lastBlock = receipt.blockNumber;
    return receipt;
  }

  async deploy(contract: string, abi: Abi, args: readonly unknown[] = []): Promise<Address> {
    const expected = this.predict(0);
    const { bytecode } = await loadBytecode(contract);
    const hash = await this.wallet.deployContract(
      {
        abi,
        bytecode,
        args,
        account: this.wallet.account!,
        chain: this.wallet.chain,
        nonce: this.nonce,
      } as Parameters<WalletClient["deployContract"]>[0],
    );
    this.nonce++;
    const receipt = await this.settle(hash, `deployment of ${contract}`);
    if (receipt.contractAddress?.toLowerCase() !== expected.toLowerCase()) {
      throw new Error(
        `deploy: ${contract} landed at ${receipt.contractAddress}, expected ${expected}`,
      );
    }
    return expected;
  }

  async call(
    to: Address,
    abi: Abi,
    functionName: string,
    args: readonly unknown[],
  ): Promise<void> {
    const hash = await this.wallet.writeContract(
      {
        address: to,
        abi,
        functionName,
        args,
        account: this.wallet.account!,
        chain: this.wallet.chain,
        nonce: this.nonce,
      } as Parameters<WalletClient["writeContract"]>[0],
    );
    this.nonce++;
    await this.settle(hash, `${functionName} on ${to}`);
  }
}

export function abiOf(name: AbiName): Abi {
  return abis[name] as unknown as Abi;
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
  const erc20Mock = await d.deploy("ERC20Mock", abiOf("erc20MockAbi"));
  const erc20MockStrategy = await d.deploy("StrategyBase", abiOf("strategyBaseAbi"), [
    strategyManager,
    erc20Mock,
  ]);
  await d.call(strategyManager, abiOf("strategyManagerAbi"), "addStrategiesToDepositWhitelist", [
    [erc20MockStrategy],
    [false],
  ]);

  // ---- middleware; the RC sits 4 deployments ahead, the ServiceManager after the RC's
  // initialize transaction, the OSR and the TaskManager.
  const rcPredicted = d.predict(4);
  const serviceManagerPredicted = d.predict(8);
  const stakeRegistry = await d.deploy("StakeRegistry", abiOf("stakeRegistryAbi"), [
    rcPredicted,
    delegationManager,
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
    owner,
    owner, // churn approver (no churn on the devnet)
    serviceManagerPredicted, // ejector: finalised freezes eject through the ServiceManager
    "0x0000000000000000000000000000000000000000", // pauser registry: not used on the devnet
    0n,
    [{
      maxOperatorCount: P.maxOperatorCount,
      kickBIPsOfOperatorStake: P.kickBIPsOfOperatorStake,
      kickBIPsOfTotalStake: P.kickBIPsOfTotalStake,
    }],
    [P.minimumStake],
    [[{ strategy: erc20MockStrategy, multiplier: P.strategyMultiplier }]],
  ]);
  const operatorStateRetriever = await d.deploy(
    "OperatorStateRetriever",
    abiOf("operatorStateRetrieverAbi"),
  );

  // ---- AVS
  const incredibleSquaringTaskManager = await d.deploy(
    "IncredibleSquaringTaskManager",
    abiOf("incredibleSquaringTaskManagerAbi"),
    [registryCoordinator, responseWindow, aggregator, taskGenerator],
  );
  const incredibleSquaringServiceManager = await d.deploy(
    "IncredibleSquaringServiceManager",
    abiOf("incredibleSquaringServiceManagerAbi"),
    [
      avsDirectory,
      rewardsCoordinator,
      registryCoordinator,
      stakeRegistry,
      incredibleSquaringTaskManager,
      vetoCommittee,
      vetoThreshold,
      vetoWindowBlock,
    ],
  );
  if (incredibleSquaringServiceManager !== serviceManagerPredicted) {
    throw new Error("deploy: ServiceManager address differs from the one given to the RC");
  }

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
      registryCoordinator,
      blsApkRegistry,
      indexRegistry,
      stakeRegistry,
      socketRegistry,
      operatorStateRetriever,
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
    parameters: {
      taskResponseWindowBlock: responseWindow,
      taskChallengeWindowBlock: P.taskChallengeWindowBlock,
      vetoWindowBlock,
      quorumNumbers: P.quorumNumbers,
      quorumThresholdPercentage: P.quorumThresholdPercentage,
      quorumCount: 1,
      maxOperatorCount: P.maxOperatorCount,
      kickBIPsOfOperatorStake: P.kickBIPsOfOperatorStake,
      kickBIPsOfTotalStake: P.kickBIPsOfTotalStake,
      minimumStake: P.minimumStake.toString(),
      strategyMultiplier: P.strategyMultiplier.toString(),
    },
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
