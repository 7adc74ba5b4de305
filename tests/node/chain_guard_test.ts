/**
 * The chain guard against real anvil processes: a chain that stops answering is unhealthy but
 * not fatal; a chain started fresh on the same port (new genesis), another chain id, or an
 * address without code is a reset with one clear line.
 */
import assert from "node:assert/strict";
import { createPublicClient, http } from "viem";
import { startAnvil } from "../../lib/devnet/anvil.ts";
import { startDevnet } from "../../lib/devnet/devnet.ts";
import {
  ChainResetError,
  detectReset,
  readChainIdentity,
  startChainGuard,
} from "../../lib/node/chain_guard.ts";
import { waitFor } from "../e2e/helpers.ts";

const opts = { sanitizeOps: false, sanitizeResources: false };

Deno.test({
  name: "chain guard: hung chain is unhealthy, not fatal; a fresh chain on the same port fails",
  ...opts,
  fn: async () => {
    const devnet = await startDevnet();
    let fresh: Awaited<ReturnType<typeof startAnvil>> | undefined;
    const client = createPublicClient({ transport: http(devnet.rpcUrl, { retryCount: 0 }) });
    const expected = await readChainIdentity(client);
    const changes: string[] = [];
    const guard = startChainGuard({
      client,
      rpcUrl: devnet.rpcUrl,
      expected,
      contracts: { TaskManager: devnet.deployment.addresses.incredibleSquaringTaskManager },
      intervalMs: 100,
      timeoutMs: 300,
      onHealthChange: (h, why) => changes.push(`${h} ${why ?? ""}`),
    });
    const seen: { reset?: unknown } = {};
    guard.failed.catch((e) => (seen.reset = e));
    try {
      await new Promise((r) => setTimeout(r, 400));
      assert.equal(guard.healthy, true);

      Deno.kill(devnet.anvil.pid, "SIGSTOP");
      await waitFor("unhealthy while anvil is stopped", () => !guard.healthy || undefined, 5_000);
      await new Promise((r) => setTimeout(r, 800));
      assert.equal(seen.reset, undefined, "a hung chain is not a reset");
      Deno.kill(devnet.anvil.pid, "SIGCONT");
      await waitFor("healthy again", () => guard.healthy || undefined, 5_000);
      assert.match(changes[0], /^false no answer within 300 ms/);

      await devnet.stop();
      await waitFor("unhealthy while nothing listens", () => !guard.healthy || undefined, 5_000);
      assert.equal(seen.reset, undefined, "a chain that is down is not a reset");
      fresh = await startAnvil({ port: devnet.port });
      const reset: unknown = await waitFor("the reset noticed", () => seen.reset, 5_000);
      assert.ok(reset instanceof ChainResetError);
      const line = reset.message;
      assert.match(
        line,
        new RegExp(
          `^the chain at ${devnet.rpcUrl} was reset \\(genesis block hash changed from ${expected.genesisHash} to 0x[0-9a-f]{64}\\); restart against the new deployment$`,
        ),
      );
      assert.ok(!line.includes("\n"));
      await guard.done;
    } finally {
      guard.stop();
      try {
        Deno.kill(devnet.anvil.pid, "SIGCONT");
      } catch { /* gone */ }
      await devnet.stop();
      await fresh?.stop();
    }
  },
});

Deno.test({
  name: "chain guard: another chain id and an address without code are resets",
  ...opts,
  fn: async () => {
    const anvil = await startAnvil({ chainId: 31338 });
    try {
      const client = createPublicClient({ transport: http(anvil.rpcUrl) });
      const id = await readChainIdentity(client);
      assert.equal(id.chainId, 31338);
      assert.match(id.genesisHash, /^0x[0-9a-f]{64}$/);
      assert.equal(await detectReset(client, id, {}), undefined);
      assert.equal(
        await detectReset(client, { ...id, chainId: 31337 }, {}),
        "chain id changed from 31337 to 31338",
      );
      const nowhere = "0x00000000000000000000000000000000000000aa";
      assert.equal(
        await detectReset(client, id, { TaskManager: nowhere }),
        `no contract code at TaskManager ${nowhere}`,
      );
      const guard = startChainGuard({
        client,
        rpcUrl: anvil.rpcUrl,
        expected: id,
        contracts: { TaskManager: nowhere },
        intervalMs: 50,
      });
      await assert.rejects(guard.failed, (e: Error) => {
        assert.equal(
          e.message,
          `the chain at ${anvil.rpcUrl} was reset (no contract code at TaskManager ${nowhere}); restart against the new deployment`,
        );
        return true;
      });
      assert.equal(guard.healthy, false);
    } finally {
      await anvil.stop();
    }
  },
});

Deno.test("chain guard: stop() ends the loop at once, even during a check", async () => {
  let calls = 0;
  const never = new Promise<never>(() => {});
  const guard = startChainGuard({
    client: {
      getChainId: () => (calls++, never),
      getBlock: () => never,
      getCode: () => never,
    },
    rpcUrl: "http://127.0.0.1:1",
    expected: { chainId: 1, genesisHash: "0x00" },
    contracts: {},
    intervalMs: 10,
    timeoutMs: 20,
  });
  await new Promise((r) => setTimeout(r, 100));
  assert.equal(guard.healthy, false);
  assert.equal(calls, 1, "a check still waiting is not sent again");
  const t = performance.now();
  guard.stop();
  await guard.done;
  assert.ok(performance.now() - t < 50);
});
