/**
 * The operator fleet on the slashing-era devnet: it reads the era from the chain, registers each
 * member through the operator-set path (EigenLayer v1, deposit, allocation, AllocationManager
 * `registerForOperatorSets`) a bounded number at a time, and the real aggregator lands a response
 * signed by all of them; with an aggregator that never responds, every member attests on chain and
 * the no-response challenge blames the aggregator, so no slashing request is queued. Judged from
 * the AllocationManager, the registries and the events on chain; the fleet's metrics show each
 * member's allocation and slashable stake.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { createPublicClient, http, parseEventLogs } from "viem";
import { startDevnet } from "../../lib/devnet/devnet.ts";
import { fundAccounts } from "../../lib/devnet/funding.ts";
import { type AggregatorHandle, startAggregator } from "../../lib/aggregator/aggregator.ts";
import { testAggregatorSettings } from "../e2e/helpers.ts";
import {
  faultLedgerAbi,
  incredibleSquaringTaskManagerAbi,
  indexRegistryAbi,
  responseAttestationsAbi,
} from "../../lib/chain/abi/mod.ts";
import { createChainClients } from "../../lib/chain/clients.ts";
import { transact } from "../../lib/chain/tx.ts";
import { avsContractsOf, createNewTask } from "../../lib/avs/mod.ts";
import { listSlashingRequests } from "../../lib/avs/slashing.ts";
import { mine } from "../../lib/devnet/anvil.ts";
import { allocationManagerAbi } from "../../lib/chain/abi/slashing/mod.ts";
import { nonSignersFromCalldata } from "../../lib/avs/non_signers.ts";
import { anvilPrivateKey, devnetFleetKeys } from "../../lib/keys/devnet_keys.ts";
import { type FleetHandle, startOperatorFleet } from "../../lib/operator/fleet.ts";
import { square } from "../../lib/task/mod.ts";

Deno.test({
  name:
    "slashing-era fleet: 8 members join operator set 0 with magnitude allocated; a task is answered with all 8 signers; an unanswered one is attested by all 8 and blames the aggregator",
  sanitizeResources: false,
  sanitizeOps: false,
  fn: async () => {
    const N = 8;
    const devnet = await startDevnet({ eigenlayer: "slashing" });
    const dir = await Deno.makeTempDir();
    let fleet: FleetHandle | undefined;
    let agg: AggregatorHandle | undefined;
    try {
      const a = devnet.deployment.addresses as typeof devnet.deployment.addresses & {
        allocationManager: `0x${string}`;
        slasher: `0x${string}`;
      };
      const deploymentPath = join(dir, "deployment.json");
      await Deno.writeTextFile(deploymentPath, JSON.stringify(devnet.deployment));
      const keys = Array.from({ length: N }, (_, i) => devnetFleetKeys(i + 1));
      await fundAccounts(devnet.rpcUrl, keys.map((k) => k.address));
      const members = keys.map((k) => ({
        index: k.index,
        ecdsaPrivateKey: k.ecdsaPrivateKey,
        blsPrivateKey: k.blsPrivateKey,
        depositAmount: 1000n,
        timesFailing: 0,
      }));
      const settings = {
        members,
        registrationConcurrency: 4,
        rpcUrl: devnet.rpcUrl,
        wsUrl: devnet.wsUrl,
        aggregatorAddress: "127.0.0.1:1",
        registerOnStartup: true,
        deploymentPath,
        quorumNumbers: [0],
        socket: "fleet",
        taskBackfillBlocks: 50,
        delivery: { maxAttempts: 5, initialBackoffMs: 200 },
      };
      const t0 = performance.now();
      fleet = await startOperatorFleet(settings);
      console.log(
        `slashing-era fleet: ${N} members registered in ${
          ((performance.now() - t0) / 1000).toFixed(1)
        } s (4 at a time)`,
      );
      assert.equal(fleet.era, "slashing");
      await fleet.stop();

      // On chain: each member is in operator set 0 of the AVS with magnitude allocated, and the
      // registries count all of them.
      const client = createPublicClient({ transport: http(devnet.rpcUrl) });
      const set = { avs: a.incredibleSquaringServiceManager, id: 0 } as const;
      const inSet = await client.readContract({
        address: a.allocationManager,
        abi: allocationManagerAbi,
        functionName: "getMembers",
        args: [set],
      });
      assert.deepEqual(
        new Set(inSet.map((x) => x.toLowerCase())),
        new Set(keys.map((k) => k.address.toLowerCase())),
      );
      for (const k of keys) {
        const alloc = await client.readContract({
          address: a.allocationManager,
          abi: allocationManagerAbi,
          functionName: "getAllocation",
          args: [k.address, set, a.erc20MockStrategy],
        });
        assert.ok(alloc.currentMagnitude > 0n, `operator${k.index} allocated magnitude`);
      }
      assert.equal(
        await client.readContract({
          address: a.indexRegistry,
          abi: indexRegistryAbi,
          functionName: "totalOperatorsForQuorum",
          args: [0],
        }),
        N,
      );

      // Restarted with the aggregator: nothing to register again; a task is answered by all 8.
      agg = await startAggregator(
        testAggregatorSettings(devnet.rpcUrl, devnet.deployment, { generateTasks: true }),
      );
      const responded = new Promise<{ txHash: `0x${string}` }>((resolve) =>
        agg!.on((e) => e.kind === "responded" && resolve(e))
      );
      const before = await client.getBlockNumber();
      fleet = await startOperatorFleet({
        ...settings,
        aggregatorAddress: `127.0.0.1:${agg.rpcPort}`,
        metricsAddress: "127.0.0.1:0",
      });
      assert.equal(await client.getBlockNumber(), before, "a restart sends no transaction");
      // Each member's stake in the set, labelled by its address: all of its magnitude, the
      // deposit slashable, no slashing request.
      const scraped = await (await fetch(`http://127.0.0.1:${fleet.listening.metrics}/metrics`))
        .text();
      for (const k of keys) {
        const labels = `operator="${k.address}",operator_set="0",strategy="${a.erc20MockStrategy}"`;
        assert.ok(
          scraped.includes(`incsq_operator_allocated_magnitude{${labels}} 1\n`),
          `operator${k.index} magnitude`,
        );
        assert.ok(
          scraped.includes(`incsq_operator_slashable_stake{${labels}} 1000\n`),
          `operator${k.index} slashable stake`,
        );
        assert.ok(
          scraped.includes(`incsq_operator_pending_slashing_requests{operator="${k.address}"} 0\n`),
          `operator${k.index} pending requests`,
        );
      }
      let timer: ReturnType<typeof setTimeout> | undefined;
      const { txHash } = await Promise.race([
        responded,
        new Promise<never>((_, reject) =>
          timer = setTimeout(() => reject(new Error("no response on chain within 60 s")), 60_000)
        ),
      ]);
      clearTimeout(timer);
      const receipt = await client.getTransactionReceipt({ hash: txHash });
      const [event] = parseEventLogs({
        abi: incredibleSquaringTaskManagerAbi,
        logs: receipt.logs,
        eventName: "TaskResponded",
      });
      assert.ok(event, "TaskResponded emitted");
      const [created] = await client.getContractEvents({
        address: a.incredibleSquaringTaskManager,
        abi: incredibleSquaringTaskManagerAbi,
        eventName: "NewTaskCreated",
        args: { taskIndex: event.args.taskResponse.referenceTaskIndex },
        fromBlock: 0n,
      });
      assert.equal(
        event.args.taskResponse.numberSquared,
        square(created.args.task!.numberToBeSquared),
      );
      const tx = await client.getTransaction({ hash: txHash });
      assert.deepEqual(nonSignersFromCalldata(tx.input), [], "every member signed");
      await fleet.stop();
      await agg.stop();
      agg = undefined;

      // An aggregator that takes every signature and never responds: the members attest.
      const silent = Deno.serve(
        { hostname: "127.0.0.1", port: 0, onListen: () => {} },
        async (r) => {
          const body = await r.json();
          return Response.json({ jsonrpc: "2.0", id: body.id, result: true });
        },
      );
      try {
        fleet = await startOperatorFleet({
          ...settings,
          aggregatorAddress: `127.0.0.1:${silent.addr.port}`,
          attestation: { enabled: true, marginBlocks: 15 }, // one block per transaction here
        });
        const generator = await createChainClients({
          rpcUrl: devnet.rpcUrl,
          privateKey: anvilPrivateKey(9),
          pollingInterval: 50,
        });
        const challenger = await createChainClients({
          rpcUrl: devnet.rpcUrl,
          privateKey: anvilPrivateKey(2),
          pollingInterval: 50,
        });
        const avs = avsContractsOf(devnet.deployment);
        const t = await createNewTask(generator, avs, {
          numberToBeSquared: 12n,
          quorumThresholdPercentage: 100,
          quorumNumbers: [0],
        });
        const createdAt = BigInt(t.task.taskCreatedBlock);
        await new Promise((r) => setTimeout(r, 500)); // the members sign and deliver
        await mine(devnet.rpcUrl, Number(createdAt + 16n - await client.getBlockNumber()));
        const book = await client.readContract({
          address: a.incredibleSquaringTaskManager,
          abi: incredibleSquaringTaskManagerAbi,
          functionName: "attestations",
        });
        const end = Date.now() + 30_000;
        let attested = 0;
        while (attested < N && Date.now() < end) {
          attested = (await client.getContractEvents({
            address: book,
            abi: responseAttestationsAbi,
            eventName: "ResponseAttested",
            args: { taskIndex: t.taskIndex },
            fromBlock: createdAt,
          })).length;
          if (attested < N) await new Promise((r) => setTimeout(r, 100));
        }
        assert.equal(attested, N, "every member attested");
        const now = await client.getBlockNumber();
        if (now <= createdAt + 30n) await mine(devnet.rpcUrl, Number(createdAt + 31n - now));
        const challenged = await transact(challenger, {
          address: a.incredibleSquaringTaskManager,
          abi: incredibleSquaringTaskManagerAbi,
          functionName: "raiseNoResponseChallenge",
          args: [t.taskIndex, t.task],
        });
        const names = parseEventLogs({
          abi: [...incredibleSquaringTaskManagerAbi, ...faultLedgerAbi],
          logs: challenged.logs,
        }).map((e) => e.eventName);
        assert.ok(names.includes("AggregatorFault"), `events: ${names.join(", ")}`);
        assert.ok(!names.includes("FaultAssignmentOpened"), `events: ${names.join(", ")}`);
        assert.deepEqual(
          await listSlashingRequests(client, a.slasher, { all: true }),
          [],
          "no slashing request",
        );
        await generator.close();
        await challenger.close();
      } finally {
        await silent.shutdown();
      }
    } finally {
      await fleet?.stop();
      await agg?.stop();
      await devnet.stop();
      await Deno.remove(dir, { recursive: true });
    }
  },
});
