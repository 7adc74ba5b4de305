/**
 * The live task summary of `deno task start`: follows the AVS contracts' events and prints one
 * line per task state change (created, responded with signer count, challenged, frozen).
 */
import type { Abi, Address, Chain, PublicClient, Transport } from "viem";
import {
  incredibleSquaringServiceManagerAbi,
  incredibleSquaringTaskManagerAbi,
  operatorStateRetrieverAbi,
} from "../chain/abi/mod.ts";
import { pollLogs } from "../chain/poll_logs.ts";
import { slashedSharesIn, slashingEventsAbi } from "../avs/slashing.ts";
import { nonSignersFromCalldata } from "../avs/non_signers.ts";
import { square } from "../task/mod.ts";

/** The arguments of the TaskManager and ServiceManager events this watcher prints. */
interface WatchedArgs {
  taskIndex?: number;
  task?: {
    numberToBeSquared: bigint;
    taskCreatedBlock: number | bigint;
    quorumNumbers: `0x${string}`;
  };
  taskResponse?: { referenceTaskIndex: number | bigint; numberSquared: bigint };
  taskResponseMetadata?: { taskRespondedBlock: number | bigint };
  challenger?: Address;
  operator?: Address;
  requestId?: bigint;
  vetoDeadlineBlock?: number | bigint;
  slashingRequestId?: bigint;
}

/** Options of {@link watchTasks}. */
export interface TaskWatchOptions {
  client: PublicClient<Transport, Chain | undefined>;
  taskManager: Address;
  serviceManager: Address;
  registryCoordinator: Address;
  operatorStateRetriever: Address;
  fromBlock: bigint;
  signal: AbortSignal;
  /** Operator address → display name (e.g. `operator1`). */
  names: Map<string, string>;
  print: (line: string) => void;
  /** Called when the first response lands (start-up timing). */
  onFirstResponse?: () => void;
  /** Slashing era: the VetoableSlasher, whose requests, vetoes and slashes are printed too. */
  slasher?: Address;
}

/**
 * Keeps bursts readable: the first `limit` lines of a burst (same key, e.g. freeze requests of
 * one task against hundreds of operators) are printed, the rest become one line once the burst
 * has been quiet for `quietMs`.
 */
export function burstPrinter(print: (line: string) => void, limit = 3, quietMs = 500) {
  const bursts = new Map<
    string,
    { count: number; extra: number; timer?: ReturnType<typeof setTimeout> }
  >();
  return {
    line(key: string, line: string, summary: (extra: number) => string): void {
      const b = bursts.get(key) ?? { count: 0, extra: 0 };
      bursts.set(key, b);
      clearTimeout(b.timer);
      if (++b.count <= limit) print(line);
      else b.extra++;
      b.timer = setTimeout(() => {
        if (b.extra) print(summary(b.extra));
        bursts.delete(key);
      }, quietMs);
    },
    /** Prints what is pending and stops the timers. */
    flush(): void {
      for (const [key, b] of bursts) {
        clearTimeout(b.timer);
        bursts.delete(key);
        if (b.extra) print(`${key}: and ${b.extra} more`);
      }
    },
  };
}

/** Follows the events until `signal` aborts. */
export async function watchTasks(o: TaskWatchOptions): Promise<void> {
  const bursts = burstPrinter(o.print);
  const tasks = new Map<number, { n: bigint; block: number; quorums: `0x${string}` }>();
  let firstResponse = true;
  const name = (a: string) => o.names.get(a.toLowerCase()) ?? a;
  o.signal.addEventListener("abort", () => bursts.flush(), { once: true });
  await pollLogs({
    client: o.client,
    addresses: o.slasher
      ? [o.taskManager, o.serviceManager, o.slasher]
      : [o.taskManager, o.serviceManager],
    abi: [
      ...incredibleSquaringTaskManagerAbi,
      ...incredibleSquaringServiceManagerAbi,
      ...(o.slasher ? slashingEventsAbi : []),
    ] as Abi,
    fromBlock: o.fromBlock,
    signal: o.signal,
    pollMs: 300,
    onLog: async (l) => {
      const a = l.args as WatchedArgs;
      switch (l.eventName) {
        case "NewTaskCreated": {
          const idx = Number(a.taskIndex);
          tasks.set(idx, {
            n: a.task!.numberToBeSquared,
            block: Number(a.task!.taskCreatedBlock),
            quorums: a.task!.quorumNumbers,
          });
          o.print(
            `task ${idx}: created, square ${a.task!.numberToBeSquared} (block ${
              a.task!.taskCreatedBlock
            })`,
          );
          break;
        }
        case "TaskResponded": {
          const idx = Number(a.taskResponse!.referenceTaskIndex);
          const t = tasks.get(idx);
          const answer = a.taskResponse!.numberSquared;
          let signers = "signers ?";
          try {
            const tx = await o.client.getTransaction({ hash: l.transactionHash });
            const nonSigners = nonSignersFromCalldata(tx.input)?.length;
            if (t && nonSigners !== undefined) {
              const state = await o.client.readContract({
                address: o.operatorStateRetriever,
                abi: operatorStateRetrieverAbi,
                functionName: "getOperatorState",
                args: [o.registryCoordinator, t.quorums, t.block],
              }) as readonly (readonly { operatorId: string }[])[];
              const total = new Set(state.flat().map((x) => x.operatorId)).size;
              signers = `signers ${total - nonSigners}/${total}, ${nonSigners} non-signer${
                nonSigners === 1 ? "" : "s"
              }`;
            }
          } catch { /* the summary is best-effort */ }
          const verdict = t
            ? (answer === square(t.n) ? "correct" : `WRONG (expected ${square(t.n)})`)
            : "";
          const respondedBlock = Number(a.taskResponseMetadata!.taskRespondedBlock);
          const after = t ? `, ${respondedBlock - t.block} block(s) after creation` : "";
          o.print(
            `task ${idx}: responded ${answer} ${verdict}, ${signers} (block ${respondedBlock}${after})`,
          );
          if (firstResponse) {
            firstResponse = false;
            o.onFirstResponse?.();
          }
          break;
        }
        case "TaskChallengedSuccessfully":
          o.print(`task ${a.taskIndex}: challenged successfully by ${name(a.challenger!)}`);
          break;
        case "TaskChallengedUnsuccessfully":
          o.print(
            `task ${a.taskIndex}: challenge by ${name(a.challenger!)} failed (answer was right)`,
          );
          break;
        case "FreezeRequested":
          bursts.line(
            `task ${a.taskIndex} freeze requests`,
            `task ${a.taskIndex}: freeze request #${a.requestId} against ${
              name(a.operator!)
            } (veto until block ${a.vetoDeadlineBlock})`,
            (extra) =>
              `task ${a.taskIndex}: and ${extra} more freeze requests (veto until block ${a.vetoDeadlineBlock})`,
          );
          break;
        case "FreezeRequestVetoed":
          o.print(`freeze request #${a.requestId} against ${name(a.operator!)} vetoed`);
          break;
        case "OperatorSlashingRequested":
          bursts.line(
            `task ${a.taskIndex} slashing requests`,
            `task ${a.taskIndex}: slashing request #${a.requestId} against ${name(a.operator!)}`,
            (extra) => `task ${a.taskIndex}: and ${extra} more slashing requests`,
          );
          break;
        case "SlashingRequestCancelled":
          o.print(`slashing request #${a.requestId} vetoed`);
          break;
        case "OperatorSlashed": {
          let amount = "";
          try {
            const receipt = await o.client.getTransactionReceipt({ hash: l.transactionHash });
            amount = slashedSharesIn(receipt)
              .filter((x) => x.operator.toLowerCase() === a.operator!.toLowerCase())
              .map((x) => `: ${x.shares} shares slashed`).join("");
          } catch { /* the summary is best-effort */ }
          o.print(`${name(a.operator!)} slashed (request #${a.slashingRequestId})${amount}`);
          break;
        }
        case "OperatorFrozen":
          bursts.line(
            "operators frozen",
            `${name(a.operator!)} frozen (request #${a.requestId}): removed from the AVS`,
            (extra) => `and ${extra} more operators frozen: removed from the AVS`,
          );
          break;
      }
    },
  });
}
