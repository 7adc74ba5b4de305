/**
 * Quorum numbers in their three shapes: a list (`[0, 1]`), `bytes` (`0x0001`, one byte per
 * quorum, what the contracts take) and a `uint192` bitmap (what the RegistryCoordinator stores).
 *
 * @module
 */
import { quorumNumbersFromBytes, quorumNumbersToBytes } from "../task/mod.ts";

export { quorumNumbersFromBytes, quorumNumbersToBytes };

/** The largest number of quorums a RegistryCoordinator supports. */
export const MAX_QUORUM_COUNT = 192;

/** Quorums set in a bitmap, ascending. */
export function quorumsOfBitmap(bitmap: bigint): number[] {
  const out: number[] = [];
  for (let q = 0; q < MAX_QUORUM_COUNT; q++) if ((bitmap >> BigInt(q)) & 1n) out.push(q);
  return out;
}

/** The bitmap of a list of quorums; throws on a number outside 0..191. */
export function bitmapOfQuorums(quorums: readonly number[]): bigint {
  let bitmap = 0n;
  for (const q of quorums) {
    if (!Number.isInteger(q) || q < 0 || q >= MAX_QUORUM_COUNT) {
      throw new Error(`quorum number must be an integer in 0..${MAX_QUORUM_COUNT - 1}, got ${q}`);
    }
    bitmap |= 1n << BigInt(q);
  }
  return bitmap;
}

/** True when `bitmap` has any of `quorums`. */
export function inAnyQuorum(bitmap: bigint, quorums: readonly number[]): boolean {
  return quorums.some((q) => ((bitmap >> BigInt(q)) & 1n) === 1n);
}

/** Sorts addresses ascending as uint160 values (the order `updateOperatorsForQuorum` checks). */
export function sortAddresses<A extends `0x${string}`>(addrs: readonly A[]): A[] {
  return [...addrs].sort((a, b) => {
    const x = BigInt(a);
    const y = BigInt(b);
    return x < y ? -1 : x > y ? 1 : 0;
  });
}
