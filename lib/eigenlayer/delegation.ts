/**
 * DelegationManager (M2 ABI): operator registration with EigenLayer and delegated shares.
 *
 * @module
 */
import type { Address, TransactionReceipt } from "viem";
import { delegationManagerAbi } from "../chain/abi/mod.ts";
import type { ReadClient, TxSender } from "../chain/clients.ts";
import { read, transact, type TxOptions } from "../chain/tx.ts";
import type { EigenLayerContracts } from "./contracts.ts";

/** True when `operator` is registered as an EigenLayer operator. */
export function isOperator(
  client: ReadClient,
  c: Pick<EigenLayerContracts, "delegationManager">,
  operator: Address,
): Promise<boolean> {
  return read(client, {
    address: c.delegationManager,
    abi: delegationManagerAbi,
    functionName: "isOperator",
    args: [operator],
  });
}

/** Shares of `strategy` delegated to `operator`. */
export function operatorShares(
  client: ReadClient,
  c: Pick<EigenLayerContracts, "delegationManager">,
  operator: Address,
  strategy: Address,
): Promise<bigint> {
  return read(client, {
    address: c.delegationManager,
    abi: delegationManagerAbi,
    functionName: "operatorShares",
    args: [operator, strategy],
  });
}

/** The operator a staker delegated to (the zero address when none). */
export function delegatedTo(
  client: ReadClient,
  c: Pick<EigenLayerContracts, "delegationManager">,
  staker: Address,
): Promise<Address> {
  return read(client, {
    address: c.delegationManager,
    abi: delegationManagerAbi,
    functionName: "delegatedTo",
    args: [staker],
  });
}

/** Options of {@link registerAsOperator}. */
export type RegisterAsOperatorOptions = {
  /** Default: the operator itself. */
  delegationApprover?: Address;
  /** Default 0. */
  stakerOptOutWindowBlocks?: number;
  /** Default empty. */
  metadataURI?: string;
};

/** `registerAsOperator` for the sender (who delegates to itself). */
export function registerAsOperator(
  sender: TxSender,
  c: Pick<EigenLayerContracts, "delegationManager">,
  opts: RegisterAsOperatorOptions = {},
  tx?: TxOptions,
): Promise<TransactionReceipt> {
  const op = sender.walletClient.account.address;
  return transact(sender, {
    address: c.delegationManager,
    abi: delegationManagerAbi,
    functionName: "registerAsOperator",
    args: [
      {
        __deprecated_earningsReceiver: op,
        delegationApprover: opts.delegationApprover ?? op,
        stakerOptOutWindowBlocks: opts.stakerOptOutWindowBlocks ?? 0,
      },
      opts.metadataURI ?? "",
    ],
  }, tx);
}
