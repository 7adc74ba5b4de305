/**
 * Noticing reorganisations while reading logs by block range: remember the hash of the last block
 * of each range handled; before reading on, check that block again. When its hash changed (or it
 * is gone), walk back to the newest remembered block still on the chain: reading resumes after it.
 *
 * @module
 */
import type { Hex } from "viem";
import type { ReadClient } from "./clients.ts";

/** How many handled range ends are remembered. */
const REMEMBERED_BLOCKS = 128;

/** The handled range ends of one reader, and the check against the chain. */
export class ReorgWatch {
  readonly #handled = new Map<bigint, Hex>();

  /** Records that everything up to `block` (whose hash is `hash`) was handled. */
  remember(block: bigint, hash: Hex): void {
    this.#handled.set(block, hash);
    if (this.#handled.size > REMEMBERED_BLOCKS) {
      this.#handled.delete(this.#handled.keys().next().value!);
    }
  }

  /** Reads and records the hash of `block` (the end of a range just handled). */
  async rememberEnd(client: ReadClient, block: bigint): Promise<void> {
    const hash = await blockHash(client, block);
    if (hash) this.remember(block, hash);
  }

  /**
   * Where to read again from when the chain reorganised below `next` (the next block to read),
   * never before `fromBlock`; undefined when the last handled block is still on the chain.
   * Forgets the rewound range ends.
   */
  async rewind(client: ReadClient, next: bigint, fromBlock: bigint): Promise<bigint | undefined> {
    const last = next - 1n;
    const expected = this.#handled.get(last);
    if (expected === undefined || (await blockHash(client, last)) === expected) return undefined;
    const remembered = [...this.#handled.keys()].filter((b) => b < last)
      .sort((a, b) => (a > b ? -1 : a < b ? 1 : 0));
    let to: bigint | undefined;
    for (const b of remembered) {
      if ((await blockHash(client, b)) === this.#handled.get(b)) {
        to = b + 1n;
        break;
      }
    }
    to ??= remembered.at(-1) ?? last;
    if (to < fromBlock) to = fromBlock;
    for (const b of [...this.#handled.keys()]) if (b >= to) this.#handled.delete(b);
    return to;
  }
}

/** The hash of block `n`, or undefined when the chain is shorter. */
async function blockHash(client: ReadClient, n: bigint): Promise<Hex | undefined> {
  try {
    return (await client.getBlock({ blockNumber: n })).hash;
  } catch {
    return undefined;
  }
}
