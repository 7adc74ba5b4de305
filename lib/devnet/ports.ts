/**
 * TCP ports for local processes: one free port for a test (`freePort`), or a set of distinct
 * ports held until their users are about to bind them (`reservePorts`, used by `deno task start`).
 */

/**
 * Returns a TCP port that was free on `host` a moment ago (the OS picks it). Callers that bind
 * later must be ready to retry: another process may take it in between. For several ports at
 * once use {@link reservePorts}: closing each probe before taking the next lets the OS hand out
 * the same port twice.
 */
export function freePort(host = "127.0.0.1"): Promise<number> {
  const listener = Deno.listen({ hostname: host, port: 0 });
  const { port } = listener.addr as Deno.NetAddr;
  listener.close();
  return Promise.resolve(port);
}

/** The kernel's range for outgoing connections' local ports (Linux; a common default elsewhere). */
export function ephemeralPortRange(): [number, number] {
  try {
    const [lo, hi] = Deno.readTextFileSync("/proc/sys/net/ipv4/ip_local_port_range")
      .trim().split(/\s+/).map(Number);
    if (Number.isInteger(lo) && Number.isInteger(hi) && lo > 0 && lo <= hi) return [lo, hi];
  } catch { /* not Linux, or no /proc */ }
  return [32768, 60999];
}

/**
 * Default range to pick reserved ports from: below the ephemeral range, so that the outgoing
 * connections of the processes already running (each takes an ephemeral local port) can never
 * occupy a port planned for a listener that binds later.
 */
export function listenerPortRange(): [number, number] {
  const [ephemeralLow] = ephemeralPortRange();
  const hi = ephemeralLow - 1;
  const lo = Math.max(1024, Math.min(20_000, hi - 4_000));
  return hi - lo >= 256 ? [lo, hi] : [1024, 65535];
}

/** Whether `port` can be bound on `host` right now (false when any socket holds it). */
export function isPortFree(port: number, host = "127.0.0.1"): boolean {
  try {
    Deno.listen({ hostname: host, port }).close();
    return true;
  } catch {
    return false;
  }
}

/** Options of {@link reservePorts}. */
export interface ReserveOptions {
  host?: string;
  /** Ports never to hand out (e.g. ports of another plan that are not held right now). */
  exclude?: Iterable<number>;
  /** Inclusive range to pick from (default {@link listenerPortRange}). */
  range?: [number, number];
  /** Random source in [0, 1) (tests). */
  random?: () => number;
}

/** Ports held open by this process until released. */
export interface PortReservation {
  /** The reserved ports, distinct, in request order. */
  readonly ports: readonly number[];
  /** Closes the listener holding `port` so its user can bind it. Idempotent. */
  release(port: number): void;
  /** Releases every port still held. */
  releaseAll(): void;
}

/**
 * Reserves `count` distinct TCP ports on `host` by binding a listener on each and keeping it
 * open, so neither the OS nor a later reservation can hand the same port out again. Release
 * each port right before the process that uses it starts. Ports are picked at random from
 * `range`, skipping excluded and busy ones; if the range is exhausted the OS picks (still held,
 * so still distinct). Throws if `count` ports cannot be found.
 */
export function reservePorts(count: number, opts: ReserveOptions = {}): PortReservation {
  if (!Number.isInteger(count) || count < 0) {
    throw new Error(`reservePorts: count must be a non-negative integer, got ${count}`);
  }
  const host = opts.host ?? "127.0.0.1";
  const [lo, hi] = opts.range ?? listenerPortRange();
  if (!(Number.isInteger(lo) && Number.isInteger(hi) && 1 <= lo && lo <= hi && hi <= 65535)) {
    throw new Error(`reservePorts: invalid range ${lo}-${hi}`);
  }
  const random = opts.random ?? Math.random;
  const exclude = new Set(opts.exclude ?? []);
  const held = new Map<number, Deno.Listener>();
  const tryHold = (port: number): boolean => {
    if (held.has(port) || exclude.has(port)) return false;
    try {
      const l = Deno.listen({ hostname: host, port });
      held.set((l.addr as Deno.NetAddr).port, l);
      return true;
    } catch {
      return false;
    }
  };
  const span = hi - lo + 1;
  let attempts = 0;
  const maxAttempts = Math.min(span, 64) * Math.max(count, 1) * 4;
  try {
    while (held.size < count && attempts < maxAttempts) {
      attempts++;
      tryHold(lo + Math.floor(random() * span));
    }
    // Small or crowded range: walk it in order before falling back to the OS.
    for (let p = lo; held.size < count && p <= hi; p++) tryHold(p);
    for (let i = 0; held.size < count && i < count * 8; i++) {
      const l = Deno.listen({ hostname: host, port: 0 });
      const p = (l.addr as Deno.NetAddr).port;
      if (held.has(p) || exclude.has(p)) l.close();
      else held.set(p, l);
    }
    if (held.size < count) throw new Error(`could reserve only ${held.size} of ${count} ports`);
  } catch (err) {
    for (const l of held.values()) l.close();
    throw new Error(`reservePorts on ${host}: ${(err as Error).message}`);
  }
  const ports = [...held.keys()];
  const release = (port: number) => {
    const l = held.get(port);
    if (!l) return;
    held.delete(port);
    l.close();
  };
  return { ports, release, releaseAll: () => [...held.keys()].forEach(release) };
}
