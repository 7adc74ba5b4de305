/**
 * Periodic driver for {@link updateAllStakes}: one round immediately, then one per interval,
 * until the abort signal fires. A failed round is reported and retried at the next tick; the
 * loop itself never throws.
 *
 * @module
 */
import { sleep } from "../process/sleep.ts";
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
      // The round's transaction stops waiting when the loop is told to stop.
      opts.onRound?.(await updateAllStakes({ ...opts, tx: { signal: opts.signal, ...opts.tx } }));
    } catch (err) {
      if (opts.signal.aborted) return;
      opts.onError?.(err);
    }
    rounds++;
    if (opts.maxRounds !== undefined && rounds >= opts.maxRounds) return;
    await sleep(opts.intervalMs, opts.signal);
  }
}
