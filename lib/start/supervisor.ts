/**
 * Child-process supervisor for `deno task start`: spawns the nodes as separate processes,
 * prefixes every output line with a coloured name, restarts a node that exits unexpectedly
 * (with exponential back-off, up to a crash limit), tells when a node is up (its listeners
 * accept connections), and stops them all (SIGTERM, then SIGKILL after a grace period) so
 * nothing outlives the command.
 */

import { terminateChild } from "../process/terminate.ts";

const COLOURS = [36, 33, 35, 32, 34, 91, 92, 93, 94, 95, 96];
const TAIL_LINES = 40;

/** One child to run. */
export interface ChildSpec {
  /** Short name used as the line prefix, e.g. `operator2`. */
  name: string;
  /** Executable (usually `Deno.execPath()`). */
  cmd: string;
  args: string[];
  env?: Record<string, string>;
  cwd?: string;
  /**
   * TCP ports on 127.0.0.1 the child listens on once it is up. Without any, the child counts
   * as up once it has run for the supervisor's `settleMs`.
   */
  readyPorts?: number[];
}

/** A running child (one incarnation: a restart is a new process with a new pid). */
export interface RunningChild {
  name: string;
  pid: number;
  /** Resolves with the exit status once the child is gone. */
  status: Promise<Deno.CommandStatus>;
  /** Whether the child has exited. */
  exited(): boolean;
}

/**
 * When to restart a child that exits while the supervisor is not stopping. The n-th exit within
 * `windowMs` waits `min(maxDelayMs, initialDelayMs·2^(n−1))`; the `maxCrashes`-th exit within
 * `windowMs` is final (the supervisor reports `gave-up` and restarts nothing more).
 */
export interface RestartPolicy {
  initialDelayMs: number;
  maxDelayMs: number;
  maxCrashes: number;
  windowMs: number;
}

/** `deno task start`'s policy: 1 s, 2 s, 4 s, 8 s; the 5th exit within 60 s stops the run. */
export const DEFAULT_RESTART_POLICY: RestartPolicy = {
  initialDelayMs: 1_000,
  maxDelayMs: 30_000,
  maxCrashes: 5,
  windowMs: 60_000,
};

/** What happened to a child. */
export type ChildEvent =
  /** Listening (or spawned, without ready ports); `restarts` > 0 after a restart. */
  | { kind: "up"; name: string; pid: number; restarts: number; downMs?: number }
  /** Exited unexpectedly; restarts after `delayMs` as restart number `restart`. */
  | {
    kind: "exited";
    name: string;
    status: Deno.CommandStatus;
    delayMs: number;
    restart: number;
    tail: readonly string[];
  }
  /** Exited unexpectedly `crashes` times within the policy's window: not restarted. */
  | {
    kind: "gave-up";
    name: string;
    status: Deno.CommandStatus;
    crashes: number;
    windowMs: number;
    tail: readonly string[];
  }
  /** Could not be spawned again (e.g. the executable vanished): not restarted. */
  | { kind: "spawn-failed"; name: string; error: string };

/** Options of {@link Supervisor}. */
export interface SupervisorOptions {
  /** Where prefixed lines go (default: stdout). */
  write?: (line: string) => void;
  /** Colour prefixes (default: unless `NO_COLOR` is set). */
  colour?: boolean;
  /** Grace period between SIGTERM and SIGKILL in ms (default 5000). */
  stopGraceMs?: number;
  /** Called once per unexpected exit (before any restart decision). */
  onUnexpectedExit?: (name: string, status: Deno.CommandStatus) => void;
  /** Restart children that exit unexpectedly (default: never restart). */
  restart?: RestartPolicy;
  /** Child state changes (up, exited and restarting, gave up). */
  onEvent?: (event: ChildEvent) => void;
  /**
   * Called before a restart with the exited child's spec and last output lines; may return a
   * changed spec (e.g. new ports after "address already in use").
   */
  beforeRestart?: (
    spec: ChildSpec,
    tail: readonly string[],
  ) => ChildSpec | undefined | Promise<ChildSpec | undefined>;
  /** How often ready ports are probed, in ms (default 200). */
  readyPollMs?: number;
  /** How long a child without ready ports must run to count as up, in ms (default 2000). */
  settleMs?: number;
}

interface Managed {
  spec: ChildSpec;
  colour?: number;
  current?: { child: Deno.ChildProcess; handle: RunningChild };
  done: boolean;
  pumps: Promise<void>[];
  tail: string[];
  crashes: number[];
  restarts: number;
  downSince?: number;
  timer?: ReturnType<typeof setTimeout>;
  planned: boolean;
}

async function settleWithin(p: Promise<unknown>, ms: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([p, new Promise((r) => (timer = setTimeout(r, ms)))]);
  clearTimeout(timer);
}

/** Formats `[name] line` with an optional ANSI colour on the prefix. */
export function prefixLine(name: string, line: string, colour: number | undefined, width: number) {
  const tag = `[${name}]`.padEnd(width + 2);
  return colour === undefined ? `${tag} ${line}` : `\x1b[${colour}m${tag}\x1b[0m ${line}`;
}

/** The back-off before restart number `n` (1-based count of exits within the window). */
export function restartDelayMs(policy: RestartPolicy, n: number): number {
  return Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** Math.max(0, n - 1));
}

/** Runs, restarts and stops a set of child processes; see the module comment. */
export class Supervisor {
  readonly #children: Managed[] = [];
  readonly #write: (line: string) => void;
  readonly #colour: boolean;
  readonly #grace: number;
  readonly #opts: SupervisorOptions;
  #stopping = false;
  #holding = false;
  #width = 10;

  /** Creates an empty supervisor. */
  constructor(opts: SupervisorOptions = {}) {
    const enc = new TextEncoder();
    this.#write = opts.write ?? ((l) => Deno.stdout.writeSync(enc.encode(l + "\n")));
    this.#colour = opts.colour ?? !Deno.env.get("NO_COLOR");
    this.#grace = opts.stopGraceMs ?? 5_000;
    this.#opts = opts;
  }

  /** Whether {@link stopAll} has been called. */
  get stopping(): boolean {
    return this.#stopping;
  }

  /** Starts one child; its stdout and stderr are relayed line by line with the prefix. */
  spawn(spec: ChildSpec): RunningChild {
    if (this.#stopping) throw new Error(`supervisor is stopping; not starting ${spec.name}`);
    // A name may be reused once its child is gone for good (not while it waits to restart).
    if (this.#children.some((c) => c.spec.name === spec.name && (!c.done || c.timer))) {
      throw new Error(`a child named ${spec.name} is already running`);
    }
    this.#width = Math.max(this.#width, spec.name.length);
    const m: Managed = {
      spec,
      colour: this.#colour ? COLOURS[this.#children.length % COLOURS.length] : undefined,
      done: false,
      pumps: [],
      tail: [],
      crashes: [],
      restarts: 0,
      planned: false,
    };
    this.#children.push(m);
    return this.#start(m);
  }

  /** The current incarnation of the child called `name` (undefined while it waits to restart). */
  child(name: string): RunningChild | undefined {
    const m = this.#children.findLast((c) => c.spec.name === name);
    return m && !m.done ? m.current?.handle : undefined;
  }

  /**
   * Restarts `name` now (after a config change): SIGTERM (SIGKILL after the grace), then a new
   * process at once. Not counted as a crash. A child waiting for its restart just keeps waiting.
   */
  async restartNow(name: string): Promise<void> {
    const m = this.#children.findLast((c) => c.spec.name === name);
    if (!m || m.done || !m.current || this.#stopping) return;
    m.planned = true;
    await terminateChild(m.current.child, this.#grace).catch(() => {});
  }

  /**
   * Restarts nothing from now on (pending restarts are cancelled) and reports no more exits:
   * called when the run is ending, since Ctrl-C in a terminal reaches the children too and
   * their exits are then not crashes.
   */
  holdRestarts(): void {
    this.#holding = true;
    for (const c of this.#children) {
      clearTimeout(c.timer);
      c.timer = undefined;
    }
  }

  /** Prints one line with the given prefix (for the supervisor's own messages). */
  say(name: string, line: string): void {
    this.#write(prefixLine(name, line, this.#colour ? 97 : undefined, this.#width));
  }

  /** Process ids of the children still running. */
  livePids(): number[] {
    return this.#children.filter((c) => !c.done && c.current).map((c) => c.current!.child.pid);
  }

  /**
   * Stops every child: cancels pending restarts, SIGTERM in reverse start order, SIGKILL for any
   * still alive after the grace period; resolves once all have exited and their output is
   * flushed.
   */
  async stopAll(): Promise<void> {
    this.#stopping = true;
    for (const c of this.#children) {
      clearTimeout(c.timer);
      c.timer = undefined;
    }
    const live = this.#children.filter((c) => !c.done && c.current).reverse();
    await Promise.all(
      live.map((c) => terminateChild(c.current!.child, this.#grace).catch(() => {})),
    );
    await Promise.all(this.#children.flatMap((c) => c.pumps));
  }

  #start(m: Managed): RunningChild {
    const { spec } = m;
    const child = new Deno.Command(spec.cmd, {
      args: spec.args,
      env: spec.env,
      cwd: spec.cwd,
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    m.done = false;
    m.tail = [];
    const pumps = [this.#pump(m, child.stdout), this.#pump(m, child.stderr)];
    m.pumps.push(...pumps);
    let exited = false;
    const status = child.status.then(async (s) => {
      exited = true;
      // Its last lines (often the reason it exited) belong to the tail handed to the hooks.
      await settleWithin(Promise.all(pumps), 500);
      this.#onExit(m, s);
      return s;
    });
    const handle = { name: spec.name, pid: child.pid, status, exited: () => exited };
    m.current = { child, handle };
    this.#watchReady(m, handle);
    return handle;
  }

  async #watchReady(m: Managed, handle: RunningChild): Promise<void> {
    const ports = m.spec.readyPorts ?? [];
    if (!ports.length) {
      await settleWithin(handle.status, this.#opts.settleMs ?? 2_000);
    }
    const pending = new Set(ports);
    while (pending.size && !handle.exited() && !this.#stopping) {
      for (const port of [...pending]) {
        try {
          (await Deno.connect({ hostname: "127.0.0.1", port })).close();
          pending.delete(port);
        } catch { /* not listening yet */ }
      }
      if (pending.size) await new Promise((r) => setTimeout(r, this.#opts.readyPollMs ?? 200));
    }
    if (handle.exited() || this.#stopping || m.current?.handle !== handle) return;
    const downMs = m.downSince === undefined ? undefined : Date.now() - m.downSince;
    m.downSince = undefined;
    this.#opts.onEvent?.({
      kind: "up",
      name: m.spec.name,
      pid: handle.pid,
      restarts: m.restarts,
      downMs,
    });
  }

  #onExit(m: Managed, status: Deno.CommandStatus): void {
    m.done = true;
    if (this.#stopping || this.#holding) return;
    const name = m.spec.name;
    if (m.planned) {
      m.planned = false;
      m.downSince = Date.now();
      this.#respawn(m);
      return;
    }
    this.#opts.onUnexpectedExit?.(name, status);
    const policy = this.#opts.restart;
    if (!policy) return;
    const now = Date.now();
    m.downSince ??= now;
    m.crashes = [...m.crashes.filter((t) => now - t < policy.windowMs), now];
    const tail = [...m.tail];
    if (m.crashes.length >= policy.maxCrashes) {
      this.#opts.onEvent?.({
        kind: "gave-up",
        name,
        status,
        crashes: m.crashes.length,
        windowMs: policy.windowMs,
        tail,
      });
      return;
    }
    const delayMs = restartDelayMs(policy, m.crashes.length);
    m.restarts++;
    this.#opts.onEvent?.({ kind: "exited", name, status, delayMs, restart: m.restarts, tail });
    m.timer = setTimeout(async () => {
      m.timer = undefined;
      try {
        const next = await this.#opts.beforeRestart?.(m.spec, tail);
        if (next) m.spec = { ...next, name };
      } catch (err) {
        this.say("start", `before restarting ${name}: ${(err as Error).message}`);
      }
      this.#respawn(m);
    }, delayMs);
  }

  #respawn(m: Managed): void {
    if (this.#stopping || this.#holding) return;
    try {
      this.#start(m);
    } catch (err) {
      this.#opts.onEvent?.({
        kind: "spawn-failed",
        name: m.spec.name,
        error: (err as Error).message,
      });
    }
  }

  async #pump(m: Managed, stream: ReadableStream<Uint8Array>): Promise<void> {
    const name = m.spec.name;
    const tail = m.tail;
    const emit = (line: string) => {
      tail.push(line);
      if (tail.length > TAIL_LINES) tail.shift();
      this.#write(prefixLine(name, line, m.colour, this.#width));
    };
    let buf = "";
    try {
      for await (const chunk of stream.pipeThrough(new TextDecoderStream())) {
        buf += chunk;
        let nl: number;
        while ((nl = buf.indexOf("\n")) >= 0) {
          emit(buf.slice(0, nl).replace(/\r$/, ""));
          buf = buf.slice(nl + 1);
        }
      }
    } catch {
      // The stream errors when the child is killed mid-write; the remaining text is still shown.
    }
    if (buf.length) emit(buf);
  }
}
