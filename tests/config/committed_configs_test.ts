import { strict as assert } from "node:assert";
import { parse } from "yaml";
import {
  loadAggregatorConfig,
  loadChallengerConfig,
  loadOperatorConfig,
  loadStakeUpdaterConfig,
} from "../../lib/config/mod.ts";
import { operatorConfigSchema } from "../../lib/config/operator.ts";

function loaderFor(name: string) {
  if (name.startsWith("operator")) return loadOperatorConfig;
  if (name.startsWith("aggregator")) return loadAggregatorConfig;
  if (name.startsWith("challenger")) return loadChallengerConfig;
  if (name.startsWith("stake-updater")) return loadStakeUpdaterConfig;
  return undefined;
}

Deno.test("every committed config/*.yaml validates against its process schema", () => {
  let n = 0;
  for (const e of Deno.readDirSync("config")) {
    if (!e.isFile || !e.name.endsWith(".yaml")) continue;
    const load = loaderFor(e.name);
    assert.ok(load, `config/${e.name}: no schema for this file name`);
    load(`config/${e.name}`, { env: {} });
    n++;
  }
  assert.ok(n >= 4);
});

Deno.test("every operator config key is documented in docs/operator.md", () => {
  const doc = Deno.readTextFileSync("docs/operator.md");
  for (const key of Object.keys(operatorConfigSchema.shape)) {
    assert.ok(doc.includes(`\`${key}\``), `docs/operator.md does not document ${key}`);
  }
  const file = parse(Deno.readTextFileSync("config/operator.anvil.yaml")) as Record<
    string,
    unknown
  >;
  for (const key of Object.keys(file)) assert.ok(key in operatorConfigSchema.shape, key);
});
