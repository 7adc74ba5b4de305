/**
 * The coordinator's registries: StakeRegistry (stakes, minimum stake), BLSApkRegistry (public
 * keys, from state and from `NewPubkeyRegistration` events) and SocketRegistry (sockets).
 *
 * @module
 */
import type { Address, Hex } from "viem";
import { blsApkRegistryAbi, socketRegistryAbi, stakeRegistryAbi } from "../chain/abi/mod.ts";
import type { ReadClient } from "../chain/clients.ts";
import { read } from "../chain/tx.ts";
import type { G1Point, G2Point } from "../bls/mod.ts";
import type { EigenLayerContracts } from "./contracts.ts";

/** `getCurrentStake(operatorId, quorumNumber)`. */
export function currentStake(
  client: ReadClient,
  c: Pick<EigenLayerContracts, "stakeRegistry">,
  operatorId: Hex,
  quorumNumber: number,
): Promise<bigint> {
  return read(client, {
    address: c.stakeRegistry,
    abi: stakeRegistryAbi,
    functionName: "getCurrentStake",
    args: [operatorId, quorumNumber],
  });
}

/** `getStakeAtBlockNumber(operatorId, quorumNumber, blockNumber)`. */
export function stakeAtBlock(
  client: ReadClient,
  c: Pick<EigenLayerContracts, "stakeRegistry">,
  operatorId: Hex,
  quorumNumber: number,
  blockNumber: number,
): Promise<bigint> {
  return read(client, {
    address: c.stakeRegistry,
    abi: stakeRegistryAbi,
    functionName: "getStakeAtBlockNumber",
    args: [operatorId, quorumNumber, blockNumber],
  });
}

/** `getCurrentTotalStake(quorumNumber)`. */
export function currentTotalStake(
  client: ReadClient,
  c: Pick<EigenLayerContracts, "stakeRegistry">,
  quorumNumber: number,
): Promise<bigint> {
  return read(client, {
    address: c.stakeRegistry,
    abi: stakeRegistryAbi,
    functionName: "getCurrentTotalStake",
    args: [quorumNumber],
  });
}

/** `minimumStakeForQuorum(quorumNumber)`. */
export function minimumStake(
  client: ReadClient,
  c: Pick<EigenLayerContracts, "stakeRegistry">,
  quorumNumber: number,
): Promise<bigint> {
  return read(client, {
    address: c.stakeRegistry,
    abi: stakeRegistryAbi,
    functionName: "minimumStakeForQuorum",
    args: [quorumNumber],
  });
}

/** The G1 key registered for `operator` (throws via TxError when none is registered). */
export async function registeredPubkeyG1(
  client: ReadClient,
  c: Pick<EigenLayerContracts, "blsApkRegistry">,
  operator: Address,
): Promise<{ pubkeyG1: G1Point; pubkeyHash: Hex }> {
  const [p, hash] = await read(client, {
    address: c.blsApkRegistry,
    abi: blsApkRegistryAbi,
    functionName: "getRegisteredPubkey",
    args: [operator],
  });
  return { pubkeyG1: { X: p.X, Y: p.Y }, pubkeyHash: hash };
}

/** One `NewPubkeyRegistration` event: the only place the G2 key is recorded. */
export type PubkeyRegistration = {
  operator: Address;
  pubkeyG1: G1Point;
  pubkeyG2: G2Point;
  blockNumber: bigint;
};

/** `NewPubkeyRegistration` events in `[fromBlock, toBlock]`, in chain order. */
export async function pubkeyRegistrations(
  client: ReadClient,
  c: Pick<EigenLayerContracts, "blsApkRegistry">,
  fromBlock: bigint,
  toBlock: bigint,
): Promise<PubkeyRegistration[]> {
  const logs = await client.getContractEvents({
    address: c.blsApkRegistry,
    abi: blsApkRegistryAbi,
    eventName: "NewPubkeyRegistration",
    fromBlock,
    toBlock,
    strict: true,
  });
  return logs.map((l) => ({
    operator: l.args.operator,
    pubkeyG1: { X: l.args.pubkeyG1.X, Y: l.args.pubkeyG1.Y },
    pubkeyG2: {
      X: [l.args.pubkeyG2.X[0], l.args.pubkeyG2.X[1]],
      Y: [l.args.pubkeyG2.Y[0], l.args.pubkeyG2.Y[1]],
    },
    blockNumber: l.blockNumber,
  }));
}

/** The socket an operator registered (`SocketRegistry.getOperatorSocket`). */
export function operatorSocket(
  client: ReadClient,
  c: Required<Pick<EigenLayerContracts, "socketRegistry">>,
  operatorId: Hex,
): Promise<string> {
  return read(client, {
    address: c.socketRegistry,
    abi: socketRegistryAbi,
    functionName: "getOperatorSocket",
    args: [operatorId],
  });
}
