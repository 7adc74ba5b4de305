/**
 * Restarts, the crash limit and stopping, with real child processes (small Deno scripts standing
 * in for the nodes): the same `supervisedRun` that `deno task start` uses.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { reservePorts } from "../../lib/devnet/ports.ts";
import { supervisedRun } from "../../lib/start/run_control.ts";
import { restartDelayMs, type RestartPolicy } from "../../lib/start/supervisor.ts";
import { alive, cmdline, collectLines, descendants } from "./proc.ts";

const FIXTURES = new URL("./fixtures/", import.meta.url).pathname;
const FLAKY = join(FIXTURES, "flaky.ts");
const MINI_START = join(FIXTURES, "mini_start.ts");
const FAST: RestartPolicy = {
  initialDelayMs: 100,
  maxDelayMs: 400,
  maxCrashes: 5,
  windowMs: 60_000,
};

function processesMentioning(text: string): number[] {
  return [...Deno.readDirSync("/proc")].filter((e) => /^\d+$/.test(e.name)).map((e) =>
    Number(e.name)
  ).filter((pid) => alive(pid) && cmdline(pid).includes(text));
}

function oneFreePort(): number {
  const r = reservePorts(1);
  r.releaseAll();
  return r.ports[0];
}

async function until(what: string, ok: () => boolean, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

Deno.test("restart policy: delays double up to the cap", () => {
  const p: RestartPolicy = {
    initialDelayMs: 1000,
    maxDelayMs: 30_000,
    maxCrashes: 5,
    windowMs: 60_000,
  };
  assert.deepEqual([1, 2, 3, 4, 5, 6, 7].map((n) => restartDelayMs(p, n)), [
    1000,
    2000,
    4000,
    8000,
    16000,
    30000,
    30000,
  ]);
});

Deno.test("supervisor: a child that crashes twice is restarted, then the system is running", async () => {
  const dir = await Deno.makeTempDir({ prefix: "incsq-sup-" });
  const port = oneFreePort();
  const lines: string[] = [];
  const stop = new AbortController();
  const { sup, control } = supervisedRun({
    write: (l) => lines.push(l),
    colour: false,
    restart: FAST,
    stopGraceMs: 1000,
    signal: stop.signal,
  });
  try {
    control.expect("flaky");
    sup.spawn({
      name: "flaky",
      cmd: Deno.execPath(),
      args: ["run", "-q", "-A", FLAKY, join(dir, "count"), "2", String(port)],
      readyPorts: [port],
    });
    control.announceWhenAllUp("system running");
    await until("system running", () => lines.some((l) => l.endsWith("system running")), 20_000);
    const start = lines.filter((l) => l.startsWith("[start]")).map((l) => l.replace(/\s+/, " "));
    assert.equal(start[0], "[start] flaky exited with code 3; restarting in 0.1 s (restart 1)");
    assert.equal(start[1], "[start] flaky exited with code 3; restarting in 0.2 s (restart 2)");
    assert.match(start[2], /^\[start\] flaky is up again after [\d.]+ s \(restart 2\)$/);
    assert.equal(start[3], "[start] system running");
    assert.ok(lines.some((l) => /\[flaky\]\s+start 2: failing on purpose/.test(l)));
    assert.ok(lines.some((l) => /\[flaky\]\s+start 3: up on port/.test(l)));
    // The port answers: it really is the third process that is up.
    (await Deno.connect({ hostname: "127.0.0.1", port })).close();

    // Killed from outside: restarted, and "running" is claimed again only once it is back.
    const pid = sup.child("flaky")!.pid;
    const mark = lines.length;
    Deno.kill(pid, "SIGKILL");
    await until(
      "running again",
      () => lines.slice(mark).some((l) => l.endsWith("running again")),
      20_000,
    );
    const after = lines.slice(mark).filter((l) => l.startsWith("[start]")).map((l) =>
      l.replace(/\s+/, " ")
    );
    assert.equal(
      after[0],
      "[start] flaky exited with code 137 (SIGKILL); restarting in 0.4 s (restart 3)",
    );
    assert.match(after[1], /flaky is up again after [\d.]+ s \(restart 3\)/);
    assert.equal(after[2], "[start] all nodes up; system running again");
    assert.notEqual(sup.child("flaky")!.pid, pid);
    assert.equal(control.outcome, undefined);
    stop.abort();
    assert.deepEqual(await control.done(), { code: 0, reason: "stopped by SIGTERM" });
  } finally {
    await sup.stopAll();
    control.dispose();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("supervisor: a child that never comes up is never called running", async () => {
  const dir = await Deno.makeTempDir({ prefix: "incsq-sup-" });
  const lines: string[] = [];
  const { sup, control } = supervisedRun({
    write: (l) => lines.push(l),
    colour: false,
    restart: { ...FAST, maxCrashes: 3 },
  });
  try {
    control.expect("broken");
    sup.spawn({
      name: "broken",
      cmd: Deno.execPath(),
      args: ["run", "-q", "-A", FLAKY, join(dir, "count"), "99", "0"],
    });
    control.announceWhenAllUp("system running");
    const outcome = await control.done();
    assert.equal(outcome.code, 2);
    assert.match(
      outcome.reason,
      /^broken keeps crashing: 3 exits within 60 s, the last with code 3 \(last output: start 3: failing on purpose\); stopped everything$/,
    );
    assert.ok(!lines.some((l) => l.includes("system running")), lines.join("\n"));
    assert.equal(lines.filter((l) => /broken exited with code 3; restarting/.test(l)).length, 2);
  } finally {
    await sup.stopAll();
    control.dispose();
    await Deno.remove(dir, { recursive: true });
  }
});

function miniStart(plan: unknown) {
  return new Deno.Command(Deno.execPath(), {
    args: ["run", "-q", "-A", MINI_START, JSON.stringify(plan)],
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1" },
  }).spawn();
}

Deno.test({
  name: "start supervision (process): a node that always crashes makes it exit 2 with one line",
  sanitizeResources: false,
  fn: async () => {
    const dir = await Deno.makeTempDir({ prefix: "incsq-sup-" });
    try {
      const p = miniStart({
        policy: { ...FAST, maxCrashes: 4 },
        graceMs: 1000,
        children: [
          { name: "crasher", args: [FLAKY, join(dir, "crasher"), "1000", "0"] },
          { name: "steady", args: [FLAKY, join(dir, "steady"), "0", "0"] },
        ],
      });
      const out = collectLines(p.stdout);
      const err = new Response(p.stderr).text();
      const status = await p.status;
      await out.closed;
      assert.equal(status.code, 2, out.lines.join("\n"));
      assert.equal(
        (await err).trim(),
        "start: crasher keeps crashing: 4 exits within 60 s, the last with code 3 " +
          "(last output: start 4: failing on purpose); stopped everything",
      );
      const start = out.lines.filter((l) => l.startsWith("[start]")).map((l) =>
        l.replace(/\s+/, " ")
      );
      assert.deepEqual(start.slice(0, 3), [
        "[start] crasher exited with code 3; restarting in 0.1 s (restart 1)",
        "[start] crasher exited with code 3; restarting in 0.2 s (restart 2)",
        "[start] crasher exited with code 3; restarting in 0.4 s (restart 3)",
      ]);
      assert.ok(!out.lines.some((l) => l.includes("system running")), out.lines.join("\n"));
      assert.equal(start.at(-1), "[start] stopped");
      assert.equal(Number(Deno.readTextFileSync(join(dir, "crasher"))), 4);
      // The healthy child was stopped too: no process mentions this test's directory.
      assert.deepEqual(processesMentioning(dir), []);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test({
  name: "start supervision (process): SIGTERM during a back-off stops everything promptly",
  sanitizeResources: false,
  fn: async () => {
    const dir = await Deno.makeTempDir({ prefix: "incsq-sup-" });
    const port = oneFreePort();
    try {
      const p = miniStart({
        policy: { initialDelayMs: 20_000, maxDelayMs: 20_000, maxCrashes: 5, windowMs: 60_000 },
        graceMs: 1000,
        children: [
          { name: "crasher", args: [FLAKY, join(dir, "crasher"), "1000", "0"] },
          // Ignores SIGTERM: only the SIGKILL after the grace period ends it.
          {
            name: "stubborn",
            args: [FLAKY, join(dir, "stubborn"), "0", String(port), "--ignore-sigterm"],
            readyPorts: [port],
          },
        ],
      });
      const out = collectLines(p.stdout);
      const err = new Response(p.stderr).text();
      await out.waitFor(/crasher exited with code 3; restarting in 20 s \(restart 1\)/, 20_000);
      await out.waitFor(/\[stubborn\]\s+start 1: up/, 20_000);
      const pids = descendants(p.pid);
      assert.equal(pids.length, 1, "only the stubborn child runs during the back-off");
      const t0 = performance.now();
      p.kill("SIGTERM");
      const status = await p.status;
      const stopMs = performance.now() - t0;
      await out.closed;
      await err;
      console.log(`stopped ${stopMs.toFixed(0)} ms after SIGTERM (child grace 1000 ms)`);
      assert.equal(status.code, 0, out.lines.join("\n"));
      // Not after the 20 s back-off: the pending restart was cancelled.
      assert.ok(stopMs < 10_000, `took ${stopMs} ms`);
      assert.ok(out.lines.some((l) => /\[stubborn\]\s+ignoring SIGTERM/.test(l)));
      assert.deepEqual(pids.filter(alive), []);
      assert.equal(Number(Deno.readTextFileSync(join(dir, "crasher"))), 1, "never restarted");
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});
