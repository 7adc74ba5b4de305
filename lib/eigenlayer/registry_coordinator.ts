/**
 * RegistryCoordinator (middleware v0.5.x / M2 quorums): operator ids, status and quorum bitmaps,
 * quorum parameters, and the writes: register (BLS proof of possession + AVSDirectory
 * signature), deregister, `updateOperatorsForQuorum`, `updateSocket`.
 *
 * @module
 */
import type { Address, Hex, TransactionReceipt } from "viem";
import { registryCoordinatorAbi } from "../chain/abi/mod.ts";
import type { ReadClient, TxSender } from "../chain/clients.ts";
import { read, transact, type TxOptions } from "../chain/tx.ts";
import type { G1Point, G2Point } from "../bls/mod.ts";
import type { SignatureWithSaltAndExpiry } from "./avs_directory.ts";
import type { EigenLayerContracts } from "./contracts.ts";
import { quorumNumbersToBytes, quorumsOfBitmap } from "./quorums.ts";

const rcAbi = registryCoordinatorAbi;

/** The RegistryCoordinator's `OperatorStatus` enum. */
export type RegistrationStatus = "NEVER_REGISTERED" | "REGISTERED" | "DEREGISTERED";
/** The enum's names by value. */
export const REGISTRATION_STATUS: readonly RegistrationStatus[] = [
  "NEVER_REGISTERED",
  "REGISTERED",
  "DEREGISTERED",
];

/** The zero operator id (`getOperatorId` of an operator that never registered keys). */
export const ZERO_OPERATOR_ID: Hex = `0x${"0".repeat(64)}`;

/** `getOperatorId(operator)`; {@link ZERO_OPERATOR_ID} when it never registered. */
export function operatorIdOf(
  client: ReadClient,
  c: Pick<EigenLayerContracts, "registryCoordinator">,
  operator: Address,
): Promise<Hex> {
  return read(client, {
    address: c.registryCoordinator,
    abi: rcAbi,
    functionName: "getOperatorId",
    args: [operator],
  });
}

/** `getOperatorFromId(operatorId)`. */
export function operatorFromId(
  client: ReadClient,
  c: Pick<EigenLayerContracts, "registryCoordinator">,
  operatorId: Hex,
): Promise<Address> {
  return read(client, {
    address: c.registryCoordinator,
    abi: rcAbi,
    functionName: "getOperatorFromId",
    args: [operatorId],
  });
}

/** `getOperatorStatus(operator)` as a name (optionally at a past block). */
export async function operatorStatus(
  client: ReadClient,
  c: Pick<EigenLayerContracts, "registryCoordinator">,
  operator: Address,
  blockNumber?: bigint,
): Promise<RegistrationStatus> {
  const s = await read(client, {
    address: c.registryCoordinator,
    abi: rcAbi,
    functionName: "getOperatorStatus",
    args: [operator],
    blockNumber,
  });
  return REGISTRATION_STATUS[Number(s)] ?? "NEVER_REGISTERED";
}

/** `getCurrentQuorumBitmap(operatorId)`, as of `blockNumber` when given (an `eth_call` there). */
export function quorumBitmap(
  client: ReadClient,
  c: Pick<EigenLayerContracts, "registryCoordinator">,
  operatorId: Hex,
  blockNumber?: bigint,
): Promise<bigint> {
  return read(client, {
    address: c.registryCoordinator,
    abi: rcAbi,
    functionName: "getCurrentQuorumBitmap",
    args: [operatorId],
    blockNumber,
  });
}

/** The quorums an operator id is in (now, or as of `blockNumber`). */
export async function operatorQuorums(
  client: ReadClient,
  c: Pick<EigenLayerContracts, "registryCoordinator">,
  operatorId: Hex,
  blockNumber?: bigint,
): Promise<number[]> {
  return quorumsOfBitmap(await quorumBitmap(client, c, operatorId, blockNumber));
}

/** Number of quorums created. */
export async function quorumCount(
  client: ReadClient,
  c: Pick<EigenLayerContracts, "registryCoordinator">,
): Promise<number> {
  return Number(
    await read(client, { address: c.registryCoordinator, abi: rcAbi, functionName: "quorumCount" }),
  );
}

/** `OperatorSetParam` of one quorum. */
export type OperatorSetParams = {
  maxOperatorCount: number;
  kickBIPsOfOperatorStake: number;
  kickBIPsOfTotalStake: number;
};

/** `getOperatorSetParams(quorumNumber)`. */
export async function operatorSetParams(
  client: ReadClient,
  c: Pick<EigenLayerContracts, "registryCoordinator">,
  quorumNumber: number,
): Promise<OperatorSetParams> {
  const p = await read(client, {
    address: c.registryCoordinator,
    abi: rcAbi,
    functionName: "getOperatorSetParams",
    args: [quorumNumber],
  });
  return {
    maxOperatorCount: Number(p.maxOperatorCount),
    kickBIPsOfOperatorStake: Number(p.kickBIPsOfOperatorStake),
    kickBIPsOfTotalStake: Number(p.kickBIPsOfTotalStake),
  };
}

/** `quorumUpdateBlockNumber(quorumNumber)`: the last block the quorum's stakes were refreshed. */
export async function quorumUpdateBlock(
  client: ReadClient,
  c: Pick<EigenLayerContracts, "registryCoordinator">,
  quorumNumber: number,
): Promise<bigint> {
  return BigInt(
    await read(client, {
      address: c.registryCoordinator,
      abi: rcAbi,
      functionName: "quorumUpdateBlockNumber",
      args: [quorumNumber],
    }),
  );
}

/** `pubkeyRegistrationMessageHash(operator)`: the G1 point a BLS proof of possession signs. */
export async function pubkeyRegistrationMessageHash(
  client: ReadClient,
  c: Pick<EigenLayerContracts, "registryCoordinator">,
  operator: Address,
): Promise<G1Point> {
  const p = await read(client, {
    address: c.registryCoordinator,
    abi: rcAbi,
    functionName: "pubkeyRegistrationMessageHash",
    args: [operator],
  });
  return { X: p.X, Y: p.Y };
}

/** `PubkeyRegistrationParams`: the proof of possession and both public keys. */
export type PubkeyRegistrationParams = {
  pubkeyRegistrationSignature: G1Point;
  pubkeyG1: G1Point;
  pubkeyG2: G2Point;
};

/** `registerOperator(quorumNumbers, socket, params, operatorSignature)` for the sender. */
export function registerOperator(
  sender: TxSender,
  c: Pick<EigenLayerContracts, "registryCoordinator">,
  p: {
    quorumNumbers: readonly number[];
    socket: string;
    pubkeyParams: PubkeyRegistrationParams;
    operatorSignature: SignatureWithSaltAndExpiry;
  },
  tx?: TxOptions,
): Promise<TransactionReceipt> {
  return transact(sender, {
    address: c.registryCoordinator,
    abi: rcAbi,
    functionName: "registerOperator",
    args: [
      quorumNumbersToBytes(p.quorumNumbers),
      p.socket,
      {
        pubkeyRegistrationSignature: p.pubkeyParams.pubkeyRegistrationSignature,
        pubkeyG1: p.pubkeyParams.pubkeyG1,
        pubkeyG2: {
          X: [p.pubkeyParams.pubkeyG2.X[0], p.pubkeyParams.pubkeyG2.X[1]],
          Y: [p.pubkeyParams.pubkeyG2.Y[0], p.pubkeyParams.pubkeyG2.Y[1]],
        },
      },
      p.operatorSignature,
    ],
  }, tx);
}

/** `deregisterOperator(quorumNumbers)` for the sender. */
export function deregisterOperator(
  sender: TxSender,
  c: Pick<EigenLayerContracts, "registryCoordinator">,
  quorumNumbers: readonly number[],
  tx?: TxOptions,
): Promise<TransactionReceipt> {
  return transact(sender, {
    address: c.registryCoordinator,
    abi: rcAbi,
    functionName: "deregisterOperator",
    args: [quorumNumbersToBytes(quorumNumbers)],
  }, tx);
}

/**
 * `updateOperatorsForQuorum(operatorsPerQuorum, quorumNumbers)`: every quorum's complete
 * operator list, each sorted by address (the contract checks both).
 */
export function updateOperatorsForQuorum(
  sender: TxSender,
  c: Pick<EigenLayerContracts, "registryCoordinator">,
  operatorsPerQuorum: readonly (readonly Address[])[],
  quorumNumbers: readonly number[],
  tx?: TxOptions,
): Promise<TransactionReceipt> {
  return transact(sender, {
    address: c.registryCoordinator,
    abi: rcAbi,
    functionName: "updateOperatorsForQuorum",
    args: [operatorsPerQuorum.map((l) => [...l]), quorumNumbersToBytes(quorumNumbers)],
  }, tx);
}

/** `updateSocket(socket)` for the (registered) sender. */
export function updateSocket(
  sender: TxSender,
  c: Pick<EigenLayerContracts, "registryCoordinator">,
  socket: string,
  tx?: TxOptions,
): Promise<TransactionReceipt> {
  return transact(sender, {
    address: c.registryCoordinator,
    abi: rcAbi,
    functionName: "updateSocket",
    args: [socket],
  }, tx);
}
