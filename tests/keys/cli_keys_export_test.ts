/** `keys export` (warning + confirmation) and `keys import --mnemonic`, driven in-process. */
import assert from "node:assert/strict";
import { CommanderError } from "commander";
import { ecdsaKeyFromMnemonic, keysCommand, type KeysIO } from "../../lib/cli/keys.ts";
import { withTempDir } from "./helpers.ts";

const STRONG = "Correct-Horse-Battery-Staple-42";
const ANVIL_MNEMONIC = "test test test test test test test test test test test junk";
const ANVIL_KEY_1 = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d";

async function runKeys(
  args: string[],
  setup: { env?: Record<string, string>; tty?: boolean; prompts?: string[]; stdin?: string } = {},
) {
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
  let json: Record<string, unknown> | undefined;
  try {
    json = JSON.parse(stdout);
  } catch { /* not JSON */ }
  return { stdout, stderr, error, json };
}

Deno.test("mnemonic keys follow m/44'/60'/0'/0/i; bad phrases are named", () => {
  assert.equal(ecdsaKeyFromMnemonic(ANVIL_MNEMONIC, 1), ANVIL_KEY_1);
  assert.throws(() => ecdsaKeyFromMnemonic("test test test"), /3 words/);
  assert.throws(
    () => ecdsaKeyFromMnemonic(ANVIL_MNEMONIC.replace("junk", "jnuk")),
    /1 not in the English word list/,
  );
});

Deno.test("import --mnemonic, then export: confirmation, warning, the same key back", async () => {
  await withTempDir(async (dir) => {
    const env = { OPERATOR_ECDSA_KEY_PASSWORD: STRONG, IMPORT_MNEMONIC: ANVIL_MNEMONIC };
    const imported = await runKeys(
      [
        "import",
        "-k",
        "ecdsa",
        "--dir",
        dir,
        "--light-kdf",
        "--mnemonic",
        "--account-index",
        "1",
        "op",
      ],
      { env },
    );
    assert.equal(imported.error, undefined, imported.stderr);

    // Without --yes and without a terminal: refused, nothing printed on stdout.
    const refused = await runKeys(["export", "-k", "ecdsa", "--dir", dir, "op"], { env });
    assert.equal(refused.error?.exitCode, 1);
    assert.match(refused.stderr, /WARNING: this prints the ECDSA private key/);
    assert.match(refused.stderr, /not confirmed: pass --yes/);
    assert.equal(refused.stdout, "");

    // On a terminal, a wrong confirmation is refused too.
    const wrong = await runKeys(["export", "-k", "ecdsa", "--dir", dir, "op"], {
      env,
      tty: true,
      prompts: ["nope"],
    });
    assert.match(wrong.stderr, /not confirmed; nothing exported/);
    assert.equal(wrong.stdout, "");

    const typed = await runKeys(["export", "-k", "ecdsa", "--dir", dir, "op"], {
      env,
      tty: true,
      prompts: ["op"],
    });
    assert.equal(typed.json?.privateKey, ANVIL_KEY_1);
    assert.equal(typed.json?.address, "0x70997970C51812dc3A010C7d01b50e0d17dc79C8");

    const yes = await runKeys(["export", "-k", "ecdsa", "--dir", dir, "--yes", "op"], { env });
    assert.equal(yes.json?.privateKey, ANVIL_KEY_1);
  });
});

Deno.test("BLS export round-trips through import; --mnemonic is ECDSA only", async () => {
  await withTempDir(async (dir) => {
    const env = { OPERATOR_BLS_KEY_PASSWORD: STRONG };
    const created = await runKeys(["create", "-k", "bls", "--dir", dir, "--light-kdf", "a"], {
      env,
    });
    assert.equal(created.error, undefined, created.stderr);
    const exported = await runKeys(["export", "-k", "bls", "--dir", dir, "--yes", "a"], { env });
    const sk = exported.json?.privateKey as string;
    assert.match(sk, /^[0-9]+$/);
    const again = await runKeys(["import", "-k", "bls", "--dir", dir, "--light-kdf", "b", sk], {
      env,
    });
    assert.equal(again.error, undefined, again.stderr);
    const b = await runKeys(["export", "-k", "bls", "--dir", dir, "--yes", "b"], { env });
    assert.equal(b.json?.operatorId, exported.json?.operatorId);
    const m = await runKeys(["import", "-k", "bls", "--dir", dir, "--mnemonic", "c"], {
      env: { ...env, IMPORT_MNEMONIC: ANVIL_MNEMONIC },
    });
    assert.match(m.stderr, /--mnemonic derives ECDSA keys only/);
  });
});
