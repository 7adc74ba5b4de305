/**
 * Task generator: calls `createNewTask(n, threshold, quorumNumbers)` on an interval with
 * n = 0, 1, 2, … The counter advances only once a task is mined, so a failed send is retried
 * with the same number. Each created task is read back from the transaction's own receipt.
 */
import { type Address, parseEventLogs } from "viem";
import { incredibleSquaringTaskManagerAbi } from "../chain/abi/mod.ts";
import type { Task } from "../task/mod.ts";
import { quorumNumbersToBytes } from "../task/mod.ts";
import type { TxClients } from "./clients.ts";
import { sleep } from "../stakes/loop.ts";

/** A task as created on chain. */
export interface CreatedTask {
  taskIndex: number;
  task: Task;
  txHash: `0x${string}`;
  blockNumber: bigint;
}

/**
 * Sends one `createNewTask` and returns the task decoded from the receipt's `NewTaskCreated` log
 * (emitted by `taskManager`). Throws when the transaction reverts or the log is missing.
 */
export async function createTask(
  clients: TxClients,
  taskManager: Address,
  n: bigint,
  thresholdPercentage: number,
  quorumNumbers: readonly number[],
): Promise<CreatedTask> {
  const { request } = await clients.public.simulateContract({
    account: clients.wallet.account,
    address: taskManager,
    abi: incredibleSquaringTaskManagerAbi,
    functionName: "createNewTask",
    args: [n, thresholdPercentage, quorumNumbersToBytes(quorumNumbers)],
  });
  const txHash = await clients.wallet.writeContract(request);
  const receipt = await clients.public.waitForTransactionReceipt({ hash: txHash });
  if (receipt.status !== "success") throw new Error(`createNewTask reverted (tx ${txHash})`);
  const events = parseEventLogs({
    abi: incredibleSquaringTaskManagerAbi,
    logs: receipt.logs.filter((l) => l.address.toLowerCase() === taskManager.toLowerCase()),
    eventName: "NewTaskCreated",
  });
  const ev = events[0];
  if (!ev) throw new Error(`no NewTaskCreated log in receipt of ${txHash}`);
  const args = ev.args as unknown as { taskIndex: number; task: Task };
  return {
    taskIndex: Number(args.taskIndex),
    task: {
      numberToBeSquared: args.task.numberToBeSquared,
      taskCreatedBlock: Number(args.task.taskCreatedBlock),
      quorumNumbers: args.task.quorumNumbers,
      quorumThresholdPercentage: Number(args.task.quorumThresholdPercentage),
    },
    txHash,
    blockNumber: receipt.blockNumber,
  };
}

/** Options of {@link runTaskGenerator}. */
export interface TaskGeneratorOptions {
  clients: TxClients;
  taskManager: Address;
  intervalMs: number;
  thresholdPercentage: number;
  quorumNumbers: readonly number[];
  /** First number to square (default 0). */
  firstNumber?: bigint;
  signal: AbortSignal;
  onCreated: (task: CreatedTask) => void | Promise<void>;
  onError: (n: bigint, err: unknown) => void;
}

/**
 * Creates a task immediately, then one per interval, until `signal` aborts. Never throws.
 * Returns the next number that would have been used.
 */
export async function runTaskGenerator(opts: TaskGeneratorOptions): Promise<bigint> {
  let n = opts.firstNumber ?? 0n;
  while (!opts.signal.aborted) {
    const started = Date.now();
    try {
      const created = await createTask(
        opts.clients,
        opts.taskManager,
        n,
        opts.thresholdPercentage,
        opts.quorumNumbers,
      );
      n++;
      await opts.onCreated(created);
    } catch (err) {
      if (opts.signal.aborted) break;
      opts.onError(n, err);
    }
    await sleep(Math.max(0, opts.intervalMs - (Date.now() - started)), opts.signal);
  }
  return n;
}
