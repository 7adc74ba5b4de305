/**
 * The `keys` CLI, driven in-process through injected IO, plus one real subprocess run.
 * Public values are cross-checked with @noble/curves and viem as oracles.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { bn254 } from "@noble/curves/bn254.js";
import { CommanderError } from "commander";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { keysCommand, type KeysIO } from "../../lib/cli/keys.ts";
import { readBlsKeystore } from "../../lib/keys/bls_keystore.ts";
import { readEcdsaKeystore, writeEcdsaKeystore } from "../../lib/keys/ecdsa_keystore.ts";
import { FIXTURES, withTempDir } from "./helpers.ts";

const SK69_OPERATOR_ID = "0xcf49e2dd68647b29c00309775a53e99fe797f5609630901b66fd2765011a87ad";
const STRONG = "Correct-Horse-Battery-Staple-42";

type Run = { stdout: string; stderr: string; error?: CommanderError; json?: unknown };

/** Runs `keys <args>` in-process with a scripted environment. */
async function runKeys(
  args: string[],
  setup: {
    env?: Record<string, string>;
    tty?: boolean;
    prompts?: (string | null)[];
    stdin?: string;
  } = {},
): Promise<Run> {
  let stdout = "";
  let stderr = "";
  const prompts = [...(setup.prompts ?? [])];
  const io: KeysIO = {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    env: (name) => setup.env?.[name],
    stdinIsTerminal: () => setup.tty ?? false,
    readStdin: () => Promise.resolve(setup.stdin ?? ""),
    promptHidden: (message) => {
      stderr += message;
      assert.ok(prompts.length > 0, `unexpected prompt: ${message}`);
      return Promise.resolve(prompts.shift()!);
    },
  };
  let error: CommanderError | undefined;
  try {
    await keysCommand({ io, exitOverride: true }).parseAsync(args, { from: "user" });
  } catch (err) {
    if (!(err instanceof CommanderError)) throw err;
    error = err;
  }
  let json: unknown;
  try {
    json = JSON.parse(stdout);
  } catch { /* help text or empty */ }
  return { stdout, stderr, error, json };
}

function nobleG2Json(sk: bigint) {
  const p = bn254.G2.Point.BASE.multiply(sk).toAffine();
  return { X: [String(p.x.c1), String(p.x.c0)], Y: [String(p.y.c1), String(p.y.c0)] };
}

function nobleG1Json(sk: bigint) {
  const p = bn254.G1.Point.BASE.multiply(sk).toAffine();
  return { X: String(p.x), Y: String(p.y) };
}

Deno.test("--help works for keys and every sub-command", async () => {
  for (const sub of [[], ["create"], ["import"], ["list"], ["show"]]) {
    const r = await runKeys([...sub, "--help"]);
    assert.equal(r.error?.code, "commander.helpDisplayed", sub.join(" "));
    assert.equal(r.error?.exitCode, 0);
    assert.match(r.stdout, new RegExp(`Usage: keys ${sub.join(" ")}`));
  }
  const top = await runKeys(["--help"]);
  for (const sub of ["create", "import", "list", "show"]) assert.match(top.stdout, new RegExp(sub));
  assert.match(
    (await runKeys(["create", "--help"])).stdout,
    /--key-type <type>.*\(choices: "bls", "ecdsa"\)/s,
  );
});

Deno.test("keys create bls: prints public info only, writes a 0600 keystore that decrypts", async () => {
  await withTempDir(async (dir) => {
    const r = await runKeys([
      "create",
      "--key-type",
      "bls",
      "--dir",
      dir,
      "--insecure",
      "--light-kdf",
      "op",
    ], {
      env: { OPERATOR_BLS_KEY_PASSWORD: "" },
    });
    assert.equal(r.error, undefined, r.stderr);
    const out = r.json as Record<string, unknown>;
    const path = join(dir, "op.bls.key.json");
    assert.deepEqual(Object.keys(out), [
      "name",
      "keyType",
      "path",
      "pubkeyG1",
      "pubkeyG2",
      "operatorId",
    ]);
    assert.equal(out.path, path);
    assert.equal((await Deno.stat(path)).mode! & 0o777, 0o600);
    const key = await readBlsKeystore(path, "");
    assert.deepEqual(out.pubkeyG1, nobleG1Json(key.privateKey));
    assert.deepEqual(out.pubkeyG2, nobleG2Json(key.privateKey));
    assert.match(out.operatorId as string, /^0x[0-9a-f]{64}$/);
    const sk = key.privateKey;
    for (const form of [sk.toString(), sk.toString(16)]) {
      assert.ok(!r.stdout.includes(form) && !r.stderr.includes(form), "secret leaked");
    }
  });
});

Deno.test("keys create ecdsa with prompted password; --show-private-key prints it once", async () => {
  await withTempDir(async (dir) => {
    const r = await runKeys([
      "create",
      "-k",
      "ecdsa",
      "--dir",
      dir,
      "--light-kdf",
      "--show-private-key",
      "e",
    ], {
      tty: true,
      prompts: [STRONG, STRONG],
    });
    assert.equal(r.error, undefined, r.stderr);
    assert.match(r.stderr, /Enter password.*Confirm password/s);
    const out = r.json as Record<string, string>;
    const key = await readEcdsaKeystore(join(dir, "e.ecdsa.key.json"), STRONG);
    assert.equal(out.address, key.address);
    assert.equal(out.privateKey, key.privateKey);
    assert.match(r.stderr, /back it up/);
  });
});

Deno.test("keys create refuses weak passwords, mismatched confirmation, missing password, taken names", async () => {
  await withTempDir(async (dir) => {
    const base = ["create", "-k", "ecdsa", "--dir", dir, "--light-kdf"];
    const weak = await runKeys([...base, "a"], { env: { OPERATOR_ECDSA_KEY_PASSWORD: "hunter2" } });
    assert.equal(weak.error?.exitCode, 1);
    assert.match(weak.stderr, /error: password too weak.*--insecure/);
    const mismatch = await runKeys([...base, "a"], { tty: true, prompts: [STRONG, `${STRONG}x`] });
    assert.match(mismatch.stderr, /error: passwords do not match/);
    const none = await runKeys([...base, "a"], { tty: false });
    assert.match(none.stderr, /error: no password .*OPERATOR_ECDSA_KEY_PASSWORD/);
    assert.deepEqual([...Deno.readDirSync(dir)], [], "nothing written on failure");

    const env = { OPERATOR_ECDSA_KEY_PASSWORD: STRONG };
    assert.equal((await runKeys([...base, "a"], { env })).error, undefined);
    const before = await Deno.readTextFile(join(dir, "a.ecdsa.key.json"));
    const again = await runKeys([...base, "a"], { env });
    assert.equal(again.error?.code, "keys.FILE_EXISTS");
    assert.match(again.stderr, /a\.ecdsa\.key\.json: key name already exists/);
    assert.equal(await Deno.readTextFile(join(dir, "a.ecdsa.key.json")), before);

    for (const bad of ["has space", "dot.ted", "sl/ash"]) {
      const r = await runKeys([...base, bad], { env });
      assert.equal(r.error?.exitCode, 1, bad);
      assert.match(r.stderr, /error: key name/);
    }
    const badType = await runKeys(["create", "-k", "rsa", "--dir", dir, "x"], { env });
    assert.equal(badType.error?.code, "commander.invalidArgument");
    const noType = await runKeys(["create", "--dir", dir, "x"], { env });
    assert.equal(noType.error?.code, "commander.missingMandatoryOptionValue");
  });
});

Deno.test("keys import: argument, env and stdin; BLS decimal and hex; invalid keys rejected", async () => {
  await withTempDir(async (dir) => {
    const env = { OPERATOR_BLS_KEY_PASSWORD: "", OPERATOR_ECDSA_KEY_PASSWORD: "" };
    const imp = (name: string, type: string, extra: string[], setup = {}) =>
      runKeys(["import", "-k", type, "--dir", dir, "-i", "--light-kdf", name, ...extra], {
        env,
        ...setup,
      });

    const dec = await imp("b69", "bls", ["69"]);
    assert.equal((dec.json as Record<string, string>).operatorId, SK69_OPERATOR_ID);
    assert.ok(!dec.stdout.includes("privateKey"));
    const hex = await imp("b69hex", "bls", ["0x45"]);
    assert.equal((hex.json as Record<string, string>).operatorId, SK69_OPERATOR_ID);
    assert.equal((await readBlsKeystore(join(dir, "b69.bls.key.json"), "")).privateKey, 69n);

    const sk1 = generatePrivateKey();
    const a = await imp("e1", "ecdsa", [sk1.slice(2)]);
    assert.equal((a.json as Record<string, string>).address, privateKeyToAccount(sk1).address);
    const sk2 = generatePrivateKey();
    const b = await runKeys(["import", "-k", "ecdsa", "--dir", dir, "-i", "--light-kdf", "e2"], {
      env: { ...env, IMPORT_PRIVATE_KEY: sk2 },
    });
    assert.equal((b.json as Record<string, string>).address, privateKeyToAccount(sk2).address);
    const sk3 = generatePrivateKey();
    const c = await imp("e3", "ecdsa", [], { stdin: `${sk3}\n`, tty: false });
    assert.equal((c.json as Record<string, string>).address, privateKeyToAccount(sk3).address);
    assert.equal((await readEcdsaKeystore(join(dir, "e3.ecdsa.key.json"), "")).privateKey, sk3);

    const noKey = await imp("e4", "ecdsa", [], { tty: true });
    assert.match(noKey.stderr, /error: no private key.*IMPORT_PRIVATE_KEY/);
    const badBls = await imp("b0", "bls", ["0"]);
    assert.equal(badBls.error?.code, "keys.INVALID_KEY");
    assert.match(badBls.stderr, /\[1, r\)/);
    const badEcdsa = await imp("e5", "ecdsa", ["0x1234"]);
    assert.equal(badEcdsa.error?.code, "keys.INVALID_KEY");
    assert.ok(!badEcdsa.stderr.includes("0x1234"), "the rejected key is not echoed");
  });
});

Deno.test("keys list shows public info without passwords and reports broken files", async () => {
  await withTempDir(async (dir) => {
    const env = { OPERATOR_BLS_KEY_PASSWORD: "", OPERATOR_ECDSA_KEY_PASSWORD: "" };
    await runKeys(["import", "-k", "bls", "--dir", dir, "-i", "--light-kdf", "b", "69"], { env });
    const sk = generatePrivateKey();
    await writeEcdsaKeystore(join(dir, "e.ecdsa.key.json"), sk, "", { scrypt: "light" });
    await Deno.writeTextFile(join(dir, "broken.bls.key.json"), "{}");
    await Deno.writeTextFile(join(dir, "notes.txt"), "ignored");
    const r = await runKeys(["list", "--dir", dir]);
    assert.equal(r.error, undefined, r.stderr);
    assert.deepEqual(r.json, [
      {
        name: "b",
        keyType: "bls",
        path: join(dir, "b.bls.key.json"),
        pubkeyG1: nobleG1Json(69n),
        operatorId: SK69_OPERATOR_ID,
      },
      {
        name: "broken",
        keyType: "bls",
        path: join(dir, "broken.bls.key.json"),
        error: `${
          join(dir, "broken.bls.key.json")
        }: invalid BLS key file: pubKey field not found (is this an ECDSA keystore?)`,
      },
      {
        name: "e",
        keyType: "ecdsa",
        path: join(dir, "e.ecdsa.key.json"),
        address: privateKeyToAccount(sk).address,
      },
    ]);
    const empty = await runKeys(["list", "--dir", join(dir, "nope")]);
    assert.deepEqual(empty.json, []);
    assert.match(empty.stderr, /does not exist/);
  });
});

Deno.test("keys show prints {pubkeyG1, pubkeyG2, operatorId} / {address}; wrong password fails", async () => {
  const file = join(FIXTURES, "cast_sk69.bls.key.json");
  const r = await runKeys(["show", "--key-type", "bls", "--file", file], {
    env: { OPERATOR_BLS_KEY_PASSWORD: "" },
  });
  assert.equal(r.error, undefined, r.stderr);
  assert.deepEqual(r.json, {
    pubkeyG1: nobleG1Json(69n),
    pubkeyG2: nobleG2Json(69n),
    operatorId: SK69_OPERATOR_ID,
  });

  const ecdsa = await runKeys([
    "show",
    "-k",
    "ecdsa",
    "--file",
    join(FIXTURES, "cast_ecdsa.key.json"),
  ], {
    tty: true,
    prompts: ["pässwörd 🔑"],
  });
  assert.deepEqual(ecdsa.json, { address: "0x2c7536E3605D9C16a7a3D7b1898e529396a65c23" });

  const wrong = await runKeys(["show", "-k", "bls", "--file", file], {
    env: { OPERATOR_BLS_KEY_PASSWORD: "x" },
  });
  assert.equal(wrong.error?.exitCode, 1);
  assert.equal(wrong.error?.code, "keys.WRONG_PASSWORD");
  assert.equal(wrong.stdout, "");
  assert.match(
    wrong.stderr,
    new RegExp(`error: ${file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: could not decrypt`),
  );

  const both = await runKeys(["show", "-k", "bls", "--file", file, "name"], {
    env: { OPERATOR_BLS_KEY_PASSWORD: "" },
  });
  assert.match(both.stderr, /exactly one of --file PATH or a key NAME/);
  const missing = await runKeys(["show", "-k", "bls", "--dir", "/nonexistent-dir", "ghost"], {
    env: { OPERATOR_BLS_KEY_PASSWORD: "" },
  });
  assert.equal(missing.error?.code, "keys.NOT_FOUND");
  assert.match(missing.stderr, /\/nonexistent-dir\/ghost\.bls\.key\.json: key file not found/);
});

Deno.test("keys show by name uses the key folder (default $HOME/.eigenlayer/operator_keys)", async () => {
  await withTempDir(async (dir) => {
    const keyDir = join(dir, ".eigenlayer", "operator_keys");
    const sk = generatePrivateKey();
    await writeEcdsaKeystore(join(keyDir, "me.ecdsa.key.json"), sk, "", { scrypt: "light" });
    const home = Deno.env.get("HOME");
    Deno.env.set("HOME", dir);
    try {
      const r = await runKeys(["show", "-k", "ecdsa", "me"], {
        env: { OPERATOR_ECDSA_KEY_PASSWORD: "" },
      });
      assert.deepEqual(r.json, { address: privateKeyToAccount(sk).address });
      const l = await runKeys(["list"]);
      assert.equal((l.json as { path: string }[])[0].path, join(keyDir, "me.ecdsa.key.json"));
    } finally {
      if (home === undefined) Deno.env.delete("HOME");
      else Deno.env.set("HOME", home);
    }
  });
});

Deno.test("keys runs as a real process: JSON on stdout, exit 1 and one error line on failure", async () => {
  const root = new URL("../../", import.meta.url).pathname;
  const cliPath = join(root, "cli.ts");
  // The project's CLI mounts this command (lib/cli/program.ts); the test-only runner is kept
  // for a checkout without cli.ts.
  let entry = [join(root, "tests/keys/keys_cli_runner.ts")];
  try {
    await Deno.stat(cliPath);
    entry = [cliPath, "keys"];
  } catch { /* no cli.ts */ }
  const run = async (password: string) => {
    const out = await new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "-A",
        ...entry,
        "show",
        "-k",
        "bls",
        "--file",
        join(FIXTURES, "cast_sk69.bls.key.json"),
      ],
      env: { OPERATOR_BLS_KEY_PASSWORD: password, NO_COLOR: "1" },
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
    }).output();
    return {
      code: out.code,
      stdout: new TextDecoder().decode(out.stdout),
      stderr: new TextDecoder().decode(out.stderr),
    };
  };
  const ok = await run("");
  assert.equal(ok.code, 0, ok.stderr);
  assert.equal(JSON.parse(ok.stdout).operatorId, SK69_OPERATOR_ID);
  const bad = await run("wrong");
  assert.equal(bad.code, 1);
  assert.equal(bad.stdout, "");
  assert.match(bad.stderr, /error: .*cast_sk69\.bls\.key\.json: could not decrypt/);
  assert.ok(!/\bat .*\.ts:\d+/.test(bad.stderr), "no stack trace");
});
