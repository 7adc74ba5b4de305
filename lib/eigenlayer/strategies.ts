/**
 * Strategies and their tokens: shares, the underlying token, and the deposit path (mint on the
 * devnet's mock token, approve, `StrategyManager.depositIntoStrategy`).
 *
 * @module
 */
import type { Address, TransactionReceipt } from "viem";
import { erc20MockAbi, strategyBaseAbi, strategyManagerAbi } from "../chain/abi/mod.ts";
import type { ReadClient, TxSender } from "../chain/clients.ts";
import { read, transact, type TxOptions } from "../chain/tx.ts";
import type { EigenLayerContracts } from "./contracts.ts";

/** Shares a staker holds in a strategy. */
export function strategyShares(
  client: ReadClient,
  strategy: Address,
  staker: Address,
): Promise<bigint> {
  return read(client, {
    address: strategy,
    abi: strategyBaseAbi,
    functionName: "shares",
    args: [staker],
  });
}

/** The ERC-20 a strategy holds. */
export function underlyingToken(client: ReadClient, strategy: Address): Promise<Address> {
  return read(client, { address: strategy, abi: strategyBaseAbi, functionName: "underlyingToken" });
}

/** ERC-20 balance. */
export function tokenBalance(client: ReadClient, token: Address, owner: Address): Promise<bigint> {
  return read(client, {
    address: token,
    abi: erc20MockAbi,
    functionName: "balanceOf",
    args: [owner],
  });
}

/** ERC-20 allowance. */
export function tokenAllowance(
  client: ReadClient,
  token: Address,
  owner: Address,
  spender: Address,
): Promise<bigint> {
  return read(client, {
    address: token,
    abi: erc20MockAbi,
    functionName: "allowance",
    args: [owner, spender],
  });
}

/** Mints the devnet mock token (an ERC20Mock with a public `mint`). */
export function mintMockToken(
  sender: TxSender,
  token: Address,
  to: Address,
  amount: bigint,
  tx?: TxOptions,
): Promise<TransactionReceipt> {
  return transact(sender, {
    address: token,
    abi: erc20MockAbi,
    functionName: "mint",
    args: [to, amount],
  }, tx);
}

/** ERC-20 `approve`. */
export function approveToken(
  sender: TxSender,
  token: Address,
  spender: Address,
  amount: bigint,
  tx?: TxOptions,
): Promise<TransactionReceipt> {
  return transact(sender, {
    address: token,
    abi: erc20MockAbi,
    functionName: "approve",
    args: [spender, amount],
  }, tx);
}

/** `StrategyManager.depositIntoStrategy` (the allowance must already be there). */
export function depositIntoStrategy(
  sender: TxSender,
  c: Pick<EigenLayerContracts, "strategyManager">,
  strategy: Address,
  token: Address,
  amount: bigint,
  tx?: TxOptions,
): Promise<TransactionReceipt> {
  return transact(sender, {
    address: c.strategyManager,
    abi: strategyManagerAbi,
    functionName: "depositIntoStrategy",
    args: [strategy, token, amount],
  }, tx);
}
