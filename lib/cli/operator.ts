/**
 * The upstream CLI's operator commands, on the idempotent registration steps of
 * `lib/operator/registration.ts`: each reads the operator config (global `--config`), the
 * keystores (passwords from the environment) and the deployment, then runs one step.
 */
import { Command, InvalidArgumentError } from "commander";
import type { Address } from "viem";
import { loadOperatorConfig, type OperatorConfig } from "../config/operator.ts";
import { createChainClients } from "../chain/clients.ts";
import { loadOperatorKeys } from "../keys/operator_keys.ts";
import { operatorDeploymentHints, resolveOperatorContracts } from "../avs/operator_contracts.ts";
import {
  depositIntoStrategy,
  deregisterOperatorFromAvs,
  getOperatorStatus,
  registerAsEigenLayerOperator,
  registerOperatorWithAvs,
  type RegistrationContext,
  type StepResult,
} from "../avs/registration.ts";
import { operatorSetsContext, resolveEra } from "../avs/slashing_registration.ts";
import type { CliIO } from "./io.ts";
import { operatorSetsStatus } from "./slashing.ts";

/** Dependencies handed in by the program. */
export interface OperatorCommandDeps {
  io: CliIO;
  /** The global `--config` value at action time. */
  configPath: () => string;
  guard: <A extends unknown[]>(
    cmd: Command,
    fn: (...args: A) => Promise<void>,
  ) => (...args: A) => Promise<void>;
}

/** Parses `--amount`: a positive decimal integer (token base units). */
export function parseAmount(raw: string): bigint {
  if (!/^[0-9]+$/.test(raw.trim()) || BigInt(raw.trim()) === 0n) {
    throw new InvalidArgumentError(`expected a positive integer amount, got "${raw}"`);
  }
  return BigInt(raw.trim());
}

/** Parses `--strategy-addr`: a 20-byte hex address. */
export function parseAddress(raw: string): Address {
  if (!/^0x[0-9a-fA-F]{40}$/.test(raw.trim())) {
    throw new InvalidArgumentError(`expected a 0x-prefixed 20-byte address, got "${raw}"`);
  }
  return raw.trim() as Address;
}

interface OperatorContext {
  config: OperatorConfig;
  ctx: RegistrationContext;
  blsPrivateKey: bigint;
  address: Address;
}

async function loadContext(path: string, io: CliIO): Promise<OperatorContext> {
  const config = loadOperatorConfig(path);
  const env: Record<string, string | undefined> = {
    OPERATOR_ECDSA_KEY_PASSWORD: io.env("OPERATOR_ECDSA_KEY_PASSWORD"),
    OPERATOR_BLS_KEY_PASSWORD: io.env("OPERATOR_BLS_KEY_PASSWORD"),
  };
  const keys = await loadOperatorKeys(config, env);
  const clients = await createChainClients({
    rpcUrl: config.eth_rpc_url,
    privateKey: keys.ecdsaPrivateKey,
  });
  // Any deployment format; upstream's config (coordinator address, no file) reads the chain only.
  const deployment = operatorDeploymentHints(
    config.deployment_path,
    config.avs_registry_coordinator_address,
  );
  const contracts = await resolveOperatorContracts(clients.publicClient, deployment, {
    avs_registry_coordinator_address: config.avs_registry_coordinator_address,
    token_strategy_addr: config.token_strategy_addr,
  });
  // On the slashing era the same commands go through the AllocationManager.
  const era = await resolveEra(clients.publicClient, contracts, config.quorum_numbers);
  return {
    config,
    ctx: era.era === "slashing"
      ? operatorSetsContext(clients, era.contracts)
      : { publicClient: clients.publicClient, walletClient: clients.walletClient, contracts },
    blsPrivateKey: keys.blsPrivateKey,
    address: keys.address,
  };
}

function describeStep(what: string, r: StepResult): string {
  return r.status === "done"
    ? `${what}: done (tx ${r.txHashes.join(", ")})${r.detail ? `, ${r.detail}` : ""}\n`
    : `${what}: skipped (${r.reason})\n`;
}

/** The five operator commands. */
export function operatorCommands(d: OperatorCommandDeps): Command[] {
  const passwordsHelp =
    "\nReads the operator config given by the global --config; keystore passwords come from " +
    "OPERATOR_ECDSA_KEY_PASSWORD and OPERATOR_BLS_KEY_PASSWORD.";

  const rel = new Command("register-operator-with-eigenlayer")
    .alias("rel")
    .description("register the operator's address as an EigenLayer operator (DelegationManager)")
    .addHelpText("after", passwordsHelp);
  rel.action(d.guard(rel, async () => {
    const c = await loadContext(d.configPath(), d.io);
    d.io.out(
      describeStep("register-operator-with-eigenlayer", await registerAsEigenLayerOperator(c.ctx)),
    );
  }));

  const dep = new Command("deposit-into-strategy")
    .alias("d")
    .description("mint mock tokens and deposit them into a strategy (StrategyManager)")
    .requiredOption("--strategy-addr <address>", "strategy to deposit into", parseAddress)
    .requiredOption("--amount <n>", "amount in token base units", parseAmount)
    .addHelpText("after", passwordsHelp);
  dep.action(d.guard(dep, async (o: { strategyAddr: Address; amount: bigint }) => {
    const c = await loadContext(d.configPath(), d.io);
    d.io.out(describeStep(
      "deposit-into-strategy",
      await depositIntoStrategy(c.ctx, { strategy: o.strategyAddr, amount: o.amount, mint: true }),
    ));
  }));

  const reg = new Command("register-operator-with-avs")
    .alias("r")
    .description("register with the AVS: BLS key (proof of possession) and the configured quorums")
    .addHelpText("after", passwordsHelp);
  reg.action(d.guard(reg, async () => {
    const c = await loadContext(d.configPath(), d.io);
    d.io.out(describeStep(
      "register-operator-with-avs",
      await registerOperatorWithAvs(c.ctx, {
        blsPrivateKey: c.blsPrivateKey,
        quorumNumbers: c.config.quorum_numbers,
        socket: c.config.socket,
      }),
    ));
  }));

  const dereg = new Command("deregister-operator-with-avs")
    .alias("dr")
    .description("deregister from the AVS quorums given in the config")
    .addHelpText("after", passwordsHelp);
  dereg.action(d.guard(dereg, async () => {
    const c = await loadContext(d.configPath(), d.io);
    d.io.out(describeStep(
      "deregister-operator-with-avs",
      await deregisterOperatorFromAvs(c.ctx, { quorumNumbers: c.config.quorum_numbers }),
    ));
  }));

  const status = new Command("print-operator-status")
    .alias("s")
    .description("print the operator's EigenLayer and AVS status as JSON")
    .addHelpText("after", passwordsHelp);
  status.action(d.guard(status, async () => {
    const c = await loadContext(d.configPath(), d.io);
    const s = await getOperatorStatus(
      {
        publicClient: c.ctx.publicClient,
        contracts: c.ctx.contracts,
        operator: c.address,
        backend: c.ctx.backend,
      },
      { blsPrivateKey: c.blsPrivateKey },
    );
    const slashing = c.ctx.backend?.kind === "operator-sets"
      ? await operatorSetsStatus(
        c.ctx,
        c.ctx.contracts as Parameters<typeof operatorSetsStatus>[1],
        c.address,
        c.config.quorum_numbers,
      )
      : undefined;
    d.io.out(
      JSON.stringify(
        slashing ? { ...s, era: "slashing", ...slashing } : s,
        (_k, v) => typeof v === "bigint" ? v.toString() : v,
        2,
      ) + "\n",
    );
  }));

  return [rel, dep, reg, dereg, status];
}
