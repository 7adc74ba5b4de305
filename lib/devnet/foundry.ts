/**
 * Locates the native Foundry binaries (forge, anvil, cast) shipped in the npm packages
 * `@foundry-rs/<tool>@1.7.1`. The npm wrapper scripts spawn the binary through Node; calling
 * the native file directly avoids that extra process and works for long-lived anvils.
 * @module
 */

/** Foundry release pinned for the whole project. */
export const FOUNDRY_VERSION = "1.7.1";

/** Tools this project uses. */
export type FoundryTool = "anvil" | "forge" | "cast";

const resolved = new Map<FoundryTool, Promise<string>>();

/** npm's platform suffix used by the `@foundry-rs/<tool>-<os>-<arch>` packages. */
function platformSuffix(): string {
  const os = Deno.build.os === "windows" ? "win32" : Deno.build.os;
  const arch = Deno.build.arch === "x86_64" ? "amd64" : "arm64";
  if (!["linux", "darwin", "win32"].includes(os)) {
    throw new Error(`foundry: unsupported operating system "${Deno.build.os}"`);
  }
  return `${os}-${arch}`;
}

/** Runs `deno <args>` and returns stdout; throws with stderr on failure. */
async function runDeno(args: string[]): Promise<string> {
  const out = await new Deno.Command(Deno.execPath(), {
    args,
    stdout: "piped",
    stderr: "piped",
    cwd: Deno.env.get("TMPDIR") ?? "/tmp",
  }).output();
  const dec = new TextDecoder();
  if (!out.success) {
    throw new Error(`foundry: deno ${args.join(" ")} failed: ${dec.decode(out.stderr).trim()}`);
  }
  return dec.decode(out.stdout);
}

/** Deno's npm cache directory (honours DENO_DIR). */
async function npmCacheDir(): Promise<string> {
  const info = JSON.parse(await runDeno(["info", "--json", "--no-config"])) as {
    npmCache?: string;
  };
  if (!info.npmCache) throw new Error("foundry: `deno info --json` reported no npmCache");
  return info.npmCache;
}

async function isExecutableFile(path: string): Promise<boolean> {
  try {
    const st = await Deno.stat(path);
    return st.isFile;
  } catch {
    return false;
  }
}

async function locate(tool: FoundryTool): Promise<string> {
  const override = Deno.env.get(`FOUNDRY_${tool.toUpperCase()}_BIN`);
  if (override) {
    if (!(await isExecutableFile(override))) {
      throw new Error(`foundry: FOUNDRY_${tool.toUpperCase()}_BIN=${override} is not a file`);
    }
    return override;
  }
  const suffix = platformSuffix();
  const exe = Deno.build.os === "windows" ? `${tool}.exe` : tool;
  const cache = await npmCacheDir();
  const path =
    `${cache}/registry.npmjs.org/@foundry-rs/${tool}-${suffix}/${FOUNDRY_VERSION}/bin/${exe}`;
  if (await isExecutableFile(path)) return path;
  // Not cached yet: let Deno fetch the package (it pulls only this platform's optional dep).
  await runDeno([
    "cache",
    "--no-config",
    "--no-lock",
    `npm:@foundry-rs/${tool}@${FOUNDRY_VERSION}`,
  ]);
  if (!(await isExecutableFile(path))) {
    throw new Error(`foundry: ${tool} binary missing at ${path} after deno cache`);
  }
  if (Deno.build.os !== "windows") await Deno.chmod(path, 0o755);
  return path;
}

/**
 * Returns the absolute path of the native `tool` binary, downloading the npm package into
 * Deno's cache on first use. `FOUNDRY_<TOOL>_BIN` overrides the lookup.
 */
export function foundryBin(tool: FoundryTool): Promise<string> {
  let p = resolved.get(tool);
  if (!p) {
    p = locate(tool);
    p.catch(() => resolved.delete(tool));
    resolved.set(tool, p);
  }
  return p;
}

if (import.meta.main) {
  // `deno run -A lib/devnet/foundry.ts forge` prints the native path (used by contracts/tools/forge).
  const tool = Deno.args[0] as FoundryTool;
  if (!["anvil", "forge", "cast"].includes(tool)) {
    console.error("usage: foundry.ts anvil|forge|cast");
    Deno.exit(2);
  }
  console.log(await foundryBin(tool));
}
