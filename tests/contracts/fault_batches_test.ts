/**
 * Fault assignment in bounded batches on a real devnet with 40 registered operators (more than
 * the FaultLedger's opening batch of 32): a wrong answer signed by 36 of them is challenged, the
 * challenge transaction holds the first operators at fault, `assignFaults` the rest; every
 * signer gets exactly one freeze request and no non-signer gets one. Then the challenger does the
 * same by itself, for a wrong answer and for a missing response, in batches of 4; and the CLI's
 * `faults show` / `faults assign` finish an assignment nobody walked.
 */
import assert from "node:assert/strict";
import { type Address, type Hex, parseEventLogs } from "viem";
import { startDevnet } from "../../lib/devnet/devnet.ts";
import {
  challengePosted,
  devnetAggregatorClients,
  registerCrowd,
  respondSignedBy,
} from "../../lib/devnet/operator_crowd.ts";
import { createChainClients } from "../../lib/chain/clients.ts";
import { anvilPrivateKey } from "../../lib/keys/devnet_keys.ts";
import {
  assignFaults,
  createNewTask,
  faultLedgerAbi,
  faultLedgerOf,
  getFaultAssignment,
  nonSignerIdsOf,
} from "../../lib/avs/mod.ts";
import { incredibleSquaringServiceManagerAbi as smAbi } from "../../lib/chain/abi/mod.ts";
import { startChallenger } from "../../lib/challenger/challenger.ts";
import { mine } from "../e2e/helpers.ts";
import { buildProgram } from "../../lib/cli/program.ts";

/** Runs the CLI in process; resolves with what it printed, rejects with its error output. */
async function cli(args: string[], env: Record<string, string>): Promise<string> {
  let out = "";
  let err = "";
  const program = buildProgram({
    exitOverride: true,
    io: { out: (t) => (out += t), err: (t) => (err += t), env: (n) => env[n] },
  });
  try {
    await program.parseAsync(args, { from: "user" });
  } catch {
    throw new Error(err || "cli failed");
  }
  return out;
}

const opts = { sanitizeOps: false, sanitizeResources: false };

Deno.test("fault assignment in batches (anvil, 40 operators)", opts, async (t) => {
  const devnet = await startDevnet();
  const a = devnet.deployment.addresses;
  const avs = {
    taskManager: a.incredibleSquaringTaskManager,
    serviceManager: a.incredibleSquaringServiceManager,
  };
  const generator = await createChainClients({
    rpcUrl: devnet.rpcUrl,
    privateKey: anvilPrivateKey(9),
    pollingInterval: 50,
  });
  const aggregator = await devnetAggregatorClients(devnet);
  const challenger = await createChainClients({
    rpcUrl: devnet.rpcUrl,
    privateKey: anvilPrivateKey(2),
    pollingInterval: 50,
  });
  const client = generator.publicClient;
  try {
    const crowd = await registerCrowd(devnet, 40);
    const ledger = await faultLedgerOf(client, avs);
    const freezeRequestsAgainst = async (taskIndex: number): Promise<Address[]> => {
      const logs = await client.getContractEvents({
        address: a.incredibleSquaringServiceManager,
        abi: smAbi,
        eventName: "FreezeRequested",
        fromBlock: 0n,
      });
      return logs.filter((l) => l.args.taskIndex === taskIndex).map((l) => l.args.operator!);
    };
    const newTask = async (n: bigint) => {
      await mine(devnet.rpcUrl, 1);
      const created = await createNewTask(generator, avs, {
        numberToBeSquared: n,
        quorumThresholdPercentage: 50,
        quorumNumbers: [0],
      });
      await mine(devnet.rpcUrl, 1);
      return created;
    };
    const nonSigning = new Set([3, 10, 20, 35]);
    const signers = crowd.filter((m) => !nonSigning.has(m.index)).map((m) => m.address);
    const sameSet = (x: readonly Address[], y: readonly Address[]) =>
      assert.deepEqual(
        [...x].map((v) => v.toLowerCase()).sort(),
        [...y].map((v) => v.toLowerCase()).sort(),
      );

    await t.step("challenge holds the first batch, assignFaults the rest", async () => {
      const created = await newTask(7n);
      const posted = await respondSignedBy(
        devnet,
        aggregator,
        created,
        50n, // not 49
        crowd,
        (m) => !nonSigning.has(m.index),
      );
      assert.equal(posted.nonSignerPubkeys.length, 4);
      const receipt = await challengePosted(devnet, challenger, created, posted);
      const events = parseEventLogs({ abi: faultLedgerAbi, logs: receipt.logs });
      const first = events.find((e) => e.eventName === "OperatorsAtFault");
      assert.ok(first && first.eventName === "OperatorsAtFault");
      const firstBatch = [...first.args.operators];
      assert.ok(firstBatch.length >= 28 && firstBatch.length <= 32, `${firstBatch.length}`);
      assert.ok(!events.some((e) => e.eventName === "FaultAssignmentCompleted"));
      let state = await getFaultAssignment(client, ledger, created.taskIndex);
      assert.equal(state.open, true);
      assert.equal(state.reason, "wrong_response");
      assert.equal(state.indexCursor, 32);
      assert.equal(state.operatorsAtFault, firstBatch.length);

      const nonSignerIds = nonSignerIdsOf(posted.nonSignerPubkeys);
      const call = (ids: readonly Hex[], maxEntries: number, task = created.task) =>
        assignFaults(
          challenger,
          ledger,
          { taskIndex: created.taskIndex, task, nonSignerIds: ids, maxEntries },
        );
      // Bad input is refused with the reason, and changes nothing.
      await assert.rejects(call(nonSignerIds.slice(1), 3), /non-signing operators .* not correct/);
      await assert.rejects(
        call(nonSignerIds, 3, { ...created.task, numberToBeSquared: 8n }),
        /supplied task does not match/,
      );
      await assert.rejects(call(nonSignerIds, 0), /maxEntries must be at least 1/);
      assert.equal(
        (await getFaultAssignment(client, ledger, created.taskIndex)).indexCursor,
        32,
      );

      const later: Address[] = [];
      let calls = 0;
      for (let done = false; !done; calls++) {
        const batch = await call(nonSignerIds, 3);
        assert.ok(batch.operators.length <= 3);
        later.push(...batch.operators);
        done = batch.done;
      }
      // 8 entries left plus the empty slot that ends the list: 3 calls of 3.
      assert.equal(calls, 3);
      sameSet([...firstBatch, ...later], signers);
      sameSet(await freezeRequestsAgainst(created.taskIndex), signers);
      state = await getFaultAssignment(client, ledger, created.taskIndex);
      assert.equal(state.open, false);
      assert.equal(state.operatorsAtFault, 36);
      await assert.rejects(call(nonSignerIds, 3), /no open fault assignment/);
    });

    await t.step("the challenger walks wrong-answer and no-response assignments", async () => {
      const start = (await client.getBlockNumber()) + 1n; // after the first step's blocks
      const node = await startChallenger({
        rpcUrl: devnet.rpcUrl,
        privateKey: anvilPrivateKey(2),
        taskManager: avs.taskManager,
        serviceManager: avs.serviceManager,
        startBlock: start,
        finalizeFreezeRequests: false,
        faultBatchSize: 4,
        pollMs: 50,
        metricsAddress: "127.0.0.1:0",
      });
      const completed = new Map<number, number>();
      const batches: number[] = [];
      node.on((e) => {
        if (e.kind === "fault_assignment_completed") completed.set(e.taskIndex, e.operatorsAtFault);
        if (e.kind === "fault_batch_sent") batches.push(e.taskIndex);
      });
      const until = async (what: string, ok: () => boolean) => {
        const end = Date.now() + 60_000;
        while (!ok()) {
          if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
          await new Promise((r) => setTimeout(r, 50));
        }
      };
      try {
        const wrong = await newTask(9n);
        await respondSignedBy(
          devnet,
          aggregator,
          wrong,
          80n,
          crowd,
          (m) => !nonSigning.has(m.index),
        );
        await until("the wrong answer's assignment", () => completed.has(wrong.taskIndex));
        assert.equal(completed.get(wrong.taskIndex), 36);
        sameSet(await freezeRequestsAgainst(wrong.taskIndex), signers);
        // 8 entries after the opening 32, then the empty slot: ceil(9 / 4) batches.
        assert.equal(batches.filter((i) => i === wrong.taskIndex).length, 3);

        const silent = await newTask(11n);
        await mine(devnet.rpcUrl, 40); // past the response window: nobody answered
        await until("the missing response's assignment", () => completed.has(silent.taskIndex));
        assert.equal(completed.get(silent.taskIndex), 40);
        sameSet(await freezeRequestsAgainst(silent.taskIndex), crowd.map((m) => m.address));
        const metrics = await fetch(`http://127.0.0.1:${node.metricsPort}/metrics`)
          .then((r) => r.text());
        assert.match(
          metrics,
          /incsq_challenger_operators_at_fault_total\{reason="wrong_response"\} 36\n/,
        );
        assert.match(
          metrics,
          /incsq_challenger_operators_at_fault_total\{reason="no_response"\} 40\n/,
        );
        assert.match(metrics, /incsq_challenger_fault_assignments_open 0\n/);
      } finally {
        await node.stop();
      }
    });

    await t.step("the CLI shows and finishes an assignment", async () => {
      const dir = await Deno.makeTempDir({ prefix: "incsq-faults-cli-" });
      try {
        const deployment = `${dir}/deployment.json`;
        await Deno.writeTextFile(deployment, JSON.stringify(devnet.deployment));
        const chain = ["--rpc-url", devnet.rpcUrl, "--deployment", deployment];
        const env = { ECDSA_PRIVATE_KEY: anvilPrivateKey(4) };
        const created = await newTask(13n);
        const posted = await respondSignedBy(
          devnet,
          aggregator,
          created,
          170n,
          crowd,
          (m) => !nonSigning.has(m.index),
        );
        const idx = String(created.taskIndex);
        assert.match(await cli(["faults", "show", idx, ...chain], env), /no fault assignment/);
        await challengePosted(devnet, challenger, created, posted);
        assert.match(
          await cli(["faults", "show", idx, ...chain], env),
          /wrong response, \d+ operator\(s\) held at fault so far, open at quorum position 0, list index 32/,
        );
        await assert.rejects(
          cli(["faults", "assign", idx, "--batch", "0", ...chain], env),
          /--batch/,
        );
        await assert.rejects(
          cli(["faults", "show", "twelve", ...chain], env),
          /task index must be an integer from 0 to 4294967295, got "twelve"/,
        );
        await assert.rejects(cli(["faults", "assign", idx, ...chain], {}), /ECDSA_PRIVATE_KEY/);
        const printed = await cli(["faults", "assign", idx, "--batch", "5", ...chain], env);
        assert.match(printed, /complete/);
        assert.equal(
          printed.split("\n").filter((l) => l.includes("held at fault in tx")).length,
          2,
        );
        sameSet(await freezeRequestsAgainst(created.taskIndex), signers);
        await assert.rejects(
          cli(["faults", "assign", idx, ...chain], env),
          /complete: nothing to assign/,
        );
      } finally {
        await Deno.remove(dir, { recursive: true });
      }
    });
  } finally {
    await generator.close();
    await aggregator.close();
    await challenger.close();
    await devnet.stop();
  }
});
