/**
 * `faults show <task>` and `faults assign <task>`: a task's fault assignment in the FaultLedger,
 * and walking the rest of it (anyone may; the challenger normally does) — for a challenger that
 * stopped, or a veto committee that wants every request raised before it decides.
 *
 * @module
 */
import { Command, InvalidArgumentError } from "commander";
import type { Address } from "viem";
import { createChainClients, type ReadClient } from "../chain/clients.ts";
import { loadDeployment } from "../chain/deployment.ts";
import { ECDSA_PRIVATE_KEY_ENV } from "../config/aggregator.ts";
import { requireFaultLedger } from "../avs/capabilities.ts";
import {
  assignFaults,
  DEFAULT_FAULT_BATCH,
  type FaultAssignment,
  faultAssignmentInputs,
  faultLedgerOf,
  getFaultAssignment,
} from "../avs/faults.ts";
import { type ChainOptions, chainOptions, type CliIO, senderKeyFromEnv } from "./io.ts";

/** What the commands need from the program. */
export interface FaultCommandDeps {
  io: CliIO;
  guard: <A extends unknown[]>(
    cmd: Command,
    fn: (...args: A) => Promise<void>,
  ) => (...args: A) => Promise<void>;
  configure: (cmd: Command) => Command;
}

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
  const ledgerAt = async (client: ReadClient, tm: Address) => {
    await requireFaultLedger(client, tm);
    return faultLedgerOf(client, { taskManager: tm });
  };

  const group = d.configure(new Command("faults"))
    .description("fault assignments of successful challenges (FaultLedger): show, assign the rest");

  const show = d.configure(chainOptions(new Command("show")))
    .description("show a task's fault assignment")
    .argument("<task>", "task index", parseTaskIndex);
  show.action(d.guard(show, async (taskIndex: number, o: ChainOptions) => {
    const dep = loadDeployment(o.deployment);
    const { publicClient } = await createChainClients({ rpcUrl: o.rpcUrl });
    const ledger = await ledgerAt(publicClient, dep.addresses.incredibleSquaringTaskManager);
    d.io.out(
      describeAssignment(taskIndex, await getFaultAssignment(publicClient, ledger, taskIndex)) +
        "\n",
    );
  }));

  const assign = d.configure(chainOptions(new Command("assign")))
    .description("walk the rest of an open fault assignment, one bounded batch per transaction")
    .argument("<task>", "task index", parseTaskIndex)
    .option("--batch <n>", "quorum-list entries per transaction", parseBatch, DEFAULT_FAULT_BATCH)
    .addHelpText(
      "after",
      `\nThe sender key comes from ${ECDSA_PRIVATE_KEY_ENV} (anyone may assign faults).`,
    );
  assign.action(d.guard(assign, async (taskIndex: number, o: ChainOptions & { batch: number }) => {
    const privateKey = senderKeyFromEnv(d.io);
    const dep = loadDeployment(o.deployment);
    const clients = await createChainClients({
      rpcUrl: o.rpcUrl,
      privateKey,
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
