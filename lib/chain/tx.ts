/**
 * The one way to send a contract transaction ({@link transact}) and to read a contract
 * ({@link read}), typed from the `as const` ABIs in `./abi/` (viem infers `functionName`, `args`
 * and return types). Every failure becomes a {@link TxError} whose message says which call failed
 * and why (the decoded revert string or custom error when the contract gave one). The send path
 * itself (simulation, gas margin, nonce recovery) is in `send.ts`, the receipt wait in
 * `receipt.ts`, the errors in `errors.ts`.
 *
 * @module
 */
import {
  type Abi,
  type ContractFunctionArgs,
  type ContractFunctionName,
  type ContractFunctionParameters,
  encodeFunctionData,
  type EncodeFunctionDataParameters,
  type ReadContractParameters,
  type ReadContractReturnType,
  type TransactionReceipt,
} from "viem";
import type { ReadClient, TxSender } from "./clients.ts";
import { describeRevert, TxError } from "./errors.ts";
import { transactEncoded, type TxOptions } from "./send.ts";

export { describeRevert, isNonceError, TxError, type TxErrorCode } from "./errors.ts";
export { waitForReceipt, type WaitForReceiptParameters } from "./receipt.ts";
export {
  DEFAULT_GAS_MARGIN_PERCENT,
  type EncodedCall,
  setDefaultMaxFeePerGas,
  type TxOptions,
} from "./send.ts";

/** State-changing functions of an ABI. */
export type WriteMutability = "nonpayable" | "payable";

/**
 * A contract write, typed from its ABI: `functionName` and `args` are checked against it.
 * `value` is the wei sent along (payable functions).
 */
export type WriteCall<
  abi extends Abi | readonly unknown[] = Abi,
  functionName extends ContractFunctionName<abi, WriteMutability> = ContractFunctionName<
    abi,
    WriteMutability
  >,
  args extends ContractFunctionArgs<abi, WriteMutability, functionName> = ContractFunctionArgs<
    abi,
    WriteMutability,
    functionName
  >,
> = ContractFunctionParameters<abi, WriteMutability, functionName, args> & { value?: bigint };

/**
 * Sends a contract transaction and waits for its successful receipt: simulate (decoded revert),
 * estimate gas, send with the gas margin, wait for the receipt (timeout, abort signal), with one
 * nonce recovery. The call is typed from the ABI.
 * @throws {TxError}
 */
export function transact<
  const abi extends Abi | readonly unknown[],
  functionName extends ContractFunctionName<abi, WriteMutability>,
  const args extends ContractFunctionArgs<abi, WriteMutability, functionName>,
>(
  sender: TxSender,
  call: WriteCall<abi, functionName, args>,
  options: TxOptions = {},
): Promise<TransactionReceipt> {
  return transactEncoded(sender, {
    address: call.address,
    functionName: call.functionName,
    abi: call.abi as Abi,
    data: encodeFunctionData(
      {
        abi: call.abi,
        functionName: call.functionName,
        args: call.args,
      } as EncodeFunctionDataParameters,
    ),
    args: (call.args ?? []) as readonly unknown[],
    value: call.value,
  }, options);
}

/** View and pure functions of an ABI. */
export type ReadMutability = "pure" | "view";

/**
 * A typed contract read (optionally at `blockNumber`), with the revert reason decoded into a
 * {@link TxError}. Names, arguments and the return type are inferred from the ABI.
 * @throws {TxError}
 */
export async function read<
  const abi extends Abi | readonly unknown[],
  functionName extends ContractFunctionName<abi, ReadMutability>,
  const args extends ContractFunctionArgs<abi, ReadMutability, functionName>,
>(
  client: ReadClient,
  call: ReadContractParameters<abi, functionName, args>,
): Promise<ReadContractReturnType<abi, functionName, args>> {
  try {
    return await client.readContract(call);
  } catch (err) {
    const d = describeRevert(err);
    throw new TxError(call.functionName, d.message, { reason: d.reason, cause: err });
  }
}
