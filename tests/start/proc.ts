/** Process helpers for the `deno task start` tests (Linux /proc). */

/** Every descendant pid of `root`, children first. */
export function descendants(root: number): number[] {
  const parentOf = new Map<number, number>();
  for (const e of Deno.readDirSync("/proc")) {
    if (!/^\d+$/.test(e.name)) continue;
    try {
      const stat = Deno.readTextFileSync(`/proc/${e.name}/stat`);
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      parentOf.set(Number(e.name), ppid);
    } catch { /* exited meanwhile */ }
  }
  const out: number[] = [];
  const walk = (p: number) => {
    for (const [pid, ppid] of parentOf) {
      if (ppid === p) {
        out.push(pid);
        walk(pid);
      }
    }
  };
  walk(root);
  return out;
}

/** Whether `pid` is a live (not zombie) process. */
export function alive(pid: number): boolean {
  try {
    const stat = Deno.readTextFileSync(`/proc/${pid}/stat`);
    return !stat.slice(stat.lastIndexOf(")") + 2).startsWith("Z");
  } catch {
    return false;
  }
}

/** The command line of `pid` ("" if gone). */
export function cmdline(pid: number): string {
  try {
    return Deno.readTextFileSync(`/proc/${pid}/cmdline`).replaceAll("\0", " ");
  } catch {
    return "";
  }
}

/** A spawned process whose stdout lines are collected as they come. */
export interface LineCollector {
  lines: string[];
  /** Resolves with the index of the first line (from `from`) matching `re`; rejects after `ms`. */
  waitFor(re: RegExp, ms: number, from?: number): Promise<number>;
  /** Resolves when stdout is closed. */
  closed: Promise<void>;
}

/** Collects the lines of `stream`. */
export function collectLines(stream: ReadableStream<Uint8Array>): LineCollector {
  const lines: string[] = [];
  const waiters = new Set<() => void>();
  const closed = (async () => {
    let buf = "";
    for await (const chunk of stream.pipeThrough(new TextDecoderStream())) {
      buf += chunk;
      let nl: number;
      while ((nl = buf.indexOf("\n")) >= 0) {
        lines.push(buf.slice(0, nl));
        buf = buf.slice(nl + 1);
        for (const w of waiters) w();
      }
    }
    if (buf) lines.push(buf);
    for (const w of waiters) w();
  })();
  let isClosed = false;
  closed.then(() => (isClosed = true));
  const waitFor = (re: RegExp, ms: number, from = 0) =>
    new Promise<number>((resolve, reject) => {
      const check = () => {
        const i = lines.findIndex((l, j) => j >= from && re.test(l));
        if (i >= 0) {
          done();
          resolve(i);
        } else if (isClosed) {
          done();
          reject(new Error(`output closed without ${re}:\n${lines.slice(-30).join("\n")}`));
        }
      };
      const timer = setTimeout(() => {
        done();
        reject(
          new Error(`no line matching ${re} within ${ms} ms:\n${lines.slice(-30).join("\n")}`),
        );
      }, ms);
      const done = () => {
        clearTimeout(timer);
        waiters.delete(check);
      };
      waiters.add(check);
      closed.then(check);
      check();
    });
  return { lines, waitFor, closed };
}

const START = new URL("../../start.ts", import.meta.url).pathname;

/** A `deno task start` child with its output being collected. */
export interface StartRun {
  child: Deno.ChildProcess;
  out: LineCollector;
  /** Its whole stderr, once it exits. */
  err: Promise<string>;
}

/** Spawns `start.ts` on `port` with random other ports and `args` (no colour, piped output). */
export function spawnStart(port: number, args: readonly string[]): StartRun {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-q", "-A", START, "--port", String(port), "--random-ports", ...args],
    env: { NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  return { child, out: collectLines(child.stdout), err: new Response(child.stderr).text() };
}

/**
 * Ends a run with SIGINT and checks that it exited 0 (naming its stderr otherwise) and, after a
 * moment, that none of `pids` is still alive.
 */
export async function stopStart(run: StartRun, pids: readonly number[]): Promise<void> {
  run.child.kill("SIGINT");
  const status = await run.child.status;
  await run.out.closed;
  const stderr = await run.err;
  if (status.code !== 0) {
    throw new Error(
      `start exited ${status.code}: ${stderr}\n${run.out.lines.slice(-20).join("\n")}`,
    );
  }
  await new Promise((r) => setTimeout(r, 200));
  const left = pids.filter(alive);
  if (left.length) throw new Error(`processes left behind: ${left.join(", ")}`);
}
