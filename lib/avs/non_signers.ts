/**
 * Recovers the non-signer public keys of an accepted response, which `raiseAndResolveChallenge`
 * needs and no event carries. First from the `respondToTask` calldata of the transaction that
 * emitted `TaskResponded`; when the call was not top-level (a multisig or a relayer in between),
 * from the node's call trace. Either way the keys are checked against the recorded
 * `hashOfNonSigners` before use.
 *
 * @module
 */
import { type Address, decodeFunctionData, type Hex, toFunctionSelector } from "viem";
import type { ReadClient } from "../chain/clients.ts";
import { hashOfNonSigners } from "../task/mod.ts";
import { operatorId } from "../bls/mod.ts";
import { taskManagerAbi } from "./events.ts";

/** A G1 point as in calldata. */
export interface G1 {
  /** x coordinate. */
  X: bigint;
  /** y coordinate. */
  Y: bigint;
}

const RESPOND_SELECTOR = toFunctionSelector(
  "respondToTask((uint256,uint32,bytes,uint32),(uint32,uint256),(uint32[],(uint256,uint256)[],(uint256,uint256)[],(uint256[2],uint256[2]),(uint256,uint256),uint32[],uint32[],uint32[][]))",
);

/** Extracts `nonSignerPubkeys` from `respondToTask` calldata; undefined if it is another call. */
export function nonSignersFromCalldata(input: Hex): G1[] | undefined {
  if (!input.toLowerCase().startsWith(RESPOND_SELECTOR.toLowerCase())) return undefined;
  try {
    const decoded = decodeFunctionData({ abi: taskManagerAbi, data: input });
    if (decoded.functionName !== "respondToTask") return undefined;
    return decoded.args[2].nonSignerPubkeys.map((p) => ({ X: p.X, Y: p.Y }));
  } catch {
    return undefined;
  }
}

interface TraceFrame {
  to?: string;
  input?: string;
  calls?: TraceFrame[];
}

function findCall(frame: TraceFrame, to: string): Hex | undefined {
  if (
    frame.to?.toLowerCase() === to && frame.input &&
    frame.input.toLowerCase().startsWith(RESPOND_SELECTOR.toLowerCase())
  ) return frame.input as Hex;
  for (const c of frame.calls ?? []) {
    const hit = findCall(c, to);
    if (hit) return hit;
  }
  return undefined;
}

/** True when `pubkeys` hash (in order) to the recorded `hashOfNonSigners`. */
export function matchesHashOfNonSigners(
  pubkeys: readonly G1[],
  taskCreatedBlock: number,
  recorded: Hex,
): boolean {
  const ids = pubkeys.map((p) => operatorId(p));
  return hashOfNonSigners(taskCreatedBlock, ids).toLowerCase() === recorded.toLowerCase();
}

/**
 * Returns the non-signer keys of the response emitted by `txHash`, verified against
 * `hashOfNonSigners`. Throws an error saying what failed when they cannot be recovered.
 */
export async function recoverNonSigners(
  client: ReadClient,
  taskManager: Address,
  txHash: Hex,
  taskCreatedBlock: number,
  recordedHash: Hex,
): Promise<G1[]> {
  const tx = await client.getTransaction({ hash: txHash });
  let keys = nonSignersFromCalldata(tx.input);
  if (!keys) {
    try {
      const trace = await client.request({
        method: "debug_traceTransaction" as never,
        params: [txHash, { tracer: "callTracer" }] as never,
      }) as TraceFrame;
      const input = findCall(trace, taskManager.toLowerCase());
      if (input) keys = nonSignersFromCalldata(input);
    } catch {
      // Nodes without the debug namespace: nothing more to try.
    }
  }
  if (!keys) throw new Error(`no respondToTask call found in transaction ${txHash}`);
  if (!matchesHashOfNonSigners(keys, taskCreatedBlock, recordedHash)) {
    throw new Error(`non-signer keys decoded from ${txHash} do not match hashOfNonSigners`);
  }
  return keys;
}
