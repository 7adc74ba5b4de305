/**
 * The aggregator's operator-facing JSON-RPC surface: method `incsq_processSignedTaskResponse`
 * (wire schema in `lib/task/signed_response.ts`), served by Hono with body limits, plus a
 * mapping from aggregation errors to documented JSON-RPC error codes (see `docs/nodes.md`).
 */
import { Hono } from "hono";
import { z } from "zod";
import {
  AGGREGATOR_RPC_ERRORS,
  decodeSignedTaskResponseWire,
  isSignedTaskResponseWire,
  PROCESS_SIGNED_TASK_RESPONSE,
  type SignedTaskResponseWire,
  signedTaskResponseWireSchema,
} from "../task/signed_response.ts";
import {
  AggregationError,
  type AggregationErrorCode,
  type BlsAggregationService,
} from "../aggregation/mod.ts";
import type { TaskResponse } from "../task/mod.ts";
import type { G1Point } from "../bls/mod.ts";
import type { Hex } from "viem";
import {
  jsonRpcFastPath,
  jsonRpcHandlers,
  type JsonRpcOptions,
  RPC_ERRORS,
  RpcError,
  rpcErrorResponse,
  rpcMethod,
} from "../http/jsonrpc.ts";

/** Error codes of the aggregator RPC beyond the shared ones in `lib/task/signed_response.ts`. */
export const AGGREGATOR_EXTRA_RPC_ERRORS = {
  /** The operator is in the task's set but its G2 key could not be found. */
  operatorKeyUnavailable: -32014,
  /** The task already completed, expired or failed: a retry cannot succeed (replays land here). */
  taskFinished: -32015,
} as const;

const CODE_OF: Record<AggregationErrorCode, number> = {
  TASK_NOT_FOUND: AGGREGATOR_RPC_ERRORS.taskNotReady,
  TASK_FINISHED: AGGREGATOR_EXTRA_RPC_ERRORS.taskFinished,
  TASK_ALREADY_INITIALIZED: RPC_ERRORS.INTERNAL_ERROR,
  TASK_RESPONSE_MISMATCH: RPC_ERRORS.INVALID_PARAMS,
  DUPLICATE_SIGNATURE: AGGREGATOR_RPC_ERRORS.duplicate,
  EQUIVOCATION: AGGREGATOR_RPC_ERRORS.duplicate,
  OPERATOR_NOT_IN_QUORUM: AGGREGATOR_RPC_ERRORS.unknownOperator,
  OPERATOR_G2_PUBKEY_MISSING: AGGREGATOR_EXTRA_RPC_ERRORS.operatorKeyUnavailable,
  HASH_FAILED: RPC_ERRORS.INTERNAL_ERROR,
  VERIFY_FAILED: AGGREGATOR_RPC_ERRORS.badSignature,
  INCORRECT_SIGNATURE: AGGREGATOR_RPC_ERRORS.badSignature,
  STATE_LOAD_FAILED: RPC_ERRORS.INTERNAL_ERROR,
  PERSIST_FAILED: RPC_ERRORS.INTERNAL_ERROR,
  INVALID_TASK: RPC_ERRORS.INVALID_PARAMS,
};

/** The hot path's check of `params`: exactly one well-formed wire object (see signed_response). */
function isSignedTaskResponseParams(raw: unknown): raw is [SignedTaskResponseWire] {
  return Array.isArray(raw) && raw.length === 1 && isSignedTaskResponseWire(raw[0]);
}

/** Metric label of each rejection reason. */
export function rejectionReason(code: AggregationErrorCode): string {
  return code.toLowerCase();
}

/** Hooks the aggregator uses for logging and metrics. */
export interface AggregatorRpcHooks {
  /**
   * Called once a signature is accepted, before the RPC answers (metrics, logs, events). The
   * signature is already stored by then: the service's `persistAccepted` runs for each
   * verified batch, and a failed store answers with an internal error instead. Throwing here
   * turns the answer into an internal error too.
   */
  onAccepted?: (
    info: {
      taskIndex: number;
      operatorId: Hex;
      taskResponse: TaskResponse;
      blsSignature: G1Point;
    },
  ) => void;
  onRejected?: (
    info: { taskIndex: number; operatorId: string; code: string; message: string },
  ) => void;
  onCall?: (info: { method: string; ok: boolean; code?: number; ms: number }) => void;
  onInternalError?: (method: string, err: unknown) => void;
}

/** Options of {@link aggregatorRpcApp}. */
export interface AggregatorRpcOptions extends AggregatorRpcHooks {
  service: BlsAggregationService<TaskResponse>;
  maxBodyBytes: number;
}

/**
 * Builds the Hono app: `POST /` (and `POST /rpc`) serve JSON-RPC; any other route or verb gets a
 * JSON-RPC shaped 404/405 so clients never see HTML.
 */
export function aggregatorRpcApp(opts: AggregatorRpcOptions): Hono {
  const rpc: JsonRpcOptions = {
    maxBodyBytes: opts.maxBodyBytes,
    onCall: opts.onCall,
    onInternalError: opts.onInternalError,
    methods: {
      [PROCESS_SIGNED_TASK_RESPONSE]: rpcMethod(
        z.tuple([signedTaskResponseWireSchema]),
        async ([wire]) => {
          let decoded;
          try {
            // Params are validated by now (fast check or schema): only the conversion is left.
            decoded = decodeSignedTaskResponseWire(wire);
          } catch (err) {
            throw new RpcError(RPC_ERRORS.INVALID_PARAMS, (err as Error).message);
          }
          const { taskResponse, blsSignature, operatorId } = decoded;
          const taskIndex = taskResponse.referenceTaskIndex;
          try {
            await opts.service.processNewSignature(
              taskIndex,
              taskResponse,
              blsSignature,
              operatorId,
            );
          } catch (err) {
            // Not the operator's fault and nothing it should see: logged as an internal error.
            if (err instanceof AggregationError && err.code !== "PERSIST_FAILED") {
              opts.onRejected?.({ taskIndex, operatorId, code: err.code, message: err.message });
              throw new RpcError(CODE_OF[err.code], err.message, { reason: err.code });
            }
            throw err;
          }
          opts.onAccepted?.({ taskIndex, operatorId, taskResponse, blsSignature });
          return true;
        },
        { accepts: isSignedTaskResponseParams },
      ),
    },
  };
  const handlers = jsonRpcHandlers(rpc);
  const app = new Hono();
  app.post("/", ...handlers);
  app.post("/rpc", ...handlers);
  app.notFound((c) =>
    c.json(rpcErrorResponse(null, RPC_ERRORS.INVALID_REQUEST, "not found: POST JSON-RPC to /"), 404)
  );
  app.on(
    ["GET", "PUT", "DELETE", "PATCH"],
    ["/", "/rpc"],
    (c) =>
      c.json(
        rpcErrorResponse(null, RPC_ERRORS.INVALID_REQUEST, "method not allowed: use POST"),
        405,
      ),
  );
  // The operators' well-formed POSTs skip Hono's routing and context (the same answers, a few
  // µs less per signature); everything else is routed as above.
  const fast = jsonRpcFastPath(rpc, ["/", "/rpc"]);
  const routed = app.fetch;
  app.fetch = (request, ...rest) => fast(request) ?? routed(request, ...rest);
  return app;
}
