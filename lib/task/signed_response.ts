/**
 * The JSON-RPC 2.0 wire contract between operators and the aggregator.
 *
 * Method `incsq_processSignedTaskResponse`, `params` = `[SignedTaskResponseWire]`:
 * ```json
 * {"jsonrpc":"2.0","id":1,"method":"incsq_processSignedTaskResponse","params":[{
 *   "taskResponse": {"referenceTaskIndex": 7, "numberSquared": "49"},
 *   "blsSignature": {"X": "0x…", "Y": "0x…"},
 *   "operatorId": "0x…(32 bytes)"}]}
 * ```
 * Big integers travel as decimal strings (numberSquared) or 0x hex (curve coordinates) so no
 * JSON number ever loses precision. The aggregator answers `result: true` on acceptance, or a
 * JSON-RPC error; {@link isRetryableRpcError} tells the operator whether to try again.
 *
 * @module
 */
import { z } from "zod";
import type { Hex } from "viem";
import type { TaskResponse } from "./mod.ts";

/** JSON-RPC method name for a signed task response. */
export const PROCESS_SIGNED_TASK_RESPONSE = "incsq_processSignedTaskResponse";

/** JSON-RPC error codes the aggregator uses (server-defined range). */
export const AGGREGATOR_RPC_ERRORS = {
  /** Task unknown yet or its aggregation already finished; the operator may retry. */
  taskNotReady: -32010,
  /** Operator not in the task's operator set. */
  unknownOperator: -32011,
  /** BLS signature does not verify. */
  badSignature: -32012,
  /** Same operator already signed this task. */
  duplicate: -32013,
  /**
   * The task already completed or expired: a late signature, normal when the threshold was
   * reached without it (same value as the aggregator's `taskFinished`).
   */
  taskFinished: -32015,
} as const;

// One definition per field format, shared by the schema and the hand-written check below.
const HEX32 = /^0x[0-9a-fA-F]{1,64}$/;
const DECIMAL_UINT = /^[0-9]{1,78}$/;
const OPERATOR_ID = /^0x[0-9a-fA-F]{64}$/;

const hex32 = z.string().regex(HEX32, "expected 0x-prefixed hex, at most 32 bytes");

/** Schema of the wire object (strict: unknown fields are rejected). */
export const signedTaskResponseWireSchema = z.strictObject({
  taskResponse: z.strictObject({
    referenceTaskIndex: z.int().min(0).max(0xffffffff),
    numberSquared: z.string().regex(DECIMAL_UINT, "expected a decimal uint256 string"),
  }),
  blsSignature: z.strictObject({ X: hex32, Y: hex32 }),
  operatorId: z.string().regex(OPERATOR_ID, "expected 0x-prefixed 32-byte hex"),
});

/** The JSON shape on the wire. */
export type SignedTaskResponseWire = z.input<typeof signedTaskResponseWireSchema>;

/** The decoded, typed form. */
export type SignedTaskResponse = {
  taskResponse: TaskResponse;
  blsSignature: { X: bigint; Y: bigint };
  operatorId: Hex;
};

const UINT256_MAX = (1n << 256n) - 1n;

/** Converts to the wire shape. */
export function signedTaskResponseToWire(r: SignedTaskResponse): SignedTaskResponseWire {
  const h = (v: bigint): string => `0x${v.toString(16).padStart(64, "0")}`;
  return {
    taskResponse: {
      referenceTaskIndex: r.taskResponse.referenceTaskIndex,
      numberSquared: r.taskResponse.numberSquared.toString(),
    },
    blsSignature: { X: h(r.blsSignature.X), Y: h(r.blsSignature.Y) },
    operatorId: r.operatorId.toLowerCase(),
  };
}

/** A plain object (as JSON.parse builds them) whose own keys are exactly `a` and `b` (and `c`). */
function hasExactKeys(v: unknown, a: string, b: string, c?: string): v is Record<string, unknown> {
  if (typeof v !== "object" || v === null || Object.getPrototypeOf(v) !== Object.prototype) {
    return false;
  }
  const keys = Object.keys(v);
  if (keys.length !== (c === undefined ? 2 : 3)) return false;
  for (const k of keys) if (k !== a && k !== b && k !== c) return false;
  return true;
}

/**
 * The aggregator's hot path: true when `input` is a well-formed wire object, checked by hand
 * (a few regex tests, no allocation). It accepts only what {@link signedTaskResponseWireSchema}
 * accepts, and anything unusual (another prototype, extra keys) is left to the schema, so a
 * false answer is followed by the schema's parse, whose issues name every bad field.
 */
export function isSignedTaskResponseWire(input: unknown): input is SignedTaskResponseWire {
  if (!hasExactKeys(input, "taskResponse", "blsSignature", "operatorId")) return false;
  const r = input.taskResponse;
  if (!hasExactKeys(r, "referenceTaskIndex", "numberSquared")) return false;
  const idx = r.referenceTaskIndex;
  if (typeof idx !== "number" || !Number.isSafeInteger(idx) || idx < 0 || idx > 0xffffffff) {
    return false;
  }
  if (typeof r.numberSquared !== "string" || !DECIMAL_UINT.test(r.numberSquared)) return false;
  const s = input.blsSignature;
  if (!hasExactKeys(s, "X", "Y")) return false;
  if (typeof s.X !== "string" || typeof s.Y !== "string") return false;
  if (!HEX32.test(s.X) || !HEX32.test(s.Y)) return false;
  return typeof input.operatorId === "string" && OPERATOR_ID.test(input.operatorId);
}

/**
 * Validates and decodes a wire object.
 * @throws {Error} listing each bad field (`taskResponse.numberSquared: ...`).
 */
export function signedTaskResponseFromWire(input: unknown): SignedTaskResponse {
  if (isSignedTaskResponseWire(input)) return decodeSignedTaskResponseWire(input);
  const parsed = signedTaskResponseWireSchema.safeParse(input);
  if (!parsed.success) {
    const msg = parsed.error.issues.map((i) => {
      const path = i.path.join(".") || "(params)";
      return i.code === "unrecognized_keys"
        ? `${path}: unknown field(s) ${i.keys.join(", ")}`
        : `${path}: ${i.message}`;
    }).join("; ");
    throw new Error(`invalid signed task response: ${msg}`);
  }
  return decodeSignedTaskResponseWire(parsed.data);
}

/**
 * Converts a wire object that already passed {@link signedTaskResponseWireSchema} (or
 * {@link isSignedTaskResponseWire}); the one check a regex cannot make is uint256's bound.
 * @throws {Error} when numberSquared exceeds uint256.
 */
export function decodeSignedTaskResponseWire(w: SignedTaskResponseWire): SignedTaskResponse {
  const numberSquared = BigInt(w.taskResponse.numberSquared);
  if (numberSquared > UINT256_MAX) {
    throw new Error("invalid signed task response: taskResponse.numberSquared: exceeds uint256");
  }
  return {
    taskResponse: { referenceTaskIndex: w.taskResponse.referenceTaskIndex, numberSquared },
    blsSignature: { X: BigInt(w.blsSignature.X), Y: BigInt(w.blsSignature.Y) },
    operatorId: w.operatorId.toLowerCase() as Hex,
  };
}

/** Builds the JSON-RPC request body for one signed response. */
export function processSignedTaskResponseRequest(
  id: number | string,
  r: SignedTaskResponse,
): { jsonrpc: "2.0"; id: number | string; method: string; params: [SignedTaskResponseWire] } {
  return {
    jsonrpc: "2.0",
    id,
    method: PROCESS_SIGNED_TASK_RESPONSE,
    params: [signedTaskResponseToWire(r)],
  };
}

/** True for aggregator errors worth retrying (the task-initialisation race of upstream §7.2). */
export function isRetryableRpcError(error: { code?: number; message?: string }): boolean {
  return error.code === AGGREGATOR_RPC_ERRORS.taskNotReady ||
    /not initialized or already completed/i.test(error.message ?? "");
}
