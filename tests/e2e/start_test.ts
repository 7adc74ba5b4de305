/**
 * Smoke test of `deno task start`: the whole system comes up on a fresh devnet, the first
 * response lands on chain, and SIGINT leaves no process behind.
 */
import assert from "node:assert/strict";
import { freePort } from "../../lib/devnet/ports.ts";

/** Every descendant pid of `root` (from /proc), children first. */
function descendants(root: number): number[] {
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

function alive(pid: number): boolean {
  try {
    const stat = Deno.readTextFileSync(`/proc/${pid}/stat`);
    return !stat.slice(stat.lastIndexOf(")") + 2).startsWith("Z");
  } catch {
    return false;
  }
}

Deno.test({
  name: "start: the system answers tasks on chain, and SIGINT stops every process",
  sanitizeOps: false,
  sanitizeResources: false,
  fn: async () => {
    const port = await freePort();
    const t0 = performance.now();
    const child = new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "-q",
        "-A",
        new URL("../../start.ts", import.meta.url).pathname,
        "--port",
        String(port),
        "--random-ports",
        "--task-interval",
        "1",
        "--operators",
        "3",
      ],
      env: { NO_COLOR: "1" },
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    const lines: string[] = [];
    let firstResponseAt = 0;
    let resolveFirst: () => void = () => {};
    const first = new Promise<void>((r) => (resolveFirst = r));
    const pump = (async () => {
      let buf = "";
      for await (const chunk of child.stdout.pipeThrough(new TextDecoderStream())) {
        buf += chunk;
        let nl: number;
        while ((nl = buf.indexOf("\n")) >= 0) {
          const line = buf.slice(0, nl);
          buf = buf.slice(nl + 1);
          lines.push(line);
          if (!firstResponseAt && /^\[tasks\]\s+task \d+: responded \d+/.test(line)) {
            firstResponseAt = performance.now();
            resolveFirst();
          }
        }
      }
    })();
    const errText = new Response(child.stderr).text();
    let pids: number[] = [];
    try {
      const timeout = setTimeout(() => resolveFirst(), 60_000);
      await first;
      clearTimeout(timeout);
      assert.ok(firstResponseAt > 0, `no response within 60 s:\n${lines.slice(-40).join("\n")}`);
      const secs = (firstResponseAt - t0) / 1000;
      console.log(`first response on chain ${secs.toFixed(1)} s after spawning deno task start`);
      assert.ok(secs < 60);
      pids = descendants(child.pid);
      // anvil + 3 operators + aggregator + challenger + stake updater, at least.
      assert.ok(pids.length >= 7, `expected >= 7 descendants, got ${pids.length}`);
    } finally {
      child.kill("SIGINT");
      const status = await child.status;
      await pump;
      await errText;
      assert.equal(status.code, 0, lines.slice(-20).join("\n"));
    }
    assert.ok(lines.some((l) => l.includes("stopped; no process left behind")));
    const left = pids.filter(alive);
    assert.deepEqual(left, [], `processes left behind: ${left.join(", ")}`);
    // anvil's port is free again.
    const l = Deno.listen({ hostname: "127.0.0.1", port });
    l.close();
  },
});
