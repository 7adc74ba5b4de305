/**
 * The fairness rule end to end on a real anvil: an operator whose correct response the
 * aggregator never posts attests it on chain, so the no-response challenge blames the
 * aggregator, not the operator; with attestations switched off the same operator is held at
 * fault. Judged from the chain's events.
 */
import { strict as assert } from "node:assert";
import { join } from "node:path";
import { parseEventLogs } from "viem";
import { writeOperatorConfig } from "./helpers.ts";
import { startDevnet } from "../../lib/devnet/devnet.ts";
import { anvilPrivateKey, devnetOperatorKeys } from "../../lib/keys/devnet_keys.ts";
import * as abi from "../../lib/chain/abi/mod.ts";
import { createChainClients } from "../../lib/chain/clients.ts";
import { transact } from "../../lib/chain/tx.ts";
import { loadOperatorConfig } from "../../lib/config/operator.ts";
import { type OperatorHandle, startOperator } from "../../lib/operator/node.ts";
import { operatorSettings } from "../../lib/operator/settings.ts";
import { mine } from "../e2e/helpers.ts";

/** An aggregator stand-in that accepts every signature and never responds on chain. */
function silentAggregator() {
  let received = 0;
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, async (req) => {
    const body = await req.json();
    if (body.method === "incsq_processSignedTaskResponse") received++;
    return Response.json({ jsonrpc: "2.0", id: body.id, result: true });
  });
  return { port: server.addr.port, received: () => received, close: () => server.shutdown() };
}

async function waitFor<T>(what: string, f: () => Promise<T | undefined>, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    const v = await f();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${what}`);
}

Deno.test("attestation: an unanswered correct response is attested; the aggregator, not the operator, is at fault", async () => {
  const devnet = await startDevnet();
  const dir = await Deno.makeTempDir();
  const agg = silentAggregator();
  const keys = devnetOperatorKeys(1);
  const generator = await createChainClients({
    rpcUrl: devnet.rpcUrl,
    privateKey: anvilPrivateKey(9),
    pollingInterval: 100,
  });
  const challenger = await createChainClients({
    rpcUrl: devnet.rpcUrl,
    privateKey: anvilPrivateKey(2),
    pollingInterval: 100,
  });
  const tm = {
    address: devnet.deployment.addresses.incredibleSquaringTaskManager,
    abi: abi.incredibleSquaringTaskManagerAbi,
  } as const;
  let node: OperatorHandle | undefined;
  try {
    const deploymentPath = join(dir, "deployment.json");
    await Deno.writeTextFile(deploymentPath, JSON.stringify(devnet.deployment));
    const configFor = async (attest: boolean) => {
      const path = await writeOperatorConfig(dir, `operator-${attest}.yaml`, {
        keys,
        devnet,
        deploymentPath,
        aggregatorPort: agg.port,
        overrides: {
          enable_node_api: false,
          attest_unanswered_responses: attest,
          attestation_margin_blocks: 5,
        },
      });
      return operatorSettings(loadOperatorConfig(path, { env: {} }));
    };

    /** Creates a task, lets the operator answer, lets the window pass, challenges it. */
    const unansweredTask = async (n: bigint) => {
      const before = agg.received();
      const created = await transact(generator, {
        ...tm,
        functionName: "createNewTask",
        args: [n, 67, "0x00"],
      });
      const [event] = parseEventLogs({
        abi: tm.abi,
        logs: created.logs,
        eventName: "NewTaskCreated",
      });
      const { taskIndex, task } = event.args;
      await waitFor(
        "the operator's signature",
        () => Promise.resolve(agg.received() > before || undefined),
      );
      // Close to the end of the window: the operator attests (when switched on).
      await mine(devnet.rpcUrl, 24);
      return { taskIndex, task };
    };
    type Unanswered = Awaited<ReturnType<typeof unansweredTask>>;
    const challenge = async ({ taskIndex, task }: Unanswered) => {
      await mine(devnet.rpcUrl, 8); // past the response window
      const receipt = await transact(challenger, {
        ...tm,
        functionName: "raiseNoResponseChallenge",
        args: [taskIndex, task],
      });
      return parseEventLogs({
        abi: [...tm.abi, ...abi.incredibleSquaringServiceManagerAbi, ...abi.faultLedgerAbi],
        logs: receipt.logs,
      });
    };

    // 1. Attestations on (the default): the operator attests, nobody is frozen.
    node = await startOperator(await configFor(true), { env: {} });
    const first = await unansweredTask(7n);
    const book = await generator.publicClient.readContract({ ...tm, functionName: "attestations" });
    const attested = await waitFor("ResponseAttested", async () => {
      const logs = await generator.publicClient.getContractEvents({
        address: book,
        abi: abi.responseAttestationsAbi,
        eventName: "ResponseAttested",
        fromBlock: 0n,
      });
      return logs.find((l) => l.args.taskIndex === first.taskIndex);
    });
    assert.equal(attested.args.operator?.toLowerCase(), keys.address.toLowerCase());
    assert.equal(attested.args.operatorId, keys.operatorId);
    const events1 = await challenge(first);
    const names1 = events1.map((e) => e.eventName);
    assert.ok(names1.includes("AggregatorFault"), `events: ${names1.join(", ")}`);
    assert.ok(!names1.includes("FreezeRequested"), "no honest operator is frozen");
    // Nobody is held at fault: no fault assignment is opened at all.
    assert.ok(!names1.includes("FaultAssignmentOpened"), `events: ${names1.join(", ")}`);
    assert.ok(!names1.includes("OperatorsAtFault"), `events: ${names1.join(", ")}`);
    await node.stop();
    node = undefined;

    // 2. Attestations off: the same situation holds the operator at fault.
    node = await startOperator(await configFor(false), { env: {} });
    const second = await unansweredTask(8n);
    await new Promise((r) => setTimeout(r, 2_500)); // an attestation would have landed by now
    const events2 = await challenge(second);
    const names2 = events2.map((e) => e.eventName);
    assert.ok(!names2.includes("AggregatorFault"), `events: ${names2.join(", ")}`);
    assert.ok(names2.includes("FaultAssignmentCompleted"), `events: ${names2.join(", ")}`);
    const freeze = events2.find((e) => e.eventName === "FreezeRequested");
    assert.equal(
      (freeze?.args as { operator: string }).operator.toLowerCase(),
      keys.address.toLowerCase(),
    );
  } finally {
    await node?.stop();
    await agg.close();
    await generator.close();
    await challenger.close();
    await devnet.stop();
    await Deno.remove(dir, { recursive: true });
  }
});
