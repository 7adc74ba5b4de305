/**
 * Process-wide caches of the BLS API: G2 points that already passed the subgroup check, which
 * slot of the core's Miller-line cache holds which public key's lines, and which key slot holds
 * which public key's table for batch verification.
 * @module
 */
import type { G2Point } from "./points.ts";
import { SlotCache } from "./slot_cache.ts";

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

/** Slots of the core's Miller-line cache (LINE_SLOTS in wasm/src/exports.rs, ~17 KiB each). */
const LINE_SLOTS = 128;
/** Slot number that tells the core to use its scratch lines (no caching). */
export const SCRATCH_SLOT = LINE_SLOTS;
/** Keys idle this long may lose their cached data to a new key. */
const IDLE_MS = 30_000;

/**
 * Which slot of the core's line cache holds which public key's Miller-loop lines: a task's
 * operators are verified again and again with the same keys.
 */
export const lineSlots: SlotCache = new SlotCache(LINE_SLOTS, IDLE_MS);

/** Key slots of the core (KEY_SLOTS in wasm/src/exports.rs). */
const KEY_SLOTS = 2048;
/** Largest batch of `bls_batch_verify_keys` (MAX_BATCH in wasm/src/exports.rs). */
export const KEY_BATCH_MAX = 512;
/**
 * The first key slot of the per-batch scratch range: keys that find no cache slot (more than
 * KEY_SLOTS − KEY_BATCH_MAX keys in recent use) get their table built there for one batch.
 */
export const KEY_SCRATCH_FIRST = KEY_SLOTS - KEY_BATCH_MAX;

/**
 * Which key slot of the core holds which public key's table of odd multiples, for batch
 * verification: 1,536 operator keys stay expanded (about 2 KiB each in the core).
 */
export const keyTableSlots: SlotCache = new SlotCache(KEY_SCRATCH_FIRST, IDLE_MS);
