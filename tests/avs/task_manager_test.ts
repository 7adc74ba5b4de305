/** The AVS's TaskManager and ServiceManager I/O against a real devnet. */
import assert from "node:assert/strict";
import { getAddress } from "viem";
import { startDevnet } from "../../lib/devnet/devnet.ts";
import { ANVIL_ADDRESSES, ANVIL_KEYS } from "../../lib/devnet/accounts.ts";
import { createChainClients } from "../../lib/chain/clients.ts";
import { TxError } from "../../lib/chain/tx.ts";
import {
  aggregatorOf,
  avsContractsOf,
  challengeWindowBlocks,
  createNewTask,
  decodeAvsEvent,
  followTaskManager,
  generatorOf,
  isFrozen,
  isTaskAnswered,
  listFreezeRequests,
  nextTaskIndex,
  raiseNoResponseChallenge,
  respondToTask,
  responseWindowBlocks,
  storedTaskHash,
  taskFromEvent,
  type TaskManagerLog,
  vetoCommittee,
} from "../../lib/avs/mod.ts";
import { taskHash } from "../../lib/task/mod.ts";

Deno.test("avs: create tasks, read them back from receipts, events and storage", async () => {
  const devnet = await startDevnet();
  const d = devnet.deployment;
  const c = avsContractsOf(d);
  // anvil #9 is the devnet's aggregator and task generator.
  const gen = await createChainClients({
    rpcUrl: devnet.rpcUrl,
    privateKey: ANVIL_KEYS[9],
    pollingInterval: 100,
  });
  const other = await createChainClients({
    rpcUrl: devnet.rpcUrl,
    privateKey: ANVIL_KEYS[1],
    pollingInterval: 100,
  });
  const client = gen.publicClient;
  const seen: TaskManagerLog<"NewTaskCreated">[] = [];
  const follower = followTaskManager({
    client,
    taskManager: c.taskManager,
    eventName: "NewTaskCreated",
    fromBlock: 0n,
    pollIntervalMs: 100,
    onLog: (l) => void seen.push(l),
  });
  try {
    assert.equal(getAddress(await aggregatorOf(client, c)), ANVIL_ADDRESSES[9]);
    assert.equal(getAddress(await generatorOf(client, c)), ANVIL_ADDRESSES[9]);
    assert.equal(await responseWindowBlocks(client, c), d.parameters.taskResponseWindowBlock);
    assert.equal(await challengeWindowBlocks(client, c), d.parameters.taskChallengeWindowBlock);
    assert.equal(await nextTaskIndex(client, c), 0);

    const created = await createNewTask(gen, c, {
      numberToBeSquared: 7n,
      quorumThresholdPercentage: 100,
      quorumNumbers: [0],
    });
    assert.equal(created.taskIndex, 0);
    assert.deepEqual(created.task, {
      numberToBeSquared: 7n,
      taskCreatedBlock: Number(created.blockNumber),
      quorumNumbers: "0x00",
      quorumThresholdPercentage: 100,
    });
    assert.equal(await storedTaskHash(client, c, 0), taskHash(created.task));
    assert.equal(await nextTaskIndex(client, c), 1);
    assert.equal(await isTaskAnswered(client, c, 0), false);

    // The follower delivers the same task, rebuilt by the same function.
    await follower.ready;
    const end = Date.now() + 10_000;
    while (seen.length < 1 && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
    assert.equal(seen.length, 1);
    assert.equal(seen[0].args.taskIndex, 0);
    assert.deepEqual(taskFromEvent(seen[0].args), created.task);

    // Logs decode by name from the combined ABI.
    const receipt = await client.getTransactionReceipt({ hash: created.txHash });
    const decoded = decodeAvsEvent(receipt.logs[0]);
    assert.equal(decoded.eventName, "NewTaskCreated");

    // Only the generator creates; only the aggregator responds; too early to challenge.
    await assert.rejects(
      createNewTask(other, c, {
        numberToBeSquared: 1n,
        quorumThresholdPercentage: 100,
        quorumNumbers: [0],
      }),
      (err) => err instanceof TxError && err.code === "reverted" && !!err.reason,
    );
    await assert.rejects(
      respondToTask(other, c, created.task, { referenceTaskIndex: 0, numberSquared: 49n }, {
        nonSignerQuorumBitmapIndices: [],
        nonSignerPubkeys: [],
        quorumApks: [],
        apkG2: { X: [0n, 0n], Y: [0n, 0n] },
        sigma: { X: 0n, Y: 0n },
        quorumApkIndices: [],
        totalStakeIndices: [],
        nonSignerStakeIndices: [],
      }),
      (err) => err instanceof TxError && err.code === "reverted" && !!err.reason,
    );
    await assert.rejects(
      raiseNoResponseChallenge(other, c, 0, created.task),
      (err) => err instanceof TxError && err.code === "reverted" && !!err.reason,
    );
    assert.equal(await nextTaskIndex(client, c), 1, "the refused transactions changed nothing");

    // Freeze requests and the committee.
    assert.deepEqual(await listFreezeRequests(client, c, { all: true }), []);
    const committee = await vetoCommittee(client, c);
    assert.deepEqual(
      committee.members.map((m) => getAddress(m)),
      d.roles.vetoCommittee.map((m) => getAddress(m)),
    );
    assert.equal(committee.threshold, d.roles.vetoThreshold);
    assert.equal(await isFrozen(client, c, ANVIL_ADDRESSES[1]), false);
  } finally {
    await follower.stop();
    await gen.close();
    await other.close();
    await devnet.stop();
  }
});
