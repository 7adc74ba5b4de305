/**
 * The aggregator's durable state, in an embedded SQLite database (Deno's built-in `node:sqlite`,
 * no server, no native add-on): every task seen, every accepted signature, the `respondToTask`
 * transaction and how each task ended. Written before the RPC answers "accepted", read back
 * after a crash so no task and no signature is lost.
 *
 * WAL journal with `synchronous=NORMAL`: a committed write survives the process being killed
 * (SIGKILL, OOM); only an operating-system crash may lose the last commits.
 *
 * One database belongs to one chain and one TaskManager; opening it for another (a reset devnet,
 * a new deployment) moves the old file aside and starts empty.
 *
 * @module
 */
import { DatabaseSync, type StatementSync } from "node:sqlite";
import { join } from "node:path";
import type { Address, Hex } from "viem";
import type { G1Point } from "../bls/mod.ts";
import type { Task, TaskResponse } from "../task/mod.ts";

/** How a task ended. */
export type TaskOutcome = "responded" | "expired" | "failed";

/** A task as stored (open or ended). */
export interface StoredTask {
  taskIndex: number;
  task: Task;
  /** The `createNewTask` transaction. */
  createdTx: Hex;
}

/** One accepted signature. */
export interface StoredSignature {
  operatorId: Hex;
  response: TaskResponse;
  signature: G1Point;
}

/** What the database belongs to. */
export interface StoreScope {
  chainId: number;
  taskManager: Address;
  /** Hash of block 0: tells a reset devnet from the one the data came from. */
  genesisHash: Hex;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS tasks (
  task_index INTEGER PRIMARY KEY,
  number_to_be_squared TEXT NOT NULL,
  created_block INTEGER NOT NULL,
  quorum_numbers TEXT NOT NULL,
  threshold INTEGER NOT NULL,
  created_tx TEXT NOT NULL,
  outcome TEXT,
  reason TEXT
);
CREATE TABLE IF NOT EXISTS signatures (
  task_index INTEGER NOT NULL,
  operator_id TEXT NOT NULL,
  reference_task_index INTEGER NOT NULL,
  number_squared TEXT NOT NULL,
  sig_x TEXT NOT NULL,
  sig_y TEXT NOT NULL,
  PRIMARY KEY (task_index, operator_id)
);
CREATE TABLE IF NOT EXISTS response_txs (
  task_index INTEGER PRIMARY KEY,
  tx_hash TEXT NOT NULL,
  nonce INTEGER NOT NULL
);
`;

type Row = Record<string, unknown>;

/**
 * The aggregator's database; every method is synchronous and commits before returning (a batch
 * of signatures in one transaction).
 */
export class AggregatorStore {
  readonly path: string;
  readonly #db: DatabaseSync;
  readonly #insertTask: StatementSync;
  readonly #insertSignature: StatementSync;
  readonly #insertResponseTx: StatementSync;
  readonly #finish: StatementSync;

  private constructor(path: string, db: DatabaseSync) {
    this.path = path;
    this.#db = db;
    this.#insertTask = db.prepare(
      `INSERT OR IGNORE INTO tasks (task_index, number_to_be_squared, created_block,
         quorum_numbers, threshold, created_tx) VALUES (?, ?, ?, ?, ?, ?)`,
    );
    this.#insertSignature = db.prepare(
      `INSERT OR IGNORE INTO signatures (task_index, operator_id, reference_task_index,
         number_squared, sig_x, sig_y) VALUES (?, ?, ?, ?, ?, ?)`,
    );
    this.#insertResponseTx = db.prepare(
      "INSERT OR REPLACE INTO response_txs (task_index, tx_hash, nonce) VALUES (?, ?, ?)",
    );
    this.#finish = db.prepare(
      "UPDATE tasks SET outcome = ?, reason = ? WHERE task_index = ? AND outcome IS NULL",
    );
  }

  /**
   * Opens (creating when needed) `<dataDir>/aggregator.sqlite` for `scope`. A database written
   * for another chain or TaskManager is renamed to `aggregator.<time>.stale.sqlite`; `onStale`
   * hears why.
   */
  static open(
    dataDir: string,
    scope: StoreScope,
    onStale?: (why: string, movedTo: string) => void,
  ): AggregatorStore {
    Deno.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    const path = join(dataDir, "aggregator.sqlite");
    let db = openDb(path);
    const stale = staleness(db, scope);
    if (stale) {
      db.close();
      const movedTo = join(dataDir, `aggregator.${Date.now()}.stale.sqlite`);
      Deno.renameSync(path, movedTo);
      for (const suffix of ["-wal", "-shm"]) {
        try {
          Deno.removeSync(path + suffix);
        } catch { /* absent */ }
      }
      onStale?.(stale, movedTo);
      db = openDb(path);
    }
    const setMeta = db.prepare("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)");
    setMeta.run("chain_id", String(scope.chainId));
    setMeta.run("task_manager", scope.taskManager.toLowerCase());
    setMeta.run("genesis_hash", scope.genesisHash.toLowerCase());
    return new AggregatorStore(path, db);
  }

  /** A database that lives in memory only (tests, or a deliberately stateless aggregator). */
  static inMemory(): AggregatorStore {
    return new AggregatorStore(":memory:", openDb(":memory:"));
  }

  /** Records a task (idempotent). */
  recordTask(taskIndex: number, task: Task, createdTx: Hex): void {
    this.#insertTask.run(
      taskIndex,
      task.numberToBeSquared.toString(),
      task.taskCreatedBlock,
      task.quorumNumbers,
      task.quorumThresholdPercentage,
      createdTx,
    );
  }

  /** The stored task at `taskIndex`, undefined when none. */
  task(taskIndex: number): StoredTask | undefined {
    const r = this.#db.prepare("SELECT * FROM tasks WHERE task_index = ?").get(taskIndex) as
      | Row
      | undefined;
    return r ? taskOf(r) : undefined;
  }

  /**
   * Replaces what is stored at `taskIndex` by another task (a reorganisation re-created the
   * index): the old row, its signatures and its response transaction go, in one transaction, and
   * the new task is open.
   */
  replaceTask(taskIndex: number, task: Task, createdTx: Hex): void {
    this.#transaction(() => {
      for (const table of ["signatures", "response_txs", "tasks"]) {
        this.#db.prepare(`DELETE FROM ${table} WHERE task_index = ?`).run(taskIndex);
      }
      this.recordTask(taskIndex, task, createdTx);
    });
  }

  /** Records an accepted signature (idempotent per task and operator). */
  recordSignature(taskIndex: number, s: StoredSignature): void {
    this.#insertSignature.run(
      taskIndex,
      s.operatorId.toLowerCase(),
      s.response.referenceTaskIndex,
      s.response.numberSquared.toString(),
      // 0x hex: a quarter of the cost of decimal for 254-bit values; BigInt() reads both, so
      // rows written as decimal by earlier versions still load.
      `0x${s.signature.X.toString(16)}`,
      `0x${s.signature.Y.toString(16)}`,
    );
  }

  /**
   * Records many accepted signatures in one transaction (idempotent per task and operator):
   * all of them are stored or, if a write fails, none (the error is thrown).
   */
  recordSignatures(rows: readonly (StoredSignature & { taskIndex: number })[]): void {
    if (rows.length === 0) return;
    this.#transaction(() => {
      for (const r of rows) this.recordSignature(r.taskIndex, r);
    });
  }

  /** Runs `write` in one transaction: committed when it returns, rolled back when it throws. */
  #transaction(write: () => void): void {
    this.#db.exec("BEGIN");
    try {
      write();
      this.#db.exec("COMMIT");
    } catch (err) {
      if (this.#db.isTransaction) this.#db.exec("ROLLBACK");
      throw err;
    }
  }

  /** Records the `respondToTask` transaction as soon as it is sent. */
  recordResponseTx(taskIndex: number, txHash: Hex, nonce: number): void {
    this.#insertResponseTx.run(taskIndex, txHash, nonce);
  }

  /** Marks a task ended; the first outcome wins. */
  finish(taskIndex: number, outcome: TaskOutcome, reason = ""): void {
    this.#finish.run(outcome, reason, taskIndex);
  }

  /** Creation block of the newest stored task (open or ended), undefined when none. */
  newestTaskBlock(): number | undefined {
    const r = this.#db.prepare("SELECT MAX(created_block) AS b FROM tasks").get() as Row;
    return r.b === null || r.b === undefined ? undefined : Number(r.b);
  }

  /** Tasks without an outcome, oldest first. */
  openTasks(): StoredTask[] {
    return this.#db.prepare("SELECT * FROM tasks WHERE outcome IS NULL ORDER BY task_index")
      .all().map((r) => taskOf(r as Row));
  }

  /** How a task ended, undefined while open or unknown. */
  outcome(taskIndex: number): { outcome: TaskOutcome; reason: string } | undefined {
    const r = this.#db.prepare("SELECT outcome, reason FROM tasks WHERE task_index = ?")
      .get(taskIndex) as Row | undefined;
    return r?.outcome ? { outcome: r.outcome as TaskOutcome, reason: String(r.reason) } : undefined;
  }

  /** Accepted signatures of a task, in arrival order. */
  signatures(taskIndex: number): StoredSignature[] {
    return this.#db.prepare("SELECT * FROM signatures WHERE task_index = ? ORDER BY rowid")
      .all(taskIndex).map((r) => {
        const row = r as Row;
        return {
          operatorId: row.operator_id as Hex,
          response: {
            referenceTaskIndex: Number(row.reference_task_index),
            numberSquared: BigInt(row.number_squared as string),
          },
          signature: { X: BigInt(row.sig_x as string), Y: BigInt(row.sig_y as string) },
        };
      });
  }

  /** The `respondToTask` transaction sent for a task, if any. */
  responseTx(taskIndex: number): { txHash: Hex; nonce: number } | undefined {
    const r = this.#db.prepare("SELECT tx_hash, nonce FROM response_txs WHERE task_index = ?")
      .get(taskIndex) as Row | undefined;
    return r ? { txHash: r.tx_hash as Hex, nonce: Number(r.nonce) } : undefined;
  }

  /** Closes the database. */
  close(): void {
    this.#db.close();
  }
}

function openDb(path: string): DatabaseSync {
  const db = new DatabaseSync(path);
  db.exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;");
  db.exec(SCHEMA);
  if (path !== ":memory:") Deno.chmodSync(path, 0o600);
  return db;
}

/** Why the database belongs elsewhere, or undefined when it matches `scope` (or is new). */
function staleness(db: DatabaseSync, scope: StoreScope): string | undefined {
  const meta = new Map(
    (db.prepare("SELECT key, value FROM meta").all() as Row[]).map((r) => [
      String(r.key),
      String(r.value),
    ]),
  );
  const checks: [string, string][] = [
    ["chain_id", String(scope.chainId)],
    ["task_manager", scope.taskManager.toLowerCase()],
    ["genesis_hash", scope.genesisHash.toLowerCase()],
  ];
  for (const [key, want] of checks) {
    const have = meta.get(key);
    if (have !== undefined && have !== want) return `${key} is ${want}, the data is for ${have}`;
  }
  return undefined;
}

function taskOf(r: Row): StoredTask {
  return {
    taskIndex: Number(r.task_index),
    task: {
      numberToBeSquared: BigInt(r.number_to_be_squared as string),
      taskCreatedBlock: Number(r.created_block),
      quorumNumbers: r.quorum_numbers as Hex,
      quorumThresholdPercentage: Number(r.threshold),
    },
    createdTx: r.created_tx as Hex,
  };
}
