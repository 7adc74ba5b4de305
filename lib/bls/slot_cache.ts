/**
 * Which slot of a fixed-size cache inside the BN254 core holds the data derived from which
 * public key (Miller-loop lines for single verification, odd-multiple tables for batches).
 *
 * Slots fill up first; once all are taken, a new key evicts the least recently used one only if
 * that key has been idle for `idleMs`, otherwise the caller computes into scratch space without
 * caching. Round-robin eviction made a set larger than the cache (200 operators against 128
 * slots) miss on every call; this way the keys that are in the cache stay hits.
 * @module
 */

/** A claimed or found slot: `hit` when it already holds the key's data. */
export interface SlotLookup {
  /** The slot, or `undefined` when every slot is in recent use (use scratch space). */
  slot: number | undefined;
  hit: boolean;
}

/** Key → slot bookkeeping for one core cache; see the module comment. */
export class SlotCache {
  readonly #slotOf = new Map<string, number>();
  readonly #keyOf: (string | undefined)[];
  readonly #usedAt: number[];
  readonly #idleMs: number;
  #filled = 0;

  /** A cache of `slots` slots whose keys may be evicted after `idleMs` without use. */
  constructor(slots: number, idleMs: number) {
    this.#keyOf = new Array(slots);
    this.#usedAt = new Array(slots).fill(0);
    this.#idleMs = idleMs;
  }

  /** The slot holding `key`'s data (`hit`), or one to compute it into. */
  lookup(key: string, now: number): SlotLookup {
    const slot = this.#slotOf.get(key);
    if (slot !== undefined) return { slot, hit: true };
    return { slot: this.#claim(now), hit: false };
  }

  /** Records a successful use of `key`'s data in `slot` (new data when `hit` is false). */
  used(key: string, slot: number, hit: boolean, now: number): void {
    this.#usedAt[slot] = now;
    if (!hit) {
      this.#slotOf.set(key, slot);
      this.#keyOf[slot] = key;
    }
  }

  /** A rejected key never got its data: its fresh slot is free for the next key at once. */
  failed(slot: number, hit: boolean): void {
    if (!hit) this.#usedAt[slot] = -Infinity;
  }

  #claim(now: number): number | undefined {
    const slots = this.#keyOf.length;
    if (this.#filled < slots) return this.#filled++;
    let lru = 0;
    for (let i = 1; i < slots; i++) if (this.#usedAt[i] < this.#usedAt[lru]) lru = i;
    if (now - this.#usedAt[lru] < this.#idleMs) return undefined;
    // The evicted key forgets its slot before the core overwrites it.
    const old = this.#keyOf[lru];
    if (old !== undefined) this.#slotOf.delete(old);
    this.#keyOf[lru] = undefined;
    return lru;
  }
}
