import { strict as assert } from "node:assert";
import { loadOperatorKeys } from "../../lib/keys/operator_keys.ts";
import { devnetOperatorKeys } from "../../lib/keys/devnet_keys.ts";

const k = devnetOperatorKeys(1);
const config = {
  ecdsa_private_key_store_path: k.ecdsaKeyFile,
  bls_private_key_store_path: k.blsKeyFile,
  operator_address: k.address,
  insecure_empty_key_passwords: false,
};
const empty = { OPERATOR_ECDSA_KEY_PASSWORD: "", OPERATOR_BLS_KEY_PASSWORD: "" };

Deno.test("operator keys load with the right passwords and match the address", async () => {
  const keys = await loadOperatorKeys(config, empty);
  assert.equal(keys.address, k.address);
  assert.equal(keys.operatorId, k.operatorId);
  assert.equal(keys.blsPrivateKey, k.blsPrivateKey);
});

Deno.test("wrong password, unset password, wrong address and missing file are clear errors", async () => {
  await assert.rejects(
    loadOperatorKeys(config, { ...empty, OPERATOR_ECDSA_KEY_PASSWORD: "not-it" }),
    (err: Error) => {
      assert.ok(err.message.includes(k.ecdsaKeyFile), err.message);
      assert.match(err.message, /password/i);
      assert.ok(!err.message.includes("not-it"));
      return true;
    },
  );
  await assert.rejects(
    loadOperatorKeys(config, { ...empty, OPERATOR_BLS_KEY_PASSWORD: "nope" }),
    (err: Error) => err.message.includes(k.blsKeyFile),
  );
  await assert.rejects(
    loadOperatorKeys(config, { OPERATOR_BLS_KEY_PASSWORD: "" }),
    /OPERATOR_ECDSA_KEY_PASSWORD is not set/,
  );
  await assert.rejects(
    loadOperatorKeys({ ...config, operator_address: devnetOperatorKeys(2).address }, empty),
    /does not match the ECDSA key/,
  );
  await assert.rejects(
    loadOperatorKeys(
      { ...config, bls_private_key_store_path: "/nonexistent/op.bls.key.json" },
      empty,
    ),
    /\/nonexistent\/op\.bls\.key\.json/,
  );
});
