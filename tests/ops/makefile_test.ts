import assert from "node:assert/strict";
import { readRepoFile, REPO, requireTool, run } from "./_tools.ts";

/** The upstream seed's targets that the Makefile must keep. */
const SEED_TARGETS = [
  "build-contracts",
  "bindings",
  "start-anvil-chain-with-el-and-avs-deployed",
  "start-aggregator",
  "start-operator",
  "start-challenger",
  "cli-setup-operator",
  "cli-register-operator-with-eigenlayer",
  "cli-deposit-into-mocktoken-strategy",
  "cli-register-operator-with-avs",
  "cli-deregister-operator-with-avs",
  "cli-print-operator-status",
  "tests-unit",
  "tests-contract",
  "tests-integration",
  "docker-compose-up",
  "help",
];

Deno.test("Makefile: `make` prints help listing every seed target", async () => {
  const make = requireTool("make");
  const res = await run(make, ["--no-print-directory"]);
  assert.equal(res.code, 0, res.stderr);
  for (const t of SEED_TARGETS) assert.match(res.stdout, new RegExp(`\\b${t}\\b`), t);
});

Deno.test("Makefile: every target's recipe uses only existing deno tasks", async () => {
  const make = requireTool("make");
  const tasks = Object.keys(
    (JSON.parse(readRepoFile("deno.json")) as { tasks: Record<string, string> }).tasks,
  );
  const targets = [...readRepoFile("Makefile").matchAll(/^([a-z][a-z0-9-]*):.*## /gm)]
    .map((m) => m[1]);
  assert.ok(targets.length >= SEED_TARGETS.length);
  for (const t of targets) {
    // -n prints the commands without running them (and recurses into prerequisites).
    const res = await run(make, ["-n", "--no-print-directory", t]);
    assert.equal(res.code, 0, `make -n ${t}: ${res.stderr}`);
    for (const m of res.stdout.matchAll(/deno task ([\w:-]+)/g)) {
      assert.ok(tasks.includes(m[1]), `${t}: deno task ${m[1]} does not exist in deno.json`);
    }
  }
});

Deno.test("Makefile: cli-setup-operator runs the three setup steps in order", async () => {
  const make = requireTool("make");
  const res = await run(make, ["-n", "--no-print-directory", "cli-setup-operator"]);
  assert.equal(res.code, 0, res.stderr);
  const steps = [...res.stdout.matchAll(/deno task cli --config \S+ ([\w-]+)/g)].map((m) => m[1]);
  assert.deepEqual(steps, [
    "register-operator-with-eigenlayer",
    "deposit-into-strategy",
    "register-operator-with-avs",
  ]);
});

Deno.test("Makefile: every `deno task cli` subcommand exists in lib/cli", async () => {
  const make = requireTool("make");
  const defined = new Set<string>();
  for (const entry of Deno.readDirSync(`${REPO}/lib/cli`)) {
    if (!entry.name.endsWith(".ts")) continue;
    const text = readRepoFile(`lib/cli/${entry.name}`);
    for (const m of text.matchAll(/new Command\("([\w-]+)"\)/g)) defined.add(m[1]);
  }
  const targets = [...readRepoFile("Makefile").matchAll(/^(cli-[a-z-]+|start-stake-updater):/gm)]
    .map((m) => m[1]);
  assert.ok(targets.length >= 6);
  for (const t of targets) {
    const res = await run(make, ["-n", "--no-print-directory", t]);
    for (const m of res.stdout.matchAll(/deno task cli (?:--config \S+ )?([\w-]+)/g)) {
      assert.ok(defined.has(m[1]), `${t}: cli subcommand ${m[1]} is not defined in lib/cli`);
    }
  }
});
