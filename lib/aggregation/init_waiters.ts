/**
 * Bounded waiting for a task that is about to be initialised: operators see `NewTaskCreated`
 * at the same time as the aggregator reads its own receipt, so a signature may arrive a moment
 * before its task. Waits are bounded in time, in count and in how far ahead a task may be.
 * @module
 */

/** Most signatures that may wait for an initialisation at once (bounds memory under abuse). */
const MAX_INIT_WAITERS = 1_000;
/** How far past the newest initialised task a signature may wait for its task. */
const INIT_LOOKAHEAD = 2;

/** Signatures waiting for their task's initialisation; see the module comment. */
export class InitWaiters {
  readonly #waitMs: number;
  readonly #waiters = new Map<number, (() => void)[]>();
  #count = 0;
  #newestTask = -1;

  /** `waitMs` is the longest wait (0 disables waiting). */
  constructor(waitMs: number) {
    this.#waitMs = waitMs;
  }

  /** Records an initialised task and wakes the signatures waiting for it. */
  initialized(taskIndex: number): void {
    if (taskIndex > this.#newestTask) this.#newestTask = taskIndex;
    for (const wake of this.#waiters.get(taskIndex) ?? []) wake();
    this.#waiters.delete(taskIndex);
  }

  /**
   * Resolves when `taskIndex` is initialised or the wait times out; at once when waiting is
   * disabled, the task is too far ahead or too many signatures wait already.
   */
  async wait(taskIndex: number): Promise<void> {
    if (
      this.#waitMs <= 0 || taskIndex > this.#newestTask + INIT_LOOKAHEAD ||
      this.#count >= MAX_INIT_WAITERS
    ) return;
    this.#count++;
    let wake = () => {};
    const woken = new Promise<void>((resolve) => (wake = resolve));
    const list = this.#waiters.get(taskIndex) ?? [];
    list.push(wake);
    this.#waiters.set(taskIndex, list);
    const timer = setTimeout(wake, this.#waitMs);
    try {
      await woken;
    } finally {
      clearTimeout(timer);
      this.#count--;
      // On a timeout our entry is still listed: remove it so the list cannot grow.
      const current = this.#waiters.get(taskIndex);
      if (current) {
        const i = current.indexOf(wake);
        if (i >= 0) current.splice(i, 1);
        if (current.length === 0) this.#waiters.delete(taskIndex);
      }
    }
  }

  /** Wakes every waiting signature (used on shutdown). */
  wakeAll(): void {
    for (const list of this.#waiters.values()) for (const wake of list) wake();
    this.#waiters.clear();
  }
}
