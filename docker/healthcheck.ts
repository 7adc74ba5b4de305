/**
 * Container health probe: `deno run --allow-net docker/healthcheck.ts <url> [<url>...]` exits 0
 * when every URL answers with a 2xx status within the timeout, 1 otherwise. Used by the compose
 * health checks because the Deno base image ships no curl/wget.
 *
 * @module
 */

const TIMEOUT_MS = 3_000;

/** Returns null when `url` answers 2xx, else a one-line reason. */
export async function probe(url: string, timeoutMs = TIMEOUT_MS): Promise<string | null> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    await res.body?.cancel();
    return res.ok ? null : `${url}: HTTP ${res.status}`;
  } catch (err) {
    return `${url}: ${(err as Error).message}`;
  }
}

if (import.meta.main) {
  const urls = Deno.args;
  if (urls.length === 0) {
    console.error("usage: healthcheck.ts <url> [<url>...]");
    Deno.exit(2);
  }
  const failures = (await Promise.all(urls.map((u) => probe(u)))).filter((r) => r !== null);
  for (const f of failures) console.error(`unhealthy: ${f}`);
  Deno.exit(failures.length === 0 ? 0 : 1);
}
