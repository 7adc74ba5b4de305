/**
 * The aggregator's stake gauges, fed by the real chain reader on a devnet: values at the
 * requested block, the newest block wins over a late load of an older one, and operators that
 * are gone from a load lose their series.
 */
import assert from "node:assert/strict";
import { createPublicClient, http } from "viem";
import { startDevnet } from "../../lib/devnet/devnet.ts";
import { ChainAvsStateReader } from "../../lib/eigenlayer/mod.ts";
import { recordStakes, withStakeMetrics } from "../../lib/aggregator/stake_metrics.ts";
import { createRegistry, registerAggregatorMetrics } from "../../lib/metrics/mod.ts";
import { registerOperator, type TestOperator } from "../e2e/helpers.ts";

Deno.test({
  name: "aggregator stake gauges: quorum and operator stake at the newest task block",
  sanitizeOps: false,
  sanitizeResources: false,
  fn: async () => {
    const devnet = await startDevnet();
    const ops: TestOperator[] = [];
    try {
      const client = createPublicClient({ transport: http(devnet.rpcUrl) });
      const head = async () => Number(await client.getBlockNumber({ cacheTime: 0 }));
      ops.push(await registerOperator(devnet, 1, 1000n));
      const blockA = await head();
      ops.push(await registerOperator(devnet, 2, 2500n));
      const blockB = await head();
      const a = devnet.deployment.addresses;
      const chainReader = new ChainAvsStateReader({
        client,
        contracts: {
          registryCoordinator: a.registryCoordinator,
          operatorStateRetriever: a.operatorStateRetriever,
          blsApkRegistry: a.blsApkRegistry,
        },
        fromBlock: BigInt(devnet.deployment.deployedAtBlock),
      });
      const registry = createRegistry("aggregator");
      const metrics = registerAggregatorMetrics(registry);
      const reader = withStakeMetrics(chainReader, metrics);
      const series = async () =>
        (await registry.metrics()).split("\n").filter((l) =>
          /^incsq_aggregator_\w+_stake\{/.test(l)
        )
          .sort();
      const id = (i: number) => ops[i].operatorId.toLowerCase();

      assert.equal((await reader.getOperatorsAvsStateAtBlock([0], blockB)).length, 2);
      const atB = [
        `incsq_aggregator_operator_stake{operator_id="${id(0)}",quorum_number="0"} 1000`,
        `incsq_aggregator_operator_stake{operator_id="${id(1)}",quorum_number="0"} 2500`,
        `incsq_aggregator_quorum_stake{quorum_number="0"} 3500`,
      ].sort();
      assert.deepEqual(await series(), atB);

      // A load for an older task (resumed after a restart) is returned but leaves the gauges.
      const olderState = await reader.getOperatorsAvsStateAtBlock([0], blockA);
      assert.equal(olderState.length, 1);
      assert.deepEqual(await series(), atB);

      // Recorded directly, the smaller set drops operator 2's series.
      recordStakes(metrics, [0], olderState);
      assert.deepEqual(await series(), [
        `incsq_aggregator_operator_stake{operator_id="${id(0)}",quorum_number="0"} 1000`,
        `incsq_aggregator_quorum_stake{quorum_number="0"} 1000`,
      ]);
      // An empty quorum still reports its total (0) rather than no series.
      recordStakes(metrics, [0], []);
      assert.deepEqual(await series(), [`incsq_aggregator_quorum_stake{quorum_number="0"} 0`]);
    } finally {
      await devnet.stop();
    }
  },
});
