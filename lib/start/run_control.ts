/**
 * How a `deno task start` run ends and what it claims meanwhile: SIGINT/SIGTERM end it with
 * exit code 0, a node that keeps crashing with 2, the chain exiting with 3; "system running" is
 * printed only while every node is up.
 */
import {
  type ChildEvent,
  DEFAULT_RESTART_POLICY,
  type RestartPolicy,
  Supervisor,
  type SupervisorOptions,
} from "./supervisor.ts";

/** Exit codes of `deno task start` (documented in README.md and docs/nodes.md). */
export const START_EXIT = {
  /** Stopped by SIGINT/SIGTERM; everything shut down. */
  stopped: 0,
  /** Could not start: bad option, busy port, deployment failed. */
  startupFailed: 1,
  /** A node crashed `maxCrashes` times within the window (or could not be respawned). */
  nodeKeepsCrashing: 2,
  /** The anvil chain exited: restarting it would start a different, empty chain. */
  chainExited: 3,
} as const;

/** Why a run ended. */
export interface RunOutcome {
  code: number;
  /** One line, e.g. `aggregator keeps crashing: …`. */
  reason: string;
}

/** Options of {@link RunControl}. */
export interface RunControlOptions {
  /** Prints one `[start]` line. */
  say: (line: string) => void;
  /** Ends the run like a signal would (besides SIGINT/SIGTERM). */
  signal?: AbortSignal;
}

const seconds = (ms: number) => `${Number((ms / 1000).toFixed(1))} s`;

/** `code 1`, or `code 137 (SIGKILL)`. */
export function describeExit(s: Deno.CommandStatus): string {
  return s.signal ? `code ${s.code} (${s.signal})` : `code ${s.code}`;
}

// deno-lint-ignore no-control-regex
const ANSI = /\x1b\[[0-9;]*m/g;

const ERROR_WORDS = /error|fail|cannot|can't|refused|in use|denied|not found|invalid|missing/i;

/** The child's last line that reads like the reason (else its last line), for the final line. */
function lastLine(tail: readonly string[]): string | undefined {
  const lines = tail.map((l) => l.replace(ANSI, "").trim()).filter((l) => l);
  const l = lines.findLast((x) => ERROR_WORDS.test(x)) ?? lines.at(-1);
  return l && l.length > 200 ? l.slice(0, 197) + "…" : l;
}

/** Tracks the run's end and the nodes' states; see the module comment. */
export class RunControl {
  readonly #ac = new AbortController();
  readonly #say: (line: string) => void;
  readonly #expected = new Set<string>();
  readonly #up = new Set<string>();
  #outcome?: RunOutcome;
  #announce?: () => string;
  #claimed = false;
  #everClaimed = false;
  readonly #onSignal = (sig: Deno.Signal) => () =>
    this.finish({ code: START_EXIT.stopped, reason: `stopped by ${sig}` });
  readonly #handlers = new Map<Deno.Signal, () => void>();

  /** Starts listening for SIGINT/SIGTERM (until {@link dispose}). */
  constructor(opts: RunControlOptions) {
    this.#say = opts.say;
    for (const sig of ["SIGINT", "SIGTERM"] as const) {
      const h = this.#onSignal(sig);
      this.#handlers.set(sig, h);
      Deno.addSignalListener(sig, h);
    }
    if (opts.signal?.aborted) this.#onSignal("SIGTERM")();
    opts.signal?.addEventListener("abort", this.#onSignal("SIGTERM"), { once: true });
  }

  /** Aborted once the run must end. */
  get signal(): AbortSignal {
    return this.#ac.signal;
  }

  /** The outcome, once decided. */
  get outcome(): RunOutcome | undefined {
    return this.#outcome;
  }

  /** Ends the run (the first outcome wins). */
  finish(outcome: RunOutcome): void {
    if (this.#outcome) return;
    this.#outcome = outcome;
    this.#ac.abort();
  }

  /** Resolves with the outcome once the run must end. */
  done(): Promise<RunOutcome> {
    return new Promise((resolve) => {
      if (this.#outcome) return resolve(this.#outcome);
      this.#ac.signal.addEventListener("abort", () => resolve(this.#outcome!), { once: true });
    });
  }

  /** Registers a node that must be up before the system is called running. */
  expect(name: string): void {
    this.#expected.add(name);
  }

  /** Prints `message` once every expected node is up (and "running again" after outages). */
  announceWhenAllUp(message: string | (() => string)): void {
    this.#announce = typeof message === "string" ? () => message : message;
    this.#maybeClaim();
  }

  /** Nodes expected but not up right now. */
  down(): string[] {
    return [...this.#expected].filter((n) => !this.#up.has(n));
  }

  /** Ends the run with exit code 3 if `exited` resolves before the run ends otherwise. */
  watchChain(exited: Promise<unknown>, what = "the anvil chain"): void {
    exited.then(() => {
      if (this.#outcome) return;
      this.#say(`${what} exited unexpectedly; stopping everything (a new chain would be empty)`);
      this.finish({
        code: START_EXIT.chainExited,
        reason: `${what} exited unexpectedly; stopped everything`,
      });
    });
  }

  /** Feeds the supervisor's events: prints the restart lines and tracks which nodes are up. */
  onChildEvent(e: ChildEvent): void {
    if (this.#outcome) return;
    switch (e.kind) {
      case "up":
        this.#up.add(e.name);
        if (e.restarts > 0) {
          const after = e.downMs === undefined ? "" : ` after ${seconds(e.downMs)}`;
          this.#say(`${e.name} is up again${after} (restart ${e.restarts})`);
        }
        this.#maybeClaim();
        break;
      case "exited": {
        this.#up.delete(e.name);
        this.#claimed = false;
        this.#say(
          `${e.name} exited with ${describeExit(e.status)}; restarting in ${
            seconds(e.delayMs)
          } (restart ${e.restart})`,
        );
        break;
      }
      case "gave-up": {
        this.#up.delete(e.name);
        const last = lastLine(e.tail);
        const why = `${e.name} keeps crashing: ${e.crashes} exits within ${
          seconds(e.windowMs)
        }, the last with ${describeExit(e.status)}${last ? ` (last output: ${last})` : ""}`;
        this.#say(`${why}; stopping everything`);
        this.finish({ code: START_EXIT.nodeKeepsCrashing, reason: `${why}; stopped everything` });
        break;
      }
      case "spawn-failed": {
        this.#up.delete(e.name);
        const why = `${e.name} could not be restarted: ${e.error}`;
        this.#say(`${why}; stopping everything`);
        this.finish({ code: START_EXIT.nodeKeepsCrashing, reason: `${why}; stopped everything` });
        break;
      }
    }
  }

  /** Removes the signal listeners. */
  dispose(): void {
    for (const [sig, h] of this.#handlers) Deno.removeSignalListener(sig, h);
    this.#handlers.clear();
  }

  #maybeClaim(): void {
    if (this.#announce === undefined || this.#claimed || this.#outcome) return;
    if (this.down().length) return;
    this.#claimed = true;
    this.#say(this.#everClaimed ? "all nodes up; system running again" : this.#announce());
    this.#everClaimed = true;
  }
}

/** Options of {@link supervisedRun}. */
export interface SupervisedRunOptions
  extends Omit<SupervisorOptions, "onEvent" | "onUnexpectedExit" | "restart"> {
  /** Restart policy (default {@link DEFAULT_RESTART_POLICY}). */
  restart?: RestartPolicy;
  /** Ends the run like a signal would. */
  signal?: AbortSignal;
}

/**
 * A supervisor with restarts wired to a {@link RunControl}: the pair `deno task start` (and its
 * tests with small child scripts) runs nodes with.
 */
export function supervisedRun(
  opts: SupervisedRunOptions = {},
): { sup: Supervisor; control: RunControl } {
  const sup: Supervisor = new Supervisor({
    ...opts,
    restart: opts.restart ?? DEFAULT_RESTART_POLICY,
    // Events only come from spawned children, after `control` exists.
    onEvent: (e) => control.onChildEvent(e),
  });
  const control = new RunControl({ say: (l) => sup.say("start", l), signal: opts.signal });
  control.signal.addEventListener("abort", () => sup.holdRestarts(), { once: true });
  return { sup, control };
}
