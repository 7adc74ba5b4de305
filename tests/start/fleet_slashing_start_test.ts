/**
 * `deno task start --eigenlayer slashing --operators 8`: the fleet process registers all 8
 * operators into the slashing-era operator set and they answer tasks (real processes, real
 * anvil); SIGINT stops everything. Plus the documented upper limit, refused before anything
 * starts.
 */
import assert from "node:assert/strict";
import { freePort } from "../../lib/devnet/ports.ts";
import { MAX_SLASHING_OPERATORS } from "../../lib/start/configs.ts";
import { runSystem } from "../../lib/start/run.ts";
import { cmdline, descendants, spawnStart, stopStart } from "./proc.ts";

Deno.test("start --eigenlayer slashing: more than MAX_SLASHING_OPERATORS is refused before anything starts", async () => {
  const lines: string[] = [];
  await assert.rejects(
    runSystem({
      operators: MAX_SLASHING_OPERATORS + 1,
      eigenlayer: "slashing",
      port: 0,
      randomPorts: true,
      taskIntervalSeconds: 5,
      thresholdPercentage: 50,
      timesFailing: 0,
      vetoWindowBlock: 10,
      stakeUpdateIntervalSeconds: 60,
      production: false,
      write: (l) => lines.push(l),
    }),
    new RegExp(
      `--eigenlayer slashing runs up to ${MAX_SLASHING_OPERATORS} operators, got ${
        MAX_SLASHING_OPERATORS + 1
      }`,
    ),
  );
  assert.deepEqual(lines, [], "nothing started");
});

Deno.test({
  name: "start --eigenlayer slashing --operators 8: one fleet process joins the operator set",
  sanitizeOps: false,
  sanitizeResources: false,
  fn: async () => {
    const run = spawnStart(await freePort(), [
      "--eigenlayer",
      "slashing",
      "--task-interval",
      "2",
      "--times-failing",
      "0",
      "--operators",
      "8",
    ]);
    const { child, out } = run;
    let pids: number[] = [];
    try {
      await out.waitFor(/^\[start\]\s+funded 3 generated operator accounts/, 60_000);
      await out.waitFor(/^\[start\]\s+all 8 operators registered/, 120_000);
      await out.waitFor(
        /^\[fleet\]\s+8 operators running .*\(slashing era: operator sets\)/,
        30_000,
      );
      await out.waitFor(/^\[tasks\]\s+task \d+: responded \d+ correct, signers \d+\/8/, 90_000);
      await out.waitFor(
        /^\[fleet\]\s+task \d+: \d+ operators signed; aggregator accepted \d+/,
        30_000,
      );
      pids = descendants(child.pid);
      assert.equal(pids.filter((p) => /fleet_main\.ts/.test(cmdline(p))).length, 1);
      assert.ok(!pids.some((p) => /operator\.ts/.test(cmdline(p))), "no per-operator processes");
    } catch (e) {
      console.error(out.lines.slice(-40).join("\n"));
      throw e;
    } finally {
      await stopStart(run, pids);
    }
  },
});
