/**
 * What the operator answers and how it signs: n² (bigint, exact), or upstream's fixed wrong value
 * for `times_failing` percent of tasks; the BLS signature over the response digest.
 *
 * @module
 */
import type { Hex } from "viem";
import { type G1Point, sign } from "../bls/mod.ts";
import {
  square,
  type Task,
  type TaskResponse,
  taskResponseDigest,
  WRONG_ANSWER,
} from "../task/mod.ts";
import type { SignedTaskResponse } from "../task/signed_response.ts";

/** The answer for one task and whether it was deliberately wrong. */
export type Answer = { numberSquared: bigint; wrong: boolean };

/**
 * Squares `n`, or (with probability `timesFailing`%) returns the deliberately wrong answer. If n²
 * happens to equal the wrong constant, n² + 1 is used so a "wrong" answer is always wrong.
 */
export function answerTask(
  n: bigint,
  timesFailing: number,
  random: () => number = Math.random,
): Answer {
  const correct = square(n);
  if (timesFailing > 0 && random() * 100 < timesFailing) {
    return { numberSquared: correct === WRONG_ANSWER ? correct + 1n : WRONG_ANSWER, wrong: true };
  }
  return { numberSquared: correct, wrong: false };
}

/** Signs a task response: BLS signature of `keccak256(abi.encode(response))`. */
export function signTaskResponse(
  blsPrivateKey: bigint,
  operatorId: Hex,
  response: TaskResponse,
): SignedTaskResponse {
  const signature: G1Point = sign(blsPrivateKey, taskResponseDigest(response));
  return { taskResponse: response, blsSignature: { X: signature.X, Y: signature.Y }, operatorId };
}

/** Builds and signs the response to `task` number `taskIndex`. */
export function respondToTask(
  blsPrivateKey: bigint,
  operatorId: Hex,
  taskIndex: number,
  task: Task,
  timesFailing: number,
  random?: () => number,
): { signed: SignedTaskResponse; answer: Answer } {
  const answer = answerTask(task.numberToBeSquared, timesFailing, random);
  const signed = signTaskResponse(blsPrivateKey, operatorId, {
    referenceTaskIndex: taskIndex,
    numberSquared: answer.numberSquared,
  });
  return { signed, answer };
}
