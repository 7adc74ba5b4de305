/**
 * The slashing-era devnet (`startDevnet({ eigenlayer: "slashing" })`, `deno task chain
 * --eigenlayer slashing`) on a real anvil: it reproduces the committed devnet-slashing.json,
 * and the chain holds what the deployment says (operator set, registrar, appointees, delays,
 * slasher); an operator can then join through AllocationManager with a real BLS key.
 */
import assert from "node:assert/strict";
import {
  type Abi,
  type Address,
  createPublicClient,
  createWalletClient,
  encodeAbiParameters,
  type Hex,
  http,
  parseAbiItem,
} from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { startDevnet } from "../../lib/devnet/devnet.ts";
import { formatDeployment } from "../../lib/devnet/deploy.ts";
import { DEFAULT_SLASHING_DEPLOYMENT_PATH } from "../../lib/devnet/deploy_slashing.ts";
import {
  isSlashingDeployment,
  type SlashingDevnetDeployment,
} from "../../lib/devnet/deployment_types.ts";
import { ANVIL_ADDRESSES, ANVIL_KEYS } from "../../lib/devnet/accounts.ts";
import { freePort } from "../../lib/devnet/ports.ts";
import { parseDeployment } from "../../lib/chain/deployment.ts";
import {
  erc20MockAbi,
  incredibleSquaringSlashingServiceManagerAbi,
} from "../../lib/chain/abi/mod.ts";
import {
  allocationManagerAbi,
  delegationManagerAbi,
  instantSlasherAbi,
  permissionControllerAbi,
  registryCoordinatorAbi,
  stakeRegistryAbi,
  strategyManagerAbi,
  vetoableSlasherAbi,
} from "../../lib/chain/abi/slashing/mod.ts";
import { g1PublicKey, g2PublicKey, operatorId, signG1Point } from "../../lib/bls/mod.ts";

const same = (a: string, b: string) => assert.equal(a.toLowerCase(), b.toLowerCase());

async function slashingDevnet(slasherKind?: "vetoable" | "instant") {
  const devnet = await startDevnet({ eigenlayer: "slashing", slasherKind });
  const d = devnet.deployment;
  assert.ok(isSlashingDeployment(d), "deployment is not marked as slashing era");
  const client = createPublicClient({ transport: http(devnet.rpcUrl) });
  const read = <T>(address: Address, abi: unknown, functionName: string, args: unknown[] = []) =>
    // deno-lint-ignore no-explicit-any
    client.readContract({ address, abi: abi as any, functionName, args } as any) as Promise<T>;
  return { devnet, d: d as SlashingDevnetDeployment, client, read };
}

Deno.test("slashing devnet reproduces contracts/deployments/devnet-slashing.json", async () => {
  const { devnet, d } = await slashingDevnet();
  try {
    const committed = await Deno.readTextFile(DEFAULT_SLASHING_DEPLOYMENT_PATH);
    const loaded = parseDeployment(JSON.parse(committed), "devnet-slashing.json");
    assert.equal(loaded.addresses.registryCoordinator, d.addresses.registryCoordinator);
    assert.equal(
      formatDeployment(d),
      committed,
      "devnet-slashing.json is stale: run `deno task chain --eigenlayer slashing` once and commit it",
    );
  } finally {
    await devnet.stop();
  }
});

Deno.test("slashing devnet: operator set, registrar, appointees, delays and slasher on chain", async () => {
  const { devnet, d, client, read } = await slashingDevnet();
  try {
    const a = d.addresses;
    const p = d.parameters;
    const sm = a.incredibleSquaringServiceManager;
    const am = a.allocationManager;
    for (const [name, address] of Object.entries(a)) {
      const code = await client.getCode({ address });
      assert.ok(code && code.length > 2, `${name} (${address}) has no code`);
    }
    // Delays recorded in the file are the ones the core runs with.
    assert.equal(
      await read<number>(am, allocationManagerAbi, "DEALLOCATION_DELAY"),
      p.deallocationDelay,
    );
    assert.equal(
      await read<number>(am, allocationManagerAbi, "ALLOCATION_CONFIGURATION_DELAY"),
      p.allocationConfigurationDelay,
    );
    assert.equal(
      await read<number>(am, allocationManagerAbi, "SLASHER_CONFIGURATION_DELAY"),
      p.allocationConfigurationDelay,
    );
    assert.equal(
      await read<number>(a.delegationManager, delegationManagerAbi, "minWithdrawalDelayBlocks"),
      p.minWithdrawalDelayBlocks,
    );
    // Quorum 0 is operator set (SM, 0) with the strategy and our slasher.
    const set0 = { avs: sm, id: 0 };
    assert.equal(await read<boolean>(am, allocationManagerAbi, "isOperatorSet", [set0]), true);
    assert.equal(await read<bigint>(am, allocationManagerAbi, "getOperatorSetCount", [sm]), 1n);
    same(await read<string>(am, allocationManagerAbi, "getSlasher", [set0]), a.slasher);
    const strategies = await read<string[]>(
      am,
      allocationManagerAbi,
      "getStrategiesInOperatorSet",
      [
        set0,
      ],
    );
    assert.deepEqual(strategies.map((s) => s.toLowerCase()), [a.erc20MockStrategy.toLowerCase()]);
    same(
      await read<string>(am, allocationManagerAbi, "getAVSRegistrar", [sm]),
      a.registryCoordinator,
    );
    const rc = a.registryCoordinator;
    assert.equal(await read<number>(rc, registryCoordinatorAbi, "quorumCount"), 1);
    assert.equal(await read<boolean>(rc, registryCoordinatorAbi, "operatorSetsEnabled"), true);
    assert.equal(await read<bigint>(rc, registryCoordinatorAbi, "m2QuorumBitmap"), 0n);
    same(await read<string>(rc, registryCoordinatorAbi, "avs"), sm);
    same(await read<string>(rc, registryCoordinatorAbi, "serviceManager"), sm);
    same(await read<string>(rc, registryCoordinatorAbi, "owner"), d.roles.owner);
    assert.equal(
      await read<number>(a.stakeRegistry, stakeRegistryAbi, "stakeTypePerQuorum", [0]),
      1,
    );
    assert.equal(
      await read<number>(a.stakeRegistry, stakeRegistryAbi, "slashableStakeLookAheadPerQuorum", [
        0,
      ]),
      p.lookAheadBlocks,
    );
    // Appointees of the AVS account (the ServiceManager).
    const pc = a.permissionController;
    const canCall = (who: Address, selector: Hex) =>
      read<boolean>(pc, permissionControllerAbi, "canCall", [sm, who, am, selector]);
    assert.equal(await canCall(rc, "0x3dff8e7d"), true, "coordinator: createOperatorSets V2");
    assert.equal(await canCall(rc, "0x6e3492b5"), true, "coordinator: deregisterFromOperatorSets");
    assert.equal(await canCall(ANVIL_ADDRESSES[0], "0xa9821821"), true, "deployer: metadata URI");
    assert.equal(await canCall(ANVIL_ADDRESSES[0], "0xd3d96ff4"), true, "deployer: registrar");
    assert.equal(await canCall(ANVIL_ADDRESSES[5], "0x3dff8e7d"), false);
    // Metadata URI emitted by AllocationManager for the AVS.
    const uriLogs = await client.getLogs({
      address: am,
      event: parseAbiItem("event AVSMetadataURIUpdated(address indexed avs, string metadataURI)"),
      args: { avs: sm },
      fromBlock: 0n,
    });
    assert.deepEqual(uriLogs.map((l) => l.args.metadataURI), [p.avsMetadataURI]);
    // The AVS side: ServiceManager → VetoableSlasher → committee and window.
    const smAbi = incredibleSquaringSlashingServiceManagerAbi;
    same(await read<string>(sm, smAbi, "slasherContract"), a.slasher);
    assert.equal(await read<number>(sm, smAbi, "slasherKind"), 0);
    assert.equal(await read<bigint>(sm, smAbi, "wadToSlash"), BigInt(p.wadToSlash));
    same(
      await read<string>(sm, smAbi, "incredibleSquaringTaskManager"),
      a.incredibleSquaringTaskManager,
    );
    same(await read<string>(a.slasher, vetoableSlasherAbi, "slasher"), sm);
    same(
      await read<string>(a.slasher, vetoableSlasherAbi, "vetoCommittee"),
      d.roles.vetoCommittee[0],
    );
    assert.equal(
      await read<number>(a.slasher, vetoableSlasherAbi, "vetoWindowBlocks"),
      p.vetoWindowBlock,
    );
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
  } finally {
    await devnet.stop();
  }
});

Deno.test("slashing devnet: an operator joins quorum 0 through AllocationManager", async () => {
  const { devnet, d, read } = await slashingDevnet();
  try {
    const a = d.addresses;
    const op = privateKeyToAccount(ANVIL_KEYS[3]);
    const chain = {
      id: d.chainId,
      name: "devnet",
      nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
      rpcUrls: { default: { http: [devnet.rpcUrl] } },
    } as const;
    const wallet = createWalletClient({ account: op, chain, transport: http(devnet.rpcUrl) });
    const pub = createPublicClient({ chain, transport: http(devnet.rpcUrl) });
    const send = async (address: Address, abi: unknown, functionName: string, args: unknown[]) => {
      const hash = await wallet.writeContract(
        {
          address,
          abi: abi as Abi,
          functionName,
          args,
        } as Parameters<typeof wallet.writeContract>[0],
      );
      const r = await pub.waitForTransactionReceipt({ hash, pollingInterval: 20 });
      assert.equal(r.status, "success", `${functionName} reverted`);
    };
    const amount = 1000n * 10n ** 18n;
    await send(a.erc20Mock, erc20MockAbi, "mint", [op.address, amount]);
    await send(a.erc20Mock, erc20MockAbi, "approve", [a.strategyManager, amount]);
    await send(a.strategyManager, strategyManagerAbi, "depositIntoStrategy", [
      a.erc20MockStrategy,
      a.erc20Mock,
      amount,
    ]);
    await send(a.delegationManager, delegationManagerAbi, "registerAsOperator", [
      "0x0000000000000000000000000000000000000000",
      d.parameters.operatorAllocationDelay,
      "",
    ]);
    const set0 = { avs: a.incredibleSquaringServiceManager, id: 0 };
    await send(a.allocationManager, allocationManagerAbi, "modifyAllocations", [op.address, [{
      operatorSet: set0,
      strategies: [a.erc20MockStrategy],
      newMagnitudes: [5n * 10n ** 17n],
    }]]);

    const sk = 0x1234567890abcdefn;
    const h = await read<{ X: bigint; Y: bigint }>(
      a.registryCoordinator,
      registryCoordinatorAbi,
      "pubkeyRegistrationMessageHash",
      [op.address],
    );
    const pk1 = g1PublicKey(sk);
    const params = {
      pubkeyRegistrationSignature: signG1Point(sk, h),
      pubkeyG1: pk1,
      pubkeyG2: g2PublicKey(sk),
    };
    const data = encodeAbiParameters(
      [
        { type: "uint8" },
        { type: "string" },
        {
          type: "tuple",
          components: [
            {
              name: "s",
              type: "tuple",
              components: [{ name: "X", type: "uint256" }, { name: "Y", type: "uint256" }],
            },
            {
              name: "g1",
              type: "tuple",
              components: [{ name: "X", type: "uint256" }, { name: "Y", type: "uint256" }],
            },
            {
              name: "g2",
              type: "tuple",
              components: [{ name: "X", type: "uint256[2]" }, { name: "Y", type: "uint256[2]" }],
            },
          ],
        },
      ],
      [0, "localhost:9010", {
        s: params.pubkeyRegistrationSignature,
        g1: params.pubkeyG1,
        g2: params.pubkeyG2 as unknown as { X: [bigint, bigint]; Y: [bigint, bigint] },
      }],
    );
    await send(a.allocationManager, allocationManagerAbi, "registerForOperatorSets", [op.address, {
      avs: a.incredibleSquaringServiceManager,
      operatorSetIds: [0],
      data,
    }]);

    const id = operatorId(pk1);
    assert.equal(
      await read<string>(a.registryCoordinator, registryCoordinatorAbi, "getOperatorId", [
        op.address,
      ]),
      id,
    );
    assert.equal(
      await read<boolean>(a.allocationManager, allocationManagerAbi, "isMemberOfOperatorSet", [
        op.address,
        set0,
      ]),
      true,
    );
    // Half of the deposit is allocated, so half of it is the slashable stake.
    assert.equal(
      await read<bigint>(a.stakeRegistry, stakeRegistryAbi, "getCurrentStake", [id, 0]),
      amount / 2n,
    );
  } finally {
    await devnet.stop();
  }
});

Deno.test("slashing devnet with the instant slasher", async () => {
  const { devnet, d, read } = await slashingDevnet("instant");
  try {
    assert.equal(d.parameters.slasherKind, "instant");
    const sm = d.addresses.incredibleSquaringServiceManager;
    assert.equal(
      await read<number>(sm, incredibleSquaringSlashingServiceManagerAbi, "slasherKind"),
      1,
    );
    same(await read<string>(d.addresses.slasher, instantSlasherAbi, "slasher"), sm);
    same(
      await read<string>(d.addresses.allocationManager, allocationManagerAbi, "getSlasher", [{
        avs: sm,
        id: 0,
      }]),
      d.addresses.slasher,
    );
  } finally {
    await devnet.stop();
  }
});

Deno.test("slashing devnet refuses a multi-member veto committee", async () => {
  await assert.rejects(
    startDevnet({
      eigenlayer: "slashing",
      vetoCommittee: [ANVIL_ADDRESSES[0], ANVIL_ADDRESSES[1]],
    }),
    /one veto committee address/,
  );
});

Deno.test("parseChainArgs: --eigenlayer and --slasher", async () => {
  const { parseChainArgs } = await import("../../scripts/chain.ts");
  const m2 = parseChainArgs([]);
  assert.equal(m2.eigenlayer, undefined);
  assert.match(m2.out, /contracts\/deployments\/devnet\.json$/);
  const s = parseChainArgs(["--eigenlayer", "slashing", "--slasher=instant"]);
  assert.equal(s.eigenlayer, "slashing");
  assert.equal(s.slasherKind, "instant");
  assert.equal(s.out, DEFAULT_SLASHING_DEPLOYMENT_PATH);
  assert.equal(
    parseChainArgs(["--eigenlayer=slashing", "--out", "/tmp/x.json"]).out,
    "/tmp/x.json",
  );
  assert.throws(
    () => parseChainArgs(["--eigenlayer", "m3"]),
    /--eigenlayer must be m2 or slashing/,
  );
  assert.throws(
    () => parseChainArgs(["--eigenlayer", "slashing", "--slasher", "soft"]),
    /--slasher must be vetoable or instant/,
  );
  assert.throws(
    () => parseChainArgs(["--slasher", "instant"]),
    /--slasher needs --eigenlayer slashing/,
  );
});

Deno.test("deno task chain --eigenlayer slashing serves the slashing devnet until SIGINT", async () => {
  const port = await freePort();
  const out = await Deno.makeTempFile({ suffix: ".json" });
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      "scripts/chain.ts",
      "--eigenlayer",
      "slashing",
      "--port",
      String(port),
      "--out",
      out,
    ],
    cwd: new URL("../..", import.meta.url).pathname,
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  const reader = child.stdout.getReader();
  const dec = new TextDecoder();
  let text = "";
  try {
    const deadline = Date.now() + 30_000;
    while (!/Press Ctrl-C/.test(text)) {
      if (Date.now() > deadline) throw new Error(`timed out; got:\n${text}`);
      const { value, done } = await reader.read();
      if (done) throw new Error(`output ended early:\n${text}`);
      text += dec.decode(value);
    }
    assert.match(text, /slashing era, vetoable slasher/);
    const written = JSON.parse(await Deno.readTextFile(out));
    assert.equal(written.eigenlayer, "slashing");
    const committed = JSON.parse(await Deno.readTextFile(DEFAULT_SLASHING_DEPLOYMENT_PATH));
    assert.deepEqual(written.addresses, committed.addresses);
  } finally {
    child.kill("SIGINT");
    while (!(await reader.read()).done) { /* drain */ }
    assert.equal((await child.status).code, 0);
    await Deno.remove(out);
  }
});
