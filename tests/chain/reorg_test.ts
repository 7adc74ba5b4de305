/**
 * pollLogs across a reorganisation: a log whose block is replaced (anvil snapshot → revert →
 * another transaction at the same height) is reported as a reorg, and the replacing log is
 * handled after it; the dropped log is not handled again.
 */
import { strict as assert } from "node:assert";
import { concat, pad, parseAbi, toEventSelector, toHex } from "viem";
import { startAnvil } from "../../lib/devnet/anvil.ts";
import { createChainClients } from "../../lib/chain/clients.ts";
import { pollLogs } from "../../lib/chain/poll_logs.ts";
import { ANVIL_KEY_0, deployRuntime } from "./helpers.ts";

const EVENT = parseAbi(["event Poked(uint256 indexed a)"]);

async function until(what: string, cond: () => boolean, ms = 5_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

Deno.test("pollLogs: a replaced block is reported as a reorg and read again", {
  sanitizeOps: false,
  sanitizeResources: false,
}, async () => {
  const anvil = await startAnvil();
  const first = await createChainClients({ rpcUrl: anvil.rpcUrl, privateKey: ANVIL_KEY_0 });
  const abort = new AbortController();
  try {
    const logger = await deployRuntime(first.publicClient, first.walletClient, "logger");
    const rpc = (method: string, params: unknown[] = []) =>
      first.publicClient.request({ method: method as never, params: params as never });
    const poke = async (clients: typeof first, n: bigint) => {
      const hash = await clients.walletClient.sendTransaction({
        to: logger,
        data: concat([toEventSelector(EVENT[0]), pad(toHex(n))]),
      });
      return await clients.publicClient.waitForTransactionReceipt({ hash });
    };
    const start = await first.publicClient.getBlockNumber();
    const snapshot = await rpc("evm_snapshot");

    const seen: { a: bigint; block: bigint }[] = [];
    const reorgs: { fromBlock: bigint; depth: bigint }[] = [];
    const loop = pollLogs({
      client: first.publicClient,
      addresses: [logger],
      abi: EVENT,
      fromBlock: start + 1n,
      signal: abort.signal,
      pollMs: 20,
      onLog: (l) => void seen.push({ a: l.args.a as bigint, block: l.blockNumber }),
      onReorg: (r) => void reorgs.push(r),
    });
    const dropped = await poke(first, 7n);
    await until("the first log", () => seen.length === 1);

    // Replace the block: back to the snapshot, another transaction at the same height.
    await rpc("evm_revert", [snapshot]);
    const second = await createChainClients({ rpcUrl: anvil.rpcUrl, privateKey: ANVIL_KEY_0 });
    const replacing = await poke(second, 8n);
    assert.equal(replacing.blockNumber, dropped.blockNumber, "same height, another block");
    await until("the replacing log", () => seen.length === 2);

    assert.deepEqual(seen.map((s) => s.a), [7n, 8n]);
    assert.equal(reorgs.length, 1);
    assert.ok(reorgs[0].fromBlock <= dropped.blockNumber, "read again from the dropped block");
    // Nothing more arrives: the dropped log is not handled a second time.
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(seen.length, 2);
    abort.abort();
    await loop;
    await second.close();
  } finally {
    abort.abort();
    await first.close();
    await anvil.stop();
  }
});
