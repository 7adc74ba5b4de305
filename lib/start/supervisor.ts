/**
 * Child-process supervisor for `deno task start`: spawns the nodes as separate processes, prefixes
 * every output line with a coloured name, and stops them all (SIGTERM, then SIGKILL after a grace
 * period) so nothing outlives the command.
 */

import { terminateChild } from "../process/terminate.ts";

const COLOURS = [36, 33, 35, 32, 34, 91, 92, 93, 94, 95, 96];

/** One child to run. */
export interface ChildSpec {
  /** Short name used as the line prefix, e.g. `operator2`. */
  name: string;
  /** Executable (usually `Deno.execPath()`). */
  cmd: string;
  args: string[];
  env?: Record<string, string>;
  cwd?: string;
}

/** A running child. */
export interface RunningChild {
  name: string;
  pid: number;
  /** Resolves with the exit status once the child is gone. */
  status: Promise<Deno.CommandStatus>;
  /** Whether the child has exited. */
  exited(): boolean;
}

/** Options of {@link Supervisor}. */
export interface SupervisorOptions {
  /** Where prefixed lines go (default: stdout). */
  write?: (line: string) => void;
  /** Colour prefixes (default: unless `NO_COLOR` is set). */
  colour?: boolean;
  /** Grace period between SIGTERM and SIGKILL in ms (default 5000). */
  stopGraceMs?: number;
  /** Called once when a child exits while the supervisor is not stopping. */
  onUnexpectedExit?: (name: string, status: Deno.CommandStatus) => void;
}

/** Formats `[name] line` with an optional ANSI colour on the prefix. */
export function prefixLine(name: string, line: string, colour: number | undefined, width: number) {
  const tag = `[${name}]`.padEnd(width + 2);
  return colour === undefined ? `${tag} ${line}` : `\x1b[${colour}m${tag}\x1b[0m ${line}`;
}

/** Runs and stops a set of child processes; see the module comment. */
export class Supervisor {
  readonly #children: {
    spec: ChildSpec;
    child: Deno.ChildProcess;
    done: boolean;
    pumps: Promise<void>[];
  }[] = [];
  readonly #write: (line: string) => void;
  readonly #colour: boolean;
  readonly #grace: number;
  readonly #onExit?: (name: string, status: Deno.CommandStatus) => void;
  #stopping = false;
  #width = 10;

  /** Creates an empty supervisor. */
  constructor(opts: SupervisorOptions = {}) {
    const enc = new TextEncoder();
    this.#write = opts.write ?? ((l) => Deno.stdout.writeSync(enc.encode(l + "\n")));
    this.#colour = opts.colour ?? !Deno.env.get("NO_COLOR");
    this.#grace = opts.stopGraceMs ?? 5_000;
    this.#onExit = opts.onUnexpectedExit;
  }

  /** Starts one child; its stdout and stderr are relayed line by line with the prefix. */
  spawn(spec: ChildSpec): RunningChild {
    if (this.#stopping) throw new Error(`supervisor is stopping; not starting ${spec.name}`);
    this.#width = Math.max(this.#width, spec.name.length);
    const child = new Deno.Command(spec.cmd, {
      args: spec.args,
      env: spec.env,
      cwd: spec.cwd,
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    const colour = this.#colour ? COLOURS[this.#children.length % COLOURS.length] : undefined;
    const entry = {
      spec,
      child,
      done: false,
      pumps: [
        this.#pump(spec.name, child.stdout, colour),
        this.#pump(spec.name, child.stderr, colour),
      ],
    };
    this.#children.push(entry);
    const status = child.status.then((s) => {
      entry.done = true;
      if (!this.#stopping) this.#onExit?.(spec.name, s);
      return s;
    });
    return { name: spec.name, pid: child.pid, status, exited: () => entry.done };
  }

  /** Prints one line with the given prefix (for the supervisor's own messages). */
  say(name: string, line: string): void {
    this.#write(prefixLine(name, line, this.#colour ? 97 : undefined, this.#width));
  }

  /** Process ids of the children still running. */
  livePids(): number[] {
    return this.#children.filter((c) => !c.done).map((c) => c.child.pid);
  }

  /**
   * Stops every child: SIGTERM in reverse start order, SIGKILL for any still alive after the
   * grace period; resolves once all have exited and their output is flushed.
   */
  async stopAll(): Promise<void> {
    this.#stopping = true;
    const live = this.#children.filter((c) => !c.done).reverse();
    await Promise.all(live.map((c) => terminateChild(c.child, this.#grace).catch(() => {})));
    await Promise.all(this.#children.flatMap((c) => c.pumps));
  }

  async #pump(name: string, stream: ReadableStream<Uint8Array>, colour?: number): Promise<void> {
    let buf = "";
    try {
      for await (const chunk of stream.pipeThrough(new TextDecoderStream())) {
        buf += chunk;
        let nl: number;
        while ((nl = buf.indexOf("\n")) >= 0) {
          this.#write(prefixLine(name, buf.slice(0, nl).replace(/\r$/, ""), colour, this.#width));
          buf = buf.slice(nl + 1);
        }
      }
    } catch {
      // The stream errors when the child is killed mid-write; the remaining text is still shown.
    }
    if (buf.length) this.#write(prefixLine(name, buf, colour, this.#width));
  }
}
