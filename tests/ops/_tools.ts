/**
 * Helpers shared by the operations tests: locating the external tools (installed by
 * `scripts/setup.sh`, never by a test) and running them.
 *
 * @module
 */

/** Absolute path of the repository root. */
export const REPO = new URL("../../", import.meta.url).pathname.replace(/\/$/, "");

/** Debian package that provides each external tool the ops tests use. */
const PACKAGE_OF: Record<string, string> = {
  "docker-compose": "docker-compose",
  promtool: "prometheus",
  prometheus: "prometheus",
  make: "make",
};

/**
 * Returns the absolute path of `tool` on PATH, or throws an error that names the Debian package
 * to install (the test itself never installs anything).
 */
export function requireTool(tool: string): string {
  for (const dir of (Deno.env.get("PATH") ?? "").split(":")) {
    if (!dir) continue;
    const candidate = `${dir}/${tool}`;
    try {
      const st = Deno.statSync(candidate);
      if (st.isFile && ((st.mode ?? 0o111) & 0o111) !== 0) return candidate;
    } catch { /* not in this directory */ }
  }
  const pkg = PACKAGE_OF[tool] ?? tool;
  throw new Error(
    `${tool} not found on PATH; install it with: apt-get install ${pkg} (scripts/setup.sh does)`,
  );
}

/** Result of {@link run}. */
export type RunResult = { code: number; stdout: string; stderr: string };

/** Runs a command to completion (cwd defaults to the repository root) and captures its output. */
export async function run(
  cmd: string,
  args: string[],
  opts: { cwd?: string; env?: Record<string, string> } = {},
): Promise<RunResult> {
  const out = await new Deno.Command(cmd, {
    args,
    cwd: opts.cwd ?? REPO,
    env: opts.env,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  const dec = new TextDecoder();
  return { code: out.code, stdout: dec.decode(out.stdout), stderr: dec.decode(out.stderr) };
}

/** Reads a repository file as text. */
export function readRepoFile(path: string): string {
  return Deno.readTextFileSync(`${REPO}/${path}`);
}
