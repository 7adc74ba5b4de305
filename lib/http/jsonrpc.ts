/**
 * A small JSON-RPC 2.0 endpoint for Hono: content-type check, body limit (Hono's own
 * `bodyLimit` middleware), request shape validation, method dispatch with zod-validated params
 * and error mapping. Generic: the aggregator's single method is the only AVS-specific part.
 *
 * @module
 */
import type { Context, Handler, MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { z } from "zod";

/** Standard JSON-RPC 2.0 error codes. */
export const RPC_ERRORS = {
  PARSE_ERROR: -32700,
  INVALID_REQUEST: -32600,
  METHOD_NOT_FOUND: -32601,
  INVALID_PARAMS: -32602,
  INTERNAL_ERROR: -32603,
} as const;

/** An error a method handler throws to answer with a specific JSON-RPC error object. */
export class RpcError extends Error {
  /** JSON-RPC error code. */
  readonly code: number;
  /** Optional structured `data` member. */
  readonly data?: unknown;

  /** Builds an error answered as `{code, message, data}`. */
  constructor(code: number, message: string, data?: unknown) {
    super(message);
    this.name = "RpcError";
    this.code = code;
    this.data = data;
  }
}

/** JSON-RPC request id: string, number or null. */
export type RpcId = string | number | null;

/** One method: a params schema and a handler receiving the parsed params. */
export interface RpcMethod<S extends z.ZodType = z.ZodType> {
  params: S;
  handler: (params: z.output<S>) => Promise<unknown> | unknown;
  /**
   * Optional hand-written check for a hot method: true only for raw params that `params`
   * accepts unchanged (the schema has no transforms or defaults for them). Those go to the
   * handler as they are; anything else is parsed by `params`, whose issues make the error.
   */
  accepts?: (raw: unknown) => boolean;
}

/**
 * Declares a method with its params schema so the handler sees the parsed params' type;
 * `options.accepts` is the optional fast check of {@link RpcMethod.accepts}.
 */
export function rpcMethod<S extends z.ZodType>(
  params: S,
  handler: (params: z.output<S>) => Promise<unknown> | unknown,
  options: { accepts?: (raw: unknown) => raw is z.output<S> } = {},
): RpcMethod {
  return { params, handler: handler as RpcMethod["handler"], accepts: options.accepts };
}

/** Options of {@link jsonRpcHandlers}. */
export interface JsonRpcOptions {
  /** Methods by name. */
  methods: Record<string, RpcMethod>;
  /** Largest accepted body in bytes. */
  maxBodyBytes: number;
  /** Largest accepted batch. */
  maxBatch?: number;
  /** Called for every handled call (metrics, logs). */
  onCall?: (info: { method: string; ok: boolean; code?: number; ms: number }) => void;
  /** Called when a handler throws something that is not an {@link RpcError}. */
  onInternalError?: (method: string, err: unknown) => void;
}

interface RpcErrorObject {
  code: number;
  message: string;
  data?: unknown;
}

type RpcResponse =
  | { jsonrpc: "2.0"; id: RpcId; result: unknown }
  | { jsonrpc: "2.0"; id: RpcId; error: RpcErrorObject };

const DEFAULT_MAX_BATCH = 20;

/** Builds the JSON-RPC error envelope. */
export function rpcErrorResponse(id: RpcId, code: number, message: string, data?: unknown) {
  const error: RpcErrorObject = { code, message };
  if (data !== undefined) error.data = data;
  return { jsonrpc: "2.0" as const, id, error };
}

/** Human text for a zod issue list: `params.signature.X: expected string`. */
export function describeZodIssues(issues: readonly z.core.$ZodIssue[]): string {
  return issues.slice(0, 5).map((i) => {
    const path = i.path.length ? `params.${i.path.map(String).join(".")}` : "params";
    return `${path}: ${i.message}`;
  }).join("; ");
}

function isValidId(id: unknown): id is RpcId {
  return id === null || typeof id === "string" ||
    (typeof id === "number" && Number.isFinite(id));
}

async function handleOne(
  call: unknown,
  opts: JsonRpcOptions,
): Promise<RpcResponse | undefined> {
  if (typeof call !== "object" || call === null || Array.isArray(call)) {
    return rpcErrorResponse(
      null,
      RPC_ERRORS.INVALID_REQUEST,
      "invalid request: expected an object",
    );
  }
  const obj = call as Record<string, unknown>;
  const hasId = "id" in obj;
  const id: RpcId = isValidId(obj.id) ? obj.id : null;
  if (hasId && !isValidId(obj.id)) {
    return rpcErrorResponse(
      null,
      RPC_ERRORS.INVALID_REQUEST,
      "invalid request: id must be a string, a number or null",
    );
  }
  if (obj.jsonrpc !== "2.0") {
    return rpcErrorResponse(
      id,
      RPC_ERRORS.INVALID_REQUEST,
      'invalid request: jsonrpc must be "2.0"',
    );
  }
  if (typeof obj.method !== "string" || obj.method.length === 0) {
    return rpcErrorResponse(
      id,
      RPC_ERRORS.INVALID_REQUEST,
      "invalid request: method must be a string",
    );
  }
  const method = obj.method;
  const started = performance.now();
  const report = (ok: boolean, code?: number) =>
    opts.onCall?.({ method, ok, code, ms: performance.now() - started });
  const entry = Object.hasOwn(opts.methods, method) ? opts.methods[method] : undefined;
  if (!entry) {
    report(false, RPC_ERRORS.METHOD_NOT_FOUND);
    if (!hasId) return undefined;
    return rpcErrorResponse(
      id,
      RPC_ERRORS.METHOD_NOT_FOUND,
      `method not found: ${method.slice(0, 100)}`,
    );
  }
  let params: unknown = obj.params;
  if (!entry.accepts?.(params)) {
    const parsed = entry.params.safeParse(params);
    if (!parsed.success) {
      report(false, RPC_ERRORS.INVALID_PARAMS);
      if (!hasId) return undefined;
      return rpcErrorResponse(
        id,
        RPC_ERRORS.INVALID_PARAMS,
        `invalid params: ${describeZodIssues(parsed.error.issues)}`,
      );
    }
    params = parsed.data;
  }
  try {
    const result = await entry.handler(params);
    report(true);
    return hasId ? { jsonrpc: "2.0", id, result: result ?? null } : undefined;
  } catch (err) {
    if (err instanceof RpcError) {
      report(false, err.code);
      return hasId ? rpcErrorResponse(id, err.code, err.message, err.data) : undefined;
    }
    report(false, RPC_ERRORS.INTERNAL_ERROR);
    opts.onInternalError?.(method, err);
    return hasId ? rpcErrorResponse(id, RPC_ERRORS.INTERNAL_ERROR, "internal error") : undefined;
  }
}

/**
 * The handlers serving JSON-RPC 2.0 over HTTP POST, to spread into a Hono route
 * (`app.post("/", ...jsonRpcHandlers(opts))`): a content-type check, the body limit, then the
 * dispatcher. HTTP statuses: 200 for every JSON-RPC answer (errors included), 204 for
 * notifications, 413 for oversized bodies, 415 for a non-JSON content type; the latter two still
 * carry a JSON-RPC error body.
 */
export function jsonRpcHandlers(
  opts: JsonRpcOptions,
): [MiddlewareHandler, MiddlewareHandler, Handler] {
  return [requireJsonContentType, jsonRpcBodyLimit(opts.maxBodyBytes), jsonRpcDispatcher(opts)];
}

/** A JSON content type, with or without parameters. */
const JSON_CONTENT_TYPE = /^application\/json\s*(;|$)/i;
/** A plain decimal `content-length` (the fast path takes no other). */
const DECLARED_LENGTH = /^[0-9]{1,15}$/;

const requireJsonContentType: MiddlewareHandler = async (c, next) => {
  const contentType = c.req.header("content-type") ?? "";
  if (!JSON_CONTENT_TYPE.test(contentType)) {
    return c.json(
      rpcErrorResponse(
        null,
        RPC_ERRORS.INVALID_REQUEST,
        "invalid request: content-type must be application/json",
      ),
      415,
    );
  }
  return await next();
};

/**
 * The body limit (Hono's `bodyLimit`: a declared `content-length` is judged from the header
 * alone, a streamed body is counted and cut off at the limit), answering with a JSON-RPC error
 * body.
 */
export function jsonRpcBodyLimit(maxBodyBytes: number): MiddlewareHandler {
  return bodyLimit({
    maxSize: maxBodyBytes,
    onError: (c: Context) =>
      c.json(
        rpcErrorResponse(
          null,
          RPC_ERRORS.INVALID_REQUEST,
          `invalid request: body exceeds ${maxBodyBytes} bytes`,
        ),
        413,
      ),
  });
}

/** Parses and dispatches an already size-limited JSON body. */
function jsonRpcDispatcher(opts: JsonRpcOptions): Handler {
  const answer = bodyAnswerer(opts);
  return async (c: Context) => {
    const a = await answer(await c.req.arrayBuffer());
    return a === undefined ? c.body(null, 204) : c.json(a);
  };
}

/**
 * The JSON-RPC answer to a request body: the value to send as JSON (status 200), or undefined
 * when there is nothing to answer (notifications only: status 204).
 */
function bodyAnswerer(opts: JsonRpcOptions): (bytes: ArrayBuffer) => Promise<unknown> {
  const maxBatch = opts.maxBatch ?? DEFAULT_MAX_BATCH;
  const utf8 = new TextDecoder("utf-8", { fatal: true });
  return async (bytes) => {
    let text: string;
    try {
      text = utf8.decode(bytes);
    } catch {
      return rpcErrorResponse(null, RPC_ERRORS.PARSE_ERROR, "parse error: body is not valid UTF-8");
    }
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return rpcErrorResponse(null, RPC_ERRORS.PARSE_ERROR, "parse error: body is not valid JSON");
    }
    if (Array.isArray(body)) {
      if (body.length === 0) {
        return rpcErrorResponse(null, RPC_ERRORS.INVALID_REQUEST, "invalid request: empty batch");
      }
      if (body.length > maxBatch) {
        return rpcErrorResponse(
          null,
          RPC_ERRORS.INVALID_REQUEST,
          `invalid request: batch larger than ${maxBatch} calls`,
        );
      }
      const answers: RpcResponse[] = [];
      // Sequential on purpose: calls in one batch may depend on each other's effects.
      for (const call of body) {
        const r = await handleOne(call, opts);
        if (r) answers.push(r);
      }
      return answers.length ? answers : undefined;
    }
    return await handleOne(body, opts);
  };
}

const JSON_HEADERS = { "content-type": "application/json" };

/**
 * The common request without Hono's routing and context (the aggregator's hot path): a POST to
 * one of `paths` with a JSON content type and a declared `content-length` within the limit is
 * answered here exactly as {@link jsonRpcHandlers} would answer it. Anything else (another path
 * or verb, a streamed or oversized body, another content type) gives undefined: the caller hands
 * the request to its Hono app, whose handlers produce the usual answers and errors.
 */
export function jsonRpcFastPath(
  opts: JsonRpcOptions,
  paths: readonly string[],
): (req: Request) => Promise<Response> | undefined {
  const answer = bodyAnswerer(opts);
  const served = new Set(paths);
  return (req) => {
    if (req.method !== "POST" || !served.has(pathOf(req.url))) return undefined;
    const headers = req.headers;
    const length = headers.get("content-length");
    if (
      length === null || !DECLARED_LENGTH.test(length) || Number(length) > opts.maxBodyBytes ||
      headers.has("transfer-encoding") || !JSON_CONTENT_TYPE.test(headers.get("content-type") ?? "")
    ) {
      return undefined;
    }
    return req.arrayBuffer().then(answer).then((a) =>
      a === undefined
        ? new Response(null, { status: 204 })
        : new Response(JSON.stringify(a), { headers: JSON_HEADERS })
    );
  };
}

/** The path of an absolute URL (no query), as routers match it. */
function pathOf(url: string): string {
  const start = url.indexOf("/", url.indexOf("//") + 2);
  if (start < 0) return "/";
  const query = url.indexOf("?", start);
  return url.slice(start, query < 0 ? undefined : query);
}
