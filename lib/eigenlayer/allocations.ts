/**
 * Slashing-era allocations: reads of an operator's allocation delay, magnitudes and allocated
 * (slashable) stake per operator set, and {@link ensureAllocation}, the idempotent step that
 * brings an operator's allocation to an operator set up to a target fraction of its magnitude.
 * Magnitudes are WAD fractions (1e18 = everything the operator has in a strategy); after a slash
 * the maximum magnitude drops below 1e18, so targets are taken relative to it.
 *
 * @module
 */
import type { Address, Hex } from "viem";
import { allocationManagerAbi } from "../chain/abi/slashing/mod.ts";
import type { ReadClient, TxSender } from "../chain/clients.ts";
import { read, transact, type TxOptions } from "../chain/tx.ts";
import type { StepResult } from "./backend.ts";
import {
  type AllocationChange,
  type AllocationContracts,
  modifyAllocations,
} from "./operator_sets.ts";

/** 1e18: the whole of a strategy's magnitude. */
export const WAD = 10n ** 18n;

const am = (c: AllocationContracts) =>
  ({ address: c.allocationManager, abi: allocationManagerAbi }) as const;

/** `getAllocationDelay(operator)`: whether it is set (in effect) and its value in blocks. */
export async function allocationDelay(
  client: ReadClient,
  c: AllocationContracts,
  operator: Address,
): Promise<{ isSet: boolean; delay: number }> {
  const [isSet, delay] = await read(client, {
    ...am(c),
    functionName: "getAllocationDelay",
    args: [operator],
  });
  return { isSet, delay: Number(delay) };
}

/** The strategies of operator set `operatorSetId` of the AVS. */
export async function strategiesInOperatorSet(
  client: ReadClient,
  c: AllocationContracts,
  operatorSetId: number,
): Promise<Address[]> {
  return [
    ...await read(client, {
      ...am(c),
      functionName: "getStrategiesInOperatorSet",
      args: [{ avs: c.serviceManager, id: operatorSetId }],
    }),
  ];
}

/** One (operator, set, strategy) allocation with the strategy's magnitudes. */
export type StrategyAllocation = {
  operatorSetId: number;
  strategy: Address;
  /** Magnitude in effect now (WAD). */
  currentMagnitude: bigint;
  /** Pending change (+ increase, - decrease), applied at `effectBlock`. */
  pendingDiff: bigint;
  effectBlock: number;
  /** The operator's maximum magnitude in the strategy (1e18 until slashed). */
  maxMagnitude: bigint;
  /** Magnitude not allocated to any set yet. */
  allocatableMagnitude: bigint;
};

/** Allocations of `operator` to every strategy of operator set `operatorSetId`. */
export async function allocationsToSet(
  client: ReadClient,
  c: AllocationContracts,
  operator: Address,
  operatorSetId: number,
): Promise<StrategyAllocation[]> {
  const strategies = await strategiesInOperatorSet(client, c, operatorSetId);
  return await Promise.all(strategies.map(async (strategy) => {
    const [a, maxMagnitude, allocatableMagnitude] = await Promise.all([
      read(client, {
        ...am(c),
        functionName: "getAllocation",
        args: [operator, { avs: c.serviceManager, id: operatorSetId }, strategy],
      }),
      read(client, { ...am(c), functionName: "getMaxMagnitude", args: [operator, strategy] }),
      read(client, {
        ...am(c),
        functionName: "getAllocatableMagnitude",
        args: [operator, strategy],
      }),
    ]);
    return {
      operatorSetId,
      strategy,
      currentMagnitude: a.currentMagnitude,
      pendingDiff: a.pendingDiff,
      effectBlock: Number(a.effectBlock),
      maxMagnitude,
      allocatableMagnitude,
    };
  }));
}

/** Allocated stake (shares) and the minimum slashable stake of an operator in one set. */
export type SetStake = {
  operatorSetId: number;
  strategy: Address;
  allocatedStake: bigint;
  slashableStake: bigint;
};

/** `getAllocatedStake` and `getMinimumSlashableStake` (at the next block) per strategy of a set. */
export async function stakeInSet(
  client: ReadClient,
  c: AllocationContracts,
  operator: Address,
  operatorSetId: number,
): Promise<SetStake[]> {
  const strategies = await strategiesInOperatorSet(client, c, operatorSetId);
  if (strategies.length === 0) return [];
  const set = { avs: c.serviceManager, id: operatorSetId };
  const head = await client.getBlockNumber({ cacheTime: 0 });
  const [allocated, slashable] = await Promise.all([
    read(client, {
      ...am(c),
      functionName: "getAllocatedStake",
      args: [set, [operator], strategies],
    }),
    read(client, {
      ...am(c),
      functionName: "getMinimumSlashableStake",
      args: [set, [operator], strategies, Number(head + 1n)],
    }),
  ]);
  return strategies.map((strategy, i) => ({
    operatorSetId,
    strategy,
    allocatedStake: allocated[0][i],
    slashableStake: slashable[0][i],
  }));
}

/** `fraction` (0..1] of `maxMagnitude`, rounded down to a whole magnitude unit. */
export function targetMagnitude(maxMagnitude: bigint, fraction: number): bigint {
  if (!(fraction > 0 && fraction <= 1)) {
    throw new Error(`allocation fraction must be in (0, 1], got ${fraction}`);
  }
  // Parts per billion keeps a decimal percentage such as 33.3 exact enough.
  return maxMagnitude * BigInt(Math.round(fraction * 1e9)) / 1_000_000_000n;
}

/**
 * Brings `sender`'s allocation to each strategy of each set in `operatorSetIds` to `fraction` of
 * its maximum magnitude. Skips what is already there or has a change pending; refuses, with what
 * to do, when the allocation delay is not in effect or the magnitude is taken by other sets.
 */
export async function ensureAllocation(
  sender: TxSender,
  c: AllocationContracts,
  p: { operatorSetIds: readonly number[]; fraction: number },
  tx?: TxOptions,
): Promise<StepResult> {
  const client = sender.publicClient;
  const op = sender.walletClient.account.address;
  const delay = await allocationDelay(client, c, op);
  if (!delay.isSet) {
    throw new Error(
      `UninitializedAllocationDelay: ${op} has no allocation delay in effect yet; set one ` +
        "(`deno task cli allocations set --delay 0`) and wait for it to take effect",
    );
  }
  const changes: AllocationChange[] = [];
  const pending: string[] = [];
  for (const id of p.operatorSetIds) {
    const rows = await allocationsToSet(client, c, op, id);
    if (rows.length === 0) throw new Error(`operator set ${id} has no strategies to allocate to`);
    const strategies: Address[] = [];
    const magnitudes: bigint[] = [];
    for (const r of rows) {
      if (r.pendingDiff !== 0n) {
        pending.push(`set ${id} strategy ${r.strategy} until block ${r.effectBlock}`);
        continue;
      }
      const target = targetMagnitude(r.maxMagnitude, p.fraction);
      if (r.currentMagnitude === target) continue;
      const extra = target - r.currentMagnitude;
      if (extra > r.allocatableMagnitude) {
        throw new Error(
          `InsufficientMagnitude: allocating ${target} to operator set ${id} in ${r.strategy} ` +
            `needs ${extra} more magnitude but only ${r.allocatableMagnitude} is unallocated; ` +
            "deallocate from another operator set or lower allocation_magnitude_percent",
        );
      }
      strategies.push(r.strategy);
      magnitudes.push(target);
    }
    if (strategies.length > 0) {
      changes.push({ operatorSetId: id, strategies, newMagnitudes: magnitudes });
    }
  }
  if (changes.length === 0) {
    return {
      status: "skipped",
      reason: pending.length > 0
        ? `allocation change pending (${pending.join("; ")})`
        : `already allocated ${p.fraction * 100}% to operator set(s) ${p.operatorSetIds.join(",")}`,
    };
  }
  const r = await modifyAllocations(sender, c, changes, tx);
  const txHashes: Hex[] = [r.transactionHash];
  return {
    status: "done",
    txHashes,
    detail: changes.map((ch) =>
      `set ${ch.operatorSetId}: ${ch.newMagnitudes.map(String).join(",")}`
    ).join("; "),
  };
}

/**
 * `setAllocationDelay(sender, delay)`: a change takes effect after the AllocationManager's
 * `ALLOCATION_CONFIGURATION_DELAY` blocks.
 */
export async function setAllocationDelay(
  sender: TxSender,
  c: AllocationContracts,
  delay: number,
  tx?: TxOptions,
): Promise<StepResult> {
  const r = await transact(sender, {
    ...am(c),
    functionName: "setAllocationDelay",
    args: [sender.walletClient.account.address, delay],
  }, tx);
  return { status: "done", txHashes: [r.transactionHash], detail: `allocation delay ${delay}` };
}
