/**
 * Shared helpers of the nodes' integration tests: a devnet, devnet operators registered straight
 * through the contracts (the recipe of eigenlayer-contracts.md §6, independent of the operator
 * process so aggregator tests do not depend on it), and signing helpers.
 */
import { type Address, type Hex, serializeSignature } from "viem";
import { sign as ecdsaSign } from "viem/accounts";
import {
  avsDirectoryAbi,
  delegationManagerAbi,
  erc20MockAbi,
  registryCoordinatorAbi,
  strategyManagerAbi,
} from "../../lib/chain/abi/mod.ts";
import { sendContractTx } from "../../lib/chain/tx.ts";
import { makeTxClients, type TxClients } from "../../lib/aggregator/clients.ts";
import { devnetOperatorKeys } from "../../lib/keys/devnet_keys.ts";
import { g1PublicKey, g2PublicKey, sign, signG1Point } from "../../lib/bls/mod.ts";
import type { G1Point } from "../../lib/bls/mod.ts";
import { taskResponseDigest } from "../../lib/task/mod.ts";
import type { Devnet } from "../../lib/devnet/devnet.ts";

/** A registered devnet operator. */
export interface TestOperator {
  index: number;
  address: Address;
  operatorId: Hex;
  blsPrivateKey: bigint;
  clients: TxClients;
}

/** Registers devnet operator `i` (keys from config/keys) with EigenLayer and the AVS. */
export async function registerOperator(
  devnet: Devnet,
  i: number,
  stake: bigint,
  quorumNumbers: Hex = "0x00",
): Promise<TestOperator> {
  const keys = devnetOperatorKeys(i);
  const clients = await makeTxClients({ rpcUrl: devnet.rpcUrl, privateKey: keys.ecdsaPrivateKey });
  const a = devnet.deployment.addresses;
  const tx = (
    address: Address,
    abi: readonly unknown[],
    functionName: string,
    args: readonly unknown[],
  ) =>
    sendContractTx({
      publicClient: clients.public,
      walletClient: clients.wallet,
      address,
      abi,
      functionName,
      args,
    });
  await tx(a.delegationManager, delegationManagerAbi, "registerAsOperator", [
    {
      __deprecated_earningsReceiver: keys.address,
      delegationApprover: "0x0000000000000000000000000000000000000000",
      stakerOptOutWindowBlocks: 0,
    },
    "",
  ]);
  await tx(a.erc20Mock, erc20MockAbi, "mint", [keys.address, stake]);
  await tx(a.erc20Mock, erc20MockAbi, "approve", [a.strategyManager, stake]);
  await tx(a.strategyManager, strategyManagerAbi, "depositIntoStrategy", [
    a.erc20MockStrategy,
    a.erc20Mock,
    stake,
  ]);
  const sk = keys.blsPrivateKey;
  const msgPoint = await clients.public.readContract({
    address: a.registryCoordinator,
    abi: registryCoordinatorAbi,
    functionName: "pubkeyRegistrationMessageHash",
    args: [keys.address],
  }) as G1Point;
  const params = {
    pubkeyRegistrationSignature: signG1Point(sk, { X: msgPoint.X, Y: msgPoint.Y }),
    pubkeyG1: g1PublicKey(sk),
    pubkeyG2: g2PublicKey(sk),
  };
  const block = await clients.public.getBlock();
  const salt = `0x${
    crypto.getRandomValues(new Uint8Array(32)).reduce((s, b) =>
      s + b.toString(16).padStart(2, "0"), "")
  }` as Hex;
  const expiry = block.timestamp + 3600n;
  const digest = await clients.public.readContract({
    address: a.avsDirectory,
    abi: avsDirectoryAbi,
    functionName: "calculateOperatorAVSRegistrationDigestHash",
    args: [keys.address, a.incredibleSquaringServiceManager, salt, expiry],
  }) as Hex;
  const signature = serializeSignature(
    await ecdsaSign({ hash: digest, privateKey: keys.ecdsaPrivateKey }),
  );
  await tx(a.registryCoordinator, registryCoordinatorAbi, "registerOperator", [
    quorumNumbers,
    "test",
    params,
    { signature, salt, expiry },
  ]);
  return {
    index: i,
    address: keys.address,
    operatorId: keys.operatorId,
    blsPrivateKey: sk,
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

/** Mines `n` empty blocks on anvil. */
export async function mine(rpcUrl: string, n: number): Promise<void> {
  await fetch(rpcUrl, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      jsonrpc: "2.0",
      id: 1,
      method: "anvil_mine",
      params: [`0x${n.toString(16)}`],
    }),
  }).then((r) => r.body?.cancel());
}
