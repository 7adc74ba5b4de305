/**
 * Shared helpers of the nodes' integration tests: a devnet, devnet operators registered step by
 * step through lib/eigenlayer's typed calls (the recipe of eigenlayer-contracts.md §6, independent
 * of the operator process so aggregator tests do not depend on it), and signing helpers.
 */
import type { Address, Hex } from "viem";
import { createChainClients, type SigningClients } from "../../lib/chain/clients.ts";
import {
  approveToken,
  blsKeyFromSecret,
  depositIntoStrategy,
  mintMockToken,
  pubkeyRegistrationMessageHash,
  quorumNumbersFromBytes,
  registerAsOperator,
  registerOperator as registerWithCoordinator,
  signAvsRegistration,
} from "../../lib/eigenlayer/mod.ts";
import { anvilPrivateKey, devnetOperatorKeys } from "../../lib/keys/devnet_keys.ts";
import type { AggregatorSettings } from "../../lib/aggregator/aggregator.ts";
import { sign } from "../../lib/bls/mod.ts";
import { taskResponseDigest } from "../../lib/task/mod.ts";
import type { Devnet } from "../../lib/devnet/devnet.ts";

/** A registered devnet operator. */
export interface TestOperator {
  index: number;
  address: Address;
  operatorId: Hex;
  blsPrivateKey: bigint;
  clients: SigningClients;
}

/** Registers devnet operator `i` (keys from config/keys) with EigenLayer and the AVS. */
export async function registerOperator(
  devnet: Devnet,
  i: number,
  stake: bigint,
  quorumNumbers: Hex = "0x00",
): Promise<TestOperator> {
  const keys = devnetOperatorKeys(i);
  const clients = await createChainClients({
    rpcUrl: devnet.rpcUrl,
    privateKey: keys.ecdsaPrivateKey,
    pollingInterval: 250,
  });
  const a = devnet.deployment.addresses;
  const c = {
    delegationManager: a.delegationManager,
    strategyManager: a.strategyManager,
    registryCoordinator: a.registryCoordinator,
    avsDirectory: a.avsDirectory,
  };
  await registerAsOperator(clients, c, {
    delegationApprover: "0x0000000000000000000000000000000000000000",
  });
  await mintMockToken(clients, a.erc20Mock, keys.address, stake);
  await approveToken(clients, a.erc20Mock, a.strategyManager, stake);
  await depositIntoStrategy(clients, c, a.erc20MockStrategy, a.erc20Mock, stake);
  const blsKey = blsKeyFromSecret(keys.blsPrivateKey);
  const msgPoint = await pubkeyRegistrationMessageHash(clients.publicClient, c, keys.address);
  await registerWithCoordinator(clients, c, {
    quorumNumbers: quorumNumbersFromBytes(quorumNumbers),
    socket: "test",
    pubkeyParams: {
      pubkeyRegistrationSignature: blsKey.signHashedPoint(msgPoint),
      pubkeyG1: blsKey.pubkeyG1,
      pubkeyG2: blsKey.pubkeyG2,
    },
    operatorSignature: await signAvsRegistration(
      clients.publicClient,
      c,
      clients.account,
      a.incredibleSquaringServiceManager,
    ),
  });
  return {
    index: i,
    address: keys.address,
    operatorId: keys.operatorId,
    blsPrivateKey: keys.blsPrivateKey,
    clients,
  };
}

/** The wire params of a signed response from `op` for (task, answer). */
export function signedParams(
  op: { blsPrivateKey: bigint; operatorId: Hex },
  taskIndex: number,
  answer: bigint,
) {
  const sig = sign(
    op.blsPrivateKey,
    taskResponseDigest({ referenceTaskIndex: taskIndex, numberSquared: answer }),
  );
  const h = (v: bigint) => `0x${v.toString(16).padStart(64, "0")}`;
  return {
    taskResponse: { referenceTaskIndex: taskIndex, numberSquared: answer.toString() },
    blsSignature: { X: h(sig.X), Y: h(sig.Y) },
    operatorId: op.operatorId,
  };
}

/** POSTs a JSON-RPC body (string or object) to the aggregator. */
export async function rpcPost(port: number, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`http://127.0.0.1:${port}/`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : undefined };
}

/** A `incsq_processSignedTaskResponse` call with the given params. */
export function processCall(id: number, params: unknown) {
  return { jsonrpc: "2.0", id, method: "incsq_processSignedTaskResponse", params: [params] };
}

/** Waits until `pred` holds (polling), or throws after `ms` naming `what`. */
export async function waitFor<T>(
  what: string,
  pred: () => T | undefined | Promise<T | undefined>,
  ms = 30_000,
): Promise<T> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    const v = await pred();
    if (v !== undefined && v !== false) return v as T;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out after ${ms} ms waiting for ${what}`);
}

export { mine } from "../../lib/devnet/anvil.ts";

/**
 * Aggregator settings for a test on a devnet: the aggregator role (anvil #9), the deployment's
 * contracts, ports picked by the system, no task generator (the test creates and tracks its
 * tasks), threshold 100 %; `over` replaces any of them.
 */
export function testAggregatorSettings(
  rpcUrl: string,
  deployment: {
    deployedAtBlock: number;
    addresses: {
      incredibleSquaringTaskManager: Address;
      registryCoordinator: Address;
      operatorStateRetriever: Address;
      blsApkRegistry: Address;
    };
  },
  over: Partial<AggregatorSettings> = {},
): AggregatorSettings {
  const a = deployment.addresses;
  return {
    rpcUrl,
    privateKey: anvilPrivateKey(9),
    contracts: {
      incredibleSquaringTaskManager: a.incredibleSquaringTaskManager,
      registryCoordinator: a.registryCoordinator,
      operatorStateRetriever: a.operatorStateRetriever,
      blsApkRegistry: a.blsApkRegistry,
    },
    deployedAtBlock: deployment.deployedAtBlock,
    serverAddress: "127.0.0.1:0",
    taskIntervalMs: 60_000,
    thresholdPercentage: 100,
    quorumNumbers: [0],
    expiryBlocks: 30,
    maxBodyBytes: 65_536,
    generateTasks: false,
    blockPollMs: 100,
    ...over,
  };
}
