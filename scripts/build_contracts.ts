/**
 * `deno task build:contracts`: compiles `contracts/` with forge and regenerates the committed
 * TypeScript ABI modules (`lib/chain/abi/*.ts`, `as const` so viem infers types) and the
 * deployable bytecode (`lib/chain/bytecode/*.json`, read by the devnet deployer so that a
 * fresh clone can deploy without a compiler). Slashing-era contracts
 * (`contracts/src/eigenlayer/slashing/`) share names with the M2 ones and go to the `slashing/`
 * subdirectories of both, with their own `lib/chain/abi/slashing/mod.ts`.
 *
 * `--check` regenerates in memory and fails when the committed files differ
 * (CI uses it to catch stale generated files).
 */
import { foundryBin } from "../lib/devnet/foundry.ts";
import {
  generateArtifacts,
  type GeneratedFile,
  slashingOutputDirs,
} from "../lib/devnet/codegen.ts";

const root = new URL("..", import.meta.url).pathname.replace(/\/$/, "");
const contractsDir = `${root}/contracts`;
const outputs = { abi: "lib/chain/abi", bytecode: "lib/chain/bytecode" } as const;
/** Every directory the generator owns (the top ones are removed recursively on write). */
const outputDirs = [...Object.values(outputs), ...Object.values(slashingOutputDirs(outputs))];

async function forgeBuild(): Promise<void> {
  const forge = await foundryBin("forge");
  const res = await new Deno.Command(forge, {
    args: ["build", "--skip", "test", "--skip", "script"],
    cwd: contractsDir,
    stdout: "inherit",
    stderr: "inherit",
  }).output();
  if (!res.success) throw new Error(`forge build failed (exit code ${res.code})`);
}

async function listFiles(dir: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  try {
    for await (const entry of Deno.readDir(dir)) {
      if (entry.isFile) files.set(entry.name, await Deno.readTextFile(`${dir}/${entry.name}`));
    }
  } catch (err) {
    if (!(err instanceof Deno.errors.NotFound)) throw err;
  }
  return files;
}

/** Returns human-readable differences between what is committed and what was generated. */
async function compare(generated: GeneratedFile[]): Promise<string[]> {
  const problems: string[] = [];
  for (const dir of outputDirs) {
    const committed = await listFiles(`${root}/${dir}`);
    const wanted = new Map(
      generated.filter((f) => f.dir === dir).map((f) => [f.name, f.content] as const),
    );
    for (const [name, content] of wanted) {
      const have = committed.get(name);
      if (have === undefined) problems.push(`missing ${dir}/${name}`);
      else if (have !== content) problems.push(`stale ${dir}/${name}`);
    }
    for (const name of committed.keys()) {
      if (!wanted.has(name)) problems.push(`unexpected ${dir}/${name} (no such contract)`);
    }
  }
  return problems;
}

async function write(generated: GeneratedFile[]): Promise<void> {
  for (const dir of Object.values(outputs)) {
    await Deno.remove(`${root}/${dir}`, { recursive: true }).catch(() => {});
  }
  for (const dir of new Set(generated.map((f) => f.dir))) {
    await Deno.mkdir(`${root}/${dir}`, { recursive: true });
  }
  for (const f of generated) await Deno.writeTextFile(`${root}/${f.dir}/${f.name}`, f.content);
}

async function main(): Promise<void> {
  const check = Deno.args.includes("--check");
  const unknown = Deno.args.filter((a) => a !== "--check");
  if (unknown.length) {
    console.error(`build:contracts: unknown argument(s) ${unknown.join(" ")}; usage: [--check]`);
    Deno.exit(2);
  }
  await forgeBuild();
  const generated = await generateArtifacts(`${contractsDir}/out`, outputs);
  if (check) {
    const problems = await compare(generated);
    if (problems.length) {
      console.error("build:contracts --check: generated contract files are out of date:");
      for (const p of problems) console.error(`  - ${p}`);
      console.error(
        "Run `deno task build:contracts` and commit lib/chain/abi and lib/chain/bytecode.",
      );
      Deno.exit(1);
    }
    console.log(`build:contracts --check: ${generated.length} generated files are up to date`);
    return;
  }
  await write(generated);
  console.log(
    `build:contracts: wrote ${generated.length} files to ${outputDirs.join(", ")}`,
  );
}

if (import.meta.main) await main();
