/**
 * `deno task check:imports`: the layering rules of `lib/` that the type checker cannot see.
 *
 * - No import cycles between modules (files) of `lib/` and the entry points.
 * - Process folders (`aggregator`, `operator`, `challenger`, `stakes`, `cli`, `start`) import
 *   infrastructure only, never another process folder: what two processes share belongs in an
 *   infrastructure folder (`chain`, `eigenlayer`, `avs`, `keys`, `node`, `http`, …). One
 *   exception: the stake updater runs as a CLI command (`cli update-stakes`), so `cli` may
 *   import `stakes`, the way an entry point imports its process.
 *
 * Prints every violation and exits 1 when there is one.
 */
import { dirname, join, relative, resolve } from "node:path";

const ROOT = resolve(dirname(new URL(import.meta.url).pathname), "..");
const PROCESS_FOLDERS = new Set(["aggregator", "operator", "challenger", "stakes", "cli", "start"]);
const SKIP = new Set(["abi", "bytecode"]);
/** Allowed process-to-process imports (importer → imported), see the module comment. */
const ALLOWED = new Set(["cli→stakes"]);

/** Every hand-written `.ts` file under `lib/` plus the top-level entry points. */
function sources(): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of Deno.readDirSync(dir)) {
      const p = join(dir, e.name);
      if (e.isDirectory && !SKIP.has(e.name)) walk(p);
      else if (e.isFile && e.name.endsWith(".ts")) out.push(p);
    }
  };
  walk(join(ROOT, "lib"));
  for (const e of Deno.readDirSync(ROOT)) {
    if (e.isFile && e.name.endsWith(".ts")) out.push(join(ROOT, e.name));
  }
  return out.sort();
}

/** Relative imports and re-exports of a file, resolved to absolute paths. */
function importsOf(file: string): string[] {
  const text = Deno.readTextFileSync(file);
  const found = new Set<string>();
  const pattern = /(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+["'](\.{1,2}\/[^"']+)["']/g;
  for (const m of text.matchAll(pattern)) found.add(resolve(dirname(file), m[1]));
  for (const m of text.matchAll(/(?:^|\n)\s*import\s+["'](\.{1,2}\/[^"']+)["']/g)) {
    found.add(resolve(dirname(file), m[1]));
  }
  return [...found];
}

/** `lib/<folder>/…` → folder, else undefined. */
function libFolder(file: string): string | undefined {
  const rel = relative(join(ROOT, "lib"), file);
  return rel.startsWith("..") || !rel.includes("/") ? undefined : rel.split("/")[0];
}

/** Strongly connected components with more than one file (Tarjan). */
function cycles(graph: Map<string, string[]>): string[][] {
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string) => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1) out.push(scc.sort());
    }
  };
  for (const v of graph.keys()) if (!idx.has(v)) visit(v);
  return out;
}

const files = sources();
const graph = new Map(files.map((f) => [f, importsOf(f)]));
const problems: string[] = [];
for (const scc of cycles(graph)) {
  problems.push(`import cycle: ${scc.map((f) => relative(ROOT, f)).join(" <-> ")}`);
}
for (const [file, deps] of graph) {
  const from = libFolder(file);
  if (!from || !PROCESS_FOLDERS.has(from)) continue;
  for (const dep of deps) {
    const to = libFolder(dep);
    if (to && to !== from && PROCESS_FOLDERS.has(to) && !ALLOWED.has(`${from}→${to}`)) {
      problems.push(
        `${relative(ROOT, file)} imports ${
          relative(ROOT, dep)
        }: process folders must not import each other`,
      );
    }
  }
}
if (problems.length) {
  console.error(problems.join("\n"));
  console.error(`check:imports: ${problems.length} problem(s) in ${files.length} files`);
  Deno.exit(1);
}
console.log(`check:imports: ${files.length} files, no cycles, no process-to-process imports`);
