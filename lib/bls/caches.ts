/**
 * Process-wide caches of the BLS API: G2 points that already passed the subgroup check, and
 * which slot of the core's Miller-line cache holds which public key's lines.
 * @module
 */
import type { G2Point } from "./points.ts";

// G2 points that already passed the subgroup check (keyed by their coordinates), so that
// verifying many signatures of the same operators pays the check once per key.
const G2_VALIDATED = new Set<string>();
const G2_VALIDATED_MAX = 16384;

/** Cache key of a G2 point (its coordinates). */
export function g2Key(p: G2Point): string {
  // Hex: BigInt to a power-of-two radix is much cheaper than to decimal.
  return `${p.X[0].toString(16)},${p.X[1].toString(16)},${p.Y[0].toString(16)},${
    p.Y[1].toString(16)
  }`;
}

/** Whether the point with this key already passed the subgroup check. */
export function isValidatedG2(key: string): boolean {
  return G2_VALIDATED.has(key);
}

/** Records that the point with this key passed the subgroup check (bounded set). */
export function rememberValidG2(key: string): void {
  if (G2_VALIDATED.size >= G2_VALIDATED_MAX) G2_VALIDATED.clear();
  G2_VALIDATED.add(key);
}

// Which core line-cache slot holds the Miller-loop lines of which public key (LINE_SLOTS in
// wasm/src/exports.rs): a task's operators are verified again and again with the same keys.
// Slots fill up first; once all are taken, a new key only evicts the least recently used one if
// that key has been idle for LINE_IDLE_MS, otherwise its lines are computed in the core's scratch
// slot. Round-robin eviction made a set larger than the cache (200 operators against 128 slots)
// miss on every call and pay the line normalisation on top; this way 128 keys stay hits.
const LINE_SLOTS = 128;
/** Slot number that tells the core to use its scratch lines (no caching). */
export const SCRATCH_SLOT = LINE_SLOTS;
const LINE_IDLE_MS = 30_000;
const LINE_SLOT_OF = new Map<string, number>();
const LINE_SLOT_KEY: (string | undefined)[] = new Array(LINE_SLOTS);
const LINE_SLOT_USED: number[] = new Array(LINE_SLOTS).fill(0);
let lineSlotsFilled = 0;

/** The slot holding `key`'s lines (`hit`), or one to compute them into (maybe SCRATCH_SLOT). */
export function lineSlotFor(key: string, now: number): { slot: number; hit: boolean } {
  const slot = LINE_SLOT_OF.get(key);
  if (slot !== undefined) return { slot, hit: true };
  return { slot: claimLineSlot(now), hit: false };
}

/** Records a successful verification with `key`'s lines in `slot`. */
export function lineSlotUsed(key: string, slot: number, hit: boolean, now: number): void {
  if (slot === SCRATCH_SLOT) return;
  LINE_SLOT_USED[slot] = now;
  if (!hit) {
    LINE_SLOT_OF.set(key, slot);
    LINE_SLOT_KEY[slot] = key;
  }
}

/** A rejected key never got lines: its fresh slot is free for the next key at once. */
export function lineSlotFailed(slot: number, hit: boolean): void {
  if (!hit && slot !== SCRATCH_SLOT) LINE_SLOT_USED[slot] = -Infinity;
}

/** A slot for a key without cached lines, or SCRATCH_SLOT when every slot is in recent use. */
function claimLineSlot(now: number): number {
  if (lineSlotsFilled < LINE_SLOTS) return lineSlotsFilled++;
  let lru = 0;
  for (let i = 1; i < LINE_SLOTS; i++) if (LINE_SLOT_USED[i] < LINE_SLOT_USED[lru]) lru = i;
  if (now - LINE_SLOT_USED[lru] < LINE_IDLE_MS) return SCRATCH_SLOT;
  // The evicted key forgets its slot before the core overwrites it.
  const old = LINE_SLOT_KEY[lru];
  if (old !== undefined) LINE_SLOT_OF.delete(old);
  LINE_SLOT_KEY[lru] = undefined;
  return lru;
}
