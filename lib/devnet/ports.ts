/** Free TCP port discovery for test processes (anvil and friends). */

/**
 * Returns a TCP port that was free on `host` a moment ago (the OS picks it). Callers that bind
 * later must be ready to retry: another process may take it in between.
 */
export function freePort(host = "127.0.0.1"): Promise<number> {
  const listener = Deno.listen({ hostname: host, port: 0 });
  const { port } = listener.addr as Deno.NetAddr;
  listener.close();
  return Promise.resolve(port);
}
