/**
 * `--random-ports` recovery with real processes: a node whose planned ports were taken by another
 * program exits with "address already in use", gets new ports and a rewritten config, and is up
 * on them after its restart; a moved aggregator JSON-RPC port restarts its clients.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { nodePorts, reserveRunPorts, type RunPorts } from "../../lib/start/ports.ts";
import { retryOnBusyPort } from "../../lib/start/port_retry.ts";
import { supervisedRun } from "../../lib/start/run_control.ts";

const NODE = new URL("./fixtures/listen_from_config.ts", import.meta.url).pathname;

Deno.test("port retry: taken ports are replaced and the node comes up on the new ones", async () => {
  const dir = await Deno.makeTempDir({ prefix: "incsq-ports-" });
  const config = join(dir, "aggregator.json");
  const plan = reserveRunPorts(2);
  plan.releaseAll();
  let ports: RunPorts = plan.ports;
  const writeConfig = () =>
    Deno.writeTextFile(config, JSON.stringify({ ports: nodePorts(ports, "aggregator") }));
  await writeConfig();
  // Another program takes two of the aggregator's three ports before it starts.
  const thieves = [plan.ports.aggregatorRpc, plan.ports.aggregatorMetrics].map((port) =>
    Deno.listen({ hostname: "127.0.0.1", port })
  );
  const lines: string[] = [];
  let clientRestarts = 0;
  const say = (l: string) => lines.push(`[start] ${l}`);
  const { sup, control } = supervisedRun({
    write: (l) => lines.push(l.replace(/\s+/, " ")),
    colour: false,
    restart: { initialDelayMs: 100, maxDelayMs: 400, maxCrashes: 3, windowMs: 60_000 },
    beforeRestart: retryOnBusyPort({
      getPorts: () => ports,
      setPorts: (p) => (ports = p),
      exclude: () => [],
      say,
      rewriteConfigs: writeConfig,
      restartRpcClients: () => clientRestarts++,
    }),
  });
  try {
    control.expect("aggregator");
    sup.spawn({
      name: "aggregator",
      cmd: Deno.execPath(),
      args: ["run", "-q", "-A", NODE, config],
      readyPorts: nodePorts(ports, "aggregator"),
    });
    control.announceWhenAllUp("system running");
    const end = Date.now() + 20_000;
    while (!lines.includes("[start] system running") && Date.now() < end) {
      await new Promise((r) => setTimeout(r, 50));
    }
    const text = lines.join("\n");
    assert.ok(lines.includes("[start] system running"), text);
    assert.match(text, /\[aggregator\] .*(AddrInUse|address already in use)/i);
    assert.ok(
      lines.includes("[start] aggregator exited with code 1; restarting in 0.1 s (restart 1)"),
    );
    assert.ok(
      lines.includes(
        `[start] aggregator JSON-RPC: port ${plan.ports.aggregatorRpc} is taken by another process; using ${ports.aggregatorRpc}`,
      ),
      text,
    );
    assert.ok(
      lines.includes(
        `[start] aggregator metrics: port ${plan.ports.aggregatorMetrics} is taken by another process; using ${ports.aggregatorMetrics}`,
      ),
    );
    assert.equal(ports.aggregatorNodeApi, plan.ports.aggregatorNodeApi, "a free port is kept");
    assert.equal(clientRestarts, 1, "the operators are restarted for the new JSON-RPC port");
    // The restarted node really listens on the new ports.
    for (const port of nodePorts(ports, "aggregator")) {
      (await Deno.connect({ hostname: "127.0.0.1", port })).close();
    }
    assert.match(text, /\[start\] aggregator is up again after [\d.]+ s \(restart 1\)/);
  } finally {
    await sup.stopAll();
    control.dispose();
    for (const t of thieves) t.close();
    await Deno.remove(dir, { recursive: true });
  }
});
