import { strict as assert } from "node:assert";
import { concat, encodeAbiParameters, type Hex, parseAbi, toEventSelector } from "viem";
import { startAnvil } from "../../lib/devnet/anvil.ts";
import { createChainClients } from "../../lib/chain/clients.ts";
import { type FollowedLog, followEvents } from "../../lib/chain/events.ts";
import { createRegistry, registerFollowerMetrics, RpcMetrics } from "../../lib/metrics/mod.ts";
import { ANVIL_KEY_0, deployRuntime, startTcpProxy } from "./helpers.ts";

const abi = parseAbi([
  "event Ping(uint256 indexed n, uint256 value)",
  "event Other(uint256 indexed n, uint256 value)",
]);
const PING = toEventSelector(abi[0]);
const OTHER = toEventSelector(abi[1]);

function word(n: bigint): Hex {
  return encodeAbiParameters([{ type: "uint256" }], [n]);
}

async function waitFor(cond: () => boolean, what: string, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

Deno.test("event follower: back-fill, live, undecodable logs, dropped socket, dedup", async () => {
  const anvil = await startAnvil();
  const registry = createRegistry("test");
  const rpc = new RpcMetrics(registry);
  const followerMetrics = registerFollowerMetrics(registry);
  const clients = await createChainClients({
    rpcUrl: anvil.rpcUrl,
    wsUrl: anvil.wsUrl,
    privateKey: ANVIL_KEY_0,
    rpcMetrics: rpc,
    pollingInterval: 100,
  });
  const { publicClient, walletClient } = clients;
  // The follower's WebSocket goes through a proxy the test can cut.
  const proxy = startTcpProxy(anvil.port);
  let follower: ReturnType<typeof followEvents> | undefined;
  try {
    const logger = await deployRuntime(publicClient, walletClient!, "logger");
    const emit = async (topic0: Hex, n: bigint, data: Hex) => {
      const hash = await walletClient!.sendTransaction({
        to: logger,
        data: concat([topic0, word(n), data]),
      });
      await publicClient.waitForTransactionReceipt({ hash });
    };
    const ping = (n: bigint) => emit(PING, n, word(n * 10n));

    // Logs before the follower starts must be back-filled.
    for (const n of [1n, 2n, 3n]) await ping(n);
    await emit(OTHER, 99n, word(0n)); // a different event: ignored
    const got: FollowedLog[] = [];
    let throwOn = 5n;
    follower = followEvents({
      client: publicClient,
      wsUrl: `ws://127.0.0.1:${proxy.port}`,
      rpcMetrics: rpc,
      address: logger,
      abi,
      eventName: "Ping",
      fromBlock: 0n,
      pollIntervalMs: 60_000, // only the subscription (and its error path) can deliver
      metrics: followerMetrics,
      onLog: (l) => {
        got.push(l);
        if (l.args.n === throwOn) throw new Error("handler failure must not stop the follower");
      },
    });
    await follower.ready;
    assert.deepEqual(got.map((l) => l.args.n), [1n, 2n, 3n]);
    assert.ok(got.every((l) => !l.live && l.eventName === "Ping"));
    assert.equal(got[1].args.value, 20n);

    // Live delivery, including after a handler failure and an undecodable log.
    await ping(4n);
    await ping(5n);
    await emit(PING, 6n, "0x01"); // data too short for (uint256): undecodable
    await ping(7n);
    await waitFor(() => got.length >= 6, "live logs");
    assert.deepEqual(got.map((l) => l.args.n), [1n, 2n, 3n, 4n, 5n, 7n]);
    assert.ok(got.slice(3).some((l) => l.live), "no log came from the live subscription");
    const text = await registry.metrics();
    assert.match(text, /incsq_event_follower_undecodable_logs_total\{event="Ping"\} 1/);

    // Drop the socket under the subscription: logs emitted meanwhile still arrive exactly once.
    throwOn = -1n;
    proxy.dropAll();
    for (const n of [8n, 9n, 10n]) await ping(n);
    await waitFor(() => got.length >= 9, "logs after socket drop");
    await ping(11n);
    await waitFor(() => got.length >= 10, "log after reconnect");
    await new Promise((r) => setTimeout(r, 1000)); // let catch-up run again: no duplicates
    assert.deepEqual(got.map((l) => l.args.n), [1n, 2n, 3n, 4n, 5n, 7n, 8n, 9n, 10n, 11n]);
    const keys = new Set(got.map((l) => `${l.blockHash}:${l.logIndex}`));
    assert.equal(keys.size, got.length);
    assert.ok(follower.cursor > 0n);

    // RPC metrics were recorded with anvil's client version.
    const metrics = await registry.metrics();
    assert.match(metrics, /incsq_event_follower_reconnects_total\{event="Ping"\} [1-9]/);
    assert.match(
      metrics,
      /eigen_rpc_request_total\{[^}]*method="eth_getLogs",client_version="anvil\/[^"]+"\} \d+/,
    );
  } finally {
    await follower?.stop();
    await clients.close();
    await proxy.close();
    await anvil.stop();
  }
});

Deno.test("event follower: unknown event name is a clear error", () => {
  assert.throws(
    () =>
      followEvents({
        // deno-lint-ignore no-explicit-any
        client: {} as any,
        address: "0x0000000000000000000000000000000000000001",
        abi,
        eventName: "Nope",
        fromBlock: 0n,
        onLog: () => {},
      }),
    /event Nope is not in the ABI/,
  );
});
