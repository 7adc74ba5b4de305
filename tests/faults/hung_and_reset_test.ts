/**
 * Fault drills on the chain itself, with the real node processes: SIGTERM while the chain is
 * hung (anvil SIGSTOPped) stops every node within 5 s, cleanly; a chain reset (anvil killed and
 * a fresh one deployed on the same port) makes every node exit 1 with one line naming the reset.
 * Exit times are printed, not asserted beyond the 5 s stop deadline.
 */
import assert from "node:assert/strict";
import { startDevnet } from "../../lib/devnet/devnet.ts";
import { STOP_DEADLINE_MS } from "../../lib/node/main.ts";
import { chainFacts, type NodeProc, signal, startSystem, until } from "./harness.ts";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

Deno.test({
  name: "fault drills: SIGTERM while the chain is hung; chain reset",
  sanitizeOps: false,
  sanitizeResources: false,
  fn: async (t) => {
    const sys = await startSystem({
      operators: 1,
      taskIntervalSeconds: 1,
      thresholdPercentage: 100,
    });
    const report: string[] = [];
    const startAll = async (): Promise<NodeProc[]> => {
      const op = sys.spawn("operator1");
      await op.out.waitFor(/operator running/, 120_000);
      const ch = sys.spawn("challenger");
      await ch.out.waitFor(/challenger following/, 60_000);
      const agg = sys.spawn("aggregator");
      const from = (await chainFacts(sys)).responded.size;
      await until(
        "a task answered",
        async () => (await chainFacts(sys)).responded.size > from,
        60_000,
      );
      return [agg, op, ch];
    };
    try {
      await t.step("SIGTERM while anvil is SIGSTOPped: every node exits 0 within 5 s", async () => {
        const nodes = await startAll();
        signal(sys.devnet.anvil.pid, "SIGSTOP");
        await sleep(1_500); // every node is now inside a request that gets no answer
        const sent = performance.now();
        for (const p of nodes) signal(p.pid, "SIGTERM");
        const exits = await Promise.all(nodes.map(async (p) => {
          const status = await p.status;
          return { p, status, ms: performance.now() - sent };
        }));
        signal(sys.devnet.anvil.pid, "SIGCONT");
        for (const { p, status, ms } of exits) {
          assert.ok(
            ms <= STOP_DEADLINE_MS + 500,
            `${p.name} took ${Math.round(ms)} ms (stderr: ${p.err.lines.join(" | ")})`,
          );
          assert.equal(status.code, 0, `${p.name}: ${p.err.lines.join(" | ")}`);
        }
        report.push(
          "SIGTERM while hung, time to exit: " +
            exits.map(({ p, ms }) => `${p.name} ${Math.round(ms)} ms`).join(", "),
        );
      });

      await t.step("chain reset: every node exits 1 with one line", async () => {
        const nodes = await startAll();
        const old = sys.devnet;
        signal(old.anvil.pid, "SIGKILL");
        await old.anvil.exited;
        await sleep(1_000); // down for a moment: unhealthy, not fatal
        for (const p of nodes) {
          const exited = await Promise.race([
            p.status.then(() => true),
            sleep(0).then(() => false),
          ]);
          assert.equal(exited, false, `${p.name} survives the chain being down for a moment`);
        }
        // Same port, same deployer: the same addresses hold code again, only the genesis differs.
        sys.devnet = await startDevnet({ port: old.port });
        const fresh = performance.now();
        const exits = await Promise.all(nodes.map(async (p) => {
          const status = await p.status;
          await p.err.closed;
          return { p, status, ms: performance.now() - fresh };
        }));
        const line = new RegExp(
          `^(aggregator|operator|challenger): the chain at ${old.rpcUrl.replaceAll(".", "\\.")} ` +
            `was reset \\(genesis block hash changed from 0x[0-9a-f]{64} to 0x[0-9a-f]{64}\\); ` +
            `restart against the new deployment$`,
        );
        for (const { p, status } of exits) {
          assert.equal(status.code, 1, `${p.name} exits 1`);
          const errLines = p.err.lines.filter((l) => l.trim() !== "");
          assert.equal(errLines.length, 1, `${p.name}: one line: ${errLines.join(" | ")}`);
          assert.match(errLines[0], line);
          assert.ok(errLines[0].startsWith(`${p.name.replace(/\d+$/, "")}: `));
        }
        report.push(
          "chain reset, time to exit after the fresh chain answered: " +
            exits.map(({ p, ms }) => `${p.name} ${Math.round(ms)} ms`).join(", "),
        );
      });
    } finally {
      console.log(["fault drills (chain):", ...report].join("\n  "));
      await sys.close();
    }
  },
});
