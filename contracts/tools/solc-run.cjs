// Drives the solcjs compiler through its JS API (no CLI, so no ">>>" banner and no stdin races).
// Usage: solc-run.cjs --version
//        solc-run.cjs --standard-json <in.json> <out.json> [forge's solc args...]
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const solc = require("./solcjs/node_modules/solc");

const args = process.argv.slice(2);

/** Native solc prints "0.8.x+commit.HASH.Linux.g++"; solcjs reports the Emscripten build. */
function nativeVersion() {
  return solc.version().replace(/\.Emscripten\.clang$/, ".Linux.g++");
}

/** Collects the directories forge lets the compiler read from. */
function searchRoots(extra) {
  const roots = [process.cwd()];
  for (let i = 0; i < extra.length; i++) {
    const flag = extra[i];
    if (flag === "--base-path" || flag === "--include-path" || flag === "--allow-paths") {
      for (const p of String(extra[i + 1] ?? "").split(",")) if (p) roots.push(p);
      i++;
    }
  }
  return roots;
}

/** Import callback: forge normally inlines every source, this is only a fallback. */
function makeImportReader(roots) {
  return (importPath) => {
    const candidates = path.isAbsolute(importPath)
      ? [importPath]
      : roots.map((r) => path.resolve(r, importPath));
    for (const file of candidates) {
      if (fs.existsSync(file)) return { contents: fs.readFileSync(file, "utf8") };
    }
    return { error: `File not found: ${importPath}` };
  };
}

if (args[0] === "--version") {
  process.stdout.write(
    `solc, the solidity compiler commandline interface\nVersion: ${nativeVersion()}\n`,
  );
} else if (args[0] === "--standard-json" && args.length >= 3) {
  const input = fs.readFileSync(args[1], "utf8");
  const output = solc.compile(input, { import: makeImportReader(searchRoots(args.slice(3))) });
  fs.writeFileSync(args[2], output);
} else {
  process.stderr.write("solc-run.cjs: expected --version or --standard-json <in> <out>\n");
  process.exitCode = 2;
}
