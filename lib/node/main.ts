/**
 * The one way a node's entry point runs: the same command-line parser (commander) for every
 * node, a shutdown signal listened for from the first moment, startup errors as one clear line,
 * and an ordered stop bounded in time. Entry points only describe their options and how to start.
 *
 * @module
 */
import { Command, CommanderError } from "commander";
import { onShutdownSignal } from "../process/signals.ts";

/** What a started node must offer its entry point. */
export interface RunningNode {
  /** Stops everything the node started; resolves when closed. */
  stop(): Promise<void>;
  /** Rejects when the node can no longer work (chain reset, …): the process then exits 1. */
  failed?: Promise<never>;
}

/** Describes one node's command line and start. */
export interface NodeMainSpec<O> {
  /** Command name, also the prefix of error lines (`aggregator: …`). */
  name: string;
  /** One-line description for `--help`. */
  description: string;
  /** Adds the node's options to the shared command. */
  options(command: Command): Command;
  /**
   * Loads config, sets up logging and starts the node. `signal` aborts when a shutdown signal
   * arrives during startup (long waits such as registration should honour it).
   */
  start(options: O, signal: AbortSignal): Promise<RunningNode>;
}

/** Most time an ordered stop may take before the process gives up waiting. */
export const STOP_DEADLINE_MS = 5_000;

/** Error classes that mean a bug rather than bad input: those keep their stack trace. */
const PROGRAMMING_ERRORS = [TypeError, ReferenceError, SyntaxError, RangeError];

/** The line printed for an error that stopped a node from starting. */
export function startupErrorLine(name: string, err: unknown): string {
  if (!(err instanceof Error)) return `${name}: ${String(err)}`;
  const bug = PROGRAMMING_ERRORS.some((c) => err.constructor === c);
  if (bug || Deno.env.get("INCSQ_DEBUG")) return `${name}: ${err.stack ?? err.message}`;
  return `${name}: ${err.message}`;
}

/** Builds the shared command (help after errors, no process exit inside the parser). */
export function nodeCommand(name: string, description: string): Command {
  return new Command(name)
    .description(description)
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({
      writeOut: (s) => Deno.stdout.writeSync(new TextEncoder().encode(s)),
      writeErr: (s) => Deno.stderr.writeSync(new TextEncoder().encode(s)),
    });
}

/**
 * Parses `argv`, starts the node and runs it until SIGINT/SIGTERM; returns the exit code:
 * 0 after a clean stop (or `--help`), 1 when it could not start, failed while running or did
 * not stop within {@link STOP_DEADLINE_MS}, 2 for a bad command line.
 */
export async function runNodeMain<O>(spec: NodeMainSpec<O>, argv: string[]): Promise<number> {
  const command = spec.options(nodeCommand(spec.name, spec.description));
  try {
    command.parse(argv, { from: "user" });
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : 2;
    throw err;
  }
  const options = command.opts<O & Record<string, unknown>>() as O;
  // Listen before starting, so a signal during registration stops the node right after.
  const shutdown = onShutdownSignal();
  const abort = new AbortController();
  void shutdown.then(() => abort.abort());

  let node: RunningNode;
  try {
    const started = spec.start(options, abort.signal);
    const first = await Promise.race([
      started.then((n) => ({ node: n })),
      shutdown.then((sig) => ({ sig })),
    ]);
    if ("sig" in first) {
      // Give startup a moment to notice the abort and hand back something stoppable.
      const late = await withDeadline(started.catch(() => undefined), STOP_DEADLINE_MS);
      if (late) await withDeadline(late.stop().catch(() => {}), STOP_DEADLINE_MS);
      return 0;
    }
    node = first.node;
  } catch (err) {
    console.error(startupErrorLine(spec.name, err));
    return 1;
  }

  const outcome = await Promise.race([
    shutdown.then(() => ({ failure: undefined as unknown })),
    (node.failed ?? new Promise<never>(() => {})).catch((err: unknown) => ({ failure: err })),
  ]);
  const stopped = await withDeadline(node.stop().then(() => true), STOP_DEADLINE_MS);
  if (outcome.failure !== undefined) {
    console.error(startupErrorLine(spec.name, outcome.failure));
    return 1;
  }
  if (!stopped) {
    console.error(`${spec.name}: did not stop within ${STOP_DEADLINE_MS / 1000} s; exiting`);
    return 1;
  }
  return 0;
}

/** Resolves with the value, or undefined once `ms` passed. */
async function withDeadline<T>(p: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<undefined>((r) => (timer = setTimeout(() => r(undefined), ms)));
  try {
    return await Promise.race([p, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
