/**
 * Periodic driver for {@link updateAllStakes}: one round immediately, then one per interval,
 * until the abort signal fires. A failed round is reported and retried at the next tick; the
 * loop itself never throws.
 */
import { type StakeUpdateRound, updateAllStakes, type UpdateStakesOptions } from "./updater.ts";

/** Options of {@link runStakeUpdater}. */
export interface StakeUpdaterLoopOptions extends UpdateStakesOptions {
  intervalMs: number;
  signal: AbortSignal;
  onRound?: (round: StakeUpdateRound) => void;
  onError?: (err: unknown) => void;
  /** Stop after this many rounds (tests, `--once`). */
  maxRounds?: number;
}

/** Runs stake update rounds until `signal` aborts (or `maxRounds` is reached). */
export async function runStakeUpdater(opts: StakeUpdaterLoopOptions): Promise<void> {
  let rounds = 0;
  while (!opts.signal.aborted) {
    try {
      opts.onRound?.(await updateAllStakes(opts));
    } catch (err) {
      opts.onError?.(err);
    }
    rounds++;
    if (opts.maxRounds !== undefined && rounds >= opts.maxRounds) return;
    await sleep(opts.intervalMs, opts.signal);
  }
}

/** Resolves after `ms` or as soon as `signal` aborts. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
    signal.addEventListener("abort", done, { once: true });
  });
}
