import assert from "node:assert/strict";
import { readRepoFile, REPO, run } from "./_tools.ts";

type Instruction = { op: string; args: string };

/** Dockerfile instructions with line continuations joined and comments dropped. */
function instructions(text: string): Instruction[] {
  return text.replace(/\\\n/g, " ").split("\n").map((l) => l.trim())
    .filter((l) => l !== "" && !l.startsWith("#"))
    .map((l) => {
      const [op, ...rest] = l.split(/\s+/);
      return { op: op.toUpperCase(), args: rest.join(" ") };
    });
}

const DOCKERFILE = instructions(readRepoFile("Dockerfile"));
const index = (pred: (i: Instruction) => boolean) => DOCKERFILE.findIndex(pred);

Deno.test("Dockerfile: official Deno image pinned to the project's Deno version", () => {
  const from = DOCKERFILE.filter((i) => i.op === "FROM");
  assert.equal(from.length, 1);
  const m = /^denoland\/deno:(?:debian-)?(\d+\.\d+\.\d+)$/.exec(from[0].args);
  assert.ok(m, `FROM ${from[0].args} is not a pinned official Deno image`);
  const setup = readRepoFile("scripts/setup.sh");
  assert.match(setup, new RegExp(`DENO_VERSION=${m[1].replaceAll(".", "\\.")}\\b`));
});

Deno.test("Dockerfile: dependencies are cached in a layer before the sources are copied", () => {
  const copyManifest = index((i) =>
    i.op === "COPY" && /deno\.json/.test(i.args) && !/ \. \.$/.test(i.args)
  );
  const install = index((i) => i.op === "RUN" && /deno install/.test(i.args));
  const copyAll = index((i) => i.op === "COPY" && /(^| )\. \.$/.test(i.args));
  assert.ok(copyManifest >= 0 && install > copyManifest && copyAll > install);
  assert.match(readRepoFile("Dockerfile"), /deno install --frozen/, "lock file enforced");
  const cache = DOCKERFILE.find((i) => i.op === "RUN" && /deno cache/.test(i.args));
  for (const entry of ["aggregator.ts", "operator.ts", "challenger.ts", "cli.ts"]) {
    assert.ok(cache?.args.includes(entry), `deno cache does not cover ${entry}`);
  }
});

Deno.test("Dockerfile: runs as the non-root deno user with a stable entrypoint", () => {
  const users = DOCKERFILE.filter((i) => i.op === "USER").map((i) => i.args);
  assert.ok(users.length > 0 && users.at(-1) !== "root" && users.at(-1) !== "0");
  const entry = DOCKERFILE.filter((i) => i.op === "ENTRYPOINT");
  assert.equal(entry.length, 1);
  assert.deepEqual(JSON.parse(entry[0].args), ["/app/docker/entrypoint.sh"]);
  const ignore = readRepoFile(".dockerignore");
  for (const p of [".git", "node_modules", ".devnet"]) {
    assert.match(ignore, new RegExp(`^${p}$`, "m"));
  }
});

Deno.test("entrypoint.sh: lists the services, rejects an unknown one", async () => {
  const help = await run("sh", ["docker/entrypoint.sh", "help"]);
  assert.equal(help.code, 0);
  for (const s of ["aggregator", "operator", "challenger", "cli", "deploy", "healthcheck"]) {
    assert.match(help.stdout, new RegExp(`^  ${s} `, "m"));
  }
  const bad = await run("sh", ["docker/entrypoint.sh", "frobnicate"]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /unknown service: frobnicate/);
  for (const f of ["aggregator.ts", "operator.ts", "challenger.ts", "cli.ts"]) {
    const script = readRepoFile("docker/entrypoint.sh");
    assert.ok(script.includes(f.replace(".ts", "")), `entrypoint misses ${f}`);
  }
  assert.ok(Deno.statSync(`${REPO}/docker/deploy.ts`).isFile);
});

Deno.test("healthcheck.ts: exit 0 for a 2xx URL, 1 for 503 or a closed port", async () => {
  let status = 200;
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen() {} },
    () => new Response("x", { status }),
  );
  try {
    const url = `http://127.0.0.1:${server.addr.port}/eigen/node/health`;
    const probe = (u: string) =>
      run(Deno.execPath(), ["run", "--allow-net", "docker/healthcheck.ts", u]);
    assert.equal((await probe(url)).code, 0);
    status = 503;
    const unhealthy = await probe(url);
    assert.equal(unhealthy.code, 1);
    assert.match(unhealthy.stderr, /HTTP 503/);
  } finally {
    await server.shutdown();
  }
  const closed = await run(Deno.execPath(), [
    "run",
    "--allow-net",
    "docker/healthcheck.ts",
    `http://127.0.0.1:${server.addr.port}/`,
  ]);
  assert.equal(closed.code, 1);
});
