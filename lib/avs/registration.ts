/**
 * Operator registration steps, each idempotent (it checks chain state first and skips what is
 * already done), shared by the operator's startup and the CLI. The EigenLayer operations go
 * through an {@link OperatorBackend} (M2 by default), so another EigenLayer flavour plugs in
 * through the context:
 *
 * 1. {@link registerAsEigenLayerOperator}: register with EigenLayer (DelegationManager);
 * 2. {@link depositIntoStrategy}: mint the mock token if needed, approve, deposit;
 * 3. {@link registerOperatorWithAvs}: register with the AVS's quorums (BLS proof of possession,
 *    and for M2 the AVSDirectory signature), refused for an operator the AVS froze;
 * plus {@link deregisterOperatorFromAvs} and {@link getOperatorStatus}.
 *
 * @module
 */
import type { Account, Address, Chain, Hex, PublicClient, Transport, WalletClient } from "viem";
import type { ReadClient } from "../chain/clients.ts";
import { type G1Point, g1PublicKey, type G2Point, g2PublicKey, operatorId } from "../bls/mod.ts";
import { getLogger } from "../log/mod.ts";
import { avsOperatorStatus } from "../eigenlayer/avs_directory.ts";
import { blsKeyFromSecret, type OperatorBackend, type StepResult } from "../eigenlayer/backend.ts";
import { isOperator, operatorShares } from "../eigenlayer/delegation.ts";
import { M2Backend } from "../eigenlayer/m2.ts";
import { currentStake } from "../eigenlayer/registries.ts";
import type { RegistrationStatus } from "../eigenlayer/registry_coordinator.ts";
import * as strategies from "../eigenlayer/strategies.ts";
import { isFrozen as avsIsFrozen } from "./service_manager.ts";
import type { OperatorContracts } from "./operator_contracts.ts";

export { quorumsOfBitmap } from "../eigenlayer/quorums.ts";
export type { StepResult } from "../eigenlayer/backend.ts";

const log = getLogger("operator.registration");

/** Chain access and addresses for the registration steps. */
export type RegistrationContext = {
  publicClient: PublicClient<Transport, Chain>;
  walletClient: WalletClient<Transport, Chain, Account>;
  contracts: OperatorContracts;
  /** The EigenLayer flavour (default: {@link M2Backend} over the clients above). */
  backend?: OperatorBackend;
};

/** RegistryCoordinator operator status. */
export type AvsRegistrationStatus = RegistrationStatus;

function backendOf(ctx: RegistrationContext): OperatorBackend {
  return ctx.backend ?? new M2Backend({
    client: ctx.publicClient,
    sender: { publicClient: ctx.publicClient, walletClient: ctx.walletClient },
    contracts: ctx.contracts,
  });
}

function operatorOf(ctx: RegistrationContext): Address {
  return ctx.walletClient.account.address;
}

/**
 * Registers the sender as an EigenLayer operator (delegation approver = itself, opt-out window
 * 0, empty metadata URI), unless it already is one.
 */
export function registerAsEigenLayerOperator(
  ctx: RegistrationContext,
  opts: { metadataURI?: string } = {},
): Promise<StepResult> {
  return backendOf(ctx).registerAsOperator(opts);
}

/**
 * Deposits `amount` of the strategy's underlying token: mints the shortfall (the devnet token is
 * an ERC20Mock with a public `mint`), approves the StrategyManager, deposits. With
 * `skipIfDeposited` (startup) nothing happens when the operator already holds shares.
 */
export async function depositIntoStrategy(
  ctx: RegistrationContext,
  opts: { strategy?: Address; amount: bigint; skipIfDeposited?: boolean; mint?: boolean },
): Promise<StepResult> {
  if (opts.amount <= 0n) throw new Error(`deposit amount must be positive, got ${opts.amount}`);
  const op = operatorOf(ctx);
  const client = ctx.publicClient;
  const strategy = opts.strategy ?? ctx.contracts.strategy;
  if (opts.skipIfDeposited) {
    const shares = await strategies.strategyShares(client, strategy, op);
    if (shares > 0n) return { status: "skipped", reason: `already holds ${shares} shares` };
  }
  const token = await strategies.underlyingToken(client, strategy);
  const txHashes: Hex[] = [];
  const balance = await strategies.tokenBalance(client, token, op);
  if (balance < opts.amount) {
    if (opts.mint === false) {
      throw new Error(
        `balance ${balance} of token ${token} is below the deposit amount ${opts.amount}`,
      );
    }
    const r = await strategies.mintMockToken(ctx, token, op, opts.amount - balance);
    txHashes.push(r.transactionHash);
  }
  const sm = ctx.contracts.strategyManager;
  if (await strategies.tokenAllowance(client, token, op, sm) < opts.amount) {
    txHashes.push((await strategies.approveToken(ctx, token, sm, opts.amount)).transactionHash);
  }
  const r = await strategies.depositIntoStrategy(ctx, ctx.contracts, strategy, token, opts.amount);
  txHashes.push(r.transactionHash);
  log.info("deposited {amount} of {token} into strategy {strategy}", {
    amount: opts.amount,
    token,
    strategy,
  });
  return { status: "done", txHashes, detail: `deposited ${opts.amount}` };
}

async function isFrozen(
  client: ReadClient,
  contracts: OperatorContracts,
  op: Address,
): Promise<boolean | undefined> {
  try {
    return await avsIsFrozen(client, contracts, op);
  } catch {
    return undefined; // a ServiceManager without freezing
  }
}

/**
 * Registers with the AVS for `quorumNumbers` (only those not yet joined). Refuses a BLS key other
 * than the registered one, and an operator the AVS froze.
 */
export async function registerOperatorWithAvs(
  ctx: RegistrationContext,
  opts: {
    blsPrivateKey: bigint;
    quorumNumbers: readonly number[];
    socket?: string;
    expirySeconds?: bigint;
  },
): Promise<StepResult> {
  const backend = backendOf(ctx);
  const op = operatorOf(ctx);
  const blsKey = blsKeyFromSecret(opts.blsPrivateKey);
  const current = await backend.status(op);
  const wanted = current.status === "REGISTERED"
    ? opts.quorumNumbers.filter((q) => !current.quorums.includes(q))
    : opts.quorumNumbers;
  // Joining something new: a frozen operator may not (the backend checks keys and quorums).
  if (
    wanted.length > 0 &&
    (!current.operatorId || current.operatorId.toLowerCase() === blsKey.operatorId.toLowerCase()) &&
    await isFrozen(ctx.publicClient, ctx.contracts, op)
  ) {
    throw new Error(`operator ${op} is frozen by the AVS and cannot register again`);
  }
  return backend.register({
    blsKey,
    quorumNumbers: opts.quorumNumbers,
    socket: opts.socket,
    expirySeconds: opts.expirySeconds,
  });
}

/**
 * Deregisters from `quorumNumbers` (default: every quorum the operator is in). Skipped when the
 * operator is not registered or in none of them.
 */
export function deregisterOperatorFromAvs(
  ctx: RegistrationContext,
  opts: { quorumNumbers?: readonly number[] } = {},
): Promise<StepResult> {
  return backendOf(ctx).deregister(opts);
}

/** Everything `print-operator-status` shows. bigints are decimal strings (JSON-ready). */
export type OperatorStatus = {
  address: Address;
  eigenLayerOperator: boolean;
  strategy: Address;
  strategyShares: string;
  delegatedShares: string;
  avsStatus: AvsRegistrationStatus;
  registeredWithAvs: boolean;
  avsDirectoryRegistered: boolean;
  operatorId: Hex;
  pubkeysRegistered: boolean;
  quorums: number[];
  stakes: { quorumNumber: number; stake: string }[];
  frozen: boolean | null;
  /** From the local BLS key, when given. */
  blsKey?: {
    operatorId: Hex;
    g1Pubkey: { X: string; Y: string };
    g2Pubkey: { X: [string, string]; Y: [string, string] };
    matchesChain: boolean | null;
  };
};

/** Reads the operator's full status from chain (no transactions). */
export async function getOperatorStatus(
  ctx: Omit<RegistrationContext, "walletClient"> & { operator: Address },
  opts: { blsPrivateKey?: bigint } = {},
): Promise<OperatorStatus> {
  const op = ctx.operator;
  const c = ctx.contracts;
  const client = ctx.publicClient;
  const backend = ctx.backend ?? new M2Backend({ client, contracts: c });
  const [isOp, strategyShares, delegatedShares, registration, dirStatus, frozen] = await Promise
    .all([
      isOperator(client, c, op),
      strategies.strategyShares(client, c.strategy, op),
      operatorShares(client, c, op, c.strategy),
      backend.status(op),
      avsOperatorStatus(client, c, c.serviceManager, op),
      isFrozen(client, c, op),
    ]);
  const id = registration.operatorId ?? `0x${"0".repeat(64)}`;
  const stakes = await Promise.all(registration.quorums.map(async (q) => ({
    quorumNumber: q,
    stake: (await currentStake(client, c, id, q)).toString(),
  })));
  const status: OperatorStatus = {
    address: op,
    eigenLayerOperator: isOp,
    strategy: c.strategy,
    strategyShares: strategyShares.toString(),
    delegatedShares: delegatedShares.toString(),
    avsStatus: registration.status,
    registeredWithAvs: registration.status === "REGISTERED",
    avsDirectoryRegistered: dirStatus === "REGISTERED",
    operatorId: id,
    pubkeysRegistered: registration.operatorId !== undefined,
    quorums: registration.quorums,
    stakes,
    frozen: frozen ?? null,
  };
  if (opts.blsPrivateKey !== undefined) {
    const g1: G1Point = g1PublicKey(opts.blsPrivateKey);
    const g2: G2Point = g2PublicKey(opts.blsPrivateKey);
    const localId = operatorId(g1);
    status.blsKey = {
      operatorId: localId,
      g1Pubkey: { X: g1.X.toString(), Y: g1.Y.toString() },
      g2Pubkey: {
        X: [g2.X[0].toString(), g2.X[1].toString()],
        Y: [g2.Y[0].toString(), g2.Y[1].toString()],
      },
      matchesChain: status.pubkeysRegistered ? localId.toLowerCase() === id.toLowerCase() : null,
    };
  }
  return status;
}

/** Result of {@link registerOnStartup}: one entry per step. */
export type StartupRegistration = { eigenLayer: StepResult; deposit: StepResult; avs: StepResult };

/**
 * The operator's `register_operator_on_startup` sequence: EigenLayer registration, a first
 * deposit (skipped when shares exist, so restarts never deposit again), AVS registration.
 */
export async function registerOnStartup(
  ctx: RegistrationContext,
  opts: {
    blsPrivateKey: bigint;
    quorumNumbers: readonly number[];
    socket?: string;
    depositAmount: bigint;
  },
): Promise<StartupRegistration> {
  const eigenLayer = await registerAsEigenLayerOperator(ctx);
  const deposit = await depositIntoStrategy(ctx, {
    amount: opts.depositAmount,
    skipIfDeposited: true,
  });
  const avs = await registerOperatorWithAvs(ctx, opts);
  for (const [name, r] of Object.entries({ eigenLayer, deposit, avs })) {
    if (r.status === "skipped") {
      log.info("registration step {step} skipped: {reason}", { step: name, reason: r.reason });
    }
  }
  return { eigenLayer, deposit, avs };
}
