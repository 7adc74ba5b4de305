/** ABI/bytecode generation from forge artefacts: naming, filtering, determinism. */
import assert from "node:assert/strict";
import { abiExportName, generateArtifacts, slashingOutputDirs } from "../../lib/devnet/codegen.ts";

Deno.test("abiExportName follows the PLAN's camelCase + Abi convention", () => {
  assert.equal(abiExportName("IncredibleSquaringTaskManager"), "incredibleSquaringTaskManagerAbi");
  assert.equal(abiExportName("ERC20Mock"), "erc20MockAbi");
  assert.equal(abiExportName("BLSApkRegistry"), "blsApkRegistryAbi");
  assert.equal(abiExportName("AVSDirectory"), "avsDirectoryAbi");
  assert.equal(abiExportName("StrategyBase"), "strategyBaseAbi");
});

async function writeArtifact(out: string, file: string, name: string, art: unknown) {
  await Deno.mkdir(`${out}/${file}`, { recursive: true });
  await Deno.writeTextFile(`${out}/${file}/${name}.json`, JSON.stringify(art));
}

Deno.test("generateArtifacts keeps deployable src/ contracts only, deterministically", async () => {
  const root = await Deno.makeTempDir();
  try {
    const out = `${root}/out`;
    await Deno.mkdir(`${root}/src`, { recursive: true });
    await Deno.writeTextFile(`${root}/src/Thing.sol`, "");
    await Deno.writeTextFile(`${root}/src/IThing.sol`, "");
    const abi = [{ type: "function", name: "f", inputs: [], outputs: [], stateMutability: "view" }];
    const meta = (path: string, name: string) => ({
      settings: { compilationTarget: { [path]: name } },
    });
    await writeArtifact(out, "Thing.sol", "Thing", {
      abi,
      bytecode: { object: "0x6001", linkReferences: {} },
      metadata: meta("src/Thing.sol", "Thing"),
    });
    await writeArtifact(out, "IThing.sol", "IThing", {
      abi,
      bytecode: { object: "0x", linkReferences: {} },
      metadata: meta("src/IThing.sol", "IThing"),
    });
    await writeArtifact(out, "Gone.sol", "Gone", {
      abi,
      bytecode: { object: "0x6002" },
      metadata: meta("src/Gone.sol", "Gone"),
    });
    await writeArtifact(out, "Thing.t.sol", "ThingTest", {
      abi,
      bytecode: { object: "0x6003" },
      metadata: meta("test/Thing.t.sol", "ThingTest"),
    });
    const dirs = { abi: "a", bytecode: "b" };
    const files = await generateArtifacts(out, dirs);
    assert.deepEqual(files.map((f) => `${f.dir}/${f.name}`), [
      "a/Thing.ts",
      "b/Thing.json",
      "a/mod.ts",
    ]);
    assert.match(files[0].content, /export const thingAbi = \[/);
    assert.match(files[0].content, /\] as const;\n$/);
    assert.equal(JSON.parse(files[1].content).bytecode, "0x6001");
    assert.equal(
      files[2].content.trim().split("\n").at(-1),
      'export { thingAbi } from "./Thing.ts";',
    );
    assert.deepEqual(await generateArtifacts(out, dirs), files);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("generateArtifacts fails loudly on an empty out/ directory", async () => {
  const out = await Deno.makeTempDir();
  try {
    await assert.rejects(
      () => generateArtifacts(out, { abi: "a", bytecode: "b" }),
      /no compiled contracts/,
    );
  } finally {
    await Deno.remove(out, { recursive: true });
  }
});

Deno.test("generateArtifacts puts src/eigenlayer/slashing/ contracts in their own group", async () => {
  const root = await Deno.makeTempDir();
  try {
    const out = `${root}/out`;
    await Deno.mkdir(`${root}/src/eigenlayer/core`, { recursive: true });
    await Deno.mkdir(`${root}/src/eigenlayer/slashing/core`, { recursive: true });
    await Deno.writeTextFile(`${root}/src/eigenlayer/core/Manager.sol`, "");
    await Deno.writeTextFile(`${root}/src/eigenlayer/slashing/core/Manager.sol`, "");
    const abi = (fn: string) => [
      { type: "function", name: fn, inputs: [], outputs: [], stateMutability: "view" },
    ];
    const art = (path: string, fn: string, code: string) => ({
      abi: abi(fn),
      bytecode: { object: code, linkReferences: {} },
      metadata: { settings: { compilationTarget: { [path]: "Manager" } } },
    });
    // forge keeps one clashing file name at the top and nests the other under its parent dir.
    await writeArtifact(
      out,
      "Manager.sol",
      "Manager",
      art("src/eigenlayer/core/Manager.sol", "m2", "0x01"),
    );
    await writeArtifact(
      out,
      "core/Manager.sol",
      "Manager",
      art("src/eigenlayer/slashing/core/Manager.sol", "v1", "0x02"),
    );
    const dirs = { abi: "a", bytecode: "b" };
    const slashing = slashingOutputDirs(dirs);
    assert.deepEqual(slashing, { abi: "a/slashing", bytecode: "b/slashing" });
    const files = await generateArtifacts(out, dirs);
    assert.deepEqual(files.map((f) => `${f.dir}/${f.name}`), [
      "a/Manager.ts",
      "b/Manager.json",
      "a/mod.ts",
      "a/slashing/Manager.ts",
      "b/slashing/Manager.json",
      "a/slashing/mod.ts",
    ]);
    assert.match(files[0].content, /"name": "m2"/);
    assert.match(files[3].content, /"name": "v1"/);
    assert.match(files[3].content, /from contracts\/src\/eigenlayer\/slashing\/core\/Manager.sol/);
    assert.equal(JSON.parse(files[4].content).bytecode, "0x02");
    assert.match(files[5].content, /export \{ managerAbi \} from ".\/Manager.ts";/);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("generateArtifacts refuses two contracts of one name within a group", async () => {
  const root = await Deno.makeTempDir();
  try {
    const out = `${root}/out`;
    await Deno.mkdir(`${root}/src/x`, { recursive: true });
    await Deno.writeTextFile(`${root}/src/A.sol`, "");
    await Deno.writeTextFile(`${root}/src/x/A.sol`, "");
    const abi = [{ type: "function", name: "f", inputs: [], outputs: [], stateMutability: "view" }];
    for (const path of ["src/A.sol", "src/x/A.sol"]) {
      await writeArtifact(out, path === "src/A.sol" ? "A.sol" : "x/A.sol", "A", {
        abi,
        bytecode: { object: "0x01" },
        metadata: { settings: { compilationTarget: { [path]: "A" } } },
      });
    }
    await assert.rejects(
      () => generateArtifacts(out, { abi: "a", bytecode: "b" }),
      /two contracts named A/,
    );
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});
