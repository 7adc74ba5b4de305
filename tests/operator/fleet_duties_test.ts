/**
 * What a fleet member does beyond signing, through the single operator's code, on a real anvil:
 * with `confirmations` a task whose block is replaced before it is buried is skipped and its
 * replacement answered; when the aggregator leaves that task unanswered, every member attests its
 * signed correct response on chain from its own account (one `ResponseAttested` per member), and
 * the no-response challenge then blames the aggregator (`AggregatorFault`) and opens no fault
 * assignment. Judged from what reached the aggregator and from the chain's events.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { parseEventLogs } from "viem";
import * as abi from "../../lib/chain/abi/mod.ts";
import { createChainClients, type SigningClients } from "../../lib/chain/clients.ts";
import { transact } from "../../lib/chain/tx.ts";
import { avsContractsOf, createNewTask, storedTaskHash } from "../../lib/avs/mod.ts";
import { startDevnet } from "../../lib/devnet/devnet.ts";
import { fundAccounts } from "../../lib/devnet/funding.ts";
import { anvilRpc, mine } from "../../lib/devnet/anvil.ts";
import { anvilPrivateKey, devnetFleetKeys } from "../../lib/keys/devnet_keys.ts";
import {
  type FleetHandle,
  type FleetTaskSummary,
  startOperatorFleet,
} from "../../lib/operator/fleet.ts";
import {
  concurrencyGate,
  type FleetAttestationSummary,
  sharedReads,
} from "../../lib/operator/fleet_tasks.ts";
import { signedTaskResponseFromWire } from "../../lib/task/signed_response.ts";
import { taskHash } from "../../lib/task/mod.ts";

/** Accepts every signature, remembers the answers, and never responds on chain. */
function silentAggregator() {
  const answers: bigint[] = [];
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, async (req) => {
    const body = await req.json();
    if (body.method === "incsq_processSignedTaskResponse") {
      answers.push(signedTaskResponseFromWire(body.params[0]).taskResponse.numberSquared);
    }
    return Response.json({ jsonrpc: "2.0", id: body.id, result: true });
  });
  return { port: server.addr.port, answers, close: () => server.shutdown() };
}

async function waitFor<T>(what: string, f: () => Promise<T | undefined>, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    const v = await f();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

Deno.test("concurrencyGate: at most `limit` submissions, a slot freed on `release` (sent) goes to the next in line", async () => {
  const gate = concurrencyGate(2);
  const order: number[] = [];
  const releases: (() => void)[] = [];
  const finish: (() => void)[] = [];
  const calls = [0, 1, 2, 3].map((i) =>
    gate(async (release) => {
      order.push(i);
      releases[i] = release;
      await new Promise<void>((r) => (finish[i] = r)); // "the receipt"
      return i;
    })
  );
  await new Promise((r) => setTimeout(r, 5));
  assert.deepEqual(order, [0, 1], "two submit, two wait");
  releases[0](); // the node took #0: #2 may submit while #0 waits for its receipt
  await new Promise((r) => setTimeout(r, 5));
  assert.deepEqual(order, [0, 1, 2]);
  finish[0](); // ending after release frees nothing twice
  await new Promise((r) => setTimeout(r, 5));
  assert.deepEqual(order, [0, 1, 2]);
  finish[1](); // ending without release frees the slot
  await new Promise((r) => setTimeout(r, 5));
  assert.deepEqual(order, [0, 1, 2, 3]);
  finish[2]();
  finish[3]();
  assert.deepEqual(await Promise.all(calls), [0, 1, 2, 3]);
  assert.throws(() => concurrencyGate(0), /at least 1, got 0/);
});

Deno.test("sharedReads: one load per key within the ttl; a failed load is tried again", async () => {
  const read = sharedReads<number>(60_000);
  let loads = 0;
  const load = () => Promise.resolve(++loads);
  assert.deepEqual(await Promise.all([read("a", load), read("a", load), read("b", load)]), [
    1,
    1,
    2,
  ]);
  await assert.rejects(read("c", () => Promise.reject(new Error("down"))), /down/);
  assert.equal(await read("c", load), 3);
  const expiring = sharedReads<number>(0);
  assert.equal(await expiring("a", load), 4);
  assert.equal(await expiring("a", load), 5);
});

Deno.test({
  name:
    "fleet of 8: a reorganised-away task is skipped; the unanswered replacement is attested by every member, and the no-response challenge blames the aggregator",
  sanitizeResources: false,
  sanitizeOps: false,
  fn: async () => {
    const N = 8;
    const devnet = await startDevnet();
    const dir = await Deno.makeTempDir();
    const agg = silentAggregator();
    const avs = avsContractsOf(devnet.deployment);
    const tm = {
      address: avs.taskManager,
      abi: abi.incredibleSquaringTaskManagerAbi,
    } as const;
    const clients: SigningClients[] = [];
    const connect = async (key: `0x${string}`) => {
      // A fresh nonce cache each time: a reverted snapshot forgets transactions.
      const c = await createChainClients({
        rpcUrl: devnet.rpcUrl,
        privateKey: key,
        pollingInterval: 50,
      });
      clients.push(c);
      return c;
    };
    const rpc = (method: string, params: unknown[] = []) => anvilRpc(devnet.rpcUrl, method, params);
    let fleet: FleetHandle | undefined;
    try {
      const deploymentPath = join(dir, "deployment.json");
      await Deno.writeTextFile(deploymentPath, JSON.stringify(devnet.deployment));
      const keys = Array.from({ length: N }, (_, i) => devnetFleetKeys(i + 1));
      await fundAccounts(devnet.rpcUrl, keys.map((k) => k.address));
      const summaries: FleetTaskSummary[] = [];
      const attestationLines: FleetAttestationSummary[] = [];
      fleet = await startOperatorFleet({
        members: keys.map((k) => ({
          index: k.index,
          ecdsaPrivateKey: k.ecdsaPrivateKey,
          blsPrivateKey: k.blsPrivateKey,
          depositAmount: 1000n,
          timesFailing: 0,
        })),
        registrationConcurrency: 4,
        rpcUrl: devnet.rpcUrl,
        wsUrl: devnet.wsUrl,
        aggregatorAddress: `127.0.0.1:${agg.port}`,
        registerOnStartup: true,
        deploymentPath,
        quorumNumbers: [0],
        socket: "fleet",
        taskBackfillBlocks: 5,
        delivery: { maxAttempts: 2, initialBackoffMs: 100 },
        confirmations: 2,
        // anvil mines one block per transaction: 8 attestations need 8 blocks of the window.
        attestation: { enabled: true, marginBlocks: 15 },
        attestationConcurrency: 3,
      }, {
        onTaskSummary: (_l, s) => summaries.push(s),
        onAttestationSummary: (_l, s) => attestationLines.push(s),
      });
      assert.equal(fleet.era, "m2");
      assert.equal(await fleet.registeredCount(), N);

      // 1. Confirmations: a task whose block is replaced before 2 blocks bury it is skipped.
      const snapshot = await rpc("evm_snapshot");
      const dropped = await createNewTask(await connect(anvilPrivateKey(9)), avs, {
        numberToBeSquared: 7n,
        quorumThresholdPercentage: 100,
        quorumNumbers: [0],
      });
      await new Promise((r) => setTimeout(r, 700)); // the members saw it and wait to confirm
      assert.equal(agg.answers.length, 0, "nothing answered before 2 confirmations");
      await rpc("evm_revert", [snapshot]);
      const replacing = await createNewTask(await connect(anvilPrivateKey(9)), avs, {
        numberToBeSquared: 8n,
        quorumThresholdPercentage: 100,
        quorumNumbers: [0],
      });
      assert.equal(replacing.taskIndex, dropped.taskIndex, "the same index, re-created");
      await mine(devnet.rpcUrl, 3);
      await waitFor(
        "every member's answer to the replacement",
        () => Promise.resolve(agg.answers.length >= N || undefined),
      );
      await new Promise((r) => setTimeout(r, 1_000)); // an answer to 7 would have arrived by now
      assert.deepEqual(agg.answers, Array(N).fill(64n), "only the task that stands is answered");
      const reader = await connect(anvilPrivateKey(2));
      assert.equal(
        await storedTaskHash(reader.publicClient, avs, replacing.taskIndex),
        taskHash(replacing.task),
      );
      const delivered = await waitFor(
        "the fleet's task line",
        () => Promise.resolve(summaries.find((s) => s.taskIndex === replacing.taskIndex)),
      );
      assert.equal(delivered.signed, N);

      // 2. Attestations: the aggregator never responds; near the end of the window every member
      // attests from its own account.
      const created = BigInt(replacing.task.taskCreatedBlock);
      const head = await reader.publicClient.getBlockNumber({ cacheTime: 0 });
      await mine(devnet.rpcUrl, Number(created + 16n - head)); // head + 1 = created + 17 ≥ 30 - 15
      const book = await reader.publicClient.readContract({ ...tm, functionName: "attestations" });
      const t0 = performance.now();
      const attested = await waitFor("a ResponseAttested from every member", async () => {
        const logs = await reader.publicClient.getContractEvents({
          address: book,
          abi: abi.responseAttestationsAbi,
          eventName: "ResponseAttested",
          args: { taskIndex: replacing.taskIndex },
          fromBlock: created,
        });
        return logs.length >= N ? logs : undefined;
      });
      const ms = performance.now() - t0;
      assert.deepEqual(
        new Set(attested.map((l) => l.args.operator!.toLowerCase())),
        new Set(keys.map((k) => k.address.toLowerCase())),
        "each member attested from its own account",
      );
      assert.deepEqual(
        new Set(attested.map((l) => l.args.operatorId)),
        new Set(keys.map((k) => k.operatorId)),
      );
      const gas = await Promise.all(
        attested.map(async (l) =>
          (await reader.publicClient.getTransactionReceipt({ hash: l.transactionHash })).gasUsed
        ),
      );
      const blocks = new Set(attested.map((l) => l.blockNumber));
      console.log(
        `fleet attestations: ${N} in ${blocks.size} blocks, ${
          Math.round(ms)
        } ms after the margin was reached; gas per attestation ${
          gas.reduce((a, b) => (a < b ? a : b))
        }–${gas.reduce((a, b) => (a > b ? a : b))}`,
      );
      assert.ok(
        attested.every((l) => l.blockNumber! <= created + 30n),
        "inside the response window",
      );
      const line = await waitFor(
        "the fleet's attestation line",
        () => Promise.resolve(attestationLines.find((s) => s.taskIndex === replacing.taskIndex)),
      );
      assert.deepEqual(line, { taskIndex: replacing.taskIndex, attested: N, failed: 0 });

      // 3. The no-response challenge after the window: the aggregator is at fault, nobody else.
      const now = await reader.publicClient.getBlockNumber({ cacheTime: 0 });
      if (now <= created + 30n) await mine(devnet.rpcUrl, Number(created + 31n - now));
      const challenger = await connect(anvilPrivateKey(2));
      const receipt = await transact(challenger, {
        ...tm,
        functionName: "raiseNoResponseChallenge",
        args: [replacing.taskIndex, replacing.task],
      });
      const names = parseEventLogs({
        abi: [...tm.abi, ...abi.incredibleSquaringServiceManagerAbi, ...abi.faultLedgerAbi],
        logs: receipt.logs,
      }).map((e) => e.eventName);
      assert.ok(names.includes("AggregatorFault"), `events: ${names.join(", ")}`);
      assert.ok(!names.includes("FaultAssignmentOpened"), `events: ${names.join(", ")}`);
      assert.ok(!names.includes("FreezeRequested"), `events: ${names.join(", ")}`);
    } finally {
      await fleet?.stop();
      await agg.close();
      for (const c of clients) await c.close();
      await devnet.stop();
      await Deno.remove(dir, { recursive: true });
    }
  },
});
