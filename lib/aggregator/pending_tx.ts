/**
 * Sends a contract call whose validity depends on the block it lands in, such as
 * `respondToTask` (its `checkSignatures` requires `taskCreatedBlock < block.number`). Simulation
 * and gas estimation run against the pending block, not the latest one: on an automining devnet
 * the latest block can be the task's own creation block, where the check cannot pass yet (the
 * upstream "invalid reference block" issue), although the transaction will land in the next one.
 */
import { encodeFunctionData, type Hex, type TransactionReceipt } from "viem";
import type { Abi } from "viem";
import { describeRevert, TxError } from "../chain/tx.ts";
import type { TxClients } from "./clients.ts";

/** Simulates and estimates at `pending`, sends with that gas (+20 %), waits for the receipt. */
export async function sendPendingBlockTx(
  clients: TxClients,
  address: Hex,
  abi: Abi | readonly unknown[],
  functionName: string,
  args: readonly unknown[],
): Promise<TransactionReceipt> {
  const account = clients.wallet.account;
  const data = encodeFunctionData({ abi: abi as Abi, functionName, args } as never);
  let gas: bigint;
  try {
    await clients.public.call({ account, to: address, data, blockTag: "pending" });
    gas = await clients.public.estimateGas(
      { account, to: address, data, blockTag: "pending" } as never,
    );
  } catch (err) {
    // Decode the revert reason through a simulation against the same block.
    try {
      await clients.public.simulateContract({
        account,
        address,
        abi: abi as Abi,
        functionName,
        args,
        blockTag: "pending",
      } as never);
    } catch (simErr) {
      const d = describeRevert(simErr);
      throw new TxError(functionName, d.message, { reason: d.reason, cause: simErr });
    }
    const d = describeRevert(err);
    throw new TxError(functionName, d.message, { reason: d.reason, cause: err });
  }
  let hash: Hex;
  try {
    hash = await clients.wallet.sendTransaction({ to: address, data, gas: (gas * 12n) / 10n });
  } catch (err) {
    throw new TxError(functionName, `send failed: ${describeRevert(err).message}`, { cause: err });
  }
  const receipt = await clients.public.waitForTransactionReceipt({ hash, timeout: 60_000 });
  if (receipt.status !== "success") {
    throw new TxError(
      functionName,
      `transaction ${hash} reverted in block ${receipt.blockNumber}`,
      {
        txHash: hash,
      },
    );
  }
  return receipt;
}
