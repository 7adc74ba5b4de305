/** Network presets and the EIP-1559 fee cap (on anvil). */
import { strict as assert } from "node:assert";
import { parseAbi } from "viem";
import {
  checkNetwork,
  coreMismatches,
  networkPreset,
  NETWORKS,
  parseFeeCapGwei,
  presetForChainId,
} from "../../lib/chain/networks.ts";
import { startAnvil } from "../../lib/devnet/anvil.ts";
import { createChainClients } from "../../lib/chain/clients.ts";
import { setDefaultMaxFeePerGas, transact, TxError } from "../../lib/chain/tx.ts";
import { ANVIL_KEY_0, deployRuntime } from "./helpers.ts";

Deno.test("presets: chain ids, lookup, wrong chain named", () => {
  assert.equal(networkPreset("Sepolia").chainId, 11155111);
  assert.equal(presetForChainId(560048)?.name, "hoodi");
  assert.equal(presetForChainId(31337), undefined);
  assert.equal(
    NETWORKS.mainnet.core.delegationManager,
    "0x39053D51B77DC0d36036Fc1fCc8Cb819df8Ef37A",
  );
  assert.throws(
    () => networkPreset("holesky"),
    /unknown network "holesky" \(known: mainnet, sepolia, hoodi\)/,
  );
  assert.throws(
    () => checkNetwork(NETWORKS.hoodi, 31337, "http://x"),
    /--network hoodi is chain 560048, but http:\/\/x is chain 31337/,
  );
  checkNetwork(NETWORKS.mainnet, 1, "http://x");
});

Deno.test("core addresses are checked against the chain's preset", () => {
  assert.deepEqual(
    coreMismatches(1, { delegationManager: "0x39053d51b77dc0d36036fc1fcc8cb819df8ef37a" }),
    [],
  );
  const lines = coreMismatches(11155111, {
    avsDirectory: "0x0000000000000000000000000000000000000001",
  });
  assert.equal(lines.length, 1);
  assert.match(
    lines[0],
    /avsDirectory: sepolia's EigenLayer is 0xa789c91ECDdae96865913130B786140Ee17aF545, the AVS uses 0x0+1/,
  );
  assert.deepEqual(
    coreMismatches(31337, { avsDirectory: "0x0000000000000000000000000000000000000001" }),
    [],
  );
});

Deno.test("parseFeeCapGwei", () => {
  assert.equal(parseFeeCapGwei("30"), 30_000_000_000n);
  assert.equal(parseFeeCapGwei("1.5"), 1_500_000_000n);
  assert.throws(() => parseFeeCapGwei("0"), /must be above 0/);
  assert.throws(() => parseFeeCapGwei("lots"), /--max-fee-gwei: expected a fee in gwei/);
});

Deno.test("fee cap: nothing sent above it, maxFeePerGas clamped below it", {
  sanitizeOps: false,
  sanitizeResources: false,
}, async () => {
  const anvil = await startAnvil();
  const clients = await createChainClients({ rpcUrl: anvil.rpcUrl, privateKey: ANVIL_KEY_0 });
  try {
    const logger = await deployRuntime(clients.publicClient, clients.walletClient, "logger");
    const abi = parseAbi(["function poke(uint256 a, uint256 b, uint256 c)"]);
    const call = { address: logger, abi, functionName: "poke", args: [1n, 2n, 3n] } as const;
    const base = (await clients.publicClient.getBlock()).baseFeePerGas!;
    const nonce = await clients.publicClient.getTransactionCount({
      address: clients.account.address,
    });
    await assert.rejects(transact(clients, call, { maxFeePerGas: base / 2n }), (err: Error) => {
      assert.ok(err instanceof TxError);
      assert.equal(err.code, "send");
      assert.match(err.message, /not sent: the base fee \(.* gwei\) is above the fee cap/);
      return true;
    });
    assert.equal(
      await clients.publicClient.getTransactionCount({ address: clients.account.address }),
      nonce,
    );
    // The process-wide cap applies when a call names none.
    // Just above the base fee: the estimate (base + tip, with headroom) must be clamped.
    const cap = base + 1n;
    setDefaultMaxFeePerGas(cap);
    try {
      const receipt = await transact(clients, call);
      const tx = await clients.publicClient.getTransaction({ hash: receipt.transactionHash });
      assert.equal(tx.type, "eip1559");
      assert.equal(tx.maxFeePerGas, cap);
      assert.ok(receipt.effectiveGasPrice <= cap);
    } finally {
      setDefaultMaxFeePerGas(undefined);
    }
  } finally {
    await clients.close();
    await anvil.stop();
  }
});
