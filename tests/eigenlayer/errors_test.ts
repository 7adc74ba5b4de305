/**
 * Chain errors in plain words: require strings (M2), custom errors by name and by bare selector
 * (slashing era), checked against real reverts from anvil.
 */
import { strict as assert } from "node:assert";
import { concat, encodeAbiParameters, parseAbi } from "viem";
import { errorSelector, explainError, explainRevert } from "../../lib/eigenlayer/errors.ts";
import { startAnvil } from "../../lib/devnet/anvil.ts";
import { createChainClients } from "../../lib/chain/clients.ts";
import { transact } from "../../lib/chain/tx.ts";
import { ANVIL_KEY_0, deployRuntime } from "../chain/helpers.ts";

Deno.test("selectors match the reference list (abi-slashing-era.tsv)", () => {
  assert.equal(errorSelector("BelowMinimumStakeRequirement"), "0x40fe27c6");
  assert.equal(errorSelector("MaxOperatorCountReached"), "0xc6b9e767");
  assert.equal(errorSelector("UninitializedAllocationDelay"), "0xfa55fc81");
  assert.equal(errorSelector("OperatorNotRegistered"), "0x25ec6c1f");
});

Deno.test("require strings of both generations and custom errors are explained", () => {
  const cases: [string, string][] = [
    [
      "StakeRegistry.registerOperator: Operator does not meet minimum stake requirement for quorum",
      "minimum_stake",
    ],
    ["BelowMinimumStakeRequirement()", "minimum_stake"],
    ["reverted with unknown error 0x40fe27c6", "minimum_stake"],
    ["RegCoord.registerOperator: operator count exceeds maximum", "quorum_full"],
    ["MaxOperatorCountReached()", "quorum_full"],
    ["BLSApkRegistry.registerBLSPublicKey: public key already registered", "key_taken"],
    ["BLSApkRegistry.registerBLSPublicKey: operator already registered pubkey", "operator_has_key"],
    [
      "RegCoord._registerOperator: operator already registered for some quorums",
      "already_registered",
    ],
    [
      "AVSDirectory.registerOperatorToAVS: operator not registered to EigenLayer yet",
      "not_an_operator",
    ],
    ["OperatorNotRegistered()", "not_an_operator"],
    ["UninitializedAllocationDelay()", "allocation_delay"],
    ["0xfa55fc81", "allocation_delay"],
    ["AVSDirectory.registerOperatorToAVS: operator signature expired", "signature_expired"],
    ["Aggregator has responded to the task too late", "responded_too_late"],
    ["Task generator must be the caller", "not_generator"],
    ["Signatories do not own at least threshold percentage of a quorum", "threshold_not_met"],
  ];
  for (const [reason, id] of cases) assert.equal(explainRevert(reason)?.id, id, reason);
  assert.equal(explainRevert("something else entirely"), undefined);
  assert.equal(explainRevert("0x12345678"), undefined);
});

Deno.test("real reverts from anvil are explained with the fix", async () => {
  const anvil = await startAnvil();
  const clients = await createChainClients({ rpcUrl: anvil.rpcUrl, privateKey: ANVIL_KEY_0 });
  try {
    const echo = await deployRuntime(clients.publicClient, clients.walletClient, "echoRevert");
    const abi = parseAbi(["function revertWith(bytes data)"]);
    const send = (data: `0x${string}`) =>
      transact(clients, { address: echo, abi, functionName: "revertWith", args: [data] });
    // A custom error the caller's ABI does not know: only its selector reaches us.
    const err1 = await send(errorSelector("MaxOperatorCountReached")).catch((e) => e);
    assert.equal(explainRevert(err1)?.id, "quorum_full");
    const shown = explainError(err1).message;
    assert.match(shown, /the quorum is full/);
    assert.match(shown, /registerOperatorWithChurn|churn/);
    // An M2 require string.
    const text = "StakeRegistry.registerOperator: Operator does not meet minimum stake requirement";
    const err2 = await send(
      concat(["0x08c379a0", encodeAbiParameters([{ type: "string" }], [text])]),
    ).catch((e) => e);
    assert.match(explainError(err2).message, /below the quorum's minimum stake: deposit more/);
    // Unknown reverts stay as they were.
    const err3 = await send("0xdeadbeef").catch((e) => e);
    assert.equal(explainError(err3), err3);
  } finally {
    await clients.close();
    await anvil.stop();
  }
});
