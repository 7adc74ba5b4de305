import assert from "node:assert/strict";
import { prefixLine, Supervisor } from "../../lib/start/supervisor.ts";

function alive(pid: number): boolean {
  try {
    Deno.kill(pid, "SIGCONT");
    return true;
  } catch {
    return false;
  }
}

Deno.test("supervisor: prefixes every line with the child's name", async () => {
  const lines: string[] = [];
  const sup = new Supervisor({ write: (l) => lines.push(l), colour: false });
  const child = sup.spawn({
    name: "echoer",
    cmd: Deno.execPath(),
    args: [
      "eval",
      "console.log('one\\ntwo'); console.error('three'); Deno.stdout.writeSync(new TextEncoder().encode('partial'))",
    ],
  });
  const st = await child.status;
  assert.equal(st.code, 0);
  await sup.stopAll();
  assert.ok(lines.includes(prefixLine("echoer", "one", undefined, 10)), lines.join("\n"));
  assert.ok(lines.includes(prefixLine("echoer", "two", undefined, 10)));
  assert.ok(lines.includes(prefixLine("echoer", "three", undefined, 10)));
  assert.ok(lines.includes(prefixLine("echoer", "partial", undefined, 10)));
});

Deno.test("supervisor: stopAll terminates children, SIGKILL for those ignoring SIGTERM", async () => {
  const sup = new Supervisor({ write: () => {}, colour: false, stopGraceMs: 500 });
  const polite = sup.spawn({
    name: "polite",
    cmd: Deno.execPath(),
    args: ["eval", "setInterval(() => {}, 1000)"],
  });
  const stubborn = sup.spawn({
    name: "stubborn",
    cmd: Deno.execPath(),
    args: [
      "eval",
      "Deno.addSignalListener('SIGTERM', () => {}); console.log('ready'); setInterval(() => {}, 1000)",
    ],
  });
  // Let the stubborn child install its handler.
  await new Promise((r) => setTimeout(r, 1500));
  assert.deepEqual(sup.livePids().sort(), [polite.pid, stubborn.pid].sort());
  const t0 = performance.now();
  await sup.stopAll();
  assert.equal(polite.exited(), true);
  assert.equal(stubborn.exited(), true);
  assert.equal((await stubborn.status).signal, "SIGKILL");
  assert.ok(performance.now() - t0 >= 400);
  assert.equal(alive(polite.pid), false);
  assert.equal(alive(stubborn.pid), false);
  assert.throws(
    () => sup.spawn({ name: "late", cmd: Deno.execPath(), args: ["--version"] }),
    /stopping/,
  );
});

Deno.test("supervisor: reports an unexpected exit", async () => {
  const exits: string[] = [];
  const sup = new Supervisor({
    write: () => {},
    colour: false,
    onUnexpectedExit: (n, s) => exits.push(`${n}:${s.code}`),
  });
  const c = sup.spawn({ name: "crasher", cmd: Deno.execPath(), args: ["eval", "Deno.exit(3)"] });
  await c.status;
  await sup.stopAll();
  assert.deepEqual(exits, ["crasher:3"]);
});

Deno.test("supervisor: a name is reused only once its child is gone", async () => {
  const sup = new Supervisor({ write: () => {}, colour: false, stopGraceMs: 500 });
  const spec = { name: "once", cmd: Deno.execPath(), args: ["eval", "setTimeout(() => {}, 300)"] };
  const first = sup.spawn(spec);
  assert.throws(() => sup.spawn(spec), /a child named once is already running/);
  await first.status;
  const second = sup.spawn(spec);
  assert.notEqual(second.pid, first.pid);
  assert.equal(sup.child("once")?.pid, second.pid);
  await sup.stopAll();
});
