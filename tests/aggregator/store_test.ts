/**
 * The aggregator's durable store: what it keeps, what survives SIGKILL, and what happens when
 * the data belongs to another chain.
 */
import assert from "node:assert/strict";
import { AggregatorStore, type StoreScope } from "../../lib/aggregator/store.ts";

const scope: StoreScope = {
  chainId: 31337,
  taskManager: "0x0000000000000000000000000000000000000abc",
  genesisHash: `0x${"ab".repeat(32)}`,
};
const task = {
  numberToBeSquared: 7n,
  taskCreatedBlock: 100,
  quorumNumbers: "0x0001" as const,
  quorumThresholdPercentage: 67,
};

Deno.test("store: tasks, signatures, response transactions and outcomes round-trip", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const store = AggregatorStore.open(dir, scope);
    store.recordTask(3, task, `0x${"01".repeat(32)}`);
    store.recordTask(3, { ...task, numberToBeSquared: 8n }, `0x${"02".repeat(32)}`); // ignored
    store.recordTask(4, { ...task, numberToBeSquared: 9n }, `0x${"03".repeat(32)}`);
    const sig = {
      operatorId: `0x${"aa".repeat(32)}` as const,
      response: { referenceTaskIndex: 3, numberSquared: 49n },
      signature: { X: 2n ** 250n + 1n, Y: 5n },
    };
    store.recordSignature(3, sig);
    store.recordSignature(3, sig); // idempotent
    store.recordResponseTx(3, `0x${"cc".repeat(32)}`, 12);
    store.finish(4, "expired", "threshold not met");
    store.finish(4, "failed", "second outcome ignored");
    store.close();

    const again = AggregatorStore.open(dir, scope);
    assert.deepEqual(again.openTasks().map((t) => [t.taskIndex, t.task]), [[3, task]]);
    assert.deepEqual(again.signatures(3), [sig]);
    assert.deepEqual(again.responseTx(3), { txHash: `0x${"cc".repeat(32)}`, nonce: 12 });
    assert.deepEqual(again.outcome(4), { outcome: "expired", reason: "threshold not met" });
    assert.equal(again.outcome(3), undefined);
    const mode = (await Deno.stat(again.path)).mode! & 0o777;
    assert.equal(mode, 0o600, "the database is readable by its owner only");
    again.close();
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("store: every signature acknowledged before SIGKILL is there after it", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const child = new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "-A",
        new URL("./fixtures/store_writer.ts", import.meta.url).pathname,
        dir,
        "200",
      ],
      stdout: "piped",
      stderr: "inherit",
    }).spawn();
    let acknowledged = 0;
    const lines = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
    let buf = "";
    while (acknowledged < 120) {
      const { value, done } = await lines.read();
      if (done) break;
      buf += value;
      for (const m of buf.matchAll(/written (\d+)/g)) acknowledged = Number(m[1]);
      buf = buf.slice(buf.lastIndexOf("\n") + 1);
    }
    child.kill("SIGKILL");
    await child.status;
    await lines.cancel().catch(() => {});
    assert.ok(acknowledged >= 120);
    const store = AggregatorStore.open(dir, scope);
    const kept = store.signatures(7).length;
    assert.ok(kept >= acknowledged, `${kept} stored, ${acknowledged} acknowledged`);
    assert.deepEqual(store.openTasks().map((t) => t.taskIndex), [7]);
    store.close();
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("store: data of another chain is moved aside, not mixed in", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const first = AggregatorStore.open(dir, scope);
    first.recordTask(1, task, `0x${"01".repeat(32)}`);
    first.close();
    const reasons: string[] = [];
    const reset = AggregatorStore.open(
      dir,
      { ...scope, genesisHash: `0x${"cd".repeat(32)}` },
      (why, movedTo) => reasons.push(`${why} -> ${movedTo}`),
    );
    assert.equal(reset.openTasks().length, 0);
    assert.equal(reasons.length, 1);
    assert.match(reasons[0], /genesis_hash is 0xcdcd.*the data is for 0xabab/);
    const moved = [...Deno.readDirSync(dir)].map((e) => e.name).filter((n) => n.includes("stale"));
    assert.equal(moved.length, 1);
    reset.close();
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("store: a batch of signatures is one transaction: all stored, or none", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const store = AggregatorStore.open(dir, scope);
    const sig = (i: number) => ({
      operatorId: `0x${i.toString(16).padStart(64, "0")}` as const,
      response: { referenceTaskIndex: 5, numberSquared: 25n },
      signature: { X: BigInt(i), Y: 7n },
    });
    store.recordSignatures([1, 2, 3].map((i) => ({ taskIndex: 5, ...sig(i) })));
    store.recordSignatures([]); // nothing to do
    // The third row cannot be written: the two before it must not stay behind.
    const broken = { ...sig(6), signature: { X: undefined as unknown as bigint, Y: 1n } };
    assert.throws(() =>
      store.recordSignatures([
        { taskIndex: 5, ...sig(4) },
        { taskIndex: 5, ...sig(5) },
        { taskIndex: 5, ...broken },
      ])
    );
    // The store is usable after the rollback, and rows already stored are ignored again.
    store.recordSignatures([3, 7].map((i) => ({ taskIndex: 5, ...sig(i) })));
    store.close();
    const again = AggregatorStore.open(dir, scope);
    assert.deepEqual(again.signatures(5), [1, 2, 3, 7].map(sig));
    again.close();
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("store: signature coordinates written as decimal by earlier versions still load", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const store = AggregatorStore.open(dir, scope);
    store.close();
    const { DatabaseSync } = await import("node:sqlite");
    const db = new DatabaseSync(`${dir}/aggregator.sqlite`);
    db.prepare(
      `INSERT INTO signatures (task_index, operator_id, reference_task_index, number_squared,
         sig_x, sig_y) VALUES (?, ?, ?, ?, ?, ?)`,
    ).run(8, `0x${"bb".repeat(32)}`, 8, "64", (2n ** 250n + 3n).toString(), "12");
    db.close();
    const again = AggregatorStore.open(dir, scope);
    again.recordSignature(8, {
      operatorId: `0x${"cc".repeat(32)}`,
      response: { referenceTaskIndex: 8, numberSquared: 64n },
      signature: { X: 2n ** 251n + 5n, Y: 13n },
    });
    assert.deepEqual(again.signatures(8).map((s) => s.signature), [
      { X: 2n ** 250n + 3n, Y: 12n },
      { X: 2n ** 251n + 5n, Y: 13n },
    ]);
    again.close();
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("store: replaceTask drops the old task's signatures, response tx and outcome", () => {
  const store = AggregatorStore.inMemory();
  store.recordTask(5, task, `0x${"01".repeat(32)}`);
  store.recordSignature(5, {
    operatorId: `0x${"aa".repeat(32)}`,
    response: { referenceTaskIndex: 5, numberSquared: 49n },
    signature: { X: 1n, Y: 2n },
  });
  store.recordResponseTx(5, `0x${"cc".repeat(32)}`, 3);
  store.finish(5, "failed", "reorganised");
  const replacement = { ...task, taskCreatedBlock: 101, numberToBeSquared: 9n };
  store.replaceTask(5, replacement, `0x${"02".repeat(32)}`);
  assert.deepEqual(store.task(5)?.task, replacement);
  assert.equal(store.task(5)?.createdTx, `0x${"02".repeat(32)}`);
  assert.deepEqual(store.signatures(5), []);
  assert.equal(store.responseTx(5), undefined);
  assert.equal(store.outcome(5), undefined, "the replacement is open");
  assert.equal(store.task(6), undefined);
  store.close();
});
