/**
 * The operator's `eigen_performance_score` formula (the node spec leaves it to each AVS): the
 * percentage of its last N signed responses that reached the aggregator in a usable state
 * (accepted, or arriving after the task had already completed). Rejected or undelivered
 * responses lower it. 100 before the first response.
 *
 * @module
 */

/** Rolling delivery score over the last `window` responses. */
export class PerformanceScore {
  readonly #window: number;
  readonly #outcomes: boolean[] = [];

  /** `window`: how many recent responses count (default 100). */
  constructor(window = 100) {
    if (!Number.isInteger(window) || window < 1) {
      throw new Error("window must be a positive integer");
    }
    this.#window = window;
  }

  /** Records one response: `delivered` = accepted or late. Returns the new score. */
  record(delivered: boolean): number {
    this.#outcomes.push(delivered);
    if (this.#outcomes.length > this.#window) this.#outcomes.shift();
    return this.score;
  }

  /** Current score, 0..100. */
  get score(): number {
    if (this.#outcomes.length === 0) return 100;
    const good = this.#outcomes.filter((o) => o).length;
    return Math.round((good * 10000) / this.#outcomes.length) / 100;
  }
}
