/**
 * Aggregation over two quorums on a real devnet: an operator in both quorums must count once
 * per quorum in the aggregate signature and G2 key (the on-chain APK check subtracts it once per
 * quorum), stakes are read at taskCreatedBlock, and respondToTask must accept the result.
 */
import assert from "node:assert/strict";
import { startDevnet } from "../../lib/devnet/devnet.ts";
import { type AggregatorEvent, startAggregator } from "../../lib/aggregator/aggregator.ts";
import { createTask } from "../../lib/aggregator/task_generator.ts";
import { createChainClients } from "../../lib/chain/clients.ts";
import { anvilPrivateKey } from "../../lib/keys/devnet_keys.ts";
import { registryCoordinatorAbi } from "../../lib/chain/abi/mod.ts";
import { transact } from "../../lib/chain/tx.ts";
import { BlsAggregationService } from "../../lib/aggregation/mod.ts";
import { ChainAvsStateReader } from "../../lib/eigenlayer/mod.ts";
import { taskResponseDigest } from "../../lib/task/mod.ts";
import { aggregateG1, aggregateG2, g2PublicKey, sign, verify } from "../../lib/bls/mod.ts";
import { processCall, registerOperator, rpcPost, signedParams, waitFor } from "../e2e/helpers.ts";

Deno.test({
  name: "aggregation: two quorums, an operator in both, non-signers per quorum; accepted on chain",
  sanitizeOps: false,
  sanitizeResources: false,
  fn: async () => {
    const devnet = await startDevnet();
    const a = devnet.deployment.addresses;
    try {
      const owner = await createChainClients({
        rpcUrl: devnet.rpcUrl,
        privateKey: anvilPrivateKey(0),
        pollingInterval: 250,
      });
      // Creating a quorum is an owner's deployment step, not a node operation: a direct call.
      await transact(owner, {
        address: a.registryCoordinator,
        abi: registryCoordinatorAbi,
        functionName: "createQuorum",
        args: [
          { maxOperatorCount: 100, kickBIPsOfOperatorStake: 15000, kickBIPsOfTotalStake: 100 },
          0n,
          [{ strategy: a.erc20MockStrategy, multiplier: 10n ** 18n }],
        ],
      });
      const op1 = await registerOperator(devnet, 1, 3000n, "0x0001"); // quorums 0 and 1
      const op2 = await registerOperator(devnet, 2, 1000n, "0x00"); // quorum 0 only
      const op3 = await registerOperator(devnet, 3, 1000n, "0x01"); // quorum 1 only

      // The service alone: state at the task block, then weights.
      const reader = new ChainAvsStateReader({
        client: owner.publicClient,
        contracts: a,
        fromBlock: BigInt(devnet.deployment.deployedAtBlock),
      });
      const head = Number(await owner.publicClient.getBlockNumber({ cacheTime: 0 }));
      const state = await reader.getOperatorsAvsStateAtBlock([0, 1], head);
      assert.equal(state.length, 3);
      const s1 = state.find((o) => o.operatorId === op1.operatorId)!;
      assert.deepEqual([...s1.stakePerQuorum.entries()], [[0, 3000n], [1, 3000n]]);
      const service = new BlsAggregationService({ reader, hashResponse: taskResponseDigest });
      const results: unknown[] = [];
      service.onResult((r) => results.push(r));
      service.initializeNewTask({
        taskIndex: 0,
        taskCreatedBlock: head,
        quorumNumbers: [0, 1],
        quorumThresholdPercentages: [70, 70],
        expiryBlocks: 100,
      });
      const resp = { referenceTaskIndex: 0, numberSquared: 4n };
      const digest = taskResponseDigest(resp);
      await service.processNewSignature(0, resp, sign(op1.blsPrivateKey, digest), op1.operatorId);
      await waitFor("aggregate", () => results[0]);
      const r = results[0] as {
        kind: string;
        signersAggSigG1: ReturnType<typeof sign>;
        signersApkG2: ReturnType<typeof g2PublicKey>;
        nonSignerOperatorIds: string[];
        signedStakePerQuorum: bigint[];
        totalStakePerQuorum: bigint[];
      };
      assert.equal(r.kind, "aggregated");
      // op1 is in both quorums: its signature and key count twice.
      const sig1 = sign(op1.blsPrivateKey, digest);
      assert.deepEqual(r.signersAggSigG1, aggregateG1([sig1, sig1]));
      assert.deepEqual(
        r.signersApkG2,
        aggregateG2([g2PublicKey(op1.blsPrivateKey), g2PublicKey(op1.blsPrivateKey)]),
      );
      assert.ok(verify(r.signersApkG2, digest, r.signersAggSigG1));
      assert.deepEqual(r.signedStakePerQuorum, [3000n, 3000n]);
      assert.deepEqual(r.totalStakePerQuorum, [4000n, 4000n]);
      assert.deepEqual(
        r.nonSignerOperatorIds,
        [op2.operatorId, op3.operatorId].sort((x, y) => (BigInt(x) < BigInt(y) ? -1 : 1)),
      );

      // Through the aggregator and the contract: respondToTask's checkSignatures must agree.
      const agg = await startAggregator({
        rpcUrl: devnet.rpcUrl,
        privateKey: anvilPrivateKey(9),
        contracts: a,
        deployedAtBlock: devnet.deployment.deployedAtBlock,
        serverAddress: "127.0.0.1:0",
        taskIntervalMs: 60_000,
        thresholdPercentage: 70,
        quorumNumbers: [0, 1],
        expiryBlocks: 30,
        maxBodyBytes: 65_536,
        generateTasks: false,
        blockPollMs: 100,
      });
      const events: AggregatorEvent[] = [];
      agg.on((e) => events.push(e));
      try {
        const t = await createTask(agg.clients, a.incredibleSquaringTaskManager, 9n, 70, [0, 1]);
        agg.track(t);
        const ok = await rpcPost(agg.rpcPort, processCall(1, signedParams(op1, t.taskIndex, 81n)));
        assert.equal(ok.json.result, true);
        const done = await waitFor(
          "respond",
          () =>
            events.find((e) =>
              (e.kind === "responded" || e.kind === "respond_failed") && e.taskIndex === t.taskIndex
            ),
        );
        assert.equal(
          done.kind,
          "responded",
          JSON.stringify(done, (_k, v) => typeof v === "bigint" ? String(v) : v),
        );

        // All three sign the next one: no non-signers.
        const t2 = await createTask(agg.clients, a.incredibleSquaringTaskManager, 10n, 100, [0, 1]);
        agg.track(t2);
        for (const op of [op2, op3, op1]) {
          await rpcPost(agg.rpcPort, processCall(2, signedParams(op, t2.taskIndex, 100n)));
        }
        const done2 = await waitFor(
          "respond 2",
          () =>
            events.find((e) =>
              (e.kind === "responded" || e.kind === "respond_failed") &&
              e.taskIndex === t2.taskIndex
            ),
        );
        assert.equal(done2.kind, "responded");
      } finally {
        await agg.stop();
      }
    } finally {
      await devnet.stop();
    }
  },
});
