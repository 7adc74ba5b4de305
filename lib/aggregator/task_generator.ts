/**
 * Task generator: calls `createNewTask(n, threshold, quorumNumbers)` on an interval with
 * n = 0, 1, 2, … The counter advances only once a task is mined, so a failed send is retried
 * with the same number. Each created task is read back from the transaction's own receipt.
 *
 * @module
 */
import type { Address } from "viem";
import type { TxSender } from "../chain/clients.ts";
import type { TxOptions } from "../chain/tx.ts";
import { type CreatedTask, createNewTask } from "../avs/mod.ts";
import { sleep } from "../process/sleep.ts";

export type { CreatedTask } from "../avs/mod.ts";

/**
 * Sends one `createNewTask` and returns the task decoded from the receipt's `NewTaskCreated` log
 * (emitted by `taskManager`). Throws when the transaction reverts or the log is missing.
 */
export function createTask(
  clients: TxSender,
  taskManager: Address,
  n: bigint,
  thresholdPercentage: number,
  quorumNumbers: readonly number[],
  tx?: TxOptions,
): Promise<CreatedTask> {
  return createNewTask(clients, { taskManager }, {
    numberToBeSquared: n,
    quorumThresholdPercentage: thresholdPercentage,
    quorumNumbers,
  }, tx);
}

/** Options of {@link runTaskGenerator}. */
export interface TaskGeneratorOptions {
  /** The generator's clients. */
  clients: TxSender;
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
 * Creates a task immediately, then one per interval, until `signal` aborts (which also ends a
 * receipt wait in flight). Never throws. Returns the next number that would have been used.
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
        { signal: opts.signal },
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
