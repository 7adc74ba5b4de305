/**
 * `faults show <task>` and `faults assign <task>`: a task's fault assignment in the FaultLedger,
 * and walking the rest of it (anyone may; the challenger normally does) — for a challenger that
 * stopped, or a veto committee that wants every request raised before it decides.
 *
 * @module
 */
import { Command, InvalidArgumentError } from "commander";
import type { Address, Hex } from "viem";
import { createChainClients, type ReadClient } from "../chain/clients.ts";
import { loadDeployment } from "../chain/deployment.ts";
import { DEFAULT_DEPLOYMENT_PATH } from "../config/mod.ts";
import { ECDSA_PRIVATE_KEY_ENV } from "../config/aggregator.ts";
import { CAPABILITY_MARKERS, codeHas, effectiveCode } from "../avs/capabilities.ts";
import {
  assignFaults,
  DEFAULT_FAULT_BATCH,
  type FaultAssignment,
  faultAssignmentInputs,
  faultLedgerOf,
  getFaultAssignment,
} from "../avs/faults.ts";
import type { CliIO } from "./io.ts";

/** What the commands need from the program. */
export interface FaultCommandDeps {
  io: CliIO;
  guard: <A extends unknown[]>(
    cmd: Command,
    fn: (...args: A) => Promise<void>,
  ) => (...args: A) => Promise<void>;
  configure: (cmd: Command) => Command;
}

type Common = { rpcUrl: string; deployment: string };

/** Parses a task index argument. */
export function parseTaskIndex(raw: string): number {
  const v = Number(raw.trim());
  if (!/^[0-9]+$/.test(raw.trim()) || v > 0xffff_ffff) {
    throw new InvalidArgumentError(
      `task index must be an integer from 0 to 4294967295, got "${raw}"`,
    );
  }
  return v;
}

/** Parses `--batch`: quorum-list entries per transaction. */
export function parseBatch(raw: string): number {
  const v = Number(raw.trim());
  if (!/^[0-9]+$/.test(raw.trim()) || v < 1 || v > 1000) {
    throw new InvalidArgumentError(`--batch must be an integer from 1 to 1000, got "${raw}"`);
  }
  return v;
}

/** One line describing an assignment. */
export function describeAssignment(taskIndex: number, a: FaultAssignment): string {
  if (!a.open && a.operatorsAtFault === 0 && a.quorumCursor === 0) {
    return `task ${taskIndex}: no fault assignment (never successfully challenged, or only the aggregator was at fault)`;
  }
  const where = a.open
    ? `open at quorum position ${a.quorumCursor}, list index ${a.indexCursor}`
    : "complete";
  return `task ${taskIndex}: ${
    a.reason.replace("_", " ")
  }, ${a.operatorsAtFault} operator(s) held at fault so far, ${where}`;
}

/** The `faults` command group. */
export function faultCommands(d: FaultCommandDeps): Command {
  const common = (cmd: Command) =>
    cmd
      .option("--rpc-url <url>", "JSON-RPC endpoint", "http://localhost:8545")
      .option("--deployment <file>", "deployment JSON", DEFAULT_DEPLOYMENT_PATH);
  const ledgerAt = async (client: ReadClient, tm: Address) => {
    if (!codeHas(await effectiveCode(client, tm), CAPABILITY_MARKERS.faultLedger.push)) {
      throw new Error(
        `the TaskManager at ${tm} has no faultLedger(): its challenges hold every operator at fault at once (upstream's contracts, or an older deployment)`,
      );
    }
    return faultLedgerOf(client, { taskManager: tm });
  };

  const group = d.configure(new Command("faults"))
    .description("fault assignments of successful challenges (FaultLedger): show, assign the rest");

  const show = d.configure(common(new Command("show")))
    .description("show a task's fault assignment")
    .argument("<task>", "task index", parseTaskIndex);
  show.action(d.guard(show, async (taskIndex: number, o: Common) => {
    const dep = loadDeployment(o.deployment);
    const { publicClient } = await createChainClients({ rpcUrl: o.rpcUrl });
    const ledger = await ledgerAt(publicClient, dep.addresses.incredibleSquaringTaskManager);
    d.io.out(
      describeAssignment(taskIndex, await getFaultAssignment(publicClient, ledger, taskIndex)) +
        "\n",
    );
  }));

  const assign = d.configure(common(new Command("assign")))
    .description("walk the rest of an open fault assignment, one bounded batch per transaction")
    .argument("<task>", "task index", parseTaskIndex)
    .option("--batch <n>", "quorum-list entries per transaction", parseBatch, DEFAULT_FAULT_BATCH)
    .addHelpText(
      "after",
      `\nThe sender key comes from ${ECDSA_PRIVATE_KEY_ENV} (anyone may assign faults).`,
    );
  assign.action(d.guard(assign, async (taskIndex: number, o: Common & { batch: number }) => {
    const key = d.io.env(ECDSA_PRIVATE_KEY_ENV);
    if (!key || !/^(0x)?[0-9a-fA-F]{64}$/.test(key)) {
      throw new Error(`${ECDSA_PRIVATE_KEY_ENV} must hold the sender's 32-byte hex private key`);
    }
    const dep = loadDeployment(o.deployment);
    const clients = await createChainClients({
      rpcUrl: o.rpcUrl,
      privateKey: (key.startsWith("0x") ? key : `0x${key}`) as Hex,
      pollingInterval: 250,
    });
    const tm = { taskManager: dep.addresses.incredibleSquaringTaskManager };
    const ledger = await ledgerAt(clients.publicClient, tm.taskManager);
    const inputs = await faultAssignmentInputs(
      clients.publicClient,
      tm,
      ledger,
      taskIndex,
      BigInt(dep.deployedAtBlock),
    );
    if (!inputs.assignment.open) {
      throw new Error(`${describeAssignment(taskIndex, inputs.assignment)}: nothing to assign`);
    }
    let total = 0;
    for (let done = false; !done;) {
      const r = await assignFaults(clients, ledger, {
        taskIndex,
        task: inputs.task,
        nonSignerIds: inputs.nonSignerIds,
        maxEntries: o.batch,
      });
      total += r.operators.length;
      done = r.done;
      d.io.out(
        `${r.operators.length} operator(s) held at fault in tx ${r.receipt.transactionHash} (${r.receipt.gasUsed} gas)${
          done ? "" : "; continuing"
        }\n`,
      );
    }
    const final = await getFaultAssignment(clients.publicClient, ledger, taskIndex);
    d.io.out(`${describeAssignment(taskIndex, final)} (${total} in this run)\n`);
  }));

  group.addCommand(show);
  group.addCommand(assign);
  return group;
}
