/** The committed devnet key files: reproducible, decryptable, and holding the documented keys. */
import assert from "node:assert/strict";
import { bn254 } from "@noble/curves/bn254.js";
import { keccak256, stringToBytes } from "viem";
import { BN254_R, readBlsKeystore } from "../../lib/keys/bls_keystore.ts";
import { readEcdsaKeystore } from "../../lib/keys/ecdsa_keystore.ts";
import {
  DEVNET_KEYS_DIR,
  devnetOperatorKeys,
  syncDevnetKeyFiles,
} from "../../lib/keys/devnet_keys.ts";
import { operatorId } from "../../lib/bls/mod.ts";
import { join } from "node:path";

// anvil's well-known default accounts #3..#7.
const ANVIL_3_TO_7 = [
  "0x90F79bf6EB2c4f870365E785982E1f101E93b906",
  "0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65",
  "0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc",
  "0x976EA74026E726554dB657fA54763abd0C3a0aa9",
  "0x14dC79964da2C08b23698B3D3cc7Ca32193d9955",
];

Deno.test("committed config/keys files equal the generator's output and decrypt", async () => {
  assert.deepEqual(await syncDevnetKeyFiles(DEVNET_KEYS_DIR, true), []);
});

Deno.test("operator i holds anvil account #(2+i) and the documented BLS key (empty password)", async () => {
  for (let i = 1; i <= 5; i++) {
    const ecdsaPath = join(DEVNET_KEYS_DIR, `operator${i}.ecdsa.key.json`);
    const blsPath = join(DEVNET_KEYS_DIR, `operator${i}.bls.key.json`);
    const ecdsa = await readEcdsaKeystore(ecdsaPath, "");
    assert.equal(ecdsa.address, ANVIL_3_TO_7[i - 1]);

    const label = `incredible-squaring devnet operator ${i} BLS key`;
    const expectedSk = BigInt(keccak256(stringToBytes(label))) % BN254_R;
    const bls = await readBlsKeystore(blsPath, "");
    assert.equal(bls.privateKey, expectedSk);
    const p = bn254.G1.Point.BASE.multiply(expectedSk).toAffine();
    assert.deepEqual(bls.pubkeyG1, { X: p.x, Y: p.y });

    const k = devnetOperatorKeys(i);
    assert.equal(k.address, ecdsa.address);
    assert.equal(k.ecdsaPrivateKey, ecdsa.privateKey);
    assert.equal(k.operatorId, operatorId(bls.pubkeyG1));
    assert.equal(k.blsKeyFile, blsPath);

    // Light scrypt so nodes start fast (documented in config/keys/README.md).
    const doc = JSON.parse(await Deno.readTextFile(blsPath));
    assert.deepEqual(
      [doc.crypto.kdfparams.n, doc.crypto.kdfparams.r, doc.crypto.kdfparams.p],
      [4096, 8, 6],
    );
  }
  const ids = new Set([1, 2, 3, 4, 5].map((i) => devnetOperatorKeys(i).operatorId));
  assert.equal(ids.size, 5);
});

Deno.test("sk69.bls.key.json is the upstream test vector key", async () => {
  const key = await readBlsKeystore(join(DEVNET_KEYS_DIR, "sk69.bls.key.json"), "");
  assert.equal(key.privateKey, 69n);
  assert.equal(
    operatorId(key.pubkeyG1),
    "0xcf49e2dd68647b29c00309775a53e99fe797f5609630901b66fd2765011a87ad",
  );
});

Deno.test("regeneration into an empty folder writes 0600 files identical to the committed ones", async () => {
  const dir = await Deno.makeTempDir();
  try {
    assert.deepEqual(await syncDevnetKeyFiles(dir, false), []);
    for (const e of Deno.readDirSync(DEVNET_KEYS_DIR)) {
      if (!e.name.endsWith(".key.json")) continue;
      assert.equal(
        await Deno.readTextFile(join(dir, e.name)),
        await Deno.readTextFile(join(DEVNET_KEYS_DIR, e.name)),
      );
      assert.equal((await Deno.stat(join(dir, e.name))).mode! & 0o777, 0o600);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
