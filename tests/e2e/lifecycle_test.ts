/**
 * The task lifecycle end to end on a real devnet: aggregated responses accepted on chain, a wrong
 * answer challenged successfully, one freeze request vetoed by the committee and another
 * finalised by the challenger (the operator is frozen), and a missing response challenged.
 */
import assert from "node:assert/strict";
import { createPublicClient, http } from "viem";
import { startDevnet } from "../../lib/devnet/devnet.ts";
import { type AggregatorEvent, startAggregator } from "../../lib/aggregator/aggregator.ts";
import { createTask } from "../../lib/aggregator/task_generator.ts";
import { type ChallengerEvent, startChallenger } from "../../lib/challenger/challenger.ts";
import { listFreezeRequests } from "../../lib/cli/freeze.ts";
import { buildProgram } from "../../lib/cli/program.ts";
import { anvilPrivateKey } from "../../lib/keys/devnet_keys.ts";
import {
  incredibleSquaringServiceManagerAbi,
  registryCoordinatorAbi,
} from "../../lib/chain/abi/mod.ts";
import { verify } from "../../lib/bls/mod.ts";
import { taskResponseDigest, WRONG_ANSWER } from "../../lib/task/mod.ts";
import {
  mine,
  processCall,
  registerOperator,
  rpcPost,
  signedParams,
  testAggregatorSettings,
  waitFor,
} from "./helpers.ts";

Deno.test({
  name:
    "e2e: respond, challenge a wrong answer, veto one freeze, finalise another, challenge a missing response",
  sanitizeOps: false,
  sanitizeResources: false,
  fn: async () => {
    const devnet = await startDevnet({ vetoWindowBlock: 5 });
    const a = devnet.deployment.addresses;
    const client = createPublicClient({ transport: http(devnet.rpcUrl) });
    const ops = [
      await registerOperator(devnet, 1, 1000n),
      await registerOperator(devnet, 2, 1000n),
      await registerOperator(devnet, 3, 4000n), // 66%: lands wrong answers alone at 60%
    ];
    const agg = await startAggregator(
      testAggregatorSettings(devnet.rpcUrl, devnet.deployment, { thresholdPercentage: 60 }),
    );
    const challenger = await startChallenger({
      rpcUrl: devnet.rpcUrl,
      privateKey: anvilPrivateKey(2),
      taskManager: a.incredibleSquaringTaskManager,
      serviceManager: a.incredibleSquaringServiceManager,
      startBlock: BigInt(devnet.deployment.deployedAtBlock),
      finalizeFreezeRequests: true,
      pollMs: 100,
      metricsAddress: "127.0.0.1:0",
    });
    const aggEvents: AggregatorEvent[] = [];
    const chEvents: ChallengerEvent[] = [];
    agg.on((e) => aggEvents.push(e));
    challenger.on((e) => chEvents.push(e));
    const task = async (n: bigint, threshold: number) => {
      const c = await createTask(agg.clients, a.incredibleSquaringTaskManager, n, threshold, [0]);
      agg.track(c);
      return c.taskIndex;
    };
    const signAll = async (idx: number, signers: typeof ops, answer: bigint) => {
      for (const op of signers) {
        const r = await rpcPost(agg.rpcPort, processCall(1, signedParams(op, idx, answer)));
        if (r.json.error) return r.json.error;
      }
      return undefined;
    };
    try {
      // 1. A correct answer from everyone lands, with a valid aggregate signature.
      const t0 = await task(5n, 60);
      await signAll(t0, ops, 25n);
      const r0 = await waitFor(
        "response 0",
        () => aggEvents.find((e) => e.kind === "responded" && e.taskIndex === t0),
      );
      assert.ok(r0.kind === "responded");
      assert.ok(
        verify(
          r0.result.signersApkG2,
          taskResponseDigest(r0.result.taskResponse),
          r0.result.signersAggSigG1,
        ),
      );
      await waitFor(
        "challenger saw a valid response",
        () => chEvents.find((e) => e.kind === "response_valid" && e.taskIndex === t0),
      );

      // 2. Operator 3 lands a wrong answer alone; the challenger wins; a freeze request follows.
      const t1 = await task(6n, 60);
      await signAll(t1, [ops[2]], WRONG_ANSWER);
      await waitFor(
        "wrong response on chain",
        () => aggEvents.find((e) => e.kind === "responded" && e.taskIndex === t1),
      );
      const ch1 = await waitFor(
        "successful challenge",
        () => chEvents.find((e) => e.kind === "challenged" && e.taskIndex === t1 && e.successful),
      );
      assert.ok(ch1);
      const fr1 = await waitFor(
        "freeze request 1",
        () => chEvents.find((e) => e.kind === "freeze_requested" && e.taskIndex === t1),
      );
      assert.ok(fr1.kind === "freeze_requested");
      assert.equal(fr1.operator.toLowerCase(), ops[2].address.toLowerCase());

      // 3. The committee (anvil #1) lists the pending request and vetoes it with the CLI.
      const deploymentFile = await Deno.makeTempFile({ suffix: ".json" });
      await Deno.writeTextFile(deploymentFile, JSON.stringify(devnet.deployment));
      const cli = async (env: Record<string, string>, ...args: string[]) => {
        let out = "";
        let err = "";
        await buildProgram({
          exitOverride: true,
          io: { out: (t) => (out += t), err: (t) => (err += t), env: (n) => env[n] },
        }).parseAsync([...args, "--rpc-url", devnet.rpcUrl, "--deployment", deploymentFile], {
          from: "user",
        });
        return { out, err };
      };
      const pending = JSON.parse((await cli({}, "freeze-requests", "list", "--json")).out);
      assert.deepEqual(pending.map((r: { id: string }) => r.id), [String(fr1.requestId)]);
      assert.equal(pending[0].vetoable, true);
      // A non-member cannot veto.
      await assert.rejects(
        cli(
          { ECDSA_PRIVATE_KEY: anvilPrivateKey(5) },
          "freeze-requests",
          "veto",
          String(fr1.requestId),
        ),
        /not a veto committee member/,
      );
      const vetoed = await cli(
        { ECDSA_PRIVATE_KEY: anvilPrivateKey(1) },
        "freeze-requests",
        "veto",
        String(fr1.requestId),
      );
      assert.match(vetoed.out, new RegExp(`vetoed freeze request ${fr1.requestId}`));
      await Deno.remove(deploymentFile);
      await waitFor(
        "veto seen",
        () => chEvents.find((e) => e.kind === "freeze_vetoed" && e.requestId === fr1.requestId),
      );
      const listed = await listFreezeRequests(client, a.incredibleSquaringServiceManager, {
        all: true,
      });
      assert.equal(listed.find((r) => r.id === fr1.requestId)?.status, "Vetoed");

      // 4. Another wrong answer: nobody vetoes, the challenger finalises after the window.
      const t2 = await task(7n, 60);
      await signAll(t2, [ops[2]], WRONG_ANSWER);
      const fr2 = await waitFor(
        "freeze request 2",
        () => chEvents.find((e) => e.kind === "freeze_requested" && e.taskIndex === t2),
      );
      assert.ok(fr2.kind === "freeze_requested");
      await mine(devnet.rpcUrl, 6);
      await waitFor(
        "finalised",
        () => chEvents.find((e) => e.kind === "freeze_finalized" && e.requestId === fr2.requestId),
      );
      const frozen = await client.readContract({
        address: a.incredibleSquaringServiceManager,
        abi: incredibleSquaringServiceManagerAbi,
        functionName: "isFrozen",
        args: [ops[2].address],
      });
      assert.equal(frozen, true);
      const status = await client.readContract({
        address: a.registryCoordinator,
        abi: registryCoordinatorAbi,
        functionName: "getOperatorStatus",
        args: [ops[2].address],
      });
      assert.equal(Number(status), 2, "frozen operator is deregistered");

      // 5. The frozen operator is out of new tasks; the others answer alone.
      const t3 = await task(8n, 60);
      const err = await signAll(t3, [ops[2]], 64n);
      assert.equal(err?.code, -32011);
      await signAll(t3, ops.slice(0, 2), 64n);
      await waitFor(
        "response 3",
        () => aggEvents.find((e) => e.kind === "responded" && e.taskIndex === t3),
      );

      // 6. A task nobody completes: it expires and the challenger disputes the missing response.
      const t4 = await task(9n, 100);
      await signAll(t4, [ops[0]], 81n);
      await mine(devnet.rpcUrl, 31);
      await waitFor(
        "expired",
        () => aggEvents.find((e) => e.kind === "expired" && e.taskIndex === t4),
      );
      await waitFor(
        "no-response challenge",
        () => chEvents.find((e) => e.kind === "challenged" && e.taskIndex === t4 && e.successful),
        30_000,
      );
      const sent = chEvents.find((e) => e.kind === "challenge_sent" && e.taskIndex === t4);
      assert.ok(sent?.kind === "challenge_sent" && sent.reason === "no_response");
      // The challenger's metrics tell the same story.
      const m = await fetch(`http://127.0.0.1:${challenger.metricsPort}/metrics`).then((r) =>
        r.text()
      );
      assert.match(m, /incsq_challenger_challenges_succeeded_total 3/);
      assert.match(m, /incsq_challenger_freezes_vetoed_total 1/);
      assert.match(m, /incsq_challenger_freezes_finalized_total 1/);
      assert.match(m, /incsq_challenger_challenges_raised_total\{kind="no_response"\} 1/);
    } finally {
      await challenger.stop();
      await agg.stop();
      await devnet.stop();
    }
  },
});
