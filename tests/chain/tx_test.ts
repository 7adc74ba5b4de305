/** The deprecated untyped wrappers (`sendContractTx`, `readContract`): delete with them. */
import { strict as assert } from "node:assert";
import { concat, encodeAbiParameters, encodeErrorResult, getAddress, parseAbi } from "viem";
import { startAnvil } from "../../lib/devnet/anvil.ts";
import { createChainClients } from "../../lib/chain/clients.ts";
import { readContract, sendContractTx, TxError } from "../../lib/chain/tx.ts";
import { ANVIL_KEY_0, deployRuntime } from "./helpers.ts";

const abi = parseAbi([
  "function revertWith(bytes data)",
  "error Unauthorized(address caller, uint256 code)",
]);
const errorString = (reason: string) =>
  concat(["0x08c379a0", encodeAbiParameters([{ type: "string" }], [reason])]);

Deno.test("sendContractTx / readContract decode revert reasons and custom errors", async () => {
  const anvil = await startAnvil();
  const clients = await createChainClients({
    rpcUrl: anvil.rpcUrl,
    privateKey: ANVIL_KEY_0,
    pollingInterval: 100,
  });
  try {
    const { publicClient, walletClient } = clients;
    const echo = await deployRuntime(publicClient, walletClient!, "echoRevert");
    const send = (data: `0x${string}`) =>
      sendContractTx({
        publicClient,
        walletClient: walletClient!,
        address: echo,
        abi,
        functionName: "revertWith",
        args: [data],
      });

    await assert.rejects(send(errorString("Aggregator must be the caller")), (err) => {
      assert.ok(err instanceof TxError);
      assert.equal(err.reason, "Aggregator must be the caller");
      assert.equal(err.message, "revertWith: reverted: Aggregator must be the caller");
      return true;
    });
    const who = "0x00000000000000000000000000000000000000aa";
    const custom = encodeErrorResult({ abi, errorName: "Unauthorized", args: [who, 7n] });
    await assert.rejects(send(custom), (err) => {
      assert.ok(err instanceof TxError);
      assert.equal(err.reason, `Unauthorized("${getAddress(who)}", 7)`);
      return true;
    });
    await assert.rejects(send("0x"), /revertWith: reverted/);
    await assert.rejects(
      readContract(publicClient, echo, abi, "revertWith", [errorString("view says no")]),
      /revertWith: reverted: view says no/,
    );
    // Nothing was mined by the failed sends (simulation caught them).
    assert.equal(await publicClient.getTransactionCount({ address: clients.account!.address }), 1);
  } finally {
    await clients.close();
    await anvil.stop();
  }
});
