/** pollLogs with confirmations: a log is handled only once enough blocks are on top of it. */
import { strict as assert } from "node:assert";
import { concat, pad, parseAbi, toEventSelector, toHex } from "viem";
import { startAnvil } from "../../lib/devnet/anvil.ts";
import { createChainClients } from "../../lib/chain/clients.ts";
import { pollLogs } from "../../lib/chain/poll_logs.ts";
import { ANVIL_KEY_0, deployRuntime } from "./helpers.ts";

const EVENT = parseAbi(["event Poked(uint256 indexed a)"]);

Deno.test("pollLogs: confirmations hold a log back until it is buried", {
  sanitizeOps: false,
  sanitizeResources: false,
}, async () => {
  const anvil = await startAnvil();
  const clients = await createChainClients({ rpcUrl: anvil.rpcUrl, privateKey: ANVIL_KEY_0 });
  const abort = new AbortController();
  try {
    const logger = await deployRuntime(clients.publicClient, clients.walletClient, "logger");
    // The logger emits LOG2(calldata[0:32], calldata[32:64]) for any call.
    const hash = await clients.walletClient.sendTransaction({
      to: logger,
      data: concat([toEventSelector(EVENT[0]), pad(toHex(7n))]),
    });
    const receipt = await clients.publicClient.waitForTransactionReceipt({ hash });
    const seen: bigint[] = [];
    const heads: bigint[] = [];
    const loop = pollLogs({
      client: clients.publicClient,
      addresses: [logger],
      abi: EVENT,
      fromBlock: receipt.blockNumber,
      signal: abort.signal,
      pollMs: 20,
      confirmations: 3,
      onLog: (l) => void seen.push(l.blockNumber),
      onHead: (h) => void heads.push(h),
    });
    await new Promise((r) => setTimeout(r, 200));
    assert.deepEqual(seen, [], "handled before 3 confirmations");
    await clients.publicClient.request({ method: "anvil_mine" as never, params: ["0x3"] as never });
    const deadline = Date.now() + 5000;
    while (seen.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    assert.deepEqual(seen, [receipt.blockNumber]);
    assert.ok(heads.every((h) => h <= receipt.blockNumber), "a head beyond the confirmed one");
    abort.abort();
    await loop;
  } finally {
    abort.abort();
    await clients.close();
    await anvil.stop();
  }
});
