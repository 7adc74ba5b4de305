/**
 * Operator registration steps, each idempotent (it checks chain state first and skips what is
 * already done), shared by the operator's startup and the CLI:
 *
 * 1. {@link registerAsEigenLayerOperator}: `DelegationManager.registerAsOperator`;
 * 2. {@link depositIntoStrategy}: mint the mock token if needed, approve, deposit;
 * 3. {@link registerOperatorWithAvs}: `RegistryCoordinator.registerOperator` with the BLS proof of
 *    possession (the contract's `pubkeyRegistrationMessageHash`, multiplied by the BLS secret) and
 *    the ECDSA signature of the AVSDirectory's own registration digest;
 * plus {@link deregisterOperatorFromAvs} and {@link getOperatorStatus}.
 *
 * @module
 */
import {
  type Account,
  type Address,
  type Chain,
  type Hex,
  type PublicClient,
  toHex,
  type Transport,
  type WalletClient,
} from "viem";
import * as abi from "../chain/abi/mod.ts";
import { readContract, sendContractTx } from "../chain/tx.ts";
import {
  type G1Point,
  g1PublicKey,
  type G2Point,
  g2PublicKey,
  operatorId,
  signG1Point,
} from "../bls/mod.ts";
import { getLogger } from "../log/mod.ts";
import { quorumNumbersToBytes } from "../task/mod.ts";
import type { OperatorContracts } from "./contracts.ts";

const log = getLogger("operator.registration");

/** Chain access and addresses for the registration steps. */
export type RegistrationContext = {
  publicClient: PublicClient<Transport, Chain>;
  walletClient: WalletClient<Transport, Chain, Account>;
  contracts: OperatorContracts;
};

/** Outcome of one step: `done` = a transaction was sent, `skipped` = nothing to do. */
export type StepResult =
  | { status: "done"; txHashes: Hex[]; detail?: string }
  | { status: "skipped"; reason: string };

/** RegistryCoordinator operator status. */
export type AvsRegistrationStatus = "NEVER_REGISTERED" | "REGISTERED" | "DEREGISTERED";
const STATUS_NAMES: AvsRegistrationStatus[] = ["NEVER_REGISTERED", "REGISTERED", "DEREGISTERED"];

function operatorOf(ctx: RegistrationContext): Address {
  return ctx.walletClient.account.address;
}

function send(
  ctx: RegistrationContext,
  address: Address,
  contractAbi: readonly unknown[],
  fn: string,
  args: unknown[],
) {
  return sendContractTx({
    publicClient: ctx.publicClient,
    walletClient: ctx.walletClient,
    address,
    abi: contractAbi,
    functionName: fn,
    args,
  });
}

function read<T>(
  ctx: RegistrationContext,
  address: Address,
  contractAbi: readonly unknown[],
  fn: string,
  args: unknown[] = [],
) {
  return readContract<T>(ctx.publicClient, address, contractAbi, fn, args);
}

/**
 * Registers the sender as an EigenLayer operator (delegation approver = itself, opt-out window
 * 0, empty metadata URI), unless `isOperator` already says so.
 */
export async function registerAsEigenLayerOperator(
  ctx: RegistrationContext,
  opts: { metadataURI?: string } = {},
): Promise<StepResult> {
  const op = operatorOf(ctx);
  const dm = ctx.contracts.delegationManager;
  if (await read<boolean>(ctx, dm, abi.delegationManagerAbi, "isOperator", [op])) {
    return { status: "skipped", reason: "already an EigenLayer operator" };
  }
  const receipt = await send(ctx, dm, abi.delegationManagerAbi, "registerAsOperator", [
    { __deprecated_earningsReceiver: op, delegationApprover: op, stakerOptOutWindowBlocks: 0 },
    opts.metadataURI ?? "",
  ]);
  log.info("registered {operator} as an EigenLayer operator", { operator: op });
  return { status: "done", txHashes: [receipt.transactionHash] };
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
  const strategy = opts.strategy ?? ctx.contracts.strategy;
  if (opts.skipIfDeposited) {
    const shares = await read<bigint>(ctx, strategy, abi.strategyBaseAbi, "shares", [op]);
    if (shares > 0n) return { status: "skipped", reason: `already holds ${shares} shares` };
  }
  const token = await read<Address>(ctx, strategy, abi.strategyBaseAbi, "underlyingToken");
  const txHashes: Hex[] = [];
  const balance = await read<bigint>(ctx, token, abi.erc20MockAbi, "balanceOf", [op]);
  if (balance < opts.amount) {
    if (opts.mint === false) {
      throw new Error(
        `balance ${balance} of token ${token} is below the deposit amount ${opts.amount}`,
      );
    }
    const r = await send(ctx, token, abi.erc20MockAbi, "mint", [op, opts.amount - balance]);
    txHashes.push(r.transactionHash);
  }
  const sm = ctx.contracts.strategyManager;
  const allowance = await read<bigint>(ctx, token, abi.erc20MockAbi, "allowance", [op, sm]);
  if (allowance < opts.amount) {
    txHashes.push(
      (await send(ctx, token, abi.erc20MockAbi, "approve", [sm, opts.amount])).transactionHash,
    );
  }
  const r = await send(ctx, sm, abi.strategyManagerAbi, "depositIntoStrategy", [
    strategy,
    token,
    opts.amount,
  ]);
  txHashes.push(r.transactionHash);
  log.info("deposited {amount} of {token} into strategy {strategy}", {
    amount: opts.amount,
    token,
    strategy,
  });
  return { status: "done", txHashes, detail: `deposited ${opts.amount}` };
}

/** Quorums set in a bitmap, ascending. */
export function quorumsOfBitmap(bitmap: bigint): number[] {
  const out: number[] = [];
  for (let q = 0; q < 192; q++) if ((bitmap >> BigInt(q)) & 1n) out.push(q);
  return out;
}

async function isFrozen(ctx: RegistrationContext, op: Address): Promise<boolean | undefined> {
  try {
    return await read<boolean>(
      ctx,
      ctx.contracts.serviceManager,
      abi.incredibleSquaringServiceManagerAbi,
      "isFrozen",
      [op],
    );
  } catch {
    return undefined; // a ServiceManager without freezing
  }
}

/**
 * Registers with the AVS for `quorumNumbers` (only those not yet joined). Uses the contracts'
 * own digest views: the BLS proof of possession signs `pubkeyRegistrationMessageHash(operator)`,
 * the ECDSA signature covers `calculateOperatorAVSRegistrationDigestHash(operator, serviceManager,
 * salt, expiry)`.
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
  const op = operatorOf(ctx);
  const rc = ctx.contracts.registryCoordinator;
  const pkG1 = g1PublicKey(opts.blsPrivateKey);
  const expectedId = operatorId(pkG1);
  const status = STATUS_NAMES[
    Number(await read<number>(ctx, rc, abi.registryCoordinatorAbi, "getOperatorStatus", [op]))
  ];
  const onChainId = await read<Hex>(ctx, rc, abi.registryCoordinatorAbi, "getOperatorId", [op]);
  if (onChainId !== `0x${"0".repeat(64)}` && onChainId.toLowerCase() !== expectedId.toLowerCase()) {
    throw new Error(
      `operator ${op} is registered with BLS operatorId ${onChainId}, but the configured BLS key has ` +
        `operatorId ${expectedId} (the BLS key cannot be rotated)`,
    );
  }
  let wanted = [...opts.quorumNumbers];
  if (status === "REGISTERED") {
    const bitmap = await read<bigint>(
      ctx,
      rc,
      abi.registryCoordinatorAbi,
      "getCurrentQuorumBitmap",
      [onChainId],
    );
    const joined = quorumsOfBitmap(bitmap);
    wanted = wanted.filter((q) => !joined.includes(q));
    if (wanted.length === 0) {
      return { status: "skipped", reason: `already registered for quorums ${joined.join(",")}` };
    }
  }
  if (await isFrozen(ctx, op)) {
    throw new Error(`operator ${op} is frozen by the AVS and cannot register again`);
  }
  const messageHash = await read<G1Point>(
    ctx,
    rc,
    abi.registryCoordinatorAbi,
    "pubkeyRegistrationMessageHash",
    [op],
  );
  const params = {
    pubkeyRegistrationSignature: signG1Point(opts.blsPrivateKey, {
      X: messageHash.X,
      Y: messageHash.Y,
    }),
    pubkeyG1: pkG1,
    pubkeyG2: g2PublicKey(opts.blsPrivateKey),
  };
  const salt = toHex(crypto.getRandomValues(new Uint8Array(32)));
  const block = await ctx.publicClient.getBlock({ blockTag: "latest" });
  const expiry = block.timestamp + (opts.expirySeconds ?? 3600n);
  const digest = await read<Hex>(
    ctx,
    ctx.contracts.avsDirectory,
    abi.avsDirectoryAbi,
    "calculateOperatorAVSRegistrationDigestHash",
    [
      op,
      ctx.contracts.serviceManager,
      salt,
      expiry,
    ],
  );
  const account = ctx.walletClient.account;
  if (!account.sign) throw new Error("the operator account cannot sign raw digests");
  const signature = await account.sign({ hash: digest });
  const receipt = await send(ctx, rc, abi.registryCoordinatorAbi, "registerOperator", [
    quorumNumbersToBytes(wanted),
    opts.socket ?? "Not Needed",
    params,
    { signature, salt, expiry },
  ]);
  log.info("registered {operator} with the AVS for quorums {quorums} (operatorId {operatorId})", {
    operator: op,
    quorums: wanted.join(","),
    operatorId: expectedId,
  });
  return {
    status: "done",
    txHashes: [receipt.transactionHash],
    detail: `quorums ${wanted.join(",")}`,
  };
}

/**
 * Deregisters from `quorumNumbers` (default: every quorum the operator is in). Skipped when the
 * operator is not registered or in none of them.
 */
export async function deregisterOperatorFromAvs(
  ctx: RegistrationContext,
  opts: { quorumNumbers?: readonly number[] } = {},
): Promise<StepResult> {
  const op = operatorOf(ctx);
  const rc = ctx.contracts.registryCoordinator;
  const status = STATUS_NAMES[
    Number(await read<number>(ctx, rc, abi.registryCoordinatorAbi, "getOperatorStatus", [op]))
  ];
  if (status !== "REGISTERED") return { status: "skipped", reason: `operator status is ${status}` };
  const id = await read<Hex>(ctx, rc, abi.registryCoordinatorAbi, "getOperatorId", [op]);
  const joined = quorumsOfBitmap(
    await read<bigint>(ctx, rc, abi.registryCoordinatorAbi, "getCurrentQuorumBitmap", [id]),
  );
  const quorums = opts.quorumNumbers
    ? joined.filter((q) => opts.quorumNumbers!.includes(q))
    : joined;
  if (quorums.length === 0) return { status: "skipped", reason: "not registered in those quorums" };
  const receipt = await send(ctx, rc, abi.registryCoordinatorAbi, "deregisterOperator", [
    quorumNumbersToBytes(quorums),
  ]);
  log.info("deregistered {operator} from quorums {quorums}", {
    operator: op,
    quorums: quorums.join(","),
  });
  return {
    status: "done",
    txHashes: [receipt.transactionHash],
    detail: `quorums ${quorums.join(",")}`,
  };
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
  const c = {
    ...ctx,
    walletClient: undefined as unknown as WalletClient<Transport, Chain, Account>,
  };
  const op = ctx.operator;
  const rc = ctx.contracts.registryCoordinator;
  const [isOp, strategyShares, delegatedShares, statusNum, id, dirStatus] = await Promise.all([
    read<boolean>(c, ctx.contracts.delegationManager, abi.delegationManagerAbi, "isOperator", [op]),
    read<bigint>(c, ctx.contracts.strategy, abi.strategyBaseAbi, "shares", [op]),
    read<bigint>(c, ctx.contracts.delegationManager, abi.delegationManagerAbi, "operatorShares", [
      op,
      ctx.contracts.strategy,
    ]),
    read<number>(c, rc, abi.registryCoordinatorAbi, "getOperatorStatus", [op]),
    read<Hex>(c, rc, abi.registryCoordinatorAbi, "getOperatorId", [op]),
    read<number>(c, ctx.contracts.avsDirectory, abi.avsDirectoryAbi, "avsOperatorStatus", [
      ctx.contracts.serviceManager,
      op,
    ]),
  ]);
  const pubkeysRegistered = id !== `0x${"0".repeat(64)}`;
  const quorums = pubkeysRegistered
    ? quorumsOfBitmap(
      await read<bigint>(c, rc, abi.registryCoordinatorAbi, "getCurrentQuorumBitmap", [id]),
    )
    : [];
  const stakes = await Promise.all(quorums.map(async (q) => ({
    quorumNumber: q,
    stake:
      (await read<bigint>(c, ctx.contracts.stakeRegistry, abi.stakeRegistryAbi, "getCurrentStake", [
        id,
        q,
      ])).toString(),
  })));
  const avsStatus = STATUS_NAMES[Number(statusNum)] ?? "NEVER_REGISTERED";
  const status: OperatorStatus = {
    address: op,
    eigenLayerOperator: isOp,
    strategy: ctx.contracts.strategy,
    strategyShares: strategyShares.toString(),
    delegatedShares: delegatedShares.toString(),
    avsStatus,
    registeredWithAvs: avsStatus === "REGISTERED",
    avsDirectoryRegistered: Number(dirStatus) === 1,
    operatorId: id,
    pubkeysRegistered,
    quorums,
    stakes,
    frozen: (await isFrozen(c, op)) ?? null,
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
      matchesChain: pubkeysRegistered ? localId.toLowerCase() === id.toLowerCase() : null,
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
