/** startAnvil: real native anvil on a free port, clean shutdown, clear errors. */
import assert from "node:assert/strict";
import { startAnvil } from "../../lib/devnet/anvil.ts";

async function rpc(url: string, method: string, params: unknown[] = []): Promise<unknown> {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
  });
  const body = await res.json();
  if (body.error) throw new Error(JSON.stringify(body.error));
  return body.result;
}

function processAlive(pid: number): boolean {
  try {
    Deno.kill(pid, "SIGCONT"); // harmless probe: throws once the process is gone
    return true;
  } catch {
    return false;
  }
}

Deno.test("startAnvil answers JSON-RPC on a random port and stops without leaving a process", async () => {
  const a = await startAnvil();
  try {
    assert.match(a.rpcUrl, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(a.wsUrl, a.rpcUrl.replace("http", "ws"));
    assert.equal(await rpc(a.rpcUrl, "eth_chainId"), "0x7a69");
    assert.ok(processAlive(a.pid));
  } finally {
    await a.stop();
  }
  assert.equal(processAlive(a.pid), false);
  await a.stop(); // idempotent
});

Deno.test("two anvils get distinct ports", async () => {
  const [a, b] = await Promise.all([startAnvil(), startAnvil()]);
  try {
    assert.notEqual(a.port, b.port);
  } finally {
    await Promise.all([a.stop(), b.stop()]);
  }
});

Deno.test("startAnvil with blockTime mines on its own", async () => {
  const a = await startAnvil({ blockTime: 1 });
  try {
    const start = BigInt(await rpc(a.rpcUrl, "eth_blockNumber") as string);
    await new Promise((r) => setTimeout(r, 2200));
    const later = BigInt(await rpc(a.rpcUrl, "eth_blockNumber") as string);
    assert.ok(later > start, `block number did not advance (${start} -> ${later})`);
  } finally {
    await a.stop();
  }
});

Deno.test("startAnvil rejects a taken port with anvil's error", async () => {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  try {
    await assert.rejects(() => startAnvil({ port }), /anvil exited before becoming ready/);
  } finally {
    listener.close();
  }
});

Deno.test("startAnvil rejects bad options before spawning", async () => {
  await assert.rejects(() => startAnvil({ port: 70000 }), /invalid port/);
  await assert.rejects(() => startAnvil({ blockTime: 0 }), /blockTime/);
});

Deno.test("dumpState on stop + loadState restores contracts and block height", async () => {
  const { deployAll } = await import("../../lib/devnet/deploy.ts");
  const path = await Deno.makeTempFile({ suffix: ".json" });
  try {
    const a = await startAnvil({ dumpState: path });
    let tm: string;
    let height: string;
    try {
      tm = (await deployAll({ rpcUrl: a.rpcUrl })).addresses.incredibleSquaringTaskManager;
      height = await rpc(a.rpcUrl, "eth_blockNumber") as string;
    } finally {
      await a.stop();
    }
    const b = await startAnvil({ loadState: path });
    try {
      const code = await rpc(b.rpcUrl, "eth_getCode", [tm, "latest"]) as string;
      assert.ok(code.length > 1000, "TaskManager code missing after loading the state");
      assert.equal(await rpc(b.rpcUrl, "eth_blockNumber"), height);
    } finally {
      await b.stop();
    }
  } finally {
    await Deno.remove(path);
  }
});
