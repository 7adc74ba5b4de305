/**
 * Micro-batching: items are collected per key and handed over together once a key holds
 * `maxSize` items or its first item has waited `maxWaitMs`, whichever comes first.
 * @module
 */

/** Options of {@link MicroBatcher}. */
export interface MicroBatcherOptions<T> {
  /** Items that trigger an immediate flush of their key (1 = every item alone). */
  maxSize: number;
  /** Longest wait of a key's first item before its batch is flushed (ms; Infinity: no timer). */
  maxWaitMs: number;
  /** Receives each batch; must not throw (it runs from timers). */
  flush: (items: T[]) => void;
}

interface Queue<T> {
  items: T[];
  timer?: ReturnType<typeof setTimeout>;
}

/** Collects items per key; see the module comment. */
export class MicroBatcher<T> {
  readonly #opts: MicroBatcherOptions<T>;
  readonly #queues = new Map<string, Queue<T>>();

  /** Creates an empty batcher. */
  constructor(opts: MicroBatcherOptions<T>) {
    this.#opts = opts;
  }

  /** Queues `item` under `key`; flushes the key at once when it reaches `maxSize`. */
  add(key: string, item: T): void {
    let q = this.#queues.get(key);
    if (!q) {
      q = { items: [] };
      this.#queues.set(key, q);
    }
    q.items.push(item);
    if (q.items.length >= this.#opts.maxSize) {
      this.flush(key);
    } else if (q.timer === undefined && Number.isFinite(this.#opts.maxWaitMs)) {
      q.timer = setTimeout(() => this.flush(key), this.#opts.maxWaitMs);
    }
  }

  /** Hands the items queued under `key` (if any) to the flush callback now. */
  flush(key: string): void {
    const items = this.take(key);
    if (items.length > 0) this.#opts.flush(items);
  }

  /** Flushes every key that holds at least `minSize` items, oldest key first. */
  flushAtLeast(minSize: number): void {
    for (const [key, q] of [...this.#queues]) if (q.items.length >= minSize) this.flush(key);
  }

  /** Removes and returns the items queued under `key` without flushing them. */
  take(key: string): T[] {
    const q = this.#queues.get(key);
    if (!q) return [];
    clearTimeout(q.timer);
    this.#queues.delete(key);
    return q.items;
  }

  /** Number of items queued under `key`. */
  size(key: string): number {
    return this.#queues.get(key)?.items.length ?? 0;
  }
}
