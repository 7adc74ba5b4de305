/** Key folder naming (eigenlayer-cli layout) and password resolution rules. */
import assert from "node:assert/strict";
import {
  defaultKeyDir,
  keyFileName,
  keyFilePath,
  keyNameProblem,
  parseKeyFileName,
} from "../../lib/keys/paths.ts";
import {
  passwordEntropyBits,
  PasswordError,
  type PasswordIO,
  resolvePassword,
} from "../../lib/keys/password.ts";

Deno.test("default key folder is $HOME/.eigenlayer/operator_keys, overridable", () => {
  assert.equal(defaultKeyDir(undefined, "/home/op"), "/home/op/.eigenlayer/operator_keys");
  assert.equal(defaultKeyDir("/srv/keys", "/home/op"), "/srv/keys");
  assert.equal(defaultKeyDir("", "/home/op"), "/home/op/.eigenlayer/operator_keys");
  assert.equal(keyFilePath("opr", "bls", "/k"), "/k/opr.bls.key.json");
  assert.equal(keyFilePath("opr", "ecdsa", "/k"), "/k/opr.ecdsa.key.json");
});

Deno.test("key names: no empty, whitespace, dots or separators; file names parse back", () => {
  assert.equal(keyNameProblem("operator1"), undefined);
  assert.equal(keyNameProblem("my-key_2"), undefined);
  for (const bad of ["", "a b", "a\tb", "a.b", "a/b", "a\\b"]) {
    assert.ok(keyNameProblem(bad), bad);
    assert.throws(() => keyFileName(bad, "bls"));
  }
  assert.deepEqual(parseKeyFileName("opr.bls.key.json"), { name: "opr", type: "bls" });
  assert.deepEqual(parseKeyFileName("opr.ecdsa.key.json"), { name: "opr", type: "ecdsa" });
  for (const other of ["opr.rsa.key.json", "opr.bls.json", "a.b.bls.key.json", "README.md"]) {
    assert.equal(parseKeyFileName(other), undefined, other);
  }
});

function io(
  env: Record<string, string>,
  tty: boolean,
  answers: (string | null)[] = [],
): PasswordIO {
  return {
    env: (n) => env[n],
    stdinIsTerminal: () => tty,
    promptHidden: () => Promise.resolve(answers.length ? answers.shift()! : null),
  };
}

Deno.test("password: env var wins (empty allowed), else prompt on a TTY, else a clear error", async () => {
  assert.equal(await resolvePassword("bls", io({ OPERATOR_BLS_KEY_PASSWORD: "" }, false)), "");
  assert.equal(
    await resolvePassword("ecdsa", io({ OPERATOR_ECDSA_KEY_PASSWORD: "e" }, true, ["no"])),
    "e",
  );
  // The BLS variable does not unlock an ECDSA key.
  await assert.rejects(
    resolvePassword("ecdsa", io({ OPERATOR_BLS_KEY_PASSWORD: "b" }, false)),
    (e: unknown) => e instanceof PasswordError && /OPERATOR_ECDSA_KEY_PASSWORD/.test(e.message),
  );
  assert.equal(await resolvePassword("bls", io({}, true, ["typed"])), "typed");
  assert.equal(
    await resolvePassword("bls", io({}, true, ["same", "same"]), { confirm: true }),
    "same",
  );
  await assert.rejects(
    resolvePassword("bls", io({}, true, ["one", "two"]), { confirm: true }),
    /do not match/,
  );
  await assert.rejects(resolvePassword("bls", io({}, true, [null])), /input closed/);
});

Deno.test("password entropy estimate separates weak from strong", () => {
  assert.equal(passwordEntropyBits(""), 0);
  assert.ok(passwordEntropyBits("password") < 70);
  assert.ok(passwordEntropyBits("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa") < 70);
  assert.ok(passwordEntropyBits("Correct-Horse-Battery-Staple-42") >= 70);
  assert.ok(passwordEntropyBits("kT9#mQ2$vL7!") >= 70);
});
