/**
 * The aggregator across reorganisations on a real anvil (snapshot → task → revert → the same
 * index created again), judged by what the chain ends up holding:
 * 1. the index is re-created with the same number in another block: the signatures collected for
 *    the old task still hold (operators sign index and square), so the aggregator aggregates the
 *    replacement from them and its response is accepted on chain;
 * 2. the index is taken by another task (the old `createNewTask` was dropped): tracking the new
 *    one ends the old as `reorganised`, drops its stored signatures, and the new one is answered;
 * 3. the task is tracked only after its block was reorganised away: the operator set is still read
 *    (the registry answers for a block number given as an argument, even a future one), the old
 *    task gives way to the replacement when that is created, and the replacement is answered.
 */
import { strict as assert } from "node:assert";
import { startDevnet } from "../../lib/devnet/devnet.ts";
import { registerCrowd } from "../../lib/devnet/operator_crowd.ts";
import { anvilRpc, mine } from "../../lib/devnet/anvil.ts";
import { anvilPrivateKey } from "../../lib/keys/devnet_keys.ts";
import { createChainClients } from "../../lib/chain/clients.ts";
import { avsContractsOf, createNewTask, isTaskAnswered } from "../../lib/avs/mod.ts";
import { incredibleSquaringTaskManagerAbi } from "../../lib/chain/abi/mod.ts";
import { type AggregatorEvent, startAggregator } from "../../lib/aggregator/aggregator.ts";
import { testAggregatorSettings } from "../e2e/helpers.ts";
import { sign } from "../../lib/bls/mod.ts";
import { taskResponseDigest } from "../../lib/task/mod.ts";

const opts = { sanitizeOps: false, sanitizeResources: false };

Deno.test(
  "aggregator across reorganisations: a re-created task is aggregated and answered",
  opts,
  async (t) => {
    const devnet = await startDevnet();
    const a = devnet.deployment.addresses;
    const avs = avsContractsOf(devnet.deployment);
    const generator = await createChainClients({
      rpcUrl: devnet.rpcUrl,
      privateKey: anvilPrivateKey(9),
      pollingInterval: 50,
    });
    const client = generator.publicClient;
    const agg = await startAggregator(testAggregatorSettings(devnet.rpcUrl, devnet.deployment));
    const senders: { close(): Promise<void> }[] = [];
    const events: AggregatorEvent[] = [];
    agg.on((e) => events.push(e));
    const rpc = (method: string, params: unknown[] = []) => anvilRpc(devnet.rpcUrl, method, params);
    // A fresh client per task: a revert takes back nonces a client would remember.
    const task = async (n: bigint) => {
      const sender = await createChainClients({
        rpcUrl: devnet.rpcUrl,
        privateKey: anvilPrivateKey(9),
        pollingInterval: 50,
      });
      senders.push(sender);
      return createNewTask(sender, avs, {
        numberToBeSquared: n,
        quorumThresholdPercentage: 100,
        quorumNumbers: [0],
      });
    };
    const until = async (what: string, ok: () => boolean | Promise<boolean>) => {
      const end = Date.now() + 30_000;
      while (!(await ok())) {
        if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    };
    const answeredOnChain = async (taskIndex: number) => {
      const logs = await client.getContractEvents({
        address: a.incredibleSquaringTaskManager,
        abi: incredibleSquaringTaskManagerAbi,
        eventName: "TaskResponded",
        fromBlock: 0n,
      });
      return logs.filter((l) => l.args.taskResponse!.referenceTaskIndex === taskIndex)
        .map((l) => l.args.taskResponse!.numberSquared);
    };
    try {
      const crowd = await registerCrowd(devnet, 3);
      await mine(devnet.rpcUrl, 1);
      const signBy = (
        members: typeof crowd,
        taskIndex: number,
        numberSquared: bigint,
      ) => {
        const response = { referenceTaskIndex: taskIndex, numberSquared };
        const digest = taskResponseDigest(response);
        return Promise.all(members.map((m) =>
          agg.service.processNewSignature(
            taskIndex,
            response,
            sign(m.blsPrivateKey, digest),
            m.operatorId,
          )
        ));
      };

      await t.step(
        "same index and number in another block: aggregated again, answered",
        async () => {
          const snapshot = await rpc("evm_snapshot");
          const old = await task(7n);
          agg.track(old);
          // Two of three sign before the reorganisation (the task's operator set is loaded by
          // then; threshold 100 %: no aggregate yet).
          await signBy(crowd.slice(0, 2), old.taskIndex, 49n);
          await rpc("evm_revert", [snapshot]);
          await mine(devnet.rpcUrl, 1);
          const replacement = await task(7n);
          assert.equal(replacement.taskIndex, old.taskIndex);
          assert.notEqual(replacement.task.taskCreatedBlock, old.task.taskCreatedBlock);

          // The last one completes the old task's aggregate, which is stale by now.
          await signBy(crowd.slice(2), old.taskIndex, 49n);
          await until(
            "the replacement's response on chain",
            () => isTaskAnswered(client, avs, old.taskIndex),
          );
          assert.deepEqual(await answeredOnChain(old.taskIndex), [49n]);
          // The chain may show the response a moment before the aggregator has its receipt.
          const isResponded = (e: AggregatorEvent) =>
            e.kind === "responded" && e.taskIndex === old.taskIndex;
          await until("the aggregator's responded event", () => events.some(isResponded));
          const responded = events.find(isResponded);
          assert.ok(responded && responded.kind === "responded");
          assert.equal(
            responded.result.taskCreatedBlock,
            replacement.task.taskCreatedBlock,
            "the response is for the replacement's block",
          );
        },
      );

      await t.step(
        "the index taken by another task: the old one ends, the new one is answered",
        async () => {
          const snapshot = await rpc("evm_snapshot");
          const dropped = await task(8n);
          agg.track(dropped);
          await signBy(crowd.slice(0, 1), dropped.taskIndex, 64n); // loaded and collecting
          await rpc("evm_revert", [snapshot]);
          await mine(devnet.rpcUrl, 1);
          const taking = await task(9n);
          assert.equal(taking.taskIndex, dropped.taskIndex);
          agg.track(taking); // what the task generator does with its own new task
          const ended = events.find((e) =>
            e.kind === "aggregation_failed" && e.taskIndex === dropped.taskIndex &&
            /re-created in block \d+ by a reorganisation/.test(e.error)
          );
          assert.ok(ended, "the dropped task ended as reorganised");
          await signBy(crowd, taking.taskIndex, 81n);
          await until(
            "the new task's response on chain",
            () => isTaskAnswered(client, avs, taking.taskIndex),
          );
          assert.deepEqual(await answeredOnChain(taking.taskIndex), [81n]);
        },
      );

      await t.step(
        "tracked after its block vanished: no failed read, the replacement is answered",
        async () => {
          const snapshot = await rpc("evm_snapshot");
          const old = await task(5n);
          await rpc("evm_revert", [snapshot]);
          // The old creation block does not exist now when the aggregator reads the operator set.
          agg.track(old);
          await new Promise((r) => setTimeout(r, 100));
          await mine(devnet.rpcUrl, 1);
          const replacement = await task(5n);
          assert.equal(replacement.taskIndex, old.taskIndex);
          assert.notEqual(replacement.task.taskCreatedBlock, old.task.taskCreatedBlock);
          await signBy(crowd, old.taskIndex, 25n);
          await until(
            "the replacement's response on chain",
            () => isTaskAnswered(client, avs, old.taskIndex),
          );
          assert.deepEqual(await answeredOnChain(old.taskIndex), [25n]);
          // The old task ends as replaced (its NewTaskCreated gave way to the replacement's),
          // never as a failed read of its operator set.
          const failedReads = events.filter((e) =>
            e.kind === "aggregation_failed" && /operators state/.test(e.error)
          );
          assert.deepEqual(failedReads, [], "no read of an operator set failed the task");
        },
      );
    } finally {
      await agg.stop();
      await generator.close();
      for (const c of senders) await c.close();
      await devnet.stop();
    }
  },
);
