import { strict as assert } from "node:assert";
import {
  concat,
  createTestClient,
  encodeAbiParameters,
  encodeErrorResult,
  getAddress,
  http,
  parseAbi,
  parseGwei,
} from "viem";
import { startAnvil } from "../../lib/devnet/anvil.ts";
import { createChainClients, type SigningClients } from "../../lib/chain/clients.ts";
import { isNonceError, read, transact, TxError } from "../../lib/chain/tx.ts";
import { ANVIL_KEY_0, deployRuntime } from "./helpers.ts";

// The logger helper accepts any call and emits one log; the echo helper reverts with its argument.
const loggerAbi = parseAbi(["function poke(uint256 a, uint256 b, uint256 c)"]);
const echoAbi = parseAbi([
  "function revertWith(bytes data)",
  "function viewRevert(bytes data) view returns (uint256)",
  "error Unauthorized(address caller, uint256 code)",
]);
const errorString = (reason: string) =>
  concat(["0x08c379a0", encodeAbiParameters([{ type: "string" }], [reason])]);

type Ctx = {
  clients: SigningClients;
  testClient: ReturnType<typeof createTestClient>;
  logger: `0x${string}`;
  echo: `0x${string}`;
};

async function withAnvil(fn: (ctx: Ctx) => Promise<void>): Promise<void> {
  const anvil = await startAnvil();
  const clients = await createChainClients({
    rpcUrl: anvil.rpcUrl,
    privateKey: ANVIL_KEY_0,
    pollingInterval: 50,
  });
  const testClient = createTestClient({ mode: "anvil", transport: http(anvil.rpcUrl) });
  try {
    const logger = await deployRuntime(clients.publicClient, clients.walletClient, "logger");
    const echo = await deployRuntime(clients.publicClient, clients.walletClient, "echoRevert");
    await fn({ clients, testClient, logger, echo });
  } finally {
    await clients.close();
    await anvil.stop();
  }
}

async function until(cond: () => Promise<boolean>, what: string, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const poke = (logger: `0x${string}`, n: bigint) =>
  ({ address: logger, abi: loggerAbi, functionName: "poke", args: [n, 2n, 3n] }) as const;

Deno.test("transact sends every transaction with the gas margin over the estimate", async () => {
  await withAnvil(async ({ clients, logger }) => {
    const { publicClient, account } = clients;
    const call = poke(logger, 1n);
    const estimate = await publicClient.estimateContractGas({ ...call, account });
    const byDefault = await transact(clients, call);
    const sent = await publicClient.getTransaction({ hash: byDefault.transactionHash });
    assert.equal(sent.gas, estimate * 120n / 100n);
    assert.equal(byDefault.logs.length, 1);

    const wide = await transact(clients, poke(logger, 2n), { gasMarginPercent: 50 });
    assert.equal(
      (await publicClient.getTransaction({ hash: wide.transactionHash })).gas,
      estimate * 150n / 100n,
    );
  });
});

Deno.test("transact: the abort signal stops a receipt wait, the timeout ends one", async () => {
  await withAnvil(async ({ clients, testClient, logger }) => {
    await testClient.setAutomine(false);
    const controller = new AbortController();
    const started = Date.now();
    const pending = transact(clients, poke(logger, 1n), { signal: controller.signal });
    setTimeout(() => controller.abort(new Error("shutting down")), 300);
    await assert.rejects(pending, (err) => {
      assert.ok(err instanceof TxError);
      assert.equal(err.code, "aborted");
      assert.ok(err.txHash, "the hash of the sent transaction is reported");
      assert.match(err.message, /^poke: aborted while waiting for 0x/);
      return true;
    });
    assert.ok(Date.now() - started < 5_000);

    // The aborted transaction is still pending: the next one waits behind it and times out.
    await assert.rejects(transact(clients, poke(logger, 2n), { timeoutMs: 400 }), (err) => {
      assert.ok(err instanceof TxError);
      assert.equal(err.code, "timeout");
      assert.match(err.message, /no receipt for 0x[0-9a-f]+ within 400 ms/);
      return true;
    });
    // An already aborted signal sends nothing.
    const before = await clients.publicClient.getTransactionCount({
      address: clients.account.address,
      blockTag: "pending",
    });
    await assert.rejects(
      transact(clients, poke(logger, 3n), { signal: AbortSignal.abort() }),
      (err) => err instanceof TxError && err.code === "aborted",
    );
    assert.equal(
      await clients.publicClient.getTransactionCount({
        address: clients.account.address,
        blockTag: "pending",
      }),
      before,
    );
  });
});

Deno.test("transact recovers the nonce after its transaction was replaced", async () => {
  await withAnvil(async ({ clients, testClient, logger }) => {
    const { publicClient, walletClient, account } = clients;
    const nonce = await publicClient.getTransactionCount({ address: account.address });
    await testClient.setAutomine(false);
    const pending = transact(clients, poke(logger, 7n), { timeoutMs: 20_000 });
    await until(
      async () =>
        await publicClient.getTransactionCount({ address: account.address, blockTag: "pending" }) >
          nonce,
      "the transaction in the pool",
    );
    // Another sender with the same key takes the nonce with a higher fee.
    const replacement = await walletClient.sendTransaction({
      to: account.address,
      value: 0n,
      nonce,
      gas: 21_000n,
      maxFeePerGas: parseGwei("500"),
      maxPriorityFeePerGas: parseGwei("100"),
    });
    await testClient.mine({ blocks: 1 });
    await testClient.setAutomine(true);
    const receipt = await pending;
    const replaced = await publicClient.getTransactionReceipt({ hash: replacement });
    assert.equal(replaced.status, "success");
    const resent = await publicClient.getTransaction({ hash: receipt.transactionHash });
    assert.equal(resent.nonce, nonce + 1, "resent with the nonce read back from the chain");
    assert.equal(receipt.status, "success");
    assert.equal(receipt.logs.length, 1, "the call itself ended up on chain");
    assert.equal(getAddress(receipt.logs[0].address), getAddress(logger));
  });
});

Deno.test("transact resends a transaction the node dropped", async () => {
  await withAnvil(async ({ clients, testClient, logger }) => {
    const { publicClient, account } = clients;
    const nonce = await publicClient.getTransactionCount({ address: account.address });
    await testClient.setAutomine(false);
    const pending = transact(clients, poke(logger, 8n), { timeoutMs: 20_000 });
    let firstHash: `0x${string}` | undefined;
    await until(async () => {
      const block = await publicClient.getBlock({ blockTag: "pending" });
      firstHash = block.transactions[0];
      return firstHash !== undefined;
    }, "the transaction in the pool");
    await testClient.dropTransaction({ hash: firstHash! });
    assert.equal(
      await publicClient.getTransactionCount({ address: account.address, blockTag: "pending" }),
      nonce,
      "the pool is empty after the drop",
    );
    await testClient.setAutomine(true);
    // Only a resend can be mined now (the same signed bytes, so possibly the same hash).
    const receipt = await pending;
    const resent = await publicClient.getTransaction({ hash: receipt.transactionHash });
    assert.equal(resent.nonce, nonce);
    assert.equal(receipt.logs.length, 1);
  });
});

Deno.test("transact and read decode revert reasons and custom errors; nothing is sent", async () => {
  await withAnvil(async ({ clients, echo }) => {
    const before = await clients.publicClient.getTransactionCount({
      address: clients.account.address,
    });
    const send = (data: `0x${string}`) =>
      transact(clients, { address: echo, abi: echoAbi, functionName: "revertWith", args: [data] });
    await assert.rejects(send(errorString("Aggregator must be the caller")), (err) => {
      assert.ok(err instanceof TxError);
      assert.equal(err.code, "reverted");
      assert.equal(err.reason, "Aggregator must be the caller");
      assert.equal(err.message, "revertWith: reverted: Aggregator must be the caller");
      return true;
    });
    const who = "0x00000000000000000000000000000000000000aa";
    const custom = encodeErrorResult({ abi: echoAbi, errorName: "Unauthorized", args: [who, 7n] });
    await assert.rejects(send(custom), (err) => {
      assert.ok(err instanceof TxError);
      assert.equal(err.reason, `Unauthorized("${getAddress(who)}", 7)`);
      return true;
    });
    await assert.rejects(send("0x"), /^TxError: revertWith: reverted/);
    await assert.rejects(
      read(clients.publicClient, {
        address: echo,
        abi: echoAbi,
        functionName: "viewRevert",
        args: [errorString("view says no")],
      }),
      (err) => {
        assert.ok(err instanceof TxError);
        assert.equal(err.message, "viewRevert: reverted: view says no");
        return true;
      },
    );
    assert.equal(
      await clients.publicClient.getTransactionCount({ address: clients.account.address }),
      before,
    );
  });
});

Deno.test("isNonceError recognises the node's refusals of a taken nonce", async () => {
  await withAnvil(async ({ clients, testClient, logger }) => {
    const { walletClient, publicClient, account } = clients;
    await transact(clients, poke(logger, 1n));
    // A nonce already mined.
    const low = await walletClient.sendTransaction({ to: account.address, nonce: 0 }).then(
      () => undefined,
      (err: unknown) => err,
    );
    assert.ok(low, "the node refused nonce 0");
    assert.equal(isNonceError(low), true, String(low));
    // The same nonce again while the first is still pending, at the same fee.
    await testClient.setAutomine(false);
    const nonce = await publicClient.getTransactionCount({ address: account.address });
    const fees = { maxFeePerGas: parseGwei("10"), maxPriorityFeePerGas: parseGwei("1") };
    await walletClient.sendTransaction({ to: account.address, nonce, gas: 21_000n, ...fees });
    const again = await walletClient.sendTransaction({
      to: logger,
      nonce,
      gas: 50_000n,
      ...fees,
    }).then(() => undefined, (err: unknown) => err);
    assert.ok(again, "the node refused the same nonce at the same fee");
    assert.equal(isNonceError(again), true, String(again));
    // A revert is not a nonce problem.
    assert.equal(
      isNonceError(new Error("execution reverted: Aggregator must be the caller")),
      false,
    );
  });
});

Deno.test("createChainClients names the URL when the chain is unreachable", async () => {
  await assert.rejects(
    createChainClients({ rpcUrl: "http://127.0.0.1:1" }),
    /cannot reach the chain at http:\/\/127\.0\.0\.1:1/,
  );
});

// Compile-time checks: names and arguments come from the ABI.
function _typed(clients: SigningClients, logger: `0x${string}`) {
  // @ts-expect-error unknown function name
  transact(clients, { address: logger, abi: loggerAbi, functionName: "pokee", args: [1n, 2n, 3n] });
  // @ts-expect-error wrong argument type
  transact(clients, { address: logger, abi: loggerAbi, functionName: "poke", args: ["1", 2n, 3n] });
  // @ts-expect-error a view function is not a transaction
  transact(clients, { address: logger, abi: echoAbi, functionName: "viewRevert", args: ["0x"] });
  const n: Promise<bigint> = read(clients.publicClient, {
    address: logger,
    abi: echoAbi,
    functionName: "viewRevert",
    args: ["0x"],
  });
  return n;
}
