/**
 * Remembers delivered logs by (block hash, log index), so a log read twice (overlapping catch-ups,
 * a reconnect) is delivered once. Old entries are pruned behind a horizon.
 *
 * @module
 */
import type { Hex } from "viem";

/** The set of delivered logs. */
export class SeenLogs {
  readonly #seen = new Map<string, bigint>();
  readonly #pruneAbove: number;
  readonly #keepBlocks: bigint;

  /** Prunes once more than `pruneAbove` logs are kept, dropping those `keepBlocks` behind. */
  constructor(opts: { pruneAbove?: number; keepBlocks?: bigint } = {}) {
    this.#pruneAbove = opts.pruneAbove ?? 4096;
    this.#keepBlocks = opts.keepBlocks ?? 512n;
  }

  /** Records a log; false when it was seen before. */
  add(blockHash: Hex, logIndex: number, blockNumber: bigint): boolean {
    const key = `${blockHash.toLowerCase()}:${logIndex}`;
    if (this.#seen.has(key)) return false;
    this.#seen.set(key, blockNumber);
    return true;
  }

  /** Forgets logs well behind `cursor` (only when the set has grown large). */
  prune(cursor: bigint): void {
    if (this.#seen.size < this.#pruneAbove) return;
    const horizon = cursor - this.#keepBlocks;
    for (const [k, b] of this.#seen) if (b < horizon) this.#seen.delete(k);
  }
}
