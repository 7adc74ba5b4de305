/**
 * The dispute path on the slashing-era devnet, driven from TypeScript through the generated
 * ABIs: three operators join quorum 0 through AllocationManager with real BLS keys and their
 * whole stake allocated, the aggregator posts a wrong answer they all signed, the challenge
 * queues one slashing request per signer on the VetoableSlasher, the committee cancels one, and
 * after the veto window the others are fulfilled: the operators' shares and stake really drop.
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
import { isSlashingDeployment } from "../../lib/devnet/deployment_types.ts";
import { ANVIL_KEYS } from "../../lib/devnet/accounts.ts";
import {
  blsApkRegistryAbi,
  erc20MockAbi,
  incredibleSquaringSlashingServiceManagerAbi as smAbi,
  incredibleSquaringTaskManagerAbi as tmAbi,
  operatorStateRetrieverAbi,
} from "../../lib/chain/abi/mod.ts";
import {
  allocationManagerAbi,
  delegationManagerAbi,
  registryCoordinatorAbi as rcAbi,
  stakeRegistryAbi,
  strategyManagerAbi,
  vetoableSlasherAbi,
} from "../../lib/chain/abi/slashing/mod.ts";
import { fromG1, g1Mul, g1Sum, g2Mul, R, sign, testKey, toG1 } from "./bn254_helpers.ts";

type WriteRequest = Parameters<WalletClient["writeContract"]>[0];

const PUBKEY_PARAMS = {
  type: "tuple",
  components: [
    {
      name: "pubkeyRegistrationSignature",
      type: "tuple",
      components: [{ name: "X", type: "uint256" }, { name: "Y", type: "uint256" }],
    },
    {
      name: "pubkeyG1",
      type: "tuple",
      components: [{ name: "X", type: "uint256" }, { name: "Y", type: "uint256" }],
    },
    {
      name: "pubkeyG2",
      type: "tuple",
      components: [{ name: "X", type: "uint256[2]" }, { name: "Y", type: "uint256[2]" }],
    },
  ],
} as const;

Deno.test("slashing era: wrong answer -> challenge -> requests -> one vetoed, two fulfilled", async () => {
  const devnet = await startDevnet({ eigenlayer: "slashing" });
  try {
    const d = devnet.deployment;
    assert.ok(isSlashingDeployment(d));
    const a = d.addresses;
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
    const sm = a.incredibleSquaringServiceManager;
    const set0 = { avs: sm, id: 0 };

    // ---- three operators (anvil #3..#5): 1000 tokens each, all allocated to quorum 0
    const ops = [3, 4, 5].map((n, i) => ({
      key: ANVIL_KEYS[n],
      address: privateKeyToAccount(ANVIL_KEYS[n]).address,
      sk: testKey(`slashing dispute-flow operator ${i}`),
    }));
    const stake = 1000n * 10n ** 18n;
    for (const op of ops) {
      await send(op.key, a.erc20Mock, erc20MockAbi, "mint", [op.address, stake]);
      await send(op.key, a.erc20Mock, erc20MockAbi, "approve", [a.strategyManager, stake]);
      await send(op.key, a.strategyManager, strategyManagerAbi, "depositIntoStrategy", [
        a.erc20MockStrategy,
        a.erc20Mock,
        stake,
      ]);
      await send(op.key, a.delegationManager, delegationManagerAbi, "registerAsOperator", [
        "0x0000000000000000000000000000000000000000",
        d.parameters.operatorAllocationDelay,
        "",
      ]);
      await send(op.key, a.allocationManager, allocationManagerAbi, "modifyAllocations", [
        op.address,
        [{ operatorSet: set0, strategies: [a.erc20MockStrategy], newMagnitudes: [10n ** 18n] }],
      ]);
      const h = await pub.readContract({
        address: a.registryCoordinator,
        abi: rcAbi,
        functionName: "pubkeyRegistrationMessageHash",
        args: [op.address],
      });
      const data = encodeAbiParameters([{ type: "uint8" }, { type: "string" }, PUBKEY_PARAMS], [
        0,
        "Not Needed",
        {
          pubkeyRegistrationSignature: toG1(fromG1(h).multiply(op.sk)),
          pubkeyG1: g1Mul(op.sk),
          pubkeyG2: g2Mul(op.sk),
        },
      ]);
      await send(op.key, a.allocationManager, allocationManagerAbi, "registerForOperatorSets", [
        op.address,
        { avs: sm, operatorSetIds: [0], data },
      ]);
    }
    assert.equal(
      await pub.readContract({
        address: a.stakeRegistry,
        abi: stakeRegistryAbi,
        functionName: "getCurrentTotalStake",
        args: [0],
      }),
      3n * stake,
    );

    // ---- task 0 (n = 3), everyone signs the wrong answer 10, the aggregator posts it
    const created = await send(
      ANVIL_KEYS[9],
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
    const response = { referenceTaskIndex: taskIndex, numberSquared: 10n };
    const digest = keccak256(
      encodeAbiParameters([{ type: "uint32" }, { type: "uint256" }], [taskIndex, 10n]),
    );
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
          apkG2: g2Mul(ops.reduce((s, op) => s + op.sk, 0n) % R),
          sigma: g1Sum(ops.map((op) => sign(op.sk, digest))),
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

    // ---- the challenge queues one slashing request per signer
    const challenged = await send(
      ANVIL_KEYS[2],
      a.incredibleSquaringTaskManager,
      tmAbi,
      "raiseAndResolveChallenge",
      [task, response, taskResponseMetadata, []],
    );
    const queued = parseEventLogs({
      abi: vetoableSlasherAbi,
      eventName: "SlashingRequested",
      logs: challenged.logs,
    });
    assert.deepEqual(
      queued.map((e) => [e.args.requestId, e.args.operator.toLowerCase(), e.args.operatorSetId]),
      ops.map((o, i) => [BigInt(i), o.address.toLowerCase(), 0]),
    );
    assert.deepEqual(queued.map((e) => e.args.wadsToSlash), ops.map(() => [10n ** 17n]));
    const linked = parseEventLogs({
      abi: smAbi,
      eventName: "OperatorSlashingRequested",
      logs: challenged.logs,
    });
    assert.deepEqual(linked.map((e) => e.args.taskIndex), [taskIndex, taskIndex, taskIndex]);

    // ---- the committee (anvil #1) cancels the request against operator 1
    await send(ANVIL_KEYS[1], a.slasher, vetoableSlasherAbi, "cancelSlashingRequest", [1n]);

    // ---- after the window anyone fulfils the other two through the ServiceManager
    const head = await pub.getBlockNumber();
    const fulfilFrom = challenged.blockNumber + BigInt(d.parameters.vetoWindowBlock);
    await pub.request({
      // deno-lint-ignore no-explicit-any
      method: "anvil_mine" as any,
      // deno-lint-ignore no-explicit-any
      params: [`0x${(fulfilFrom - head - 1n).toString(16)}`] as any,
    });
    for (const id of [0n, 2n]) {
      await send(ANVIL_KEYS[8], sm, smAbi, "fulfillSlashingRequest", [id]);
    }
    await assert.rejects(
      () =>
        pub.simulateContract({
          address: sm,
          // The slasher's errors bubble up through the ServiceManager.
          abi: [...smAbi, ...vetoableSlasherAbi.filter((item) => item.type === "error")],
          functionName: "fulfillSlashingRequest",
          args: [1n],
          account: privateKeyToAccount(ANVIL_KEYS[8]).address,
        }),
      /SlashingRequestIsCancelled/,
    );

    const shares = await Promise.all(ops.map((o) =>
      pub.readContract({
        address: a.delegationManager,
        abi: delegationManagerAbi,
        functionName: "operatorShares",
        args: [o.address, a.erc20MockStrategy],
      })
    ));
    assert.deepEqual(shares, [stake * 9n / 10n, stake, stake * 9n / 10n]);
    assert.equal(
      await pub.readContract({
        address: a.stakeRegistry,
        abi: stakeRegistryAbi,
        functionName: "getCurrentTotalStake",
        args: [0],
      }),
      stake * 28n / 10n,
    );
  } finally {
    await devnet.stop();
  }
});
