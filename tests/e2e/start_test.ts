/**
 * `deno task start` with real processes: the whole system comes up on a fresh devnet and answers
 * tasks; a node killed from outside is restarted (and the system is called running only once it
 * is back); SIGINT leaves no process behind; the chain's exit ends the run with exit code 3.
 */
import assert from "node:assert/strict";
import { freePort } from "../../lib/devnet/ports.ts";
import { alive, cmdline, collectLines, descendants, spawnStart } from "../start/proc.ts";

const START = new URL("../../start.ts", import.meta.url).pathname;

/** `start` with 3 operators and a task every second. */
function spawnThree(port: number) {
  return spawnStart(port, ["--task-interval", "1", "--operators", "3"]);
}

/** The one descendant of `root` whose command line matches `re`. */
function findChild(root: number, re: RegExp): number {
  const found = descendants(root).filter((pid) => re.test(cmdline(pid)));
  assert.equal(found.length, 1, `expected one process matching ${re}, got ${found.length}`);
  return found[0];
}

Deno.test({
  name: "start: answers tasks, restarts a killed aggregator, and SIGINT stops every process",
  sanitizeOps: false,
  sanitizeResources: false,
  fn: async () => {
    const port = await freePort();
    const t0 = performance.now();
    const { child, out, err } = spawnThree(port);
    let pids: number[] = [];
    let stopped = false;
    try {
      const first = await out.waitFor(/^\[tasks\]\s+task \d+: responded \d+/, 60_000);
      console.log(`first response on chain ${((performance.now() - t0) / 1000).toFixed(1)} s`);
      await out.waitFor(/^\[start\]\s+system running: all 6 nodes up/, 30_000);
      pids = descendants(child.pid);
      // anvil + 3 operators + aggregator + challenger + stake updater, at least.
      assert.ok(pids.length >= 7, `expected >= 7 descendants, got ${pids.length}`);

      // A crash from outside: restarted after 1 s with a visible line, then running again.
      const aggregator = findChild(child.pid, /aggregator\.ts/);
      const mark = out.lines.length;
      const killedAt = performance.now();
      Deno.kill(aggregator, "SIGKILL");
      await out.waitFor(
        /^\[start\]\s+aggregator exited with code 137 \(SIGKILL\); restarting in 1 s \(restart 1\)$/,
        10_000,
        mark,
      );
      const up = await out.waitFor(
        /^\[start\]\s+aggregator is up again after [\d.]+ s/,
        30_000,
        mark,
      );
      console.log(
        `restart-to-up: ${out.lines[up].replace(/^.*after /, "")}; ` +
          `${((performance.now() - killedAt) / 1000).toFixed(1)} s from SIGKILL`,
      );
      const again = await out.waitFor(
        /^\[start\]\s+all nodes up; system running again$/,
        10_000,
        mark,
      );
      assert.ok(again > up);
      assert.ok(
        !out.lines.slice(mark, up).some((l) => /system running/.test(l)),
        "no claim while the aggregator is down",
      );
      assert.notEqual(findChild(child.pid, /aggregator\.ts/), aggregator);
      // The restarted aggregator creates tasks that get answered on chain.
      const created = await out.waitFor(/^\[tasks\]\s+task \d+: created/, 30_000, up);
      const idx = out.lines[created].match(/task (\d+)/)![1];
      await out.waitFor(new RegExp(`^\\[tasks\\]\\s+task ${idx}: responded`), 30_000, created);
      assert.ok(first < mark);
      pids = descendants(child.pid);
    } finally {
      const t1 = performance.now();
      child.kill("SIGINT");
      const status = await child.status;
      await out.closed;
      const errText = await err;
      stopped = true;
      console.log(`stopped ${((performance.now() - t1) / 1000).toFixed(1)} s after SIGINT`);
      assert.equal(status.code, 0, out.lines.slice(-20).join("\n") + errText);
    }
    assert.ok(stopped);
    assert.ok(out.lines.some((l) => l.includes("stopped; no process left behind")));
    const left = pids.filter(alive);
    assert.deepEqual(left, [], `processes left behind: ${left.join(", ")}`);
    // anvil's port is free again.
    const l = Deno.listen({ hostname: "127.0.0.1", port });
    l.close();
  },
});

Deno.test({
  name: "start: the chain exiting stops everything with exit code 3",
  sanitizeOps: false,
  sanitizeResources: false,
  fn: async () => {
    const port = await freePort();
    const { child, out, err } = spawnThree(port);
    let pids: number[] = [];
    try {
      await out.waitFor(/^\[start\]\s+system running: all 6 nodes up/, 90_000);
      pids = descendants(child.pid);
      Deno.kill(findChild(child.pid, /anvil/), "SIGKILL");
      const status = await child.status;
      await out.closed;
      assert.equal(status.code, 3, out.lines.slice(-20).join("\n"));
      assert.equal(
        (await err).trim().split("\n").at(-1),
        "start: the anvil chain exited unexpectedly; stopped everything",
      );
      assert.ok(out.lines.some((l) => /^\[start\]\s+the anvil chain exited unexpectedly/.test(l)));
      assert.ok(out.lines.some((l) => l.includes("stopped; no process left behind")));
    } finally {
      try {
        child.kill("SIGKILL");
      } catch { /* exited */ }
      await child.status;
    }
    const left = pids.filter(alive);
    assert.deepEqual(left, [], `processes left behind: ${left.join(", ")}`);
  },
});

Deno.test("start: a busy default port or a port planned twice stops it before anything starts", async () => {
  let holder: Deno.Listener | undefined;
  try {
    holder = Deno.listen({ hostname: "127.0.0.1", port: 9091 });
  } catch { /* already taken by something else: same expectation */ }
  try {
    const run = async (...args: string[]) => {
      const out = await new Deno.Command(Deno.execPath(), {
        args: ["run", "-q", "-A", START, "--port", String(await freePort()), ...args],
        env: { NO_COLOR: "1" },
      }).output();
      return {
        code: out.code,
        stdout: new TextDecoder().decode(out.stdout),
        stderr: new TextDecoder().decode(out.stderr).trim(),
      };
    };
    const busy = await run();
    assert.equal(busy.code, 1);
    assert.match(
      busy.stderr,
      /^start: ports? .*9091 \(aggregator metrics\).* already in use on 127\.0\.0\.1; stop whatever holds them or use --random-ports$/,
    );
    assert.ok(!busy.stdout.includes("starting anvil"), "nothing was started");
  } finally {
    holder?.close();
  }
  const twice = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-q", "-A", START, "--port", "8090"],
    env: { NO_COLOR: "1" },
  }).output();
  assert.equal(twice.code, 1);
  assert.equal(
    new TextDecoder().decode(twice.stderr).trim(),
    "start: port 8090 planned twice: for anvil RPC and for aggregator JSON-RPC",
  );
});

Deno.test({
  name: "start: Ctrl-C in a terminal (SIGINT to the whole process group) during startup exits 0",
  sanitizeOps: false,
  sanitizeResources: false,
  fn: async () => {
    // setsid: start leads its own process group, as in a terminal, so the group gets the signal.
    const child = new Deno.Command("setsid", {
      args: [Deno.execPath(), "run", "-q", "-A", START, "--port", "0", "--random-ports"],
      env: { NO_COLOR: "1" },
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    const out = collectLines(child.stdout);
    const err = new Response(child.stderr).text();
    let pids: number[] = [];
    try {
      // The operators are registering: every node but the aggregator, challenger and stakes runs.
      await out.waitFor(/^\[start\]\s+operator3: 0x/, 60_000);
      await new Promise((r) => setTimeout(r, 1500));
      pids = descendants(child.pid);
      assert.ok(pids.length >= 4, `anvil and 3 operators expected, got ${pids.length}`);
      Deno.kill(-child.pid, "SIGINT");
      const status = await child.status;
      await out.closed;
      const errText = await err;
      assert.equal(status.code, 0, out.lines.slice(-20).join("\n") + errText);
      assert.equal(errText.trim(), "");
      const start = out.lines.filter((l) => l.startsWith("[start]"));
      assert.ok(
        !start.some((l) => /exited with|restarting|keeps crashing/.test(l)),
        start.join("\n"),
      );
      assert.ok(out.lines.some((l) => l.includes("stopped; no process left behind")));
    } finally {
      try {
        Deno.kill(-child.pid, "SIGKILL");
      } catch { /* all gone */ }
      await child.status;
    }
    const left = pids.filter(alive);
    assert.deepEqual(left, [], `processes left behind: ${left.join(", ")}`);
  },
});
