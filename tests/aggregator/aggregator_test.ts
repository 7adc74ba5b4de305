/**
 * The aggregator against a real devnet: operators registered through the contracts sign task
 * responses themselves (so every bad-input case can be produced), tasks are created by the
 * aggregator's own account, responses must land on chain.
 */
import assert from "node:assert/strict";
import { createPublicClient, http } from "viem";
import { startDevnet } from "../../lib/devnet/devnet.ts";
import {
  type AggregatorEvent,
  type AggregatorHandle,
  startAggregator,
} from "../../lib/aggregator/aggregator.ts";
import { createTask } from "../../lib/aggregator/task_generator.ts";
import { anvilPrivateKey } from "../../lib/keys/devnet_keys.ts";
import { incredibleSquaringTaskManagerAbi } from "../../lib/chain/abi/mod.ts";
import { verify } from "../../lib/bls/mod.ts";
import { taskResponseDigest } from "../../lib/task/mod.ts";
import {
  mine,
  processCall,
  registerOperator,
  rpcPost,
  signedParams,
  type TestOperator,
  waitFor,
} from "../e2e/helpers.ts";

type Ctx = Awaited<ReturnType<typeof setup>>;

async function setup() {
  const devnet = await startDevnet();
  const ops: TestOperator[] = [];
  for (const [i, stake] of [[1, 1000n], [2, 2000n], [3, 3000n]] as const) {
    ops.push(await registerOperator(devnet, i, stake));
  }
  const start = (generateTasks = false, taskIntervalMs = 60_000) =>
    startAggregator({
      rpcUrl: devnet.rpcUrl,
      privateKey: anvilPrivateKey(9),
      contracts: {
        incredibleSquaringTaskManager: devnet.deployment.addresses.incredibleSquaringTaskManager,
        registryCoordinator: devnet.deployment.addresses.registryCoordinator,
        operatorStateRetriever: devnet.deployment.addresses.operatorStateRetriever,
        blsApkRegistry: devnet.deployment.addresses.blsApkRegistry,
      },
      deployedAtBlock: devnet.deployment.deployedAtBlock,
      serverAddress: "127.0.0.1:0",
      taskIntervalMs,
      thresholdPercentage: 60,
      quorumNumbers: [0],
      expiryBlocks: 30,
      maxBodyBytes: 4096,
      metricsAddress: "127.0.0.1:0",
      nodeApiAddress: "127.0.0.1:0",
      generateTasks,
      blockPollMs: 100,
    });
  const agg = await start();
  const events: AggregatorEvent[] = [];
  agg.on((e) => events.push(e));
  const newTask = async (n: bigint, threshold: number, a: AggregatorHandle = agg) => {
    const created = await createTask(
      a.clients,
      devnet.deployment.addresses.incredibleSquaringTaskManager,
      n,
      threshold,
      [0],
    );
    a.track(created);
    return created;
  };
  const client = createPublicClient({ transport: http(devnet.rpcUrl) });
  return { devnet, ops, agg, events, newTask, start, client };
}

async function teardown(ctx: Ctx) {
  await ctx.agg.stop();
  await ctx.devnet.stop();
}

function withDevnet(name: string, fn: (ctx: Ctx) => Promise<void>) {
  Deno.test({
    name,
    sanitizeOps: false,
    sanitizeResources: false,
    fn: async () => {
      const ctx = await setup();
      try {
        await fn(ctx);
      } finally {
        await teardown(ctx);
      }
    },
  });
}

withDevnet(
  "aggregator: bad input on the RPC gets clear JSON-RPC errors and changes nothing",
  async (ctx) => {
    const { agg, ops } = ctx;
    const port = agg.rpcPort;
    const created = await ctx.newTask(7n, 60);
    const idx = created.taskIndex;

    // Malformed JSON, wrong envelope, wrong types, unknown method, huge body, wrong content type.
    assert.equal((await rpcPost(port, "{not json")).json.error.code, -32700);
    assert.equal(
      (await rpcPost(port, { jsonrpc: "2.0", id: 1, method: 42 })).json.error.code,
      -32600,
    );
    assert.equal(
      (await rpcPost(port, { jsonrpc: "2.0", id: 1, method: "incsq_nope", params: [] })).json.error
        .code,
      -32601,
    );
    const wrongType = await rpcPost(
      port,
      processCall(1, {
        ...signedParams(ops[0], idx, 49n),
        taskResponse: { referenceTaskIndex: "0", numberSquared: 49 },
      }),
    );
    assert.equal(wrongType.json.error.code, -32602);
    assert.match(wrongType.json.error.message, /taskResponse\.referenceTaskIndex/);
    assert.match(wrongType.json.error.message, /taskResponse\.numberSquared/);
    const extra = await rpcPost(
      port,
      processCall(1, { ...signedParams(ops[0], idx, 49n), evil: true }),
    );
    assert.equal(extra.json.error.code, -32602);
    const badHex = await rpcPost(
      port,
      processCall(1, { ...signedParams(ops[0], idx, 49n), operatorId: "0x1234" }),
    );
    assert.match(badHex.json.error.message, /operatorId/);
    const huge = await rpcPost(port, processCall(1, { pad: "x".repeat(10_000) }));
    assert.equal(huge.status, 413);
    assert.equal(huge.json.error.code, -32600);
    assert.equal((await rpcPost(port, "{}", { "content-type": "text/plain" })).status, 415);

    // Application errors.
    const unknownTask = await rpcPost(port, processCall(2, signedParams(ops[0], 999, 998001n)));
    assert.equal(unknownTask.json.error.code, -32010);
    assert.equal(unknownTask.json.error.message, "task 999 not initialized or already completed");
    const stranger = { blsPrivateKey: 12345n, operatorId: `0x${"ab".repeat(32)}` as const };
    const unknownOp = await rpcPost(port, processCall(3, signedParams(stranger, idx, 49n)));
    assert.equal(unknownOp.json.error.code, -32011);
    assert.match(unknownOp.json.error.message, /not part of task \d+'s quorum/);
    const forged = signedParams(ops[0], idx, 50n);
    forged.taskResponse.numberSquared = "49";
    const badSig = await rpcPost(port, processCall(4, forged));
    assert.equal(badSig.json.error.code, -32012);
    assert.equal(badSig.json.error.message, "signature verification failed. incorrect signature");
    const offCurve = signedParams(ops[0], idx, 49n);
    offCurve.blsSignature.Y = offCurve.blsSignature.X;
    assert.equal((await rpcPost(port, processCall(5, offCurve))).json.error.code, -32012);

    // None of that touched the task: a valid signature is accepted, a duplicate is refused.
    assert.deepEqual(agg.service.activeTasks(), [idx]);
    assert.deepEqual((await rpcPost(port, processCall(6, signedParams(ops[0], idx, 49n)))).json, {
      jsonrpc: "2.0",
      id: 6,
      result: true,
    });
    const dup = await rpcPost(port, processCall(7, signedParams(ops[0], idx, 49n)));
    assert.equal(dup.json.error.code, -32013);
    const equivocation = await rpcPost(port, processCall(8, signedParams(ops[0], idx, 50n)));
    assert.equal(equivocation.json.error.code, -32013);

    // op1 (1/6) + op3 (3/6) = 66% >= 60%: the response lands with op2 as non-signer.
    assert.equal(
      (await rpcPost(port, processCall(9, signedParams(ops[2], idx, 49n)))).json.result,
      true,
    );
    const responded = await waitFor(
      "respondToTask",
      () => ctx.events.find((e) => e.kind === "responded" && e.taskIndex === idx),
    );
    assert.ok(responded.kind === "responded");
    assert.deepEqual(responded.result.nonSignerOperatorIds, [ops[1].operatorId]);
    assert.equal(responded.result.taskResponse.numberSquared, 49n);
    const digest = taskResponseDigest(responded.result.taskResponse);
    assert.equal(
      verify(responded.result.signersApkG2, digest, responded.result.signersAggSigG1),
      true,
    );
    const stored = await ctx.client.readContract({
      address: ctx.devnet.deployment.addresses.incredibleSquaringTaskManager,
      abi: incredibleSquaringTaskManagerAbi,
      functionName: "allTaskResponses",
      args: [idx],
    });
    assert.notEqual(stored, `0x${"0".repeat(64)}`);

    // Replay of a finished task, late signature of the non-signer: "already completed".
    const replay = await rpcPost(port, processCall(10, signedParams(ops[1], idx, 49n)));
    assert.equal(replay.json.error.code, -32015);
    assert.equal(replay.json.error.message, `task ${idx} already completed`);

    // Node API and metrics answer.
    const node = await fetch(`http://127.0.0.1:${agg.nodeApiPort}/eigen/node`).then((r) =>
      r.json()
    );
    assert.equal(node.spec_version, "v0.0.1");
    const health = await fetch(`http://127.0.0.1:${agg.nodeApiPort}/eigen/node/health`);
    await health.body?.cancel();
    assert.ok([200, 206].includes(health.status));
    const notFound = await fetch(
      `http://127.0.0.1:${agg.nodeApiPort}/eigen/node/services/nope/health`,
    );
    assert.equal(notFound.status, 404);
    await notFound.body?.cancel();
    // Bad input on the node API and wrong verbs/paths on the RPC server: clear errors, no crash.
    const napi = `http://127.0.0.1:${agg.nodeApiPort}`;
    for (
      const [url, init, status] of [
        [`${napi}/eigen/node`, { method: "POST", body: "{}" }, 404],
        [`${napi}/eigen/node?version=v9.9.9`, {}, 404],
        [`${napi}/eigen/node/services/${"x".repeat(5000)}/health`, {}, 404],
        [`${napi}/nope`, {}, 404],
        [`http://127.0.0.1:${port}/`, {}, 405],
        [`http://127.0.0.1:${port}/other`, { method: "POST", body: "{}" }, 404],
      ] as const
    ) {
      const res = await fetch(url, init);
      assert.equal(res.status, status, url);
      const body = await res.text();
      assert.doesNotThrow(() => JSON.parse(body), `${url}: ${body}`);
    }
    assert.deepEqual(agg.service.activeTasks(), []);
    const metrics = await fetch(`http://127.0.0.1:${agg.metricsPort}/metrics`).then((r) =>
      r.text()
    );
    assert.match(metrics, /incsq_aggregator_tasks_responded_total 1/);
    assert.match(
      metrics,
      /incsq_aggregator_signatures_rejected_total\{[^}]*reason="incorrect_signature"/,
    );
    // Stakes at the task's creation block, from the state the aggregation loaded.
    assert.match(metrics, /^incsq_aggregator_quorum_stake\{quorum_number="0"\} 6000$/m);
    for (const [i, stake] of [1000, 2000, 3000].entries()) {
      const id = ops[i].operatorId.toLowerCase();
      assert.match(
        metrics,
        new RegExp(
          `^incsq_aggregator_operator_stake\\{operator_id="${id}",quorum_number="0"\\} ${stake}$`,
          "m",
        ),
      );
    }
    // Node health from the same checks as the node API (chain up, task generator idle).
    assert.match(metrics, /^incsq_node_health 2$/m);
    assert.match(metrics, /^incsq_node_service_health\{service="chain"\} 2$/m);
    assert.match(metrics, /^incsq_node_service_health\{service="task-generator"\} 2$/m);
  },
);

withDevnet(
  "aggregator: threshold not met expires the task in blocks and the aggregator carries on",
  async (ctx) => {
    const { agg, ops } = ctx;
    const t1 = await ctx.newTask(3n, 100);
    // Two of three sign: 50% < 100%.
    for (const op of ops.slice(0, 2)) {
      assert.equal(
        (await rpcPost(agg.rpcPort, processCall(1, signedParams(op, t1.taskIndex, 9n)))).json
          .result,
        true,
      );
    }
    // The third signs a different answer: signatures are grouped by digest, so 50% + 50% on two
    // different answers never add up to the threshold.
    assert.equal(
      (await rpcPost(agg.rpcPort, processCall(1, signedParams(ops[2], t1.taskIndex, 10n)))).json
        .result,
      true,
    );
    await new Promise((r) => setTimeout(r, 300));
    assert.deepEqual(agg.service.activeTasks(), [t1.taskIndex]);
    assert.ok(!ctx.events.some((e) => e.kind === "responded" && e.taskIndex === t1.taskIndex));
    await mine(ctx.devnet.rpcUrl, 31);
    const expired = await waitFor(
      "expiry",
      () => ctx.events.find((e) => e.kind === "expired" && e.taskIndex === t1.taskIndex),
    );
    assert.ok(expired.kind === "expired");
    assert.equal(expired.error, `task ${t1.taskIndex} expired`);
    const late = await rpcPost(agg.rpcPort, processCall(2, signedParams(ops[2], t1.taskIndex, 9n)));
    assert.equal(late.json.error.code, -32015);
    assert.equal(late.json.error.message, `task ${t1.taskIndex} expired`);

    // Next task works as usual. A signature arriving before the aggregator has read its own
    // receipt (the upstream race) waits for the task instead of bouncing.
    const early = rpcPost(
      agg.rpcPort,
      processCall(3, signedParams(ops[0], t1.taskIndex + 1, 16n)),
    );
    await new Promise((r) => setTimeout(r, 200));
    const t2 = await ctx.newTask(4n, 100);
    assert.equal(t2.taskIndex, t1.taskIndex + 1);
    assert.equal((await early).json.result, true);
    for (const op of ops.slice(1)) {
      assert.equal(
        (await rpcPost(agg.rpcPort, processCall(3, signedParams(op, t2.taskIndex, 16n)))).json
          .result,
        true,
      );
    }
    const r = await waitFor(
      "response",
      () => ctx.events.find((e) => e.kind === "responded" && e.taskIndex === t2.taskIndex),
    );
    assert.ok(r.kind === "responded");
    assert.deepEqual(r.result.nonSignerOperatorIds, []);
  },
);

withDevnet("aggregator: a restarted aggregator continues with new tasks", async (ctx) => {
  // A task the first instance never finished is picked up again by the next one.
  const orphan = await ctx.newTask(11n, 60);
  await ctx.agg.stop();
  const agg2 = await ctx.start(true, 300);
  ctx.agg = agg2;
  const seen: AggregatorEvent[] = [];
  agg2.on((e) => seen.push(e));
  assert.ok(agg2.service.isActive(orphan.taskIndex), "unanswered task resumed after restart");
  for (const op of ctx.ops) {
    await rpcPost(agg2.rpcPort, processCall(1, signedParams(op, orphan.taskIndex, 121n)));
  }
  await waitFor(
    "resumed task answered",
    () => seen.find((e) => e.kind === "responded" && e.taskIndex === orphan.taskIndex),
  );
  const first = await waitFor(
    "a task from the new aggregator",
    () => seen.find((e) => e.kind === "task_created"),
  );
  assert.ok(first.kind === "task_created");
  // Sign it with everyone: it lands.
  for (const op of ctx.ops) {
    const n = first.task.numberToBeSquared;
    await rpcPost(agg2.rpcPort, processCall(1, signedParams(op, first.taskIndex, n * n)));
  }
  await waitFor(
    "response",
    () => seen.find((e) => e.kind === "responded" && e.taskIndex === first.taskIndex),
  );
  await agg2.stop();
  // A third instance continues the numbering from the chain's task count.
  const agg3 = await ctx.start(true, 300);
  ctx.agg = agg3;
  const seen3: AggregatorEvent[] = [];
  agg3.on((e) => seen3.push(e));
  const next = await waitFor("next task", () => seen3.find((e) => e.kind === "task_created"));
  assert.ok(next.kind === "task_created");
  assert.ok(next.taskIndex > first.taskIndex);
  // Numbers continue from the chain's task count: generated task i squares i.
  assert.equal(next.task.numberToBeSquared, BigInt(next.taskIndex));
});
