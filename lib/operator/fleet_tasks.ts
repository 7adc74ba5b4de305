/**
 * The fleet's shared bookkeeping: one read per task for all members (quorum membership, whether
 * it stands and is answered), one gate for the members' attestation transactions, and one
 * summary line per task instead of one per operator.
 *
 * @module
 */
import { getLogger } from "../log/mod.ts";
import type { SendOutcome } from "./aggregator_client.ts";

const log = getLogger(["operator", "fleet"]);

/** How one task went for the whole fleet. */
export interface FleetTaskSummary {
  taskIndex: number;
  /** Members that signed a response (in the task's quorums at its block). */
  signed: number;
  accepted: number;
  /** The task was complete before the response arrived. */
  late: number;
  rejected: number;
  /** Delivery gave up (aggregator unreachable until the task was answered or expired). */
  dropped: number;
  /** ms from the event's arrival to the last delivery's end. */
  ms: number;
}

/**
 * Memoises the operator set of the last few (block, quorums) pairs: every member asks about the
 * same task, and one `getOperatorState` answers all of them.
 */
export function quorumMembership(
  load: (block: number, quorums: readonly number[]) => Promise<Set<string>>,
): (block: number, quorums: readonly number[]) => Promise<Set<string>> {
  // Kept for good (the operator set at a past block does not change); a failed read is tried
  // again by the next member.
  const read = sharedReads<Set<string>>(Infinity, 16);
  return (block, quorums) => read(`${block}:${quorums.join(",")}`, () => load(block, quorums));
}

/**
 * Per task: members that signed and how their deliveries ended, reported once every member has
 * decided (eligible or not) and every delivery has ended.
 */
export function taskSummaries(
  members: number,
  report?: (line: string, s: FleetTaskSummary) => void,
) {
  type Entry = FleetTaskSummary & { t0: number; decided: number; pending: number };
  const tasks = new Map<number, Entry>();
  const byBlock = new Map<number, number>();
  const line = (t: FleetTaskSummary) =>
    `task ${t.taskIndex}: ${t.signed} operators signed; aggregator accepted ${t.accepted}` +
    (t.late ? `, ${t.late} late` : "") + (t.rejected ? `, ${t.rejected} rejected` : "") +
    (t.dropped ? `, ${t.dropped} undelivered` : "") + ` (${t.ms} ms)`;
  const finish = (t: Entry) => {
    if (t.decided < members || t.pending > 0) return;
    tasks.delete(t.taskIndex);
    if (t.signed === 0) return;
    const summary: FleetTaskSummary = {
      taskIndex: t.taskIndex,
      signed: t.signed,
      accepted: t.accepted,
      late: t.late,
      rejected: t.rejected,
      dropped: t.signed - t.accepted - t.late - t.rejected,
      ms: Math.round(performance.now() - t.t0),
    };
    if (report) report(line(summary), summary);
    else log.info(line(summary));
  };
  return {
    /** A `NewTaskCreated` reached the fleet. */
    received(taskIndex: number, createdBlock: number) {
      if (tasks.has(taskIndex)) return;
      byBlock.set(createdBlock, taskIndex);
      if (byBlock.size > 64) byBlock.delete(byBlock.keys().next().value!);
      tasks.set(taskIndex, {
        taskIndex,
        signed: 0,
        accepted: 0,
        late: 0,
        rejected: 0,
        dropped: 0,
        ms: 0,
        t0: performance.now(),
        decided: 0,
        pending: 0,
      });
      // Tasks outside our quorums never complete their count: forget old ones.
      for (const k of tasks.keys()) if (k < taskIndex - 64) tasks.delete(k);
    },
    /** A member will not sign the task created at `createdBlock` (not in its quorums then). */
    skipped(createdBlock: number) {
      const t = tasks.get(byBlock.get(createdBlock) ?? -1);
      if (!t) return;
      t.decided++;
      finish(t);
    },
    /** Wraps one member's delivery. */
    async delivering(taskIndex: number, run: () => Promise<void>) {
      const t = tasks.get(taskIndex);
      if (t) {
        t.decided++;
        t.signed++;
        t.pending++;
      }
      try {
        await run();
      } finally {
        if (t) {
          t.pending--;
          finish(t);
        }
      }
    },
    /** The last outcome of one send that settled the delivery. */
    outcome(taskIndex: number, o: SendOutcome) {
      const t = tasks.get(taskIndex);
      if (!t || o.status === "dropped") return; // a dropped round is retried or given up
      if (o.status === "accepted") t.accepted++;
      else if (o.status === "late") t.late++;
      else t.rejected++;
    },
  };
}

/**
 * Reads every member asks for (the chain head, whether a task is answered, whether it still
 * stands): `read(key, load)` loads once per key and reuses the result for `ttlMs` (for good with
 * `Infinity`); a failed read is forgotten at once, so the next member tries again.
 */
export function sharedReads<V>(
  ttlMs: number,
  maxEntries = 64,
): (key: string, load: () => Promise<V>) => Promise<V> {
  const cache = new Map<string, { at: number; value: Promise<V> }>();
  return (key, load) => {
    const hit = cache.get(key);
    if (hit && performance.now() - hit.at < ttlMs) return hit.value;
    const value = load();
    cache.delete(key);
    cache.set(key, { at: performance.now(), value });
    value.catch(() => {
      if (cache.get(key)?.value === value) cache.delete(key);
    });
    if (cache.size > maxEntries) cache.delete(cache.keys().next().value!);
    return value;
  };
}

/**
 * Lets at most `limit` submissions run at a time, the rest waiting in arrival order: a fleet's
 * members send their attestations through one gate (each from its own account). A slot is held
 * until the call calls `release` (the node took the transaction: waiting for the receipt needs no
 * slot, so many transactions can share a block) or ends.
 */
export function concurrencyGate(limit: number) {
  if (!(limit >= 1)) throw new Error(`concurrency must be at least 1, got ${limit}`);
  let running = 0;
  const waiting: (() => void)[] = [];
  return async function gate<T>(run: (release: () => void) => Promise<T>): Promise<T> {
    if (running < limit) running++;
    else await new Promise<void>((r) => waiting.push(r)); // the slot is handed over
    let held = true;
    const release = () => {
      if (!held) return;
      held = false;
      const next = waiting.shift();
      if (next) next();
      else running--;
    };
    try {
      return await run(release);
    } finally {
      release();
    }
  };
}

/** How the fleet's attestations of one unanswered task went. */
export interface FleetAttestationSummary {
  taskIndex: number;
  /** Members whose attestation landed on chain. */
  attested: number;
  /** Members whose attestation failed (e.g. the window closed first, or a response landed). */
  failed: number;
}

/**
 * Per task: one line once every member's watch of the task ended, when any member attested or
 * tried to (nothing is reported for tasks the aggregator answered in time).
 */
export function attestationSummaries(
  report?: (line: string, s: FleetAttestationSummary) => void,
) {
  type Entry = FleetAttestationSummary & { watching: number };
  const tasks = new Map<number, Entry>();
  const entry = (taskIndex: number) => {
    let t = tasks.get(taskIndex);
    if (!t) {
      t = { taskIndex, attested: 0, failed: 0, watching: 0 };
      tasks.set(taskIndex, t);
      if (tasks.size > 64) tasks.delete(tasks.keys().next().value!);
    }
    return t;
  };
  return {
    /** Wraps one member's watch of a task. */
    async watching(taskIndex: number, run: () => Promise<void>): Promise<void> {
      const t = entry(taskIndex);
      t.watching++;
      try {
        await run();
      } finally {
        t.watching--;
        if (t.watching === 0 && tasks.get(taskIndex) === t) {
          tasks.delete(taskIndex);
          if (t.attested + t.failed > 0) {
            const s = { taskIndex, attested: t.attested, failed: t.failed };
            const line = `task ${taskIndex}: unanswered near the end of its window; ` +
              `${s.attested} operators attested their responses on chain` +
              (s.failed ? `, ${s.failed} could not` : "");
            if (report) report(line, s);
            else log.warn(line);
          }
        }
      }
    },
    /** One member's attestation ended. */
    attested(taskIndex: number, outcome: "sent" | "failed"): void {
      const t = entry(taskIndex);
      if (outcome === "sent") t.attested++;
      else t.failed++;
    },
  };
}
