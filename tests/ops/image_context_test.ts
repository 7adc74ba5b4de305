/**
 * Runs the node image's contents without Docker: the checkout's files (`git ls-files` of tracked
 * and untracked, not ignored files; on a fresh clone the committed ones) minus `.dockerignore`
 * are copied to a temporary directory, the Dockerfile's
 * dependency step (`deno install --frozen` from deno.json + deno.lock alone) is replayed, and the
 * entrypoint script runs the compose deployer against a fresh anvil and the node entry points'
 * `--help`. Catches a file the image needs but the context drops or git does not track.
 */
import assert from "node:assert/strict";
import { startAnvil } from "../../lib/devnet/anvil.ts";
import { readRepoFile, REPO, run } from "./_tools.ts";

/**
 * The subset of `.dockerignore` syntax this repository uses, with Docker's meaning: a plain path
 * (file or directory, relative to the context root), `*.ext` (root level only) and a double-star
 * prefix before `*.ext` (any depth).
 */
function ignored(path: string, patterns: readonly string[]): boolean {
  return patterns.some((p) => {
    if (p.startsWith("**/*.")) return path.endsWith(p.slice(4));
    if (p.startsWith("*.")) return !path.includes("/") && path.endsWith(p.slice(1));
    if (/[*?[]/.test(p)) {
      throw new Error(`.dockerignore pattern ${p} is not understood by this test`);
    }
    return path === p || path.startsWith(`${p}/`);
  });
}

/** Copies the would-be build context into `dest`; returns the copied paths. */
async function copyContext(dest: string): Promise<string[]> {
  const patterns = readRepoFile(".dockerignore").split("\n").map((l) => l.trim())
    .filter((l) => l !== "" && !l.startsWith("#"));
  const ls = await run("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"]);
  assert.equal(ls.code, 0, ls.stderr);
  const files = ls.stdout.split("\0").filter((f) => f !== "" && !ignored(f, patterns));
  for (const f of files) {
    const target = `${dest}/${f}`;
    await Deno.mkdir(target.slice(0, target.lastIndexOf("/")), { recursive: true });
    await Deno.copyFile(`${REPO}/${f}`, target);
  }
  return files;
}

async function rpc(url: string, method: string, params: unknown[]): Promise<unknown> {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
  });
  return ((await res.json()) as { result: unknown }).result;
}

Deno.test({
  name: "image context: deps install frozen, deployer and entry points run from the context",
  sanitizeResources: false,
  sanitizeOps: false,
}, async () => {
  const dir = await Deno.makeTempDir({ prefix: "incsq-image-" });
  const anvil = await startAnvil();
  try {
    const app = `${dir}/app`;
    const files = await copyContext(app);
    assert.ok(
      files.includes("deno.lock"),
      "deno.lock is missing (the Dockerfile copies it; commit it)",
    );
    for (const f of ["Dockerfile", "docker/entrypoint.sh", "docker/deploy.ts", "operator.ts"]) {
      assert.ok(files.includes(f), `${f} is not in the build context`);
    }
    assert.ok(!files.some((f) => f.startsWith(".git/") || f.includes("node_modules/")));

    // Dependency layer: only deno.json + deno.lock, as in the Dockerfile.
    const deps = `${dir}/deps`;
    await Deno.mkdir(deps);
    await Deno.copyFile(`${app}/deno.json`, `${deps}/deno.json`);
    await Deno.copyFile(`${app}/deno.lock`, `${deps}/deno.lock`);
    const install = await run(Deno.execPath(), ["install", "--frozen"], { cwd: deps });
    assert.equal(install.code, 0, `deno install --frozen failed:\n${install.stderr}`);

    // The compose deployer, through the image's entrypoint, against a fresh anvil.
    const entry = `${app}/docker/entrypoint.sh`;
    const out = `${dir}/deployments/devnet.json`;
    const args = ["deploy", "--rpc-url", anvil.rpcUrl, "--out", out];
    const first = await run("sh", [entry, ...args], { cwd: app });
    assert.equal(first.code, 0, `deploy failed:\n${first.stdout}${first.stderr}`);
    const deployment = JSON.parse(await Deno.readTextFile(out)) as {
      chainId: number;
      addresses: Record<string, string>;
    };
    assert.equal(deployment.chainId, 31337);
    const code = await rpc(anvil.rpcUrl, "eth_getCode", [
      deployment.addresses.incredibleSquaringTaskManager,
      "latest",
    ]);
    assert.ok(typeof code === "string" && code.length > 2, "no code at the task manager");
    // A second run (compose restarted while anvil kept running) keeps the deployment.
    const again = await run("sh", [entry, ...args], { cwd: app });
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stdout, /nothing to do/);
    assert.deepEqual(JSON.parse(await Deno.readTextFile(out)), deployment);

    // Every node entry point starts from the context (module graph and assets complete).
    for (const service of ["aggregator", "operator", "challenger", "cli"]) {
      const help = await run("sh", [entry, service, "--help"], { cwd: app });
      assert.equal(help.code, 0, `${service} --help:\n${help.stderr}`);
      assert.match(help.stdout, /--config/, `${service} --help does not mention --config`);
    }
  } finally {
    await anvil.stop();
    await Deno.remove(dir, { recursive: true });
  }
});
