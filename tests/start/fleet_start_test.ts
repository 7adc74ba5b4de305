/**
 * `deno task start --operators 12`: above 5 operators one fleet process runs them all (real
 * processes, real anvil). The generated operators are funded, all 12 register, tasks are answered
 * with signer counts out of 12 and one fleet line per task, and SIGINT leaves nothing behind.
 */
import assert from "node:assert/strict";
import { freePort } from "../../lib/devnet/ports.ts";
import { cmdline, descendants, spawnStart, stopStart } from "./proc.ts";

Deno.test({
  name:
    "start --operators 12: one fleet process, funded and registered, tasks answered by the fleet",
  sanitizeOps: false,
  sanitizeResources: false,
  fn: async () => {
    const run = spawnStart(await freePort(), ["--task-interval", "2", "--operators", "12"]);
    const { child, out } = run;
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
      await stopStart(run, pids);
    }
  },
});
