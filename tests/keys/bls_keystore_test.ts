/**
 * eigensdk BLS keystores: known keys from the reference (sk = 69, eigensdk test key 1) inside
 * envelopes written by foundry's cast, round trips cross-checked with node:crypto and
 * @noble/curves as oracles, and every rejection path.
 */
import assert from "node:assert/strict";
import { createCipheriv, createDecipheriv, randomBytes, scryptSync } from "node:crypto";
import { join } from "node:path";
import { bn254 } from "@noble/curves/bn254.js";
import { keccak256 } from "viem";
import {
  BN254_R,
  decryptBlsKeystore,
  encryptBlsKeystore,
  formatG1PubKey,
  parseBlsPrivateKey,
  parseG1PubKey,
  readBlsKeystore,
  readBlsKeystorePubkey,
  writeBlsKeystore,
} from "../../lib/keys/bls_keystore.ts";
import { KeystoreError } from "../../lib/keys/errors.ts";
import { operatorId } from "../../lib/bls/mod.ts";
import { FIXTURES, rejectsWith, withTempDir } from "./helpers.ts";

// upstream-avs.md §5.1 and bls-bn254.md §7.
const SK69_G1 = {
  X: 5138697240077803445514669414784254799933862402946278134326199877546184124353n,
  Y: 12587011617949543324467535889916856826666519601316494966427400843934921824601n,
};
const SK69_OPERATOR_ID = "0xcf49e2dd68647b29c00309775a53e99fe797f5609630901b66fd2765011a87ad";
const KEY1_SK = 2215338531151182997276243965065522514190247674553811942190946030173209230351n;
const KEY1_PUBKEY =
  "E([19408553463882111916887171276012224475029133183214861480489485386352635269635," +
  "17418827901203159022109906145273000034647571131322064812191371351028964064220])";
const KEY1_OPERATOR_ID = "0x2b3a67aee25855743a2ac3e1537d08d5219a9355c5490ad646760fedf5d538f8";

/** Independent sk·G1 (noble). */
function nobleG1(sk: bigint) {
  const p = bn254.G1.Point.BASE.multiply(sk).toAffine();
  return { X: p.x, Y: p.y };
}

function randomScalar(): bigint {
  return (BigInt(`0x${randomBytes(40).toString("hex")}`) % (BN254_R - 1n)) + 1n;
}

const skBytes = (sk: bigint) => Buffer.from(sk.toString(16).padStart(64, "0"), "hex");

/** A BLS keystore built without our code: node:crypto envelope, noble pubkey. */
function oracleBlsKeystore(plaintext: Buffer, pubKey: string, password: string) {
  const salt = randomBytes(32);
  const iv = randomBytes(16);
  const dk = scryptSync(password, salt, 32, { N: 4096, r: 8, p: 6 });
  const c = createCipheriv("aes-128-ctr", dk.subarray(0, 16), iv);
  const ct = Buffer.concat([c.update(plaintext), c.final()]);
  return {
    pubKey,
    crypto: {
      cipher: "aes-128-ctr",
      ciphertext: ct.toString("hex"),
      cipherparams: { iv: iv.toString("hex") },
      kdf: "scrypt",
      kdfparams: { dklen: 32, n: 4096, p: 6, r: 8, salt: salt.toString("hex") },
      mac: keccak256(Buffer.concat([dk.subarray(16, 32), ct])).slice(2),
    },
  };
}

Deno.test("cast-encrypted sk = 69 keystore gives the upstream pkG1 and operatorId", async () => {
  const path = join(FIXTURES, "cast_sk69.bls.key.json");
  const key = await readBlsKeystore(path, "");
  assert.equal(key.privateKey, 69n);
  assert.deepEqual(key.pubkeyG1, SK69_G1);
  assert.equal(operatorId(key.pubkeyG1), SK69_OPERATOR_ID);
  assert.deepEqual(await readBlsKeystorePubkey(path), SK69_G1);
  await rejectsWith(readBlsKeystore(path, "x"), "WRONG_PASSWORD", path);
});

Deno.test("cast-encrypted eigensdk test key 1 decrypts to the reference sk, pubKey string and id", async () => {
  const path = join(FIXTURES, "cast_eigensdk_key1.bls.key.json");
  const key = await readBlsKeystore(path, "fixture-pw");
  assert.equal(key.privateKey, KEY1_SK);
  assert.equal(formatG1PubKey(key.pubkeyG1), KEY1_PUBKEY);
  assert.equal(operatorId(key.pubkeyG1), KEY1_OPERATOR_ID);
});

Deno.test("BLS round trip: exact eigensdk layout, 0600, plaintext is the 32-byte big-endian sk", async () => {
  await withTempDir(async (dir) => {
    for (let i = 0; i < 3; i++) {
      const sk = randomScalar();
      const path = join(dir, `k${i}.bls.key.json`);
      const doc = await writeBlsKeystore(path, sk, "pw-ü", { scrypt: "light" });
      assert.deepEqual(Object.keys(doc), ["pubKey", "crypto"]);
      assert.equal(doc.pubKey, formatG1PubKey(nobleG1(sk)));
      assert.equal((await Deno.stat(path)).mode! & 0o777, 0o600);
      const onDisk = JSON.parse(await Deno.readTextFile(path));
      assert.deepEqual(onDisk, doc);

      // Decrypt with node:crypto, independently of lib/keys.
      const dk = scryptSync(
        Buffer.from("pw-ü"),
        Buffer.from(onDisk.crypto.kdfparams.salt, "hex"),
        32,
        {
          N: 4096,
          r: 8,
          p: 6,
        },
      );
      const d = createDecipheriv(
        "aes-128-ctr",
        dk.subarray(0, 16),
        Buffer.from(onDisk.crypto.cipherparams.iv, "hex"),
      );
      const plain = Buffer.concat([
        d.update(Buffer.from(onDisk.crypto.ciphertext, "hex")),
        d.final(),
      ]);
      assert.equal(plain.toString("hex"), sk.toString(16).padStart(64, "0"));

      const key = await readBlsKeystore(path, "pw-ü");
      assert.equal(key.privateKey, sk);
      assert.deepEqual(key.pubkeyG1, nobleG1(sk));
    }
  });
});

Deno.test("BLS keystore with standard scrypt (N=2^18) round-trips", async () => {
  const sk = randomScalar();
  const doc = await encryptBlsKeystore(sk, "pw");
  assert.equal(doc.crypto.kdfparams.n, 262144);
  assert.equal((await decryptBlsKeystore(doc, "pw")).privateKey, sk);
});

Deno.test("keystore built by an independent implementation decrypts; plaintext >= r is reduced", async () => {
  const sk = randomScalar();
  const pubKey = formatG1PubKey(nobleG1(sk));
  const key = await decryptBlsKeystore(oracleBlsKeystore(skBytes(sk), pubKey, "pw"), "pw", "/x");
  assert.equal(key.privateKey, sk);
  // gnark's SetBytes reduces mod r; a writer that stored sk + r still means sk.
  const small = 12345n;
  const wide = oracleBlsKeystore(skBytes(small + BN254_R), formatG1PubKey(nobleG1(small)), "pw");
  assert.equal((await decryptBlsKeystore(wide, "pw", "/x")).privateKey, small);
});

Deno.test("BLS: pubKey that does not match the key is rejected as PUBKEY_MISMATCH", async () => {
  await withTempDir(async (dir) => {
    const path = join(dir, "m.bls.key.json");
    const doc = await encryptBlsKeystore(randomScalar(), "pw", { scrypt: "light" });
    const other = formatG1PubKey(nobleG1(randomScalar()));
    await Deno.writeTextFile(path, JSON.stringify({ ...doc, pubKey: other }));
    await rejectsWith(readBlsKeystore(path, "pw"), "PUBKEY_MISMATCH", path, /does not match/);
  });
});

Deno.test("BLS: ECDSA file, bad pubKey, zero key, wrong password, bad cipher all fail by name", async () => {
  await withTempDir(async (dir) => {
    const path = join(dir, "b.bls.key.json");
    const write = (v: unknown) => Deno.writeTextFile(path, JSON.stringify(v));
    // An ECDSA keystore handed to the BLS reader.
    await Deno.copyFile(join(FIXTURES, "cast_ecdsa.key.json"), path);
    await rejectsWith(readBlsKeystore(path, "x"), "CORRUPT", path, /pubKey field not found/);

    const doc = await encryptBlsKeystore(randomScalar(), "pw", { scrypt: "light" });
    await write({ ...doc, pubKey: "E([1,2" });
    await rejectsWith(readBlsKeystore(path, "pw"), "CORRUPT", path, /E\(\[x,y\]\)/);
    await write({ ...doc, pubKey: 5 });
    await rejectsWith(readBlsKeystore(path, "pw"), "CORRUPT", path, /must be a string/);
    await write({ ...doc, pubKey: "O" });
    await rejectsWith(readBlsKeystore(path, "pw"), "INVALID_KEY", path, /infinity/);
    await write({ pubKey: doc.pubKey });
    await rejectsWith(readBlsKeystore(path, "pw"), "CORRUPT", path, /missing field crypto/);
    await write({ ...doc, crypto: { ...doc.crypto, cipher: "aes-256-gcm" } });
    await rejectsWith(readBlsKeystore(path, "pw"), "UNSUPPORTED_CIPHER", path, /aes-256-gcm/);
    await write({ ...doc, crypto: { ...doc.crypto, kdf: "bcrypt" } });
    await rejectsWith(readBlsKeystore(path, "pw"), "UNSUPPORTED_KDF", path, /bcrypt/);
    await write(doc);
    await rejectsWith(readBlsKeystore(path, "wrong"), "WRONG_PASSWORD", path);
    await Deno.writeTextFile(path, "{not json");
    await rejectsWith(readBlsKeystore(path, "pw"), "CORRUPT", path, /not valid JSON/);

    await write(oracleBlsKeystore(Buffer.alloc(32), formatG1PubKey(nobleG1(1n)), "pw"));
    await rejectsWith(readBlsKeystore(path, "pw"), "INVALID_KEY", path, /zero/);
    await write(oracleBlsKeystore(Buffer.alloc(31, 1), formatG1PubKey(nobleG1(1n)), "pw"));
    await rejectsWith(readBlsKeystore(path, "pw"), "INVALID_KEY", path, /31 bytes/);
  });
});

Deno.test("BLS: existing file kept unless overwrite; overwrite leaves 0600", async () => {
  await withTempDir(async (dir) => {
    const path = join(dir, "k.bls.key.json");
    const sk = randomScalar();
    await writeBlsKeystore(path, sk, "pw", { scrypt: "light" });
    const before = await Deno.readTextFile(path);
    await rejectsWith(
      writeBlsKeystore(path, randomScalar(), "pw", { scrypt: "light" }),
      "FILE_EXISTS",
      path,
    );
    assert.equal(await Deno.readTextFile(path), before);
    const sk2 = randomScalar();
    await writeBlsKeystore(path, sk2, "pw", { scrypt: "light", overwrite: true });
    assert.equal((await readBlsKeystore(path, "pw")).privateKey, sk2);
    assert.equal((await Deno.stat(path)).mode! & 0o777, 0o600);
    assert.equal([...Deno.readDirSync(dir)].length, 1);
  });
});

Deno.test("G1 pubKey strings and BLS private key parsing", () => {
  assert.equal(formatG1PubKey({ X: 1n, Y: 2n }), "E([1,2])");
  assert.equal(formatG1PubKey({ X: 0n, Y: 0n }), "O");
  assert.deepEqual(parseG1PubKey(" E([ 1 , 2 ]) "), { X: 1n, Y: 2n });
  assert.deepEqual(
    parseG1PubKey(KEY1_PUBKEY),
    parseG1PubKey(formatG1PubKey(parseG1PubKey(KEY1_PUBKEY))),
  );
  assert.throws(() => parseG1PubKey("E([0x1,2])"), KeystoreError);

  assert.equal(parseBlsPrivateKey("69"), 69n);
  assert.equal(parseBlsPrivateKey("0x45"), 69n);
  assert.equal(
    parseBlsPrivateKey("4e5d6510e568b42636319483061a2492f70ab8fba20e9c29de1b57e44e7fc0f"),
    KEY1_SK,
  );
  assert.equal(parseBlsPrivateKey(KEY1_SK.toString()), KEY1_SK);
  assert.equal(parseBlsPrivateKey((BN254_R - 1n).toString()), BN254_R - 1n);
  for (const bad of ["", "0", "0x0", BN254_R.toString(), `0x${"f".repeat(64)}`, "12ab-", "1e5x"]) {
    assert.throws(
      () => parseBlsPrivateKey(bad),
      (e: unknown) => e instanceof KeystoreError && e.code === "INVALID_KEY",
      bad,
    );
  }
});

Deno.test("encryptBlsKeystore refuses out-of-range private keys", async () => {
  for (const sk of [0n, -1n, BN254_R]) {
    await assert.rejects(
      encryptBlsKeystore(sk, "pw", { scrypt: "light" }),
      (e: unknown) => e instanceof KeystoreError && e.code === "INVALID_KEY",
    );
  }
});
