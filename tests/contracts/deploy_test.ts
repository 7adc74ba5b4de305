/**
 * Deploys the whole stack to a real anvil and checks, through viem, that every address in the
 * deployment answers as expected and that the result equals the committed devnet.json.
 */
import assert from "node:assert/strict";
import { type Address, createPublicClient, createWalletClient, http, parseEventLogs } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { startDevnet } from "../../lib/devnet/devnet.ts";
import { DEFAULT_DEPLOYMENT_PATH, formatDeployment } from "../../lib/devnet/deploy.ts";
import { ANVIL_ADDRESSES, ANVIL_KEYS } from "../../lib/devnet/accounts.ts";
import { parseDeployment } from "../../lib/chain/deployment.ts";
import {
  avsDirectoryAbi,
  blsApkRegistryAbi,
  delegationManagerAbi,
  incredibleSquaringServiceManagerAbi,
  incredibleSquaringTaskManagerAbi,
  indexRegistryAbi,
  operatorStateRetrieverAbi,
  registryCoordinatorAbi,
  stakeRegistryAbi,
  strategyBaseAbi,
  strategyManagerAbi,
} from "../../lib/chain/abi/mod.ts";

const same = (a: string, b: string) => assert.equal(a.toLowerCase(), b.toLowerCase());

Deno.test("deployAll on a fresh anvil reproduces contracts/deployments/devnet.json", async () => {
  const devnet = await startDevnet();
  try {
    const committed = await Deno.readTextFile(DEFAULT_DEPLOYMENT_PATH);
    // The nodes' loader accepts it.
    const loaded = parseDeployment(JSON.parse(committed), "devnet.json");
    assert.equal(
      loaded.addresses.registryCoordinator,
      devnet.deployment.addresses.registryCoordinator,
    );
    assert.equal(
      formatDeployment(devnet.deployment),
      committed,
      "devnet.json is stale: run `deno task chain` once (or deployAll with outFile) and commit it",
    );
  } finally {
    await devnet.stop();
  }
});

Deno.test("deployed contracts are wired, owned and configured as the deployment says", async () => {
  const devnet = await startDevnet();
  try {
    const { addresses: a, roles, parameters } = devnet.deployment;
    const client = createPublicClient({ transport: http(devnet.rpcUrl) });
    const read = <T>(address: Address, abi: unknown, functionName: string, args: unknown[] = []) =>
      // deno-lint-ignore no-explicit-any
      client.readContract({ address, abi: abi as any, functionName, args } as any) as Promise<T>;

    // Every listed address holds code.
    for (const [name, address] of Object.entries(a)) {
      const code = await client.getCode({ address });
      assert.ok(code && code.length > 2, `${name} (${address}) has no code`);
    }

    // Core: strategy whitelisted, backed by the mock token; DelegationManager wiring.
    assert.equal(
      await read<boolean>(
        a.strategyManager,
        strategyManagerAbi,
        "strategyIsWhitelistedForDeposit",
        [
          a.erc20MockStrategy,
        ],
      ),
      true,
    );
    same(await read<string>(a.erc20MockStrategy, strategyBaseAbi, "underlyingToken"), a.erc20Mock);
    same(
      await read<string>(a.delegationManager, delegationManagerAbi, "strategyManager"),
      a.strategyManager,
    );
    same(await read<string>(a.delegationManager, delegationManagerAbi, "slasher"), a.slasher);
    same(await read<string>(a.avsDirectory, avsDirectoryAbi, "delegation"), a.delegationManager);

    // Middleware: quorum 0 with the upstream parameters, registries and discovery chain.
    const rc = a.registryCoordinator;
    assert.equal(
      await read<number>(rc, registryCoordinatorAbi, "quorumCount"),
      parameters.quorumCount,
    );
    const setParams = await read<
      { maxOperatorCount: number; kickBIPsOfOperatorStake: number; kickBIPsOfTotalStake: number }
    >(
      rc,
      registryCoordinatorAbi,
      "getOperatorSetParams",
      [0],
    );
    assert.deepEqual(
      [
        setParams.maxOperatorCount,
        setParams.kickBIPsOfOperatorStake,
        setParams.kickBIPsOfTotalStake,
      ],
      [10_000, 15_000, 100],
    );
    same(
      await read<string>(rc, registryCoordinatorAbi, "serviceManager"),
      a.incredibleSquaringServiceManager,
    );
    same(await read<string>(rc, registryCoordinatorAbi, "stakeRegistry"), a.stakeRegistry);
    same(await read<string>(rc, registryCoordinatorAbi, "blsApkRegistry"), a.blsApkRegistry);
    same(await read<string>(rc, registryCoordinatorAbi, "indexRegistry"), a.indexRegistry);
    same(await read<string>(rc, registryCoordinatorAbi, "socketRegistry"), a.socketRegistry);
    same(await read<string>(rc, registryCoordinatorAbi, "owner"), roles.owner);
    same(
      await read<string>(rc, registryCoordinatorAbi, "ejector"),
      a.incredibleSquaringServiceManager,
    );
    same(await read<string>(a.stakeRegistry, stakeRegistryAbi, "registryCoordinator"), rc);
    same(await read<string>(a.blsApkRegistry, blsApkRegistryAbi, "registryCoordinator"), rc);
    same(await read<string>(a.indexRegistry, indexRegistryAbi, "registryCoordinator"), rc);
    assert.equal(
      await read<bigint>(a.stakeRegistry, stakeRegistryAbi, "minimumStakeForQuorum", [0]),
      0n,
    );
    const sp = await read<{ strategy: string; multiplier: bigint }>(
      a.stakeRegistry,
      stakeRegistryAbi,
      "strategyParamsByIndex",
      [0, 0n],
    );
    same(sp.strategy, a.erc20MockStrategy);
    assert.equal(sp.multiplier, 10n ** 18n);
    assert.equal(
      await read<number>(a.indexRegistry, indexRegistryAbi, "totalOperatorsForQuorum", [0]),
      0,
    );
    const state = await read<unknown[][]>(
      a.operatorStateRetriever,
      operatorStateRetrieverAbi,
      "getOperatorState",
      [rc, "0x00", devnet.deployment.readyAtBlock],
    );
    assert.deepEqual(state, [[]]);

    // AVS: discovery (RC -> ServiceManager -> TaskManager), roles, windows, veto committee.
    const sm = a.incredibleSquaringServiceManager;
    const tm = a.incredibleSquaringTaskManager;
    same(
      await read<string>(sm, incredibleSquaringServiceManagerAbi, "incredibleSquaringTaskManager"),
      tm,
    );
    same(
      await read<string>(sm, incredibleSquaringServiceManagerAbi, "avsDirectory"),
      a.avsDirectory,
    );
    same(await read<string>(sm, incredibleSquaringServiceManagerAbi, "owner"), roles.owner);
    const [members, threshold] = await read<[string[], number]>(
      sm,
      incredibleSquaringServiceManagerAbi,
      "getVetoCommittee",
    );
    assert.deepEqual(
      members.map((m) => m.toLowerCase()),
      roles.vetoCommittee.map((m) => m.toLowerCase()),
    );
    assert.equal(threshold, roles.vetoThreshold);
    assert.equal(
      await read<number>(sm, incredibleSquaringServiceManagerAbi, "vetoWindowBlock"),
      parameters.vetoWindowBlock,
    );
    same(await read<string>(tm, incredibleSquaringTaskManagerAbi, "registryCoordinator"), rc);
    same(await read<string>(tm, incredibleSquaringTaskManagerAbi, "aggregator"), roles.aggregator);
    same(
      await read<string>(tm, incredibleSquaringTaskManagerAbi, "generator"),
      roles.taskGenerator,
    );
    same(await read<string>(tm, incredibleSquaringTaskManagerAbi, "owner"), roles.owner);
    assert.equal(
      await read<number>(tm, incredibleSquaringTaskManagerAbi, "TASK_RESPONSE_WINDOW_BLOCK"),
      parameters.taskResponseWindowBlock,
    );
    assert.equal(
      await read<number>(tm, incredibleSquaringTaskManagerAbi, "TASK_CHALLENGE_WINDOW_BLOCK"),
      parameters.taskChallengeWindowBlock,
    );

    // The default roles are the PLAN's anvil accounts.
    same(roles.owner, ANVIL_ADDRESSES[0]);
    same(roles.aggregator, ANVIL_ADDRESSES[9]);
    assert.deepEqual(roles.vetoCommittee, [ANVIL_ADDRESSES[0], ANVIL_ADDRESSES[1]]);

    // The task generator can create a task right away (the chain is ready).
    const generator = createWalletClient({
      account: privateKeyToAccount(ANVIL_KEYS[9]),
      transport: http(devnet.rpcUrl),
    });
    const hash = await generator.writeContract({
      address: tm,
      abi: incredibleSquaringTaskManagerAbi,
      functionName: "createNewTask",
      args: [7n, 100, "0x00"],
      chain: null,
    });
    const receipt = await client.waitForTransactionReceipt({ hash, pollingInterval: 20 });
    const [created] = parseEventLogs({
      abi: incredibleSquaringTaskManagerAbi,
      eventName: "NewTaskCreated",
      logs: receipt.logs,
    });
    assert.equal(created.args.taskIndex, 0);
    assert.equal(created.args.task.numberToBeSquared, 7n);
  } finally {
    await devnet.stop();
  }
});

Deno.test("deployAll honours custom roles", async () => {
  const devnet = await startDevnet({
    owner: ANVIL_ADDRESSES[5],
    aggregator: ANVIL_ADDRESSES[6],
    taskGenerator: ANVIL_ADDRESSES[7],
    vetoCommittee: [ANVIL_ADDRESSES[1], ANVIL_ADDRESSES[2], ANVIL_ADDRESSES[3]],
    vetoThreshold: 2,
    vetoWindowBlock: 7,
  });
  try {
    const a = devnet.deployment.addresses;
    const client = createPublicClient({ transport: http(devnet.rpcUrl) });
    const tmOwner = await client.readContract({
      address: a.incredibleSquaringTaskManager,
      abi: incredibleSquaringTaskManagerAbi,
      functionName: "owner",
    });
    same(tmOwner, ANVIL_ADDRESSES[5]);
    const smOwner = await client.readContract({
      address: a.incredibleSquaringServiceManager,
      abi: incredibleSquaringServiceManagerAbi,
      functionName: "owner",
    });
    same(smOwner, ANVIL_ADDRESSES[5]);
    same(
      await client.readContract({
        address: a.incredibleSquaringTaskManager,
        abi: incredibleSquaringTaskManagerAbi,
        functionName: "generator",
      }),
      ANVIL_ADDRESSES[7],
    );
    const [members, threshold] = await client.readContract({
      address: a.incredibleSquaringServiceManager,
      abi: incredibleSquaringServiceManagerAbi,
      functionName: "getVetoCommittee",
    });
    assert.equal(members.length, 3);
    assert.equal(threshold, 2);
    assert.equal(devnet.deployment.parameters.vetoWindowBlock, 7);
  } finally {
    await devnet.stop();
  }
});
