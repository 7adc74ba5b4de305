/** The challenger's event intake survives logs and transactions it cannot parse. */
import assert from "node:assert/strict";
import { startDevnet } from "../../lib/devnet/devnet.ts";
import { pollLogs } from "../../lib/chain/poll_logs.ts";
import { nonSignersFromCalldata, recoverNonSigners, taskManagerAbi } from "../../lib/avs/mod.ts";
import { createChainClients } from "../../lib/chain/clients.ts";
import { createTask } from "../../lib/aggregator/task_generator.ts";
import { anvilPrivateKey } from "../../lib/keys/devnet_keys.ts";
import { mintMockToken } from "../../lib/eigenlayer/mod.ts";
import { waitFor } from "../e2e/helpers.ts";

Deno.test("non-signer decoding: garbage calldata is not a respondToTask", () => {
  assert.equal(nonSignersFromCalldata("0x"), undefined);
  assert.equal(nonSignersFromCalldata("0xdeadbeef"), undefined);
  assert.equal(nonSignersFromCalldata(`0x5baec9a0${"ff".repeat(40)}`), undefined);
});

Deno.test({
  name:
    "log poller: undecodable logs are reported and skipped, handler errors do not stop the stream",
  sanitizeOps: false,
  sanitizeResources: false,
  fn: async () => {
    const devnet = await startDevnet();
    const a = devnet.deployment.addresses;
    const abort = new AbortController();
    try {
      const gen = await createChainClients({
        rpcUrl: devnet.rpcUrl,
        privateKey: anvilPrivateKey(9),
        pollingInterval: 250,
      });
      const seen: string[] = [];
      const undecodable: string[] = [];
      const errors: string[] = [];
      let throwOnce = true;
      const loop = pollLogs({
        client: gen.publicClient,
        // The ERC20Mock's Transfer logs do not decode with the TaskManager's ABI.
        addresses: [a.erc20Mock, a.incredibleSquaringTaskManager],
        abi: taskManagerAbi,
        fromBlock: BigInt(devnet.deployment.readyAtBlock ?? devnet.deployment.deployedAtBlock),
        signal: abort.signal,
        pollMs: 50,
        onLog: (l) => {
          if (l.eventName === "NewTaskCreated" && throwOnce) {
            throwOnce = false;
            throw new Error("handler bug");
          }
          seen.push(`${l.eventName}:${l.args.taskIndex}`);
        },
        onUndecodable: (log) => undecodable.push(log.address),
        onError: (e) => errors.push((e as Error).message),
      });
      await mintMockToken(gen, a.erc20Mock, gen.account.address, 5n);
      await createTask(gen, a.incredibleSquaringTaskManager, 1n, 100, [0]);
      await createTask(gen, a.incredibleSquaringTaskManager, 2n, 100, [0]);
      await waitFor("second task", () => seen.includes("NewTaskCreated:1") || undefined);
      assert.ok(undecodable.some((x) => x.toLowerCase() === a.erc20Mock.toLowerCase()));
      assert.deepEqual(errors, ["handler bug"]);
      abort.abort();
      await loop;

      // A transaction that is not a respondToTask gives a clear error, not a crash.
      const tx = await gen.walletClient.sendTransaction({ to: gen.account.address, value: 0n });
      await gen.publicClient.waitForTransactionReceipt({ hash: tx });
      await assert.rejects(
        recoverNonSigners(
          gen.publicClient,
          a.incredibleSquaringTaskManager,
          tx,
          1,
          `0x${"00".repeat(32)}`,
        ),
        /no respondToTask call found/,
      );
    } finally {
      abort.abort();
      await devnet.stop();
    }
  },
});
