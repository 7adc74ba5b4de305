/**
 * The whole dispute path on a real devnet, driven from TypeScript through the generated ABIs:
 * three operators register with real BLS keys, the aggregator posts a wrong answer that all of
 * them signed, a challenger proves it, the veto committee saves one operator, the others are
 * frozen (ejected) after the veto window and cannot come back.
 */
import assert from "node:assert/strict";
import {
  type Address,
  createPublicClient,
  createWalletClient,
  encodeAbiParameters,
  type Hex,
  http,
  keccak256,
  parseEventLogs,
  type TransactionReceipt,
  type WalletClient,
} from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { startDevnet } from "../../lib/devnet/devnet.ts";
import { ANVIL_KEYS } from "../../lib/devnet/accounts.ts";
import {
  avsDirectoryAbi,
  blsApkRegistryAbi,
  delegationManagerAbi,
  erc20MockAbi,
  incredibleSquaringServiceManagerAbi as smAbi,
  incredibleSquaringTaskManagerAbi as tmAbi,
  operatorStateRetrieverAbi,
  registryCoordinatorAbi as rcAbi,
  strategyManagerAbi,
} from "../../lib/chain/abi/mod.ts";
import { fromG1, g1Mul, g1Sum, g2Mul, R, sign, testKey, toG1 } from "./bn254_helpers.ts";

type WriteRequest = Parameters<WalletClient["writeContract"]>[0];

Deno.test("wrong answer -> challenge -> veto one -> finalise others -> frozen and barred", async () => {
  const devnet = await startDevnet();
  try {
    const a = devnet.deployment.addresses;
    const pub = createPublicClient({ transport: http(devnet.rpcUrl) });
    const wallet = (key: Hex) =>
      createWalletClient({ account: privateKeyToAccount(key), transport: http(devnet.rpcUrl) });
    const send = async (
      key: Hex,
      address: Address,
      abi: readonly unknown[],
      functionName: string,
      args: readonly unknown[] = [],
    ): Promise<TransactionReceipt> => {
      const request = { address, abi, functionName, args, chain: null };
      const hash = await wallet(key).writeContract(request as unknown as WriteRequest);
      const r = await pub.waitForTransactionReceipt({ hash, pollingInterval: 20 });
      assert.equal(r.status, "success", `${functionName} reverted`);
      return r;
    };

    // ---- three operators (anvil #3..#5), stake 1000 each, registered in quorum 0
    const ops = [3, 4, 5].map((n, i) => ({
      key: ANVIL_KEYS[n],
      address: privateKeyToAccount(ANVIL_KEYS[n]).address,
      sk: testKey(`dispute-flow operator ${i}`),
    }));
    const stake = 1000n * 10n ** 18n;
    const register = async (op: (typeof ops)[number]) => {
      const h = await pub.readContract({
        address: a.registryCoordinator,
        abi: rcAbi,
        functionName: "pubkeyRegistrationMessageHash",
        args: [op.address],
      });
      const salt = keccak256(encodeAbiParameters([{ type: "address" }, { type: "uint256" }], [
        op.address,
        await pub.getBlockNumber(),
      ]));
      const expiry = (await pub.getBlock()).timestamp + 3600n;
      const digest = await pub.readContract({
        address: a.avsDirectory,
        abi: avsDirectoryAbi,
        functionName: "calculateOperatorAVSRegistrationDigestHash",
        args: [op.address, a.incredibleSquaringServiceManager, salt, expiry],
      });
      const signature = await privateKeyToAccount(op.key).sign({ hash: digest });
      return send(op.key, a.registryCoordinator, rcAbi, "registerOperator", [
        "0x00",
        "Not Needed",
        {
          pubkeyRegistrationSignature: toG1(fromG1(h).multiply(op.sk)),
          pubkeyG1: g1Mul(op.sk),
          pubkeyG2: g2Mul(op.sk),
        },
        { signature, salt, expiry },
      ]);
    };
    for (const op of ops) {
      await send(op.key, a.delegationManager, delegationManagerAbi, "registerAsOperator", [
        {
          __deprecated_earningsReceiver: op.address,
          delegationApprover: op.address,
          stakerOptOutWindowBlocks: 0,
        },
        "",
      ]);
      await send(op.key, a.erc20Mock, erc20MockAbi, "mint", [op.address, stake]);
      await send(op.key, a.erc20Mock, erc20MockAbi, "approve", [a.strategyManager, stake]);
      await send(op.key, a.strategyManager, strategyManagerAbi, "depositIntoStrategy", [
        a.erc20MockStrategy,
        a.erc20Mock,
        stake,
      ]);
      await register(op);
    }

    // ---- task 0: n = 3, 100 % threshold
    const generatorKey = ANVIL_KEYS[9];
    const created = await send(
      generatorKey,
      a.incredibleSquaringTaskManager,
      tmAbi,
      "createNewTask",
      [
        3n,
        100,
        "0x00",
      ],
    );
    const [{ args: { taskIndex, task } }] = parseEventLogs({
      abi: tmAbi,
      eventName: "NewTaskCreated",
      logs: created.logs,
    });

    // ---- every operator signs the wrong answer 10; the aggregator posts it
    const response = { referenceTaskIndex: taskIndex, numberSquared: 10n };
    const digest = keccak256(
      encodeAbiParameters([{ type: "uint32" }, { type: "uint256" }], [taskIndex, 10n]),
    );
    const sigma = g1Sum(ops.map((op) => sign(op.sk, digest)));
    const skSum = ops.reduce((s, op) => s + op.sk, 0n);
    const indices = await pub.readContract({
      address: a.operatorStateRetriever,
      abi: operatorStateRetrieverAbi,
      functionName: "getCheckSignaturesIndices",
      args: [a.registryCoordinator, task.taskCreatedBlock, "0x00", []],
    });
    const apk = await pub.readContract({
      address: a.blsApkRegistry,
      abi: blsApkRegistryAbi,
      functionName: "getApk",
      args: [0],
    });
    const responded = await send(
      ANVIL_KEYS[9],
      a.incredibleSquaringTaskManager,
      tmAbi,
      "respondToTask",
      [
        task,
        response,
        {
          nonSignerQuorumBitmapIndices: indices.nonSignerQuorumBitmapIndices,
          nonSignerPubkeys: [],
          quorumApks: [apk],
          apkG2: g2Mul(skSum % R),
          sigma,
          quorumApkIndices: indices.quorumApkIndices,
          totalStakeIndices: indices.totalStakeIndices,
          nonSignerStakeIndices: indices.nonSignerStakeIndices,
        },
      ],
    );
    const [{ args: { taskResponseMetadata } }] = parseEventLogs({
      abi: tmAbi,
      eventName: "TaskResponded",
      logs: responded.logs,
    });
    assert.equal(
      parseEventLogs({ abi: tmAbi, eventName: "TaskCompleted", logs: responded.logs }).length,
      1,
    );

    // ---- the challenger (anvil #2) proves it wrong: one freeze request per signer
    const challenged = await send(
      ANVIL_KEYS[2],
      a.incredibleSquaringTaskManager,
      tmAbi,
      "raiseAndResolveChallenge",
      [task, response, taskResponseMetadata, []],
    );
    const requests = parseEventLogs({
      abi: smAbi,
      eventName: "FreezeRequested",
      logs: challenged.logs,
    });
    assert.deepEqual(
      requests.map((r) => r.args.operator.toLowerCase()),
      ops.map((o) => o.address.toLowerCase()),
    );
    assert.equal(
      await pub.readContract({
        address: a.incredibleSquaringTaskManager,
        abi: tmAbi,
        functionName: "taskSuccessfullyChallenged",
        args: [taskIndex],
      }),
      true,
    );

    // ---- veto committee member anvil #1 vetoes the request against operator 1
    await send(ANVIL_KEYS[1], a.incredibleSquaringServiceManager, smAbi, "vetoFreezeRequest", [1n]);

    // ---- after the veto window anyone (here operator 2 itself) finalises the others
    const deadline = requests[0].args.vetoDeadlineBlock;
    const head = await pub.getBlockNumber();
    await pub.request({
      // deno-lint-ignore no-explicit-any
      method: "anvil_mine" as any,
      // deno-lint-ignore no-explicit-any
      params: [`0x${(BigInt(deadline) - head + 1n).toString(16)}`] as any,
    });
    for (const id of [0n, 2n]) {
      await send(
        ANVIL_KEYS[8],
        a.incredibleSquaringServiceManager,
        smAbi,
        "finalizeFreezeRequest",
        [id],
      );
    }
    const frozen = await Promise.all(ops.map((o) =>
      pub.readContract({
        address: a.incredibleSquaringServiceManager,
        abi: smAbi,
        functionName: "isFrozen",
        args: [o.address],
      })
    ));
    assert.deepEqual(frozen, [true, false, true]);
    const statuses = await Promise.all(ops.map((o) =>
      pub.readContract({
        address: a.registryCoordinator,
        abi: rcAbi,
        functionName: "getOperatorStatus",
        args: [o.address],
      })
    ));
    assert.deepEqual(statuses, [2, 1, 2]); // DEREGISTERED, REGISTERED, DEREGISTERED
    await assert.rejects(
      () =>
        pub.simulateContract({
          address: a.incredibleSquaringServiceManager,
          abi: smAbi,
          functionName: "finalizeFreezeRequest",
          args: [1n],
          account: privateKeyToAccount(ANVIL_KEYS[8]).address,
        }),
      /request is not pending/,
    );

    // ---- a frozen operator cannot register again (past the RC's same-second ejection guard)
    // deno-lint-ignore no-explicit-any
    await pub.request({ method: "evm_increaseTime" as any, params: [60] as any });
    // deno-lint-ignore no-explicit-any
    await pub.request({ method: "evm_mine" as any, params: [] as any });
    await assert.rejects(() => register(ops[0]), /operator is frozen/);
  } finally {
    await devnet.stop();
  }
});
