/** `deno task chain`: starts, deploys, prints the URLs, and leaves nothing behind on SIGINT. */
import assert from "node:assert/strict";
import { freePort } from "../../lib/devnet/ports.ts";

const root = new URL("../..", import.meta.url).pathname;

async function readUntil(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  pattern: RegExp,
  timeoutMs: number,
): Promise<string> {
  const dec = new TextDecoder();
  let text = "";
  const deadline = Date.now() + timeoutMs;
  while (!pattern.test(text)) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${pattern}; got:\n${text}`);
    const { value, done } = await reader.read();
    if (done) throw new Error(`output ended before ${pattern}; got:\n${text}`);
    text += dec.decode(value);
  }
  return text;
}

Deno.test("chain script serves a deployed devnet until SIGINT", async () => {
  const port = await freePort();
  const out = await Deno.makeTempFile({ suffix: ".json" });
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "scripts/chain.ts", "--port", String(port), "--out", out],
    cwd: root,
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  const reader = child.stdout.getReader();
  try {
    const text = await readUntil(reader, /Press Ctrl-C/, 30_000);
    assert.match(text, new RegExp(`RPC URL:\\s+http://127\\.0\\.0\\.1:${port}`));
    assert.match(text, new RegExp(`WS URL:\\s+ws://127\\.0\\.0\\.1:${port}`));
    assert.ok(text.includes(out), "deployment file path not printed");
    const deployment = JSON.parse(await Deno.readTextFile(out));
    const res = await fetch(`http://127.0.0.1:${port}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        jsonrpc: "2.0",
        id: 1,
        method: "eth_getCode",
        params: [deployment.addresses.incredibleSquaringTaskManager, "latest"],
      }),
    });
    assert.ok(((await res.json()).result as string).length > 1000);
  } finally {
    child.kill("SIGINT");
    // Drain the rest of stdout so the process can exit.
    while (!(await reader.read()).done) { /* drain */ }
    const status = await child.status;
    assert.equal(status.code, 0);
    await Deno.remove(out);
  }
  // The port is free again: anvil went away with the script.
  const l = Deno.listen({ hostname: "127.0.0.1", port });
  l.close();
});

Deno.test("chain script rejects bad flags with a clear message", async () => {
  const res = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "scripts/chain.ts", "--port", "abc"],
    cwd: root,
    stdout: "piped",
    stderr: "piped",
  }).output();
  assert.equal(res.code, 2);
  assert.match(new TextDecoder().decode(res.stderr), /--port must be an integer/);
});

Deno.test("parseChainArgs: defaults, role flags and clear errors", async () => {
  const { parseChainArgs } = await import("../../scripts/chain.ts");
  const d = parseChainArgs([]);
  assert.equal(d.port, 8545);
  assert.equal(d.host, "127.0.0.1");
  assert.match(d.out, /contracts\/deployments\/devnet\.json$/);
  const a = parseChainArgs([
    "--port=9000",
    "--host",
    "0.0.0.0",
    "--aggregator",
    "0xa0ee7a142d267c1f36714e4a8f75612f20a79720",
    "--veto-committee",
    "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266, 0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
    "--veto-threshold",
    "2",
    "--veto-window",
    "10",
  ]);
  assert.equal(a.port, 9000);
  assert.equal(a.host, "0.0.0.0");
  assert.equal(a.aggregator, "0xa0Ee7A142d267C1f36714E4a8F75612F20a79720");
  assert.equal(a.vetoCommittee?.length, 2);
  assert.equal(a.vetoThreshold, 2);
  assert.equal(a.vetoWindowBlock, 10);
  assert.throws(() => parseChainArgs(["--owner", "0x1234"]), /--owner is not an address/);
  assert.throws(() => parseChainArgs(["--veto-threshold", "0"]), /--veto-threshold must be/);
  assert.throws(() => parseChainArgs(["--port"]), /--port needs a value/);
  assert.throws(() => parseChainArgs(["--nope"]), /unknown argument "--nope"/);
});
