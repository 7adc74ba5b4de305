/**
 * An operator's registration with this AVS on the slashing-era contracts, as idempotent steps
 * shared by the operator's startup and the CLI: EigenLayer operator (v1, with an allocation
 * delay), first deposit, allocation delay in effect, magnitude allocated to the AVS's operator
 * sets, `registerForOperatorSets` with the registrar's data. Also which era a deployment runs
 * ({@link resolveEra}) and whether an operator is in its sets with magnitude allocated.
 *
 * @module
 */
import type { Address } from "viem";
import type { ReadClient, SigningClients } from "../chain/clients.ts";
import { getLogger } from "../log/mod.ts";
import { allocationDelay, allocationsToSet, ensureAllocation } from "../eigenlayer/allocations.ts";
import type { StepResult } from "../eigenlayer/backend.ts";
import { type DetectedEra, detectEra } from "../eigenlayer/era.ts";
import {
  discoverOperatorSetsContracts,
  isMemberOfOperatorSet,
  OperatorSetsBackend,
  type OperatorSetsContracts,
} from "../eigenlayer/operator_sets.ts";
import type { OperatorContracts } from "./operator_contracts.ts";
import {
  depositIntoStrategy,
  registerOperatorWithAvs,
  type RegistrationContext,
} from "./registration.ts";

const log = getLogger("operator.registration");

/** {@link OperatorContracts} plus the AllocationManager. */
export type SlashingOperatorContracts = OperatorContracts & OperatorSetsContracts;

/** The era of the operator's deployment and, for the slashing era, its contracts. */
export type ResolvedEra =
  | { era: "m2"; reason: string; contracts: OperatorContracts }
  | { era: "slashing"; reason: string; contracts: SlashingOperatorContracts };

/** Detects the era from the registry coordinator and completes the contracts for it. */
export async function resolveEra(
  client: ReadClient,
  contracts: OperatorContracts,
  quorumNumbers: readonly number[],
): Promise<ResolvedEra> {
  const found: DetectedEra = await detectEra(client, contracts.registryCoordinator, quorumNumbers);
  if (found.era === "m2") return { era: "m2", reason: found.reason, contracts };
  const discovered = await discoverOperatorSetsContracts(
    client,
    contracts.registryCoordinator,
    contracts.operatorStateRetriever,
  );
  return {
    era: "slashing",
    reason: found.reason,
    contracts: { ...contracts, ...discovered },
  };
}

/** A registration context whose backend is the {@link OperatorSetsBackend}. */
export function operatorSetsContext(
  clients: Pick<SigningClients, "publicClient" | "walletClient">,
  contracts: SlashingOperatorContracts,
): RegistrationContext & { backend: OperatorSetsBackend; contracts: SlashingOperatorContracts } {
  return {
    publicClient: clients.publicClient,
    walletClient: clients.walletClient,
    contracts,
    backend: new OperatorSetsBackend({
      client: clients.publicClient,
      sender: { publicClient: clients.publicClient, walletClient: clients.walletClient },
      contracts,
    }),
  };
}

/** Waits (bounded) until the operator's allocation delay is in effect. */
export async function waitForAllocationDelay(
  client: ReadClient,
  contracts: SlashingOperatorContracts,
  operator: Address,
  opts: { timeoutMs?: number; pollMs?: number } = {},
): Promise<StepResult> {
  const end = Date.now() + (opts.timeoutMs ?? 60_000);
  let first = true;
  while (true) {
    const d = await allocationDelay(client, contracts, operator);
    if (d.isSet) {
      return first
        ? { status: "skipped", reason: `allocation delay ${d.delay} blocks already in effect` }
        : { status: "done", txHashes: [], detail: `allocation delay ${d.delay} blocks in effect` };
    }
    if (Date.now() > end) {
      throw new Error(
        `UninitializedAllocationDelay: the allocation delay of ${operator} is still not in ` +
          "effect; it takes ALLOCATION_CONFIGURATION_DELAY blocks after it was set",
      );
    }
    first = false;
    await new Promise((r) => setTimeout(r, opts.pollMs ?? 500));
  }
}

/** Result of {@link registerOnStartupSlashing}: one entry per step. */
export type SlashingStartupRegistration = {
  eigenLayer: StepResult;
  deposit: StepResult;
  allocationDelay: StepResult;
  allocation: StepResult;
  avs: StepResult;
};

/**
 * The operator's `register_operator_on_startup` sequence on the slashing era: every step skips
 * what the chain already shows, so a restart sends nothing.
 */
export async function registerOnStartupSlashing(
  clients: Pick<SigningClients, "publicClient" | "walletClient">,
  contracts: SlashingOperatorContracts,
  opts: {
    blsPrivateKey: bigint;
    quorumNumbers: readonly number[];
    socket?: string;
    depositAmount: bigint;
    allocationDelayBlocks: number;
    /** Fraction (0, 1] of the operator's magnitude allocated to each set. */
    allocationFraction: number;
  },
): Promise<SlashingStartupRegistration> {
  const ctx = operatorSetsContext(clients, contracts);
  const op = clients.walletClient.account.address;
  const eigenLayer = await ctx.backend.registerAsOperator({
    allocationDelay: opts.allocationDelayBlocks,
  });
  const deposit = await depositIntoStrategy(ctx, {
    amount: opts.depositAmount,
    skipIfDeposited: true,
  });
  const delay = await waitForAllocationDelay(clients.publicClient, contracts, op);
  const allocation = await ensureAllocation(
    { publicClient: clients.publicClient, walletClient: clients.walletClient },
    contracts,
    { operatorSetIds: opts.quorumNumbers, fraction: opts.allocationFraction },
  );
  const avs = await registerOperatorWithAvs(ctx, opts);
  const steps = { eigenLayer, deposit, allocationDelay: delay, allocation, avs };
  for (const [name, r] of Object.entries(steps)) {
    if (r.status === "skipped") {
      log.info("registration step {step} skipped: {reason}", { step: name, reason: r.reason });
    } else {
      log.info("registration step {step} done: {detail}", { step: name, detail: r.detail ?? "" });
    }
  }
  return steps;
}

/** Whether `operator` is a member of every set in `operatorSetIds` with magnitude allocated. */
export async function inSetsAndAllocated(
  client: ReadClient,
  contracts: OperatorSetsContracts,
  operator: Address,
  operatorSetIds: readonly number[],
): Promise<boolean> {
  for (const id of operatorSetIds) {
    if (!(await isMemberOfOperatorSet(client, contracts, operator, id))) return false;
    const rows = await allocationsToSet(client, contracts, operator, id);
    if (rows.length === 0 || rows.some((r) => r.currentMagnitude === 0n)) return false;
  }
  return true;
}
