/**
 * A node's addresses from the chain: given the RegistryCoordinator (from the config or any
 * deployment file format), every other AVS and EigenLayer address is read from on-chain getters,
 * and whatever a deployment file or config also says must agree. A disagreement stops the node
 * with both values named, so a node can never quietly talk to another deployment's TaskManager.
 *
 * @module
 */
import type { Address } from "viem";
import {
  incredibleSquaringServiceManagerAbi,
  incredibleSquaringTaskManagerAbi,
  stakeRegistryAbi,
  strategyBaseAbi,
} from "../chain/abi/mod.ts";
import { createChainClients, type ReadClient } from "../chain/clients.ts";
import {
  type Deployment,
  type DeploymentHints,
  parseDeployment,
  readDeploymentHints,
} from "../chain/deployment.ts";
import { read } from "../chain/tx.ts";
import { checkNetwork, coreMismatches, networkPreset } from "../chain/networks.ts";
import { discoverContracts } from "../eigenlayer/contracts.ts";

/** What a node knows before asking the chain. */
export type DeploymentInputs = {
  /** Deployment files already read (any format), in the order given. */
  files: DeploymentHints[];
  /** Addresses from the config (`avs_registry_coordinator_address`, …) by this project's names. */
  config?: Partial<Record<string, Address>>;
  /** What to call the config in messages (its path). */
  configSource?: string;
};

/** A deployment read from the chain, plus where each given value came from. */
export type ResolvedDeployment = {
  deployment: Deployment;
  /** Names of the addresses only the chain supplied (no file or config named them). */
  derived: string[];
};

/** Raised when a file or the config disagrees with the chain; names both values. */
export class DeploymentMismatchError extends Error {
  /** Builds the error from one line per disagreement. */
  constructor(readonly lines: string[]) {
    super(`deployment does not match the chain:\n  ${lines.join("\n  ")}`);
    this.name = "DeploymentMismatchError";
  }
}

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/**
 * Resolves the full deployment from the chain: the RegistryCoordinator comes from the config or a
 * file (they must agree); ServiceManager, registries, AVSDirectory, DelegationManager,
 * StrategyManager come from `discoverContracts`, the TaskManager from
 * `ServiceManager.incredibleSquaringTaskManager()`, the strategy from the StakeRegistry's quorum 0,
 * the token from the strategy, roles and windows from the TaskManager.
 * @throws {DeploymentMismatchError} when a given address or the chain id disagrees with the chain.
 * @throws {Error} when no RegistryCoordinator is given, or a getter fails (wrong address).
 */
export async function resolveDeployment(
  client: ReadClient,
  inputs: DeploymentInputs,
): Promise<ResolvedDeployment> {
  const given = givenValues(inputs);
  const rcGiven = given.get("registryCoordinator") ?? [];
  const mismatches: string[] = [];
  if (rcGiven.length === 0) {
    throw new Error(
      "no RegistryCoordinator address: set avs_registry_coordinator_address in the config or " +
        "give a deployment file that names registryCoordinator",
    );
  }
  const registryCoordinator = rcGiven[0].value;
  for (const g of rcGiven.slice(1)) {
    if (!same(g.value, registryCoordinator)) {
      mismatches.push(
        `registryCoordinator: ${
          rcGiven[0].source
        } says ${registryCoordinator}, ${g.source} says ${g.value}`,
      );
    }
  }
  if (mismatches.length > 0) throw new DeploymentMismatchError(mismatches);

  const chainId = await client.getChainId();
  for (const f of inputs.files) {
    if (f.chainId !== undefined && f.chainId !== chainId) {
      mismatches.push(
        `chainId: ${f.source} says ${f.chainId}, the RPC endpoint is chain ${chainId}`,
      );
    }
  }
  if (mismatches.length > 0) throw new DeploymentMismatchError(mismatches);

  const code = await client.getCode({ address: registryCoordinator });
  if (!code || code === "0x") {
    throw new Error(
      `registryCoordinator ${registryCoordinator} (from ${rcGiven[0].source}) has no code on ` +
        `chain ${chainId}: wrong address or wrong chain`,
    );
  }
  const discovered = await discoverContracts(client, registryCoordinator);
  const sm = { address: discovered.serviceManager, abi: incredibleSquaringServiceManagerAbi };
  const taskManager = await read(client, { ...sm, functionName: "incredibleSquaringTaskManager" });
  const tm = { address: taskManager, abi: incredibleSquaringTaskManagerAbi } as const;
  const [owner, aggregator, generator, responseWindow, challengeWindow] = await Promise.all([
    read(client, { ...tm, functionName: "owner" }),
    read(client, { ...tm, functionName: "aggregator" }),
    read(client, { ...tm, functionName: "generator" }),
    read(client, { ...tm, functionName: "getTaskResponseWindowBlock" }),
    read(client, { ...tm, functionName: "TASK_CHALLENGE_WINDOW_BLOCK" }),
  ]);
  const rewardsCoordinator = await read(client, { ...sm, functionName: "rewardsCoordinator" })
    .catch(() => undefined);
  // The stake strategy: the file's (checked below) or the first strategy of quorum 0.
  const strategy: Address = given.get("erc20MockStrategy")?.[0]?.value ?? await read(client, {
    address: discovered.stakeRegistry,
    abi: stakeRegistryAbi,
    functionName: "strategyParamsByIndex",
    args: [0, 0n],
  }).then((p) => p.strategy);
  const token = await read(client, {
    address: strategy,
    abi: strategyBaseAbi,
    functionName: "underlyingToken",
  });

  const fromChain: Record<string, Address | undefined> = {
    registryCoordinator,
    incredibleSquaringServiceManager: discovered.serviceManager,
    incredibleSquaringTaskManager: taskManager,
    stakeRegistry: discovered.stakeRegistry,
    blsApkRegistry: discovered.blsApkRegistry,
    indexRegistry: discovered.indexRegistry,
    socketRegistry: discovered.socketRegistry,
    avsDirectory: discovered.avsDirectory,
    delegationManager: discovered.delegationManager,
    strategyManager: discovered.strategyManager,
    rewardsCoordinator,
    erc20Mock: token,
  };
  // On a public network the core must be that network's EigenLayer.
  mismatches.push(...coreMismatches(chainId, {
    delegationManager: discovered.delegationManager,
    strategyManager: discovered.strategyManager,
    avsDirectory: discovered.avsDirectory,
    rewardsCoordinator,
  }));
  const derived: string[] = [];
  for (const [name, value] of Object.entries(fromChain)) {
    if (!value) continue;
    const claims = given.get(name) ?? [];
    if (claims.length === 0) derived.push(name);
    for (const c of claims) {
      if (!same(c.value, value)) {
        mismatches.push(`${name}: ${c.source} says ${c.value}, the chain says ${value}`);
      }
    }
  }
  if (mismatches.length > 0) throw new DeploymentMismatchError(mismatches);

  const project = inputs.files.find((f) => f.deployment)?.deployment;
  const extra: Record<string, Address> = {};
  for (const [name, claims] of given) {
    if (!(name in fromChain) && claims.length > 0) extra[name] = claims[0].value;
  }
  const deployedAtBlock = project?.deployedAtBlock ??
    inputs.files.find((f) => f.deployedAtBlock !== undefined)?.deployedAtBlock ??
    Number(await firstBlockWithCode(client, registryCoordinator));
  const deployment = parseDeployment({
    chainId,
    deployedAtBlock,
    ...(project?.readyAtBlock !== undefined ? { readyAtBlock: project.readyAtBlock } : {}),
    addresses: {
      ...extra,
      ...Object.fromEntries(Object.entries(fromChain).filter(([, v]) => v)),
      erc20MockStrategy: strategy,
      // Not reachable from the coordinator; the TaskManager inherits the retriever's functions.
      operatorStateRetriever: given.get("operatorStateRetriever")?.[0]?.value ?? taskManager,
    },
    roles: {
      ...(project?.roles ?? {}),
      owner,
      aggregator,
      taskGenerator: generator,
    },
    parameters: {
      ...(project?.parameters ?? {}),
      taskResponseWindowBlock: Number(responseWindow),
      taskChallengeWindowBlock: Number(challengeWindow),
    },
  }, "chain");
  return { deployment, derived };
}

/** Every given address by name: config first, then each file in order. */
function givenValues(
  inputs: DeploymentInputs,
): Map<string, { value: Address; source: string }[]> {
  const out = new Map<string, { value: Address; source: string }[]>();
  const add = (name: string, value: Address | undefined, source: string) => {
    if (!value) return;
    const list = out.get(name) ?? [];
    list.push({ value, source });
    out.set(name, list);
  };
  for (const [name, value] of Object.entries(inputs.config ?? {})) {
    add(name, value, inputs.configSource ?? "the config");
  }
  for (const f of inputs.files) {
    for (const [name, value] of Object.entries(f.addresses)) add(name, value, f.source);
  }
  return out;
}

/**
 * The first block at which `address` has code (binary search over `eth_getCode`), so back-fills
 * of a deployment without `deployedAtBlock` start there instead of at genesis. Falls back to 0
 * when the node cannot answer for old blocks (no archive state).
 */
export async function firstBlockWithCode(client: ReadClient, address: Address): Promise<bigint> {
  try {
    let lo = 0n;
    let hi = await client.getBlockNumber({ cacheTime: 0 });
    while (lo < hi) {
      const mid = (lo + hi) / 2n;
      const code = await client.getCode({ address, blockNumber: mid });
      if (code && code !== "0x") hi = mid;
      else lo = mid + 1n;
    }
    return lo;
  } catch {
    return 0n;
  }
}

/** Inputs of {@link loadNodeDeployment}. */
export type NodeDeploymentOptions = {
  rpcUrl: string;
  /** Deployment files (any format) given on the command line or in the config. */
  files: string[];
  /** Addresses from the config, by this project's names. */
  config?: Partial<Record<string, Address>>;
  configSource?: string;
  /** `--network`: the RPC endpoint's chain must be this preset's. */
  network?: string;
};

/**
 * Reads the given deployment files and resolves the full deployment from the chain at `rpcUrl`
 * (see {@link resolveDeployment}); what entry points call before starting a node.
 */
export async function loadNodeDeployment(o: NodeDeploymentOptions): Promise<Deployment> {
  const files = o.files.map((f) => readDeploymentHints(f));
  const clients = await createChainClients({ rpcUrl: o.rpcUrl });
  try {
    if (o.network) checkNetwork(networkPreset(o.network), clients.chain.id, o.rpcUrl);
    const { deployment } = await resolveDeployment(clients.publicClient, {
      files,
      config: o.config,
      configSource: o.configSource,
    });
    return deployment;
  } finally {
    await clients.close();
  }
}
