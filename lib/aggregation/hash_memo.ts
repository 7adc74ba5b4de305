/**
 * A memo for the response hasher: every operator of a task signs the same response, so the
 * service hashes the same value again for each signature. Keyed by a cheap canonical string
 * of the response, bounded, and emptied whole when full (tasks come and go in order).
 * @module
 */
import type { Hex, ResponseHasher } from "./types.ts";

/**
 * Wraps `hash` so that responses with the same `keyOf` string are hashed once. `keyOf` must
 * name every field the digest depends on (two responses with one key must hash alike).
 * At most `capacity` digests are kept.
 */
export function memoizeResponseHasher<R>(
  hash: ResponseHasher<R>,
  keyOf: (response: R) => string,
  capacity = 1024,
): ResponseHasher<R> {
  if (!Number.isInteger(capacity) || capacity < 1) {
    throw new RangeError(`capacity must be a positive integer, got ${capacity}`);
  }
  const memo = new Map<string, Hex>();
  return (response) => {
    const key = keyOf(response);
    let digest = memo.get(key);
    if (digest === undefined) {
      digest = hash(response);
      if (memo.size >= capacity) memo.clear();
      memo.set(key, digest);
    }
    return digest;
  };
}
