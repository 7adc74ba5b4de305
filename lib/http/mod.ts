/**
 * HTTP infrastructure shared by every node: serving Hono apps and a generic JSON-RPC 2.0
 * endpoint.
 *
 * @module
 */
export * from "./server.ts";
export * from "./jsonrpc.ts";
