/**
 * Slashing-era CLI commands: `slashing-requests list|veto|fulfil` (veto with the committee's
 * key), `allocations show|set` and `operator-sets register|deregister` (the operator's config and
 * keystores, like the upstream operator commands). Reverts are explained in plain words
 * (`errors.ts`).
 *
 * @module
 */
import { Command, InvalidArgumentError } from "commander";
import type { Address, Hex } from "viem";
import { createChainClients } from "../chain/clients.ts";
import { loadDeployment } from "../chain/deployment.ts";
import { ECDSA_PRIVATE_KEY_ENV } from "../config/aggregator.ts";
import { loadOperatorConfig, type OperatorConfig } from "../config/operator.ts";
import { loadOperatorKeys } from "../keys/operator_keys.ts";
import { operatorDeploymentHints, resolveOperatorContracts } from "../avs/operator_contracts.ts";
import {
  fulfillSlashingRequest,
  listSlashingRequests,
  slasherOf,
  type SlashingRequestView,
  vetoableSlasherParams,
  vetoSlashingRequest,
} from "../avs/slashing.ts";
import {
  operatorSetsContext,
  resolveEra,
  type SlashingOperatorContracts,
} from "../avs/slashing_registration.ts";
import { registerOperatorWithAvs, type StepResult } from "../avs/registration.ts";
import {
  allocationDelay,
  allocationsToSet,
  ensureAllocation,
  setAllocationDelay,
  stakeInSet,
} from "../eigenlayer/allocations.ts";
import { isMemberOfOperatorSet } from "../eigenlayer/operator_sets.ts";
import type { SigningClients } from "../chain/clients.ts";
import { type ChainOptions, chainOptions, type CliIO, senderKeyFromEnv } from "./io.ts";
import { explained } from "./errors.ts";
import { parseRequestId } from "./freeze.ts";

/** Dependencies handed in by the program (same shape as the operator commands'). */
export interface SlashingCommandDeps {
  io: CliIO;
  configPath: () => string;
  guard: <A extends unknown[]>(
    cmd: Command,
    fn: (...args: A) => Promise<void>,
  ) => (...args: A) => Promise<void>;
  /** Applied to every command and subcommand (output, exit override). */
  configure?: (cmd: Command) => Command;
}

const json = (v: unknown) =>
  JSON.stringify(v, (_k, x) => typeof x === "bigint" ? x.toString() : x, 2) + "\n";

function parseIdArg(raw: string): bigint {
  try {
    return parseRequestId(raw);
  } catch (err) {
    throw new InvalidArgumentError((err as Error).message);
  }
}

/** Parses `--percent`: a number in (0, 100]. */
export function parsePercent(raw: string): number {
  const v = Number(raw);
  if (!Number.isFinite(v) || v <= 0 || v > 100) {
    throw new InvalidArgumentError(`expected a percentage in (0, 100], got "${raw}"`);
  }
  return v;
}

/** Parses `--delay`: whole blocks, 0 .. 2^32-1. */
export function parseBlocks(raw: string): number {
  const v = Number(raw);
  if (!Number.isInteger(v) || v < 0 || v > 2 ** 32 - 1) {
    throw new InvalidArgumentError(`expected a whole number of blocks, got "${raw}"`);
  }
  return v;
}

/** A table of slashing requests (one line each). */
export function formatSlashingTable(rows: readonly SlashingRequestView[]): string {
  if (rows.length === 0) return "no slashing requests";
  const head = ["id", "operator", "set", "wads", "requested", "veto until", "status", "can"];
  const lines = rows.map((r) => [
    r.id.toString(),
    r.operator,
    String(r.operatorSetId),
    r.wadsToSlash.map(String).join(","),
    String(r.requestBlock),
    String(r.vetoDeadlineBlock),
    r.status,
    r.vetoable ? "veto" : r.fulfillable ? "fulfil" : "-",
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  return [head, ...lines].map((l) => l.map((c, i) => c.padEnd(widths[i])).join("  ").trimEnd())
    .join("\n");
}

function describeStep(what: string, r: StepResult): string {
  return r.status === "done"
    ? `${what}: done (tx ${r.txHashes.join(", ") || "none"})${r.detail ? `, ${r.detail}` : ""}\n`
    : `${what}: skipped (${r.reason})\n`;
}

/** The operator's context on a slashing-era deployment (refuses an M2 one). */
async function operatorContext(path: string, io: CliIO): Promise<{
  config: OperatorConfig;
  clients: SigningClients;
  contracts: SlashingOperatorContracts;
  address: Address;
  blsPrivateKey: bigint;
}> {
  const config = loadOperatorConfig(path);
  const keys = await loadOperatorKeys(config, {
    OPERATOR_ECDSA_KEY_PASSWORD: io.env("OPERATOR_ECDSA_KEY_PASSWORD"),
    OPERATOR_BLS_KEY_PASSWORD: io.env("OPERATOR_BLS_KEY_PASSWORD"),
  });
  const clients = await createChainClients({
    rpcUrl: config.eth_rpc_url,
    privateKey: keys.ecdsaPrivateKey,
    pollingInterval: 250,
  });
  const base = await resolveOperatorContracts(
    clients.publicClient,
    operatorDeploymentHints(config.deployment_path, config.avs_registry_coordinator_address),
    {
      avs_registry_coordinator_address: config.avs_registry_coordinator_address,
      token_strategy_addr: config.token_strategy_addr,
    },
  );
  const era = await resolveEra(clients.publicClient, base, config.quorum_numbers);
  if (era.era !== "slashing") {
    await clients.close();
    throw new Error(
      `this deployment runs M2 EigenLayer (${era.reason}): operator sets and allocations do not ` +
        "exist there; use register-operator-with-avs / deregister-operator-with-avs",
    );
  }
  return {
    config,
    clients,
    contracts: era.contracts,
    address: keys.address,
    blsPrivateKey: keys.blsPrivateKey,
  };
}

/** Allocated magnitude, allocated and slashable stake per set, and pending requests. */
export async function operatorSetsStatus(
  clients: Pick<SigningClients, "publicClient">,
  contracts: SlashingOperatorContracts,
  operator: Address,
  operatorSetIds: readonly number[],
) {
  const client = clients.publicClient;
  const delay = await allocationDelay(client, contracts, operator);
  const sets = [];
  for (const id of operatorSetIds) {
    const [member, allocations, stakes] = await Promise.all([
      isMemberOfOperatorSet(client, contracts, operator, id),
      allocationsToSet(client, contracts, operator, id),
      stakeInSet(client, contracts, operator, id),
    ]);
    sets.push({
      operatorSetId: id,
      member,
      strategies: allocations.map((a) => {
        const s = stakes.find((x) => x.strategy === a.strategy);
        return {
          strategy: a.strategy,
          allocatedMagnitude: a.currentMagnitude.toString(),
          pendingDiff: a.pendingDiff.toString(),
          effectBlock: a.effectBlock,
          maxMagnitude: a.maxMagnitude.toString(),
          allocatableMagnitude: a.allocatableMagnitude.toString(),
          allocatedStake: (s?.allocatedStake ?? 0n).toString(),
          slashableStake: (s?.slashableStake ?? 0n).toString(),
        };
      }),
    });
  }
  let pendingSlashingRequests: { id: string; operatorSetId: number; vetoDeadlineBlock: number }[] =
    [];
  try {
    const { slasher, kind } = await slasherOf(client, contracts.serviceManager);
    if (kind === "vetoable") {
      pendingSlashingRequests = (await listSlashingRequests(client, slasher, { operator })).map((
        r,
      ) => ({
        id: r.id.toString(),
        operatorSetId: r.operatorSetId,
        vetoDeadlineBlock: r.vetoDeadlineBlock,
      }));
    }
  } catch {
    // A ServiceManager without a slasher: nothing pending.
  }
  return { allocationDelay: delay, operatorSets: sets, pendingSlashingRequests };
}

/** The slashing-era commands. */
export function slashingCommands(d: SlashingCommandDeps): Command[] {
  const passwordsHelp =
    "\nReads the operator config given by the global --config; keystore passwords come from " +
    "OPERATOR_ECDSA_KEY_PASSWORD and OPERATOR_BLS_KEY_PASSWORD.";
  const withOperator = async <T>(
    fn: (c: Awaited<ReturnType<typeof operatorContext>>) => Promise<T>,
  ): Promise<T> => {
    const c = await operatorContext(d.configPath(), d.io);
    try {
      return await explained(() => fn(c));
    } finally {
      await c.clients.close();
    }
  };

  // --- slashing-requests ---------------------------------------------------------------------
  const requests = new Command("slashing-requests")
    .description(
      "slashing era: list, veto (committee) or fulfil the slashing requests of challenges",
    );
  const slasherFor = async (o: ChainOptions, key?: Hex) => {
    const d0 = loadDeployment(o.deployment);
    const sm = d0.addresses.incredibleSquaringServiceManager as Address;
    const clients = await createChainClients({
      rpcUrl: o.rpcUrl,
      privateKey: key,
      pollingInterval: 250,
    });
    const { slasher, kind } = await explained(() => slasherOf(clients.publicClient, sm)).catch(
      () => {
        throw new Error(
          `${sm} is not a slashing-era ServiceManager (M2 deployments use freeze-requests)`,
        );
      },
    );
    if (kind !== "vetoable") {
      throw new Error(
        "NotVetoableSlasher: this AVS slashes instantly; there are no requests to veto or fulfil",
      );
    }
    return { clients, sm, slasher };
  };
  const list = chainOptions(new Command("list"))
    .description("list pending slashing requests (all with --all)")
    .option("--all", "include vetoed and fulfilled requests")
    .option("--json", "print JSON instead of a table");
  list.action(d.guard(list, async (o: {
    rpcUrl: string;
    deployment: string;
    all?: boolean;
    json?: boolean;
  }) => {
    const { clients, slasher } = await slasherFor(o);
    try {
      const rows = await listSlashingRequests(clients.publicClient, slasher, { all: o.all });
      d.io.out(o.json ? json(rows) : formatSlashingTable(rows) + "\n");
    } finally {
      await clients.close();
    }
  }));

  const veto = chainOptions(new Command("veto"))
    .description("veto (cancel) a slashing request inside its veto window: the committee only")
    .argument("<id>", "slashing request id", parseIdArg)
    .addHelpText("after", `\nThe committee's key comes from ${ECDSA_PRIVATE_KEY_ENV}.`);
  veto.action(d.guard(veto, async (id: bigint, o: ChainOptions) => {
    const { clients, slasher } = await slasherFor(o, senderKeyFromEnv(d.io));
    try {
      const { vetoCommittee } = await vetoableSlasherParams(clients.publicClient, slasher);
      if (vetoCommittee.toLowerCase() !== clients.walletClient!.account.address.toLowerCase()) {
        throw new Error(
          `OnlyVetoCommittee: ${clients.walletClient!.account.address} is not the veto committee ` +
            `(${vetoCommittee}); set ${ECDSA_PRIVATE_KEY_ENV} to the committee's key`,
        );
      }
      const tx = await explained(() => vetoSlashingRequest(clients as SigningClients, slasher, id));
      d.io.out(`vetoed slashing request ${id} (tx ${tx})\n`);
    } finally {
      await clients.close();
    }
  }));

  const fulfil = chainOptions(new Command("fulfil"))
    .alias("fulfill")
    .description("fulfil a slashing request whose veto window passed: the operator is slashed")
    .argument("<id>", "slashing request id", parseIdArg)
    .addHelpText(
      "after",
      `\nAnyone may fulfil; the sender key comes from ${ECDSA_PRIVATE_KEY_ENV}.`,
    );
  fulfil.action(d.guard(fulfil, async (id: bigint, o: ChainOptions) => {
    const { clients, sm } = await slasherFor(o, senderKeyFromEnv(d.io));
    try {
      const r = await explained(() => fulfillSlashingRequest(clients as SigningClients, sm, id));
      const amount = r.slashed.map((s) => `${s.shares} shares of ${s.strategy}`).join(", ") ||
        "nothing";
      d.io.out(`fulfilled slashing request ${id}: slashed ${amount} (tx ${r.txHash})\n`);
    } finally {
      await clients.close();
    }
  }));
  requests.addCommand(list).addCommand(veto).addCommand(fulfil);

  // --- allocations ---------------------------------------------------------------------------
  const allocations = new Command("allocations")
    .description("slashing era: the operator's allocations to the AVS's operator sets");
  const show = new Command("show")
    .description("allocated magnitude, allocated and slashable stake per operator set (JSON)")
    .addHelpText("after", passwordsHelp);
  show.action(d.guard(show, () =>
    withOperator(async (c) => {
      d.io.out(json(
        await operatorSetsStatus(c.clients, c.contracts, c.address, c.config.quorum_numbers),
      ));
    })));
  const set = new Command("set")
    .description("set the allocation delay and/or allocate a share of the magnitude to each set")
    .option("--percent <p>", "share of the magnitude per operator set (0-100]", parsePercent)
    .option("--delay <blocks>", "new allocation delay in blocks", parseBlocks)
    .addHelpText("after", passwordsHelp);
  set.action(d.guard(set, (o: { percent?: number; delay?: number }) =>
    withOperator(async (c) => {
      if (o.percent === undefined && o.delay === undefined) {
        throw new Error("nothing to set: give --percent and/or --delay");
      }
      if (o.delay !== undefined) {
        d.io.out(describeStep(
          "allocation delay",
          await setAllocationDelay(c.clients, c.contracts, o.delay),
        ));
      }
      if (o.percent !== undefined) {
        d.io.out(describeStep(
          "allocation",
          await ensureAllocation(c.clients, c.contracts, {
            operatorSetIds: c.config.quorum_numbers,
            fraction: o.percent / 100,
          }),
        ));
      }
    })));
  allocations.addCommand(show).addCommand(set);

  // --- operator-sets -------------------------------------------------------------------------
  const sets = new Command("operator-sets")
    .description("slashing era: join or leave the AVS's operator sets (quorum_numbers)");
  const register = new Command("register")
    .description("registerForOperatorSets with the BLS proof of possession and the socket")
    .addHelpText("after", passwordsHelp);
  register.action(d.guard(register, () =>
    withOperator(async (c) => {
      const ctx = operatorSetsContext(c.clients, c.contracts);
      d.io.out(describeStep(
        "operator-sets register",
        await registerOperatorWithAvs(ctx, {
          blsPrivateKey: c.blsPrivateKey,
          quorumNumbers: c.config.quorum_numbers,
          socket: c.config.socket,
        }),
      ));
    })));
  const deregister = new Command("deregister")
    .description("deregisterFromOperatorSets for the configured sets")
    .addHelpText("after", passwordsHelp);
  deregister.action(d.guard(deregister, () =>
    withOperator(async (c) => {
      const ctx = operatorSetsContext(c.clients, c.contracts);
      d.io.out(describeStep(
        "operator-sets deregister",
        await ctx.backend.deregister({ quorumNumbers: c.config.quorum_numbers }),
      ));
    })));
  sets.addCommand(register).addCommand(deregister);

  const all = [requests, allocations, sets];
  const configureAll = (cmd: Command) => {
    d.configure?.(cmd);
    cmd.commands.forEach(configureAll);
  };
  all.forEach(configureAll);
  return all;
}
