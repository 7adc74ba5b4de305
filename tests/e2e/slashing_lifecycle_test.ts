/**
 * The task lifecycle on the slashing-era devnet with real nodes: three operator nodes detect the
 * era and join operator set 0 through the AllocationManager (allocation delay, full magnitude,
 * `registerForOperatorSets`), a restart sends nothing, tasks are answered, wrong answers are
 * challenged, one slashing request is vetoed by the committee, another is fulfilled by the
 * challenger after the veto window: the operator's shares drop by the slashed fraction and its
 * stake in the StakeRegistry follows. Everything is asserted from the chain.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { createPublicClient, decodeFunctionData, type Hex, http } from "viem";
import { startDevnet } from "../../lib/devnet/devnet.ts";
import { isSlashingDeployment } from "../../lib/devnet/deployment_types.ts";
import { type AggregatorEvent, startAggregator } from "../../lib/aggregator/aggregator.ts";
import { createTask } from "../../lib/aggregator/task_generator.ts";
import { type ChallengerEvent, startChallenger } from "../../lib/challenger/challenger.ts";
import { loadOperatorConfig } from "../../lib/config/operator.ts";
import { type OperatorHandle, startOperator } from "../../lib/operator/node.ts";
import { operatorSettings } from "../../lib/operator/settings.ts";
import { anvilPrivateKey, devnetOperatorKeys } from "../../lib/keys/devnet_keys.ts";
import { erc20MockAbi } from "../../lib/chain/abi/mod.ts";
import {
  allocationManagerAbi,
  delegationManagerAbi,
  stakeRegistryAbi,
  strategyManagerAbi,
} from "../../lib/chain/abi/slashing/mod.ts";
import { listSlashingRequests } from "../../lib/avs/slashing.ts";
import { buildProgram } from "../../lib/cli/program.ts";
import { WRONG_ANSWER } from "../../lib/task/mod.ts";
import { writeOperatorConfig } from "../operator/helpers.ts";
import {
  mine,
  processCall,
  rpcPost,
  signedParams,
  testAggregatorSettings,
  waitFor,
} from "./helpers.ts";

const STAKES = [1000n, 1000n, 4000n]; // operator 3 alone holds 66% (lands wrong answers at 60%)
const WAD = 10n ** 18n;

Deno.test({
  name:
    "e2e slashing era: operators join operator sets, answer, one slashing vetoed, one fulfilled",
  sanitizeOps: false,
  sanitizeResources: false,
  fn: async () => {
    const devnet = await startDevnet({ eigenlayer: "slashing", vetoWindowBlock: 10 });
    const d = devnet.deployment;
    assert.ok(isSlashingDeployment(d));
    const a = d.addresses;
    const client = createPublicClient({ transport: http(devnet.rpcUrl) });
    const dir = await Deno.makeTempDir({ prefix: "incsq-slashing-e2e-" });
    const deploymentPath = join(dir, "deployment.json");
    await Deno.writeTextFile(deploymentPath, JSON.stringify(d));
    const agg = await startAggregator(
      testAggregatorSettings(devnet.rpcUrl, d, { thresholdPercentage: 60 }),
    );
    const challenger = await startChallenger({
      rpcUrl: devnet.rpcUrl,
      privateKey: anvilPrivateKey(2),
      taskManager: a.incredibleSquaringTaskManager,
      serviceManager: a.incredibleSquaringServiceManager,
      startBlock: BigInt(d.deployedAtBlock),
      finalizeFreezeRequests: true,
      pollMs: 100,
      metricsAddress: "127.0.0.1:0",
    });
    const aggEvents: AggregatorEvent[] = [];
    const chEvents: ChallengerEvent[] = [];
    agg.on((e) => aggEvents.push(e));
    challenger.on((e) => chEvents.push(e));
    const keys = [1, 2, 3].map((i) => devnetOperatorKeys(i));
    const configs = await Promise.all(
      keys.map((k, i) =>
        writeOperatorConfig(dir, `operator${i + 1}.yaml`, {
          keys: k,
          devnet,
          deploymentPath,
          aggregatorPort: agg.rpcPort,
          overrides: { deposit_amount: STAKES[i].toString(), send_initial_backoff_ms: 50 },
        })
      ),
    );
    const start = (i: number) =>
      startOperator(operatorSettings(loadOperatorConfig(configs[i], { env: {} })), { env: {} });
    const nodes: (OperatorHandle | undefined)[] = [];
    const task = async (n: bigint) => {
      const c = await createTask(agg.clients, a.incredibleSquaringTaskManager, n, 60, [0]);
      agg.track(c);
      return c.taskIndex;
    };
    const shares = (op: Hex) =>
      client.readContract({
        address: a.delegationManager,
        abi: delegationManagerAbi,
        functionName: "operatorShares",
        args: [op, a.erc20MockStrategy],
      });
    const stakeOf = async (op: Hex) => {
      const id = devnetOperatorKeys(keys.findIndex((k) => k.address === op) + 1).operatorId;
      return await client.readContract({
        address: a.stakeRegistry,
        abi: stakeRegistryAbi,
        functionName: "getCurrentStake",
        args: [id, 0],
      });
    };
    try {
      // 1. The nodes detect the slashing era and join operator set 0 with everything allocated.
      const startedAt = performance.now();
      const fromBlock = await client.getBlockNumber({ cacheTime: 0 });
      for (let i = 0; i < 3; i++) nodes.push(await start(i));
      assert.deepEqual(nodes.map((n) => n?.era), ["slashing", "slashing", "slashing"]);
      for (const [i, k] of keys.entries()) {
        assert.equal(
          await client.readContract({
            address: a.allocationManager,
            abi: allocationManagerAbi,
            functionName: "isMemberOfOperatorSet",
            args: [k.address, { avs: a.incredibleSquaringServiceManager, id: 0 }],
          }),
          true,
        );
        const alloc = await client.readContract({
          address: a.allocationManager,
          abi: allocationManagerAbi,
          functionName: "getAllocation",
          args: [
            k.address,
            { avs: a.incredibleSquaringServiceManager, id: 0 },
            a.erc20MockStrategy,
          ],
        });
        assert.equal(alloc.currentMagnitude, WAD);
        assert.equal(await stakeOf(k.address), STAKES[i]);
      }
      await reportRegistrationGas(client, keys[0].address, fromBlock);

      // Node API health: registered in the operator set and allocated.
      const health = await fetch(
        `http://127.0.0.1:${nodes[0]!.listening.nodeApi}/eigen/node/services`,
      ).then((r) => r.json());
      const reg = health.services.find((s: { id: string }) => s.id === "registration");
      assert.equal(reg.status, "Up");
      assert.equal(reg.description, "registered in the operator set and allocated");
      const opMetrics = await fetch(`http://127.0.0.1:${nodes[0]!.listening.metrics}/metrics`)
        .then((r) => r.text());
      const strategyLabel = `operator_set="0",strategy="${a.erc20MockStrategy}"`;
      assert.ok(opMetrics.includes(`incsq_operator_allocated_magnitude{${strategyLabel}} 1`));
      assert.ok(opMetrics.includes(`incsq_operator_slashable_stake{${strategyLabel}} 1000`));
      assert.match(opMetrics, /^incsq_operator_pending_slashing_requests 0$/m);

      // 2. The nodes answer a task; the aggregator lands it.
      const t0 = await task(5n);
      await waitFor(
        "task 0 answered",
        () => aggEvents.find((e) => e.kind === "responded" && e.taskIndex === t0),
        60_000,
      );
      console.log(
        `time from operator start to first answered task: ${
          Math.round(performance.now() - startedAt)
        } ms`,
      );

      // 3. A restart registers nothing again: operator 1's nonce does not move.
      const nonce = () => client.getTransactionCount({ address: keys[0].address });
      const before = await nonce();
      await nodes[0]!.stop();
      nodes[0] = await start(0);
      assert.equal(await nonce(), before, "restart sent no transaction");
      for (const n of nodes) await n!.stop();
      nodes.length = 0;

      // 4. Operator 3 alone lands two wrong answers; the challenger wins both challenges and
      // the ServiceManager queues one slashing request per challenge.
      const op3 = keys[2];
      const wrong = async (n: bigint) => {
        const idx = await task(n);
        const r = await rpcPost(
          agg.rpcPort,
          processCall(1, signedParams(op3, idx, WRONG_ANSWER)),
        );
        assert.equal(r.json.error, undefined);
        return await waitFor(
          `slashing request for task ${idx}`,
          () => chEvents.find((e) => e.kind === "slashing_requested" && !seen.has(e.requestId)),
        );
      };
      const seen = new Set<bigint>();
      const r1 = await wrong(6n);
      assert.ok(r1.kind === "slashing_requested");
      seen.add(r1.requestId);
      assert.equal(r1.operator.toLowerCase(), op3.address.toLowerCase());
      assert.deepEqual(r1.wadsToSlash, [10n ** 17n]);

      // 5. The committee lists the pending request and vetoes it with the CLI, inside its window.
      const cli = async (key: Hex, ...args: string[]) => {
        let out = "";
        let err = "";
        await buildProgram({
          exitOverride: true,
          io: {
            out: (t) => (out += t),
            err: (t) => (err += t),
            env: (n) => n === "ECDSA_PRIVATE_KEY" ? key : undefined,
          },
        }).parseAsync([...args, "--rpc-url", devnet.rpcUrl, "--deployment", deploymentPath], {
          from: "user",
        });
        return { out, err };
      };
      const pending = JSON.parse(
        (await cli(anvilPrivateKey(1), "slashing-requests", "list", "--json")).out,
      );
      assert.deepEqual(pending.map((r: { id: string }) => r.id), [String(r1.requestId)]);
      assert.equal(pending[0].vetoable, true);
      const vetoed = await cli(
        anvilPrivateKey(1),
        "slashing-requests",
        "veto",
        String(r1.requestId),
      );
      assert.match(vetoed.out, new RegExp(`vetoed slashing request ${r1.requestId}`));
      await waitFor(
        "veto seen",
        () => chEvents.find((e) => e.kind === "slashing_vetoed" && e.requestId === r1.requestId),
      );

      // 6. Nobody vetoes the second: the challenger fulfils it after the window.
      const sharesBefore = await shares(op3.address);
      const stakeBefore = await stakeOf(op3.address);
      const r2 = await wrong(7n);
      assert.ok(r2.kind === "slashing_requested");
      await mine(devnet.rpcUrl, 11);
      const fulfilled = await waitFor(
        "fulfilled",
        () => chEvents.find((e) => e.kind === "slashing_fulfilled" && e.requestId === r2.requestId),
      );
      assert.ok(fulfilled.kind === "slashing_fulfilled");
      const sharesAfter = await shares(op3.address);
      const stakeAfter = await stakeOf(op3.address);
      console.log(
        `operator 3: shares ${sharesBefore} -> ${sharesAfter}, registry stake ${stakeBefore} -> ${stakeAfter}`,
      );
      // 10% of a fully allocated magnitude: the shares and the registry stake drop by 10%.
      assert.equal(sharesAfter, sharesBefore - sharesBefore / 10n);
      assert.equal(stakeAfter, sharesAfter);
      assert.deepEqual(fulfilled.slashed.map((s) => s.shares), [sharesBefore / 10n]);
      const all = await listSlashingRequests(client, a.slasher, { all: true });
      assert.deepEqual(all.map((r) => [r.id, r.status]), [
        [r1.requestId, "Cancelled"],
        [r2.requestId, "Completed"],
      ]);
      // The other operators keep everything.
      assert.equal(await shares(keys[0].address), STAKES[0]);

      // 7. Operator 3 restarts after the slash: still allocated (relative to its reduced
      // magnitude), so it sends nothing, and it reports itself slashed.
      const nonce3 = await client.getTransactionCount({ address: op3.address });
      nodes.push(await start(2));
      assert.equal(await client.getTransactionCount({ address: op3.address }), nonce3);
      const m3 = await fetch(`http://127.0.0.1:${nodes[0]!.listening.metrics}/metrics`)
        .then((r) => r.text());
      assert.match(m3, /^eigen_slashing_status\{[^}]*\} 1$/m);
      assert.ok(
        m3.includes(
          `incsq_operator_allocated_magnitude{operator_set="0",strategy="${a.erc20MockStrategy}"} 0.9`,
        ),
      );

      const m = await fetch(`http://127.0.0.1:${challenger.metricsPort}/metrics`).then((r) =>
        r.text()
      );
      assert.match(m, /incsq_challenger_slashing_requests_total\{status="requested"\} 2/);
      assert.match(m, /incsq_challenger_slashing_requests_total\{status="vetoed"\} 1/);
      assert.match(m, /incsq_challenger_slashing_requests_total\{status="fulfilled"\} 1/);
    } catch (err) {
      const show = (e: unknown) =>
        JSON.stringify(e, (_k, v) => typeof v === "bigint" ? v.toString() : v);
      console.error("aggregator events:", aggEvents.map(show).join("\n"));
      console.error("challenger events:", chEvents.map(show).join("\n"));
      throw err;
    } finally {
      for (const n of nodes) await n?.stop();
      await challenger.stop();
      await agg.stop();
      await devnet.stop();
      await Deno.remove(dir, { recursive: true });
    }
  },
});

/** Prints the gas of each registration transaction operator `op` sent since `fromBlock`. */
async function reportRegistrationGas(
  client: ReturnType<typeof createPublicClient>,
  op: Hex,
  fromBlock: bigint,
): Promise<void> {
  const abi = [
    ...erc20MockAbi,
    ...strategyManagerAbi,
    ...delegationManagerAbi,
    ...allocationManagerAbi,
  ];
  const head = await client.getBlockNumber({ cacheTime: 0 });
  for (let b = fromBlock + 1n; b <= head; b++) {
    const block = await client.getBlock({ blockNumber: b, includeTransactions: true });
    for (const tx of block.transactions) {
      if (tx.from.toLowerCase() !== op.toLowerCase()) continue;
      const receipt = await client.getTransactionReceipt({ hash: tx.hash });
      let name = tx.input.slice(0, 10);
      try {
        name = decodeFunctionData({ abi, data: tx.input }).functionName;
      } catch { /* unknown selector: keep it */ }
      console.log(`registration gas: ${name} ${receipt.gasUsed}`);
    }
  }
}
