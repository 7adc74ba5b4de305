/**
 * `deno task start --eigenlayer slashing` with real processes: operators join operator sets,
 * tasks are answered, operator1's wrong answers are challenged, the devnet committee vetoes an
 * even-numbered slashing request and the challenger fulfils an odd-numbered one, whose slashed
 * shares the `[tasks]` line shows; SIGINT stops everything.
 */
import assert from "node:assert/strict";
import { freePort } from "../../lib/devnet/ports.ts";
import { spawnStart } from "../start/proc.ts";

Deno.test({
  name: "start --eigenlayer slashing: answered tasks, one slashing vetoed, one fulfilled",
  sanitizeOps: false,
  sanitizeResources: false,
  fn: async () => {
    const { child, out, err } = spawnStart(await freePort(), [
      "--eigenlayer",
      "slashing",
      "--task-interval",
      "1",
      "--times-failing",
      "60",
      "--veto-window",
      "5",
    ]);
    let stopped = false;
    try {
      await out.waitFor(/^\[operator1\].*slashing-era EigenLayer .*AllocationManager/, 60_000);
      await out.waitFor(/^\[tasks\]\s+task \d+: responded \d+ correct/, 60_000);
      await out.waitFor(/^\[tasks\]\s+task \d+: slashing request #0 against operator1$/, 90_000);
      await out.waitFor(/^\[tasks\]\s+slashing request #0 vetoed$/, 30_000);
      const slashed = await out.waitFor(
        /^\[tasks\]\s+operator1 slashed \(request #1\): 300 shares slashed$/,
        90_000,
      );
      assert.ok(slashed >= 0);
      child.kill("SIGINT");
      const status = await child.status;
      stopped = true;
      assert.equal(status.code, 0);
      await out.waitFor(/^\[start\]\s+stopped; no process left behind$/, 5_000);
    } catch (e) {
      console.error(out.lines.slice(-60).join("\n"));
      throw e;
    } finally {
      if (!stopped) {
        child.kill("SIGINT");
        await child.status;
      }
      await err;
    }
  },
});
