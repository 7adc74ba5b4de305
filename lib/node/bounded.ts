/**
 * Bounded waits for stopping a node. An RPC request already sent to a hung chain cannot be
 * called back, so a loop that was told to stop may only notice after the request times out
 * (15 s or more). A node's `stop()` waits for such loops at most a little while and then goes
 * on closing: the late result is dropped, and the process exits within its stop deadline.
 *
 * @module
 */

/** How long `stop()` waits for a loop that may be inside an RPC request. */
export const LOOP_DRAIN_MS = 1_000;

/**
 * Waits for `p` (its errors ignored) at most `ms`; resolves true when it settled in time,
 * false when the wait gave up.
 */
export async function waitAtMost(p: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  try {
    return await Promise.race([p.then(() => true, () => true), late]);
  } finally {
    clearTimeout(timer);
  }
}
