/**
 * The port plan of `deno task start --random-ports`: distinct ports for every listener, never a
 * port another process holds, never one in the ephemeral range, and busy ports replaced.
 */
import assert from "node:assert/strict";
import {
  ephemeralPortRange,
  isPortFree,
  listenerPortRange,
  reservePorts,
} from "../../lib/devnet/ports.ts";
import {
  assertDistinctPorts,
  assertPortsFree,
  replaceBusyPorts,
  reserveRunPorts,
  runListeners,
} from "../../lib/start/ports.ts";
import { freePorts } from "../../lib/start/configs.ts";

const PLANS = 500;
const OPERATORS = 5;

Deno.test(`ports: ${PLANS} random-port plans, every listener distinct and outside the ephemeral range`, () => {
  // Stands in for anvil: held by someone else and excluded by the caller.
  const anvil = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const anvilPort = (anvil.addr as Deno.NetAddr).port;
  const [eLo, eHi] = ephemeralPortRange();
  const [lo, hi] = listenerPortRange();
  let checked = 0;
  try {
    for (let i = 0; i < PLANS; i++) {
      const plan = reserveRunPorts(OPERATORS, { exclude: [anvilPort] });
      try {
        const ports = runListeners(plan.ports).map((l) => l.port);
        assert.equal(ports.length, 4 + 2 * OPERATORS);
        assert.equal(new Set(ports).size, ports.length, `plan ${i}: ${ports.join(", ")}`);
        assert.ok(!ports.includes(anvilPort));
        for (const p of ports) {
          assert.ok(p >= lo && p <= hi, `plan ${i}: ${p} outside ${lo}-${hi}`);
          if (hi < eLo) assert.ok(p < eLo || p > eHi, `plan ${i}: ${p} is ephemeral`);
        }
        assertDistinctPorts(plan.ports, new Map([[anvilPort, "anvil RPC"]]));
        // Held: nobody else can bind them until released.
        assert.equal(isPortFree(plan.ports.aggregatorRpc), false);
        plan.release("aggregator");
        assert.equal(isPortFree(plan.ports.aggregatorRpc), true);
        assert.equal(isPortFree(plan.ports.operatorMetrics[0]), false);
        checked++;
      } finally {
        plan.releaseAll();
      }
    }
  } finally {
    anvil.close();
  }
  assert.equal(checked, PLANS);
});

Deno.test(`ports: freePorts (tests' helper) gives distinct ports ${PLANS} times`, () => {
  for (let i = 0; i < PLANS; i++) {
    const ports = runListeners(freePorts(3)).map((l) => l.port);
    assert.equal(new Set(ports).size, ports.length, ports.join(", "));
  }
});

Deno.test("ports: ports held by another listener are never handed out", () => {
  // A 40-port window of which 30 are taken by other listeners: only the other 10 may come out.
  const base = listenerPortRange()[0] + 1000 + Math.floor(Math.random() * 1000);
  const range: [number, number] = [base, base + 39];
  const others: Deno.Listener[] = [];
  const taken = new Set<number>();
  for (let p = base; p <= base + 39 && taken.size < 30; p++) {
    try {
      others.push(Deno.listen({ hostname: "127.0.0.1", port: p }));
      taken.add(p);
    } catch { /* busy already: taken anyway */ }
  }
  try {
    const free = [];
    for (let p = base; p <= base + 39; p++) if (isPortFree(p)) free.push(p);
    const r = reservePorts(free.length, { range });
    try {
      assert.deepEqual([...r.ports].sort((a, b) => a - b), free);
      for (const p of r.ports) assert.ok(!taken.has(p));
    } finally {
      r.releaseAll();
    }
    // More than the range has left: the rest come from the OS, still distinct and not taken.
    const more = reservePorts(free.length + 5, { range });
    try {
      assert.equal(new Set(more.ports).size, free.length + 5);
      for (const p of more.ports) assert.ok(!taken.has(p), `${p} is held by another listener`);
    } finally {
      more.releaseAll();
    }
  } finally {
    for (const l of others) l.close();
  }
});

Deno.test("ports: a busy planned port is replaced, the rest of the plan is kept", () => {
  const plan = reserveRunPorts(2);
  plan.releaseAll();
  const thief = Deno.listen({ hostname: "127.0.0.1", port: plan.ports.aggregatorMetrics });
  try {
    const { ports, changes } = replaceBusyPorts(plan.ports, "aggregator");
    assert.equal(changes.length, 1);
    assert.deepEqual(
      { node: changes[0].node, what: changes[0].what, from: changes[0].from },
      { node: "aggregator", what: "metrics", from: plan.ports.aggregatorMetrics },
    );
    assert.equal(ports.aggregatorMetrics, changes[0].to);
    assert.ok(isPortFree(ports.aggregatorMetrics));
    assert.deepEqual({ ...ports, aggregatorMetrics: 0 }, { ...plan.ports, aggregatorMetrics: 0 });
    assertDistinctPorts(ports);
    // Other nodes' busy ports are not that node's business.
    assert.deepEqual(replaceBusyPorts(plan.ports, "operator1").changes, []);
  } finally {
    thief.close();
  }
});

Deno.test("ports: a busy fixed port and a port planned twice are named", () => {
  const plan = reserveRunPorts(1);
  plan.releaseAll();
  const thief = Deno.listen({ hostname: "127.0.0.1", port: plan.ports.operatorNodeApi[0] });
  try {
    assert.throws(
      () => assertPortsFree(plan.ports),
      new RegExp(
        `^Error: port ${plan.ports.operatorNodeApi[0]} \\(operator1 node API\\) already in use ` +
          "on 127.0.0.1; stop whatever holds them or use --random-ports$",
      ),
    );
  } finally {
    thief.close();
  }
  assert.doesNotThrow(() => assertPortsFree(plan.ports));
  assert.throws(
    () => assertDistinctPorts({ ...plan.ports, challengerMetrics: plan.ports.aggregatorRpc }),
    /port \d+ planned twice: for aggregator JSON-RPC and for challenger metrics/,
  );
  assert.throws(
    () => assertDistinctPorts(plan.ports, new Map([[plan.ports.aggregatorRpc, "anvil RPC"]])),
    /planned twice: for anvil RPC and for aggregator JSON-RPC/,
  );
});
