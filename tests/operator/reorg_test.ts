/**
 * The operator across a reorganisation on a real anvil: with `confirmations`, a task whose block
 * is replaced before it is buried is skipped (its stored hash no longer matches), and the task
 * that replaced it is answered. Judged by what reached the aggregator and what the chain holds.
 */
import { strict as assert } from "node:assert";
import { join } from "node:path";
import { startDevnet } from "../../lib/devnet/devnet.ts";
import { anvilRpc } from "../../lib/devnet/anvil.ts";
import { anvilPrivateKey, devnetOperatorKeys } from "../../lib/keys/devnet_keys.ts";
import { createChainClients } from "../../lib/chain/clients.ts";
import { avsContractsOf, createNewTask, storedTaskHash } from "../../lib/avs/mod.ts";
import { loadOperatorConfig } from "../../lib/config/operator.ts";
import { type OperatorHandle, startOperator } from "../../lib/operator/node.ts";
import { operatorSettings } from "../../lib/operator/settings.ts";
import { signedTaskResponseFromWire } from "../../lib/task/signed_response.ts";
import { taskHash } from "../../lib/task/mod.ts";
import { mine } from "../e2e/helpers.ts";
import { writeOperatorConfig } from "./helpers.ts";

/** Accepts every signature and remembers the answers. */
function collectingAggregator() {
  const answers: bigint[] = [];
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, async (req) => {
    const body = await req.json();
    if (body.method === "incsq_processSignedTaskResponse") {
      answers.push(signedTaskResponseFromWire(body.params[0]).taskResponse.numberSquared);
    }
    return Response.json({ jsonrpc: "2.0", id: body.id, result: true });
  });
  return { port: server.addr.port, answers, close: () => server.shutdown() };
}

Deno.test("operator with confirmations: a reorganised-away task is skipped, its replacement answered", async () => {
  const devnet = await startDevnet();
  const dir = await Deno.makeTempDir();
  const agg = collectingAggregator();
  const keys = devnetOperatorKeys(1);
  const avs = avsContractsOf(devnet.deployment);
  let node: OperatorHandle | undefined;
  const clients: { close(): Promise<void> }[] = [];
  const generator = async () => {
    const c = await createChainClients({
      rpcUrl: devnet.rpcUrl,
      privateKey: anvilPrivateKey(9),
      pollingInterval: 50,
    });
    clients.push(c);
    return c;
  };
  try {
    const deploymentPath = join(dir, "deployment.json");
    await Deno.writeTextFile(deploymentPath, JSON.stringify(devnet.deployment));
    const path = await writeOperatorConfig(dir, "operator.yaml", {
      keys,
      devnet,
      deploymentPath,
      aggregatorPort: agg.port,
      overrides: { enable_node_api: false, confirmations: 2, attest_unanswered_responses: false },
    });
    node = await startOperator(operatorSettings(loadOperatorConfig(path, { env: {} })), {
      env: {},
    });
    const rpc = (method: string, params: unknown[] = []) => anvilRpc(devnet.rpcUrl, method, params);

    const snapshot = await rpc("evm_snapshot");
    const dropped = await createNewTask(await generator(), avs, {
      numberToBeSquared: 7n,
      quorumThresholdPercentage: 100,
      quorumNumbers: [0],
    });
    await new Promise((r) => setTimeout(r, 700)); // the operator has seen it and waits to confirm
    assert.equal(agg.answers.length, 0, "nothing answered before 2 confirmations");

    await rpc("evm_revert", [snapshot]);
    const replacing = await createNewTask(await generator(), avs, {
      numberToBeSquared: 8n,
      quorumThresholdPercentage: 100,
      quorumNumbers: [0],
    });
    assert.equal(replacing.taskIndex, dropped.taskIndex, "the same index, re-created");
    await mine(devnet.rpcUrl, 3);
    const end = Date.now() + 20_000;
    while (!agg.answers.includes(64n) && Date.now() < end) {
      await new Promise((r) => setTimeout(r, 100));
    }
    await new Promise((r) => setTimeout(r, 1_500)); // a wrong answer would have arrived by now
    assert.deepEqual(agg.answers, [64n], "only the task that stands is answered");
    const client = (await generator()) as Awaited<ReturnType<typeof generator>>;
    assert.equal(
      await storedTaskHash(client.publicClient, avs, replacing.taskIndex),
      taskHash(replacing.task),
    );
  } finally {
    await node?.stop();
    await agg.close();
    for (const c of clients) await c.close();
    await devnet.stop();
    await Deno.remove(dir, { recursive: true });
  }
});
