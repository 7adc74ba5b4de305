/**
 * Loads the operator's two keys from their keystores, with passwords from the environment, and
 * checks the ECDSA key belongs to `operator_address`.
 *
 * @module
 */
import type { Address, Hex } from "viem";
import { readBlsKeystore } from "./bls_keystore.ts";
import { readEcdsaKeystore } from "./ecdsa_keystore.ts";
import { type OperatorConfig, readKeyPasswords } from "../config/operator.ts";
import { type G1Point, operatorId } from "../bls/mod.ts";
import { getLogger } from "../log/mod.ts";

/** Decrypted operator keys. Never log this object. */
export type OperatorKeys = {
  ecdsaPrivateKey: Hex;
  address: Address;
  blsPrivateKey: bigint;
  blsPubkeyG1: G1Point;
  operatorId: Hex;
};

/**
 * Reads both keystores.
 * @throws {Error} naming the unset password variable, the key file and the problem (wrong
 *   password, corrupt file...), or the address mismatch.
 */
export async function loadOperatorKeys(
  config: Pick<
    OperatorConfig,
    | "ecdsa_private_key_store_path"
    | "bls_private_key_store_path"
    | "operator_address"
    | "insecure_empty_key_passwords"
  >,
  env: Record<string, string | undefined> = Deno.env.toObject(),
): Promise<OperatorKeys> {
  const passwords = readKeyPasswords(config, env);
  for (const name of passwords.defaulted) {
    getLogger("operator").warn(
      "{variable} is not set; using the empty password (insecure_empty_key_passwords)",
      {
        variable: name,
      },
    );
  }
  const ecdsa = await readEcdsaKeystore(config.ecdsa_private_key_store_path, passwords.ecdsa);
  if (ecdsa.address.toLowerCase() !== config.operator_address.toLowerCase()) {
    throw new Error(
      `operator_address ${config.operator_address} does not match the ECDSA key in ` +
        `${config.ecdsa_private_key_store_path} (address ${ecdsa.address})`,
    );
  }
  const bls = await readBlsKeystore(config.bls_private_key_store_path, passwords.bls);
  return {
    ecdsaPrivateKey: ecdsa.privateKey,
    address: ecdsa.address,
    blsPrivateKey: bls.privateKey,
    blsPubkeyG1: bls.pubkeyG1,
    operatorId: operatorId(bls.pubkeyG1),
  };
}
