/**
 * ResponseAttestations (created by the TaskManager, address in `attestations()`): an operator's
 * on-chain attestation of the correct response to a task the aggregator left unanswered, the
 * fairness rule for missing responses.
 *
 * @module
 */
import type { Address, TransactionReceipt } from "viem";
import { responseAttestationsAbi } from "../chain/abi/mod.ts";
import type { ReadClient, TxSender } from "../chain/clients.ts";
import { read, transact, type TxOptions } from "../chain/tx.ts";
import type { G1Point, G2Point } from "../bls/mod.ts";
import type { Task, TaskResponse } from "../task/mod.ts";
import type { AvsContracts } from "./contracts.ts";
import { taskManagerAbi } from "./events.ts";

/** The TaskManager's ResponseAttestations contract. */
export function attestationsOf(
  client: ReadClient,
  c: Pick<AvsContracts, "taskManager">,
): Promise<Address> {
  return read(client, {
    address: c.taskManager,
    abi: taskManagerAbi,
    functionName: "attestations",
  });
}

/** Whether an operator id attested the correct response to a task. */
export function hasAttested(
  client: ReadClient,
  attestations: Address,
  taskIndex: number,
  operatorId: `0x${string}`,
): Promise<boolean> {
  return read(client, {
    address: attestations,
    abi: responseAttestationsAbi,
    functionName: "responseAttested",
    args: [taskIndex, operatorId],
  });
}

/**
 * `attestResponse(task, response, signature, pubkeyG2)` from the operator's own account, judged
 * at the pending block (it must land inside the response window).
 */
export function attestResponse(
  sender: TxSender,
  attestations: Address,
  a: { task: Task; response: TaskResponse; signature: G1Point; pubkeyG2: G2Point },
  tx?: TxOptions,
): Promise<TransactionReceipt> {
  return transact(sender, {
    address: attestations,
    abi: responseAttestationsAbi,
    functionName: "attestResponse",
    args: [
      a.task,
      a.response,
      { X: a.signature.X, Y: a.signature.Y },
      {
        X: [a.pubkeyG2.X[0], a.pubkeyG2.X[1]] as const,
        Y: [a.pubkeyG2.Y[0], a.pubkeyG2.Y[1]] as const,
      },
    ],
  }, { blockTag: "pending", ...tx });
}
