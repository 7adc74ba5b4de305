/**
 * The shared v3 `crypto` envelope, checked against an independent implementation: Deno's
 * `node:crypto` (native scrypt, pbkdf2 and AES) plus viem's keccak256.
 */
import assert from "node:assert/strict";
import { createCipheriv, createDecipheriv, pbkdf2Sync, randomBytes, scryptSync } from "node:crypto";
import { keccak256, toHex } from "viem";
import {
  decryptSecret,
  encryptSecret,
  LIGHT_SCRYPT,
  scryptParams,
  STANDARD_SCRYPT,
} from "../../lib/keys/v3_crypto.ts";
import { rejectsWith } from "./helpers.ts";

const SRC = "/keys/test.json";
const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");

/** Builds a v3 crypto object with node:crypto, the way go-ethereum lays it out. */
function oracleEncrypt(
  secret: Uint8Array,
  password: string,
  kdf: "scrypt" | "pbkdf2",
): Record<string, unknown> {
  const salt = randomBytes(32);
  const iv = randomBytes(16);
  const dk = kdf === "scrypt"
    ? scryptSync(password, salt, 32, { N: 4096, r: 8, p: 6 })
    : pbkdf2Sync(password, salt, 2048, 32, "sha256");
  const c = createCipheriv("aes-128-ctr", dk.subarray(0, 16), iv);
  const ciphertext = Buffer.concat([c.update(secret), c.final()]);
  const mac = keccak256(Buffer.concat([dk.subarray(16, 32), ciphertext])).slice(2);
  const kdfparams = kdf === "scrypt"
    ? { dklen: 32, n: 4096, p: 6, r: 8, salt: salt.toString("hex") }
    : { c: 2048, dklen: 32, prf: "hmac-sha256", salt: salt.toString("hex") };
  return {
    cipher: "aes-128-ctr",
    ciphertext: ciphertext.toString("hex"),
    cipherparams: { iv: iv.toString("hex") },
    kdf,
    kdfparams,
    mac,
  };
}

Deno.test("scrypt presets are go-ethereum's standard and light parameters", () => {
  assert.deepEqual(scryptParams(), { n: 262144, r: 8, p: 1 });
  assert.deepEqual(scryptParams("standard"), { ...STANDARD_SCRYPT });
  assert.deepEqual(scryptParams("light"), { n: 4096, r: 8, p: 6 });
  assert.deepEqual(LIGHT_SCRYPT, { n: 4096, r: 8, p: 6 });
});

Deno.test("encryptSecret output decrypts with node:crypto and its MAC is keccak(DK[16:32]‖ct)", async () => {
  const secret = randomBytes(32);
  const salt = Uint8Array.from(randomBytes(32));
  const iv = Uint8Array.from(randomBytes(16));
  const c = await encryptSecret(secret, "pa55 wörd", { scrypt: "light", salt, iv });
  assert.equal(c.cipher, "aes-128-ctr");
  assert.equal(c.kdf, "scrypt");
  assert.deepEqual(c.kdfparams, { dklen: 32, n: 4096, p: 6, r: 8, salt: hex(salt) });
  assert.equal(c.cipherparams.iv, hex(iv));
  assert.match(c.ciphertext, /^[0-9a-f]{64}$/);
  assert.match(c.mac, /^[0-9a-f]{64}$/);
  // Key order as go-ethereum writes it (encoding/json sorts map keys of kdfparams).
  assert.deepEqual(Object.keys(c), [
    "cipher",
    "ciphertext",
    "cipherparams",
    "kdf",
    "kdfparams",
    "mac",
  ]);
  assert.deepEqual(Object.keys(c.kdfparams), ["dklen", "n", "p", "r", "salt"]);

  const dk = scryptSync(Buffer.from("pa55 wörd", "utf8"), salt, 32, { N: 4096, r: 8, p: 6 });
  const ct = Buffer.from(c.ciphertext, "hex");
  assert.equal(c.mac, keccak256(Buffer.concat([dk.subarray(16, 32), ct])).slice(2));
  const d = createDecipheriv("aes-128-ctr", dk.subarray(0, 16), iv);
  assert.equal(Buffer.concat([d.update(ct), d.final()]).toString("hex"), hex(secret));
});

Deno.test("decryptSecret reads scrypt and pbkdf2 keystores built by node:crypto", async () => {
  for (const kdf of ["scrypt", "pbkdf2"] as const) {
    const secret = randomBytes(32);
    const got = await decryptSecret(
      oracleEncrypt(secret, "correct horse", kdf),
      "correct horse",
      SRC,
    );
    assert.equal(hex(got), hex(secret), kdf);
  }
});

Deno.test("decryptSecret tolerates 0x-prefixed hex and Go-style capitalised field names", async () => {
  const secret = randomBytes(32);
  const c = oracleEncrypt(secret, "pw", "scrypt");
  const shouted = {
    Cipher: c.cipher,
    CipherText: `0x${c.ciphertext}`,
    CipherParams: c.cipherparams,
    KDF: c.kdf,
    KDFParams: c.kdfparams,
    MAC: `0x${c.mac}`,
  };
  assert.equal(hex(await decryptSecret(shouted, "pw", SRC)), hex(secret));
});

Deno.test("wrong password and tampered ciphertext are reported as WRONG_PASSWORD", async () => {
  const c = oracleEncrypt(randomBytes(32), "right", "scrypt");
  await rejectsWith(decryptSecret(c, "wrong", SRC), "WRONG_PASSWORD", SRC, /could not decrypt/);
  await rejectsWith(decryptSecret(c, "", SRC), "WRONG_PASSWORD", SRC);
  const ct = Buffer.from(c.ciphertext as string, "hex");
  ct[0] ^= 1;
  await rejectsWith(
    decryptSecret({ ...c, ciphertext: ct.toString("hex") }, "right", SRC),
    "WRONG_PASSWORD",
    SRC,
  );
});

Deno.test("unsupported cipher, kdf and pbkdf2 PRF are rejected by name", async () => {
  const c = oracleEncrypt(randomBytes(32), "pw", "pbkdf2");
  await rejectsWith(
    decryptSecret({ ...c, cipher: "aes-128-cbc" }, "pw", SRC),
    "UNSUPPORTED_CIPHER",
    SRC,
    /aes-128-cbc/,
  );
  await rejectsWith(
    decryptSecret({ ...c, kdf: "argon2id" }, "pw", SRC),
    "UNSUPPORTED_KDF",
    SRC,
    /argon2id/,
  );
  const params = c.kdfparams as Record<string, unknown>;
  await rejectsWith(
    decryptSecret({ ...c, kdfparams: { ...params, prf: "hmac-sha512" } }, "pw", SRC),
    "UNSUPPORTED_KDF",
    SRC,
    /hmac-sha512/,
  );
});

Deno.test("missing or malformed fields are CORRUPT and the message names the field", async () => {
  const c = oracleEncrypt(randomBytes(32), "pw", "scrypt");
  const params = c.kdfparams as Record<string, unknown>;
  const cases: [Record<string, unknown> | unknown, RegExp][] = [
    [undefined, /missing field crypto/],
    ["nope", /crypto must be a JSON object/],
    [{ ...c, ciphertext: undefined }, /missing field crypto\.ciphertext/],
    [{ ...c, ciphertext: "zz" }, /crypto\.ciphertext is not valid hex/],
    [{ ...c, mac: 12 }, /crypto\.mac must be a string/],
    [{ ...c, cipherparams: {} }, /missing field crypto\.cipherparams\.iv/],
    [{ ...c, cipherparams: { iv: "00" } }, /iv must be 16 bytes/],
    [{ ...c, kdfparams: undefined }, /missing field crypto\.kdfparams/],
    [{ ...c, kdfparams: { ...params, salt: undefined } }, /crypto\.kdfparams\.salt/],
    [{ ...c, kdfparams: { ...params, n: "4096" } }, /kdfparams\.n must be an integer/],
    [{ ...c, kdfparams: { ...params, n: 3000 } }, /invalid scrypt parameters/],
    [{ ...c, kdfparams: { ...params, dklen: 16 } }, /dklen 16/],
    [{ ...c, kdfparams: { ...params, n: 2 ** 30 } }, /more than 1 GiB/],
  ];
  for (const [crypto, re] of cases) {
    await rejectsWith(decryptSecret(crypto, "pw", SRC), "CORRUPT", SRC, re);
  }
});

Deno.test("the standard (N=2^18) parameters round-trip too", async () => {
  const secret = randomBytes(32);
  const c = await encryptSecret(secret, "pw");
  assert.equal(c.kdfparams.n, 262144);
  assert.equal(c.kdfparams.p, 1);
  assert.equal(hex(await decryptSecret(c, "pw", SRC)), hex(secret));
});

Deno.test("a fresh salt and iv are drawn for every encryption", async () => {
  const secret = new Uint8Array(32).fill(7);
  const a = await encryptSecret(secret, "pw", { scrypt: "light" });
  const b = await encryptSecret(secret, "pw", { scrypt: "light" });
  assert.notEqual(a.kdfparams.salt, b.kdfparams.salt);
  assert.notEqual(a.cipherparams.iv, b.cipherparams.iv);
  assert.notEqual(a.ciphertext, b.ciphertext);
  assert.equal(toHex(await decryptSecret(a, "pw", SRC)), toHex(secret));
});
