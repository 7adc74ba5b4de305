/**
 * Native anvil process management: start on a free (or given) port, wait until it answers,
 * stop cleanly. Used by `startDevnet`, `deno task chain` and every integration test.
 */
import { foundryBin } from "./foundry.ts";
import { freePort } from "./ports.ts";
import { prepareLoadState } from "./anvil_state.ts";
import { terminateChild } from "../process/terminate.ts";

/** Options for {@link startAnvil}. */
export interface AnvilOptions {
  /** TCP port; a random free port when omitted. */
  port?: number;
  /** Interface to bind; defaults to 127.0.0.1. */
  host?: string;
  /**
   * Path of an anvil state dump to load at start (`--load-state`); an older dump that holds only
   * `accounts` is converted first (see `anvil_state.ts`).
   */
  loadState?: string;
  /** Path to dump the state to when anvil exits (`--dump-state`). */
  dumpState?: string;
  /** Seconds per block; automine (one block per transaction) when omitted. */
  blockTime?: number;
  /** Chain id; anvil's default 31337 when omitted. */
  chainId?: number;
  /** Extra raw arguments for anvil. */
  extraArgs?: string[];
}

/** A running anvil process. */
export interface AnvilHandle {
  rpcUrl: string;
  wsUrl: string;
  host: string;
  port: number;
  /** OS process id (for diagnostics). */
  pid: number;
  /** Resolves when the anvil process has exited (for whatever reason). */
  exited: Promise<void>;
  /** Terminates anvil (SIGTERM, then SIGKILL after a grace period) and waits for it to exit. */
  stop(): Promise<void>;
}

const READY_TIMEOUT_MS = 15_000;

// Children still running when the Deno process exits (a script that forgot stop(), an
// uncaught error, Deno.exit) are terminated so that no anvil outlives its parent.
const live = new Set<Deno.ChildProcess>();
let exitHookInstalled = false;
function trackChild(child: Deno.ChildProcess): void {
  live.add(child);
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  globalThis.addEventListener("unload", () => {
    for (const c of live) {
      try {
        c.kill("SIGTERM");
      } catch { /* already gone */ }
    }
  });
}
const STOP_GRACE_MS = 3_000;
const MAX_PORT_ATTEMPTS = 3;

/**
 * Starts the native anvil binary and resolves once its JSON-RPC endpoint answers.
 * With no `port`, a free port is chosen (and retried if another process grabs it first).
 */
export async function startAnvil(opts: AnvilOptions = {}): Promise<AnvilHandle> {
  if (
    opts.port !== undefined && (!Number.isInteger(opts.port) || opts.port < 0 || opts.port > 65535)
  ) {
    throw new Error(`startAnvil: invalid port ${opts.port}`);
  }
  if (opts.blockTime !== undefined && !(opts.blockTime > 0)) {
    throw new Error(`startAnvil: blockTime must be > 0 seconds, got ${opts.blockTime}`);
  }
  const anvil = await foundryBin("anvil");
  // Older dumps (accounts only) are converted to the layout this anvil loads.
  const prepared = opts.loadState ? await prepareLoadState(opts.loadState) : undefined;
  const spawnOpts = prepared ? { ...opts, loadState: prepared.path } : opts;
  const attempts = opts.port === undefined ? MAX_PORT_ATTEMPTS : 1;
  let lastError: unknown;
  try {
    for (let i = 0; i < attempts; i++) {
      const port = opts.port ?? await freePort();
      try {
        return await spawnOnce(anvil, port, spawnOpts);
      } catch (err) {
        lastError = err;
      }
    }
  } finally {
    // anvil has read the state once it answers (or failed); the converted copy can go.
    await prepared?.cleanup();
  }
  throw lastError;
}

async function spawnOnce(bin: string, port: number, opts: AnvilOptions): Promise<AnvilHandle> {
  const host = opts.host ?? "127.0.0.1";
  const args = ["--host", host, "--port", String(port), "--silent"];
  if (opts.loadState) args.push("--load-state", opts.loadState);
  if (opts.dumpState) args.push("--dump-state", opts.dumpState);
  if (opts.blockTime !== undefined) args.push("--block-time", String(opts.blockTime));
  if (opts.chainId !== undefined) args.push("--chain-id", String(opts.chainId));
  if (opts.extraArgs) args.push(...opts.extraArgs);

  const child = new Deno.Command(bin, {
    args,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  trackChild(child);

  // Drain both pipes for the whole life of the process (a full pipe would block anvil) and
  // keep the tail of the output for error messages.
  const tail: string[] = [];
  const drains = [drain(child.stdout, tail), drain(child.stderr, tail)];
  let exited = false;
  const status = child.status.then((s) => {
    exited = true;
    live.delete(child);
    return s;
  });

  const connectHost = host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host;
  const rpcUrl = `http://${connectHost}:${port}`;
  const wsUrl = `ws://${connectHost}:${port}`;

  let stopped: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopped ??= (async () => {
      if (!exited) {
        await terminateChild(child, STOP_GRACE_MS);
        await status;
      }
      await Promise.all(drains);
    })();
    return stopped;
  };

  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (true) {
    if (exited) {
      await stop();
      throw new Error(`anvil exited before becoming ready on ${host}:${port}:\n${tail.join("")}`);
    }
    if (await answers(rpcUrl)) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`anvil did not answer on ${rpcUrl} within ${READY_TIMEOUT_MS} ms`);
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  const exitedPromise = status.then(() => {});
  return { rpcUrl, wsUrl, host, port, pid: child.pid, exited: exitedPromise, stop };
}

async function drain(stream: ReadableStream<Uint8Array>, tail: string[]): Promise<void> {
  const decoder = new TextDecoder();
  for await (const chunk of stream) {
    tail.push(decoder.decode(chunk));
    if (tail.length > 50) tail.shift();
  }
}

async function answers(rpcUrl: string): Promise<boolean> {
  try {
    const res = await fetch(rpcUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_chainId", params: [] }),
      signal: AbortSignal.timeout(1000),
    });
    const body = await res.json();
    return typeof body?.result === "string";
  } catch {
    return false;
  }
}

/**
 * One JSON-RPC call to a node (anvil's test methods: `evm_snapshot`, `evm_revert`,
 * `anvil_mine`, …); resolves with its result, throws with the node's error message.
 */
export async function anvilRpc(
  rpcUrl: string,
  method: string,
  params: readonly unknown[] = [],
): Promise<unknown> {
  const res = await fetch(rpcUrl, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
  });
  const body = await res.json();
  if (body.error) throw new Error(`${method}: ${body.error.message}`);
  return body.result;
}

/** Mines `n` empty blocks on anvil (`anvil_mine`); throws with the node's error message. */
export async function mine(rpcUrl: string, n: number): Promise<void> {
  await anvilRpc(rpcUrl, "anvil_mine", [`0x${n.toString(16)}`]);
}
