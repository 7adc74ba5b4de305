import { strict as assert } from "node:assert";
import { getLogger, resetLogging, setupLogging } from "../../lib/log/mod.ts";

async function capture(
  environment: "development" | "production",
  fn: () => void,
  color = false,
): Promise<string[]> {
  const lines: string[] = [];
  await setupLogging({ environment, component: "operator", write: (l) => lines.push(l), color });
  try {
    fn();
  } finally {
    await resetLogging();
  }
  return lines;
}

Deno.test("production: one JSON object per line, info and above", async () => {
  const lines = await capture("production", () => {
    const log = getLogger("chain.events");
    log.debug("hidden");
    log.info("task {taskIndex} received", { taskIndex: 7, number: 12n });
    log.error("boom", { error: new Error("bad thing") });
  });
  assert.equal(lines.length, 2);
  for (const l of lines) assert.ok(l.endsWith("\n") && !l.slice(0, -1).includes("\n"));
  const a = JSON.parse(lines[0]);
  assert.equal(a.level, "info");
  assert.equal(a.component, "operator");
  assert.equal(a.logger, "chain.events");
  assert.equal(a.msg, "task 7 received");
  assert.equal(a.taskIndex, 7);
  assert.equal(a.number, "12");
  assert.match(a.ts, /^\d{4}-\d\d-\d\dT/);
  const b = JSON.parse(lines[1]);
  assert.equal(b.level, "error");
  assert.equal(b.error.message, "bad thing");
});

Deno.test("development: readable line with level, component, properties; debug shown", async () => {
  const lines = await capture("development", () => {
    const log = getLogger("registration");
    log.debug("checking {step}", { step: "deposit", amount: 1000n, note: "two words" });
  });
  assert.equal(lines.length, 1);
  assert.match(
    lines[0],
    /^\d\d:\d\d:\d\d\.\d{3} DBG operator\/registration checking deposit amount=1000 note="two words"\n$/,
  );
});

Deno.test("development with colour uses ANSI escapes", async () => {
  const lines = await capture("development", () => getLogger("x").warn("careful"), true);
  assert.ok(lines[0].includes("\x1b[33mWRN\x1b[0m"), lines[0]);
});

Deno.test("secrets are redacted in properties, nested objects and messages, both modes", async () => {
  const secret = "0xdeadbeefcafebabe";
  for (const env of ["production", "development"] as const) {
    const lines = await capture(env, () => {
      const log = getLogger("cfg");
      log.info("key is {private_key}", { private_key: secret });
      log.info("config {config}", {
        config: {
          ecdsa_private_key: secret,
          nested: { password: secret, bls_private_key_store_path: "k.json" },
        },
      });
      log.info("login", { apiKey: secret, OPERATOR_BLS_KEY_PASSWORD: secret, secretValue: secret });
      log.info("flags", { insecure_empty_key_passwords: true });
    });
    const all = lines.join("");
    assert.equal(lines.length, 4);
    assert.match(lines[3], /insecure_empty_key_passwords.{1,3}true/); // booleans hide nothing
    assert.ok(!all.includes("deadbeef"), `${env} leaked: ${all}`);
    assert.match(all, /\[REDACTED\]/);
    assert.match(all, /k\.json/); // paths are not secrets
  }
});
