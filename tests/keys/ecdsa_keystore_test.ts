/**
 * ECDSA Web3 Secret Storage v3 keystores: round trips, files written by foundry's `cast`
 * (a Rust implementation) in both directions, and every rejection path.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import {
  decryptEcdsaKeystore,
  encryptEcdsaKeystore,
  parseEcdsaPrivateKey,
  readEcdsaKeystore,
  readEcdsaKeystoreAddress,
  writeEcdsaKeystore,
} from "../../lib/keys/ecdsa_keystore.ts";
import { KeystoreError } from "../../lib/keys/errors.ts";
import { FIXTURES, rejectsWith, runCast, withTempDir } from "./helpers.ts";

const CAST_KEY = "0x4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318";
const CAST_ADDRESS = "0x2c7536E3605D9C16a7a3D7b1898e529396a65c23";
const CAST_PASSWORD = "pässwörd 🔑";

Deno.test("ECDSA keystore round trip: geth layout, checksummed address, 0600 file", async () => {
  await withTempDir(async (dir) => {
    const sk = generatePrivateKey();
    const path = join(dir, "op.ecdsa.key.json");
    const doc = await writeEcdsaKeystore(path, sk, "secret", { scrypt: "light" });
    const expected = privateKeyToAccount(sk).address;
    assert.deepEqual(Object.keys(doc), ["address", "crypto", "id", "version"]);
    assert.equal(doc.version, 3);
    assert.equal(doc.address, expected.slice(2).toLowerCase());
    assert.match(doc.id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.equal((await Deno.stat(path)).mode! & 0o777, 0o600);
    assert.deepEqual(JSON.parse(await Deno.readTextFile(path)), doc);
    const key = await readEcdsaKeystore(path, "secret");
    assert.equal(key.privateKey, sk);
    assert.equal(key.address, expected);
    assert.equal(await readEcdsaKeystoreAddress(path), expected);
    // Only the key file is left in the folder: the temporary file was moved, not copied.
    assert.deepEqual([...Deno.readDirSync(dir)].map((e) => e.name), ["op.ecdsa.key.json"]);
  });
});

Deno.test("ECDSA keystore written by cast (committed fixture) decrypts with a UTF-8 password", async () => {
  const path = join(FIXTURES, "cast_ecdsa.key.json");
  const key = await readEcdsaKeystore(path, CAST_PASSWORD);
  assert.equal(key.privateKey, CAST_KEY);
  assert.equal(key.address, CAST_ADDRESS);
  // Same password after NFD normalisation is a different byte string: must fail.
  await rejectsWith(
    readEcdsaKeystore(path, CAST_PASSWORD.normalize("NFD")),
    "WRONG_PASSWORD",
    path,
  );
});

Deno.test("live interop with cast: cast reads our keystore, we read cast's", async () => {
  await withTempDir(async (dir) => {
    const sk = generatePrivateKey();
    await writeEcdsaKeystore(join(dir, "ours"), sk, "interop-pw", { scrypt: "light" });
    const out = await runCast(
      ["wallet", "decrypt-keystore", "-k", dir, "--unsafe-password", "interop-pw", "ours"],
      dir,
    );
    assert.match(out, new RegExp(`private key is: ${sk}\\b`));

    const sk2 = generatePrivateKey();
    await runCast(
      [
        "wallet",
        "import",
        "-k",
        dir,
        "--unsafe-password",
        "other-pw",
        "--private-key",
        sk2,
        "theirs",
      ],
      dir,
    );
    const key = await readEcdsaKeystore(join(dir, "theirs"), "other-pw");
    assert.equal(key.privateKey, sk2);
    assert.equal(key.address, privateKeyToAccount(sk2).address);
  });
});

Deno.test("ECDSA: wrong password, address mismatch, bad version, corrupt JSON, missing file", async () => {
  await withTempDir(async (dir) => {
    const path = join(dir, "k.json");
    const doc = await encryptEcdsaKeystore(generatePrivateKey(), "pw", { scrypt: "light" });
    await Deno.writeTextFile(path, JSON.stringify(doc));
    await rejectsWith(readEcdsaKeystore(path, "nope"), "WRONG_PASSWORD", path);

    const other = privateKeyToAccount(generatePrivateKey()).address.slice(2).toLowerCase();
    await Deno.writeTextFile(path, JSON.stringify({ ...doc, address: other }));
    await rejectsWith(readEcdsaKeystore(path, "pw"), "ADDRESS_MISMATCH", path, /does not match/);

    await Deno.writeTextFile(path, JSON.stringify({ ...doc, version: 4 }));
    await rejectsWith(readEcdsaKeystore(path, "pw"), "CORRUPT", path, /version 4/);
    await Deno.writeTextFile(path, JSON.stringify({ ...doc, crypto: undefined }));
    await rejectsWith(readEcdsaKeystore(path, "pw"), "CORRUPT", path, /missing field crypto/);
    await Deno.writeTextFile(path, JSON.stringify({ ...doc, address: "0x1234" }));
    await rejectsWith(readEcdsaKeystore(path, "pw"), "CORRUPT", path, /address/);
    await Deno.writeTextFile(path, JSON.stringify(doc).slice(0, 50));
    await rejectsWith(readEcdsaKeystore(path, "pw"), "CORRUPT", path, /not valid JSON/);
    await Deno.writeTextFile(path, "[]");
    await rejectsWith(readEcdsaKeystore(path, "pw"), "CORRUPT", path, /JSON object/);

    await rejectsWith(decryptEcdsaKeystore(doc, "nope"), "WRONG_PASSWORD", "<memory>");

    const missing = join(dir, "absent.json");
    await rejectsWith(readEcdsaKeystore(missing, "pw"), "NOT_FOUND", missing);
  });
});

Deno.test("ECDSA: an existing key file is never replaced unless overwrite is set", async () => {
  await withTempDir(async (dir) => {
    const path = join(dir, "k.ecdsa.key.json");
    const first = generatePrivateKey();
    await writeEcdsaKeystore(path, first, "pw", { scrypt: "light" });
    const before = await Deno.readTextFile(path);
    await rejectsWith(
      writeEcdsaKeystore(path, generatePrivateKey(), "pw", { scrypt: "light" }),
      "FILE_EXISTS",
      path,
    );
    assert.equal(await Deno.readTextFile(path), before);
    assert.equal((await readEcdsaKeystore(path, "pw")).privateKey, first);
    assert.equal([...Deno.readDirSync(dir)].length, 1, "no temporary file left behind");

    // A loosely-permissioned file that gets overwritten comes out 0600.
    await Deno.chmod(path, 0o644);
    const second = generatePrivateKey();
    await writeEcdsaKeystore(path, second, "pw", { scrypt: "light", overwrite: true });
    assert.equal((await Deno.stat(path)).mode! & 0o777, 0o600);
    assert.equal((await readEcdsaKeystore(path, "pw")).privateKey, second);
  });
});

Deno.test("ECDSA: writing creates missing folders", async () => {
  await withTempDir(async (dir) => {
    const path = join(dir, "a", "b", "k.json");
    await writeEcdsaKeystore(path, generatePrivateKey(), "", { scrypt: "light" });
    assert.equal((await Deno.stat(path)).mode! & 0o777, 0o600);
    assert.equal(
      (await Deno.stat(join(dir, "a", "b"))).mode! & 0o007,
      0,
      "folder closed to others",
    );
  });
});

Deno.test("parseEcdsaPrivateKey accepts 0x/bare hex and rejects invalid scalars", () => {
  const sk = generatePrivateKey();
  assert.equal(parseEcdsaPrivateKey(sk).privateKey, sk);
  assert.equal(parseEcdsaPrivateKey(` ${sk.slice(2).toUpperCase()}\n`).privateKey, sk);
  const n = "fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141";
  for (const bad of ["", "0x1234", "0".repeat(64), n, `0x${"g".repeat(64)}`]) {
    assert.throws(
      () => parseEcdsaPrivateKey(bad),
      (e: unknown) => e instanceof KeystoreError && e.code === "INVALID_KEY",
      bad,
    );
  }
});
