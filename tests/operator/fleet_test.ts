/**
 * The operator fleet on a real devnet: 20 operators in one process (5 committed devnet keys and
 * 15 derived ones, funded by the devnet) register through the contracts, sign a task the real
 * aggregator created, and the aggregated response lands on chain with every one of them as a
 * signer. Plus the fleet key derivation's known-answer vectors.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { createPublicClient, http, parseEventLogs } from "viem";
import { startDevnet } from "../../lib/devnet/devnet.ts";
import { fundAccounts } from "../../lib/devnet/funding.ts";
import { type AggregatorHandle, startAggregator } from "../../lib/aggregator/aggregator.ts";
import { testAggregatorSettings } from "../e2e/helpers.ts";
import {
  incredibleSquaringTaskManagerAbi,
  operatorStateRetrieverAbi,
} from "../../lib/chain/abi/mod.ts";
import { nonSignersFromCalldata } from "../../lib/avs/non_signers.ts";
import { devnetFleetKeys } from "../../lib/keys/devnet_keys.ts";
import {
  type FleetHandle,
  type FleetTaskSummary,
  forEachBounded,
  startOperatorFleet,
} from "../../lib/operator/fleet.ts";
import { square } from "../../lib/task/mod.ts";

Deno.test("devnet fleet keys: 1..5 are the committed operators, above that the pinned keccak derivation", () => {
  // Committed operator 1 = anvil account #3.
  const k1 = devnetFleetKeys(1);
  assert.equal(k1.address, "0x90F79bf6EB2c4f870365E785982E1f101E93b906");
  assert.equal(k1.ecdsaPrivateKey, devnetFleetKeys(1).ecdsaPrivateKey);
  // Known-answer vectors, computed once from the documented labels and pinned.
  const k6 = devnetFleetKeys(6);
  assert.equal(
    k6.ecdsaPrivateKey,
    "0x0805d2a8a9eda6f84118ecf94f8c8402757c1e4230b356e8e81e2eb18d77b3d9",
  );
  assert.equal(k6.address, "0x27241b7FB1B9EBEe69679E08f13E9676c94F9436");
  assert.equal(
    k6.blsPrivateKey,
    0x285523c0953420386f4731cc947d3981c8bd708c8cbb7ed80043636a7b0a9a68n,
  );
  assert.equal(k6.operatorId, "0xd30e573db0a6f9d568ccff54d690b993457a789d31a4bebeb5b46d5d0d0e154a");
  const k200 = devnetFleetKeys(200);
  assert.equal(k200.address, "0x9108BFf4c235aDffB53A859F62b1A90abbdF47df");
  assert.equal(
    k200.operatorId,
    "0xf16d58715a498223918f33bcd2b8297b703835c86330c8b975a2b2f3313cf604",
  );
  // Deterministic and distinct.
  assert.deepEqual(devnetFleetKeys(200), k200);
  const addresses = new Set(Array.from({ length: 30 }, (_, i) => devnetFleetKeys(i + 1).address));
  assert.equal(addresses.size, 30);
  assert.throws(() => devnetFleetKeys(0), /positive integer, got 0/);
  assert.throws(() => devnetFleetKeys(1.5), /positive integer/);
});

Deno.test("forEachBounded: never more than the limit in flight, every item once, first error wins", async () => {
  let inFlight = 0;
  let most = 0;
  const seen: number[] = [];
  await forEachBounded(Array.from({ length: 25 }, (_, i) => i), 4, async (i) => {
    inFlight++;
    most = Math.max(most, inFlight);
    await new Promise((r) => setTimeout(r, 1 + (i % 3)));
    seen.push(i);
    inFlight--;
  });
  assert.equal(most, 4);
  assert.deepEqual(seen.sort((a, b) => a - b), Array.from({ length: 25 }, (_, i) => i));
  await assert.rejects(
    forEachBounded(
      [1, 2, 3],
      2,
      (i) => i === 2 ? Promise.reject(new Error("two")) : Promise.resolve(),
    ),
    /two/,
  );
  await assert.rejects(forEachBounded([1], 0, () => Promise.resolve()), /at least 1/);
});

Deno.test({
  name:
    "operator fleet: 20 operators in one process register and answer a task; TaskResponded on chain with all 20 signers",
  sanitizeResources: false,
  sanitizeOps: false,
  fn: async () => {
    const N = 20;
    const devnet = await startDevnet();
    const dir = await Deno.makeTempDir();
    let fleet: FleetHandle | undefined;
    let agg: AggregatorHandle | undefined;
    try {
      const deploymentPath = join(dir, "deployment.json");
      await Deno.writeTextFile(deploymentPath, JSON.stringify(devnet.deployment));
      const keys = Array.from({ length: N }, (_, i) => devnetFleetKeys(i + 1));
      // Operators 6..20 start with no ether.
      assert.equal(await fundAccounts(devnet.rpcUrl, keys.map((k) => k.address)), N - 5);
      const progress: number[] = [];
      const summaries: FleetTaskSummary[] = [];
      fleet = await startOperatorFleet({
        members: keys.map((k) => ({
          index: k.index,
          ecdsaPrivateKey: k.ecdsaPrivateKey,
          blsPrivateKey: k.blsPrivateKey,
          depositAmount: 1000n,
          timesFailing: 0,
        })),
        registrationConcurrency: 6,
        rpcUrl: devnet.rpcUrl,
        wsUrl: devnet.wsUrl,
        aggregatorAddress: "127.0.0.1:1", // replaced below once the aggregator listens
        registerOnStartup: true,
        deploymentPath,
        quorumNumbers: [0],
        socket: "fleet",
        taskBackfillBlocks: 5,
        delivery: { maxAttempts: 5, initialBackoffMs: 200 },
      }, {
        onRegistered: (done) => progress.push(done),
        onTaskSummary: (_line, s) => summaries.push(s),
      });
      assert.equal(await fleet.registeredCount(), N);
      assert.deepEqual(progress, Array.from({ length: N }, (_, i) => i + 1));
      await fleet.stop();

      // The aggregator, then the fleet again (registration skipped: already registered).
      agg = await startAggregator(
        testAggregatorSettings(devnet.rpcUrl, devnet.deployment, { generateTasks: true }),
      );
      const responded = new Promise<{ taskIndex: number; txHash: `0x${string}` }>((resolve) =>
        agg!.on((e) => e.kind === "responded" && resolve(e))
      );
      fleet = await startOperatorFleet({
        members: keys.map((k) => ({
          index: k.index,
          ecdsaPrivateKey: k.ecdsaPrivateKey,
          blsPrivateKey: k.blsPrivateKey,
          depositAmount: 1000n,
          timesFailing: 0,
        })),
        rpcUrl: devnet.rpcUrl,
        wsUrl: devnet.wsUrl,
        aggregatorAddress: `127.0.0.1:${agg.rpcPort}`,
        registerOnStartup: true,
        deploymentPath,
        quorumNumbers: [0],
        socket: "fleet",
        taskBackfillBlocks: 50,
        delivery: { maxAttempts: 5, initialBackoffMs: 200 },
      }, { onTaskSummary: (_line, s) => summaries.push(s) });

      const timeout = new Promise<never>((_, reject) =>
        setTimeout(() => reject(new Error("no response on chain within 60 s")), 60_000)
      );
      // The generator's first task is created at its start.
      const { txHash } = await Promise.race([responded, timeout]);

      const client = createPublicClient({ transport: http(devnet.rpcUrl) });
      const receipt = await client.getTransactionReceipt({ hash: txHash });
      const [event] = parseEventLogs({
        abi: incredibleSquaringTaskManagerAbi,
        logs: receipt.logs,
        eventName: "TaskResponded",
      });
      assert.ok(event, "TaskResponded emitted");
      const taskIndex = event.args.taskResponse.referenceTaskIndex;
      const [created] = await client.getContractEvents({
        address: devnet.deployment.addresses.incredibleSquaringTaskManager,
        abi: incredibleSquaringTaskManagerAbi,
        eventName: "NewTaskCreated",
        args: { taskIndex },
        fromBlock: 0n,
      });
      assert.equal(
        event.args.taskResponse.numberSquared,
        square(created.args.task!.numberToBeSquared),
      );
      // Signers = the quorum at the task's block minus the non-signers in the calldata.
      const tx = await client.getTransaction({ hash: txHash });
      assert.deepEqual(nonSignersFromCalldata(tx.input), []);
      const state = await client.readContract({
        address: devnet.deployment.addresses.operatorStateRetriever,
        abi: operatorStateRetrieverAbi,
        functionName: "getOperatorState",
        args: [
          devnet.deployment.addresses.registryCoordinator,
          "0x00",
          created.args.task!.taskCreatedBlock,
        ],
      }) as readonly (readonly { operatorId: `0x${string}` }[])[];
      const onChain = new Set(state[0].map((o) => o.operatorId.toLowerCase()));
      assert.deepEqual(onChain, new Set(keys.map((k) => k.operatorId.toLowerCase())));

      // The fleet's one line for the task: 20 signed, 20 accepted.
      const end = Date.now() + 10_000;
      while (!summaries.some((s) => s.taskIndex === taskIndex) && Date.now() < end) {
        await new Promise((r) => setTimeout(r, 50));
      }
      const summary = summaries.find((s) => s.taskIndex === taskIndex);
      assert.ok(summary, "the fleet reported the task");
      assert.equal(summary.signed, N);
      assert.equal(summary.accepted, N);
    } finally {
      await fleet?.stop();
      await agg?.stop();
      await devnet.stop();
      await Deno.remove(dir, { recursive: true });
    }
  },
});
