/**
 * Keeps the README true: every command it shows exists, every config key in the example configs
 * and in the config schemas is documented, and every local link resolves.
 */
import assert from "node:assert/strict";
import { parse as parseYaml } from "yaml";
import {
  aggregatorConfigSchema,
  challengerConfigSchema,
  operatorConfigSchema,
  stakeUpdaterConfigSchema,
} from "../../lib/config/mod.ts";

const root = new URL("../../", import.meta.url);
const readme = Deno.readTextFileSync(new URL("README.md", root));
const denoJson = JSON.parse(Deno.readTextFileSync(new URL("deno.json", root)));
const makefile = Deno.readTextFileSync(new URL("Makefile", root));

/** The text of every fenced code block and inline code span of the README. */
function codeText(markdown: string): string[] {
  const fenced = [...markdown.matchAll(/```[a-z]*\n([\s\S]*?)```/g)].map((m) => m[1]);
  const withoutFences = markdown.replace(/```[\s\S]*?```/g, "");
  const inline = [...withoutFences.matchAll(/`([^`\n]+)`/g)].map((m) => m[1]);
  return [...fenced, ...inline];
}

const code = codeText(readme);

Deno.test("README: every `deno task X` names a task of deno.json", () => {
  const tasks = new Set(Object.keys(denoJson.tasks));
  const used = new Set(
    code.flatMap((c) => [...c.matchAll(/deno task ([a-z][a-z:-]*)/g)].map((m) => m[1])),
  );
  assert.ok(used.size >= 8, `expected the README to show the tasks, found ${[...used]}`);
  const missing = [...used].filter((t) => !tasks.has(t));
  assert.deepEqual(missing, [], `README uses tasks that deno.json lacks: ${missing}`);
});

Deno.test("README: the tasks the project promises are all documented", () => {
  const promised = ["start", "chain", "aggregator", "operator", "challenger", "cli", "test"];
  for (const task of [...promised, "bench", "check", "build:wasm", "build:contracts", "setup"]) {
    assert.ok(readme.includes(`deno task ${task}`), `README never shows deno task ${task}`);
    assert.ok(task in denoJson.tasks, `deno.json lacks task ${task}`);
  }
});

Deno.test("README: every `make X` names a Makefile target", () => {
  const targets = new Set(
    [...makefile.matchAll(/^([a-zA-Z0-9_-]+):/gm)].map((m) => m[1]),
  );
  const used = code.flatMap((c) => [...c.matchAll(/make ([a-z][a-z0-9-]*)/g)].map((m) => m[1]));
  assert.ok(used.length > 0);
  const missing = used.filter((t) => !targets.has(t));
  assert.deepEqual(missing, [], `README uses make targets the Makefile lacks: ${missing}`);
});

Deno.test("README: the two commands install Deno and run start / test", () => {
  assert.match(readme, /npm install -g deno@[0-9.]+ && deno task start/);
  assert.match(readme, /npm install -g deno@[0-9.]+ && deno task setup && deno task test/);
  const ci = Deno.readTextFileSync(new URL(".ci/run", root));
  assert.match(ci, /deno task test/, ".ci/run must run the README's test command");
  assert.match(ci, /scripts\/setup\.sh/, ".ci/run must run the README's setup");
  assert.match(denoJson.tasks.setup, /scripts\/setup\.sh/);
});

Deno.test("README: every key of every example config is documented", async () => {
  const documented = new Set(code);
  const undocumented: string[] = [];
  for await (const entry of Deno.readDir(new URL("config/", root))) {
    if (!entry.isFile || !entry.name.endsWith(".yaml")) continue;
    const doc = parseYaml(Deno.readTextFileSync(new URL(`config/${entry.name}`, root)));
    for (const key of Object.keys(doc ?? {})) {
      if (!documented.has(key)) undocumented.push(`${entry.name}: ${key}`);
    }
  }
  assert.deepEqual(undocumented, []);
});

Deno.test("README: every key the config schemas accept is documented", () => {
  const documented = new Set(code.flatMap((c) => c.split(/,\s*/)));
  const schemas = {
    operator: operatorConfigSchema,
    aggregator: aggregatorConfigSchema,
    challenger: challengerConfigSchema,
    stakeUpdater: stakeUpdaterConfigSchema,
  };
  const undocumented: string[] = [];
  for (const [name, schema] of Object.entries(schemas)) {
    for (const key of Object.keys(schema.shape)) {
      if (!documented.has(key)) undocumented.push(`${name}: ${key}`);
    }
  }
  assert.deepEqual(undocumented, []);
});

Deno.test("README: local links point at existing files", () => {
  const links = [...readme.matchAll(/\]\(((?!https?:)[^)#]+)(#[^)]*)?\)/g)].map((m) => m[1]);
  assert.ok(links.length > 0);
  for (const link of links) {
    assert.ok(
      Deno.statSync(new URL(link, root)).isFile,
      `README links to ${link}, which does not exist`,
    );
  }
});
