/**
 * `deno task start --operators 12`: above 5 operators one fleet process runs them all (real
 * processes, real anvil). The generated operators are funded, all 12 register, tasks are answered
 * with signer counts out of 12 and one fleet line per task, and SIGINT leaves nothing behind.
 */
import assert from "node:assert/strict";
import { freePort } from "../../lib/devnet/ports.ts";
import { alive, cmdline, collectLines, descendants } from "./proc.ts";

const START = new URL("../../start.ts", import.meta.url).pathname;

Deno.test({
  name:
    "start --operators 12: one fleet process, funded and registered, tasks answered by the fleet",
  sanitizeOps: false,
  sanitizeResources: false,
  fn: async () => {
    const port = await freePort();
    const child = new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "-q",
        "-A",
        START,
        "--port",
        String(port),
        "--random-ports",
        "--task-interval",
        "2",
        "--operators",
        "12",
      ],
      env: { NO_COLOR: "1" },
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    const out = collectLines(child.stdout);
    const err = new Response(child.stderr).text();
    let pids: number[] = [];
    try {
      await out.waitFor(/^\[start\]\s+funded 7 generated operator accounts/, 60_000);
      await out.waitFor(/^\[start\]\s+all 12 operators registered/, 120_000);
      await out.waitFor(
        /^\[tasks\]\s+task \d+: responded \d+ correct, signers \d+\/12, \d+ non-signers?/,
        90_000,
      );
      await out.waitFor(
        /^\[fleet\]\s+task \d+: \d+ operators signed; aggregator accepted \d+/,
        30_000,
      );
      await out.waitFor(/^\[start\]\s+system running: all 4 nodes up/, 30_000);
      pids = descendants(child.pid);
      const fleets = pids.filter((p) => /fleet_main\.ts/.test(cmdline(p)));
      assert.equal(fleets.length, 1, "one fleet process");
      assert.ok(!pids.some((p) => /operator\.ts/.test(cmdline(p))), "no per-operator processes");
    } finally {
      child.kill("SIGINT");
      const status = await child.status;
      await out.closed;
      const stderr = await err;
      assert.equal(status.code, 0, `start exited ${status.code}: ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 200));
    assert.deepEqual(pids.filter(alive), [], "every process of the run is gone");
  },
});
