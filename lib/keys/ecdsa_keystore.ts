/**
 * ECDSA (secp256k1) keystores in Web3 Secret Storage v3 format, as written by go-ethereum's
 * `keystore.EncryptKey` and read by geth, ethers, web3.py, foundry and eigenlayer-cli:
 * `{address, crypto, id, version: 3}` where the plaintext is the 32-byte big-endian key.
 */
import { bytesToHex, hexToBytes } from "@noble/hashes/utils.js";
import { privateKeyToAccount } from "viem/accounts";
import { type Address, getAddress, type Hex } from "viem";
import { IN_MEMORY, KeystoreError } from "./errors.ts";
import { asObject, type CryptoJson, decryptSecret, encryptSecret, field } from "./v3_crypto.ts";
import type { ScryptStrength } from "./v3_crypto.ts";
import { readJsonFile, writeSecretFile } from "./secret_file.ts";

/** The JSON document of a v3 keystore as this module writes it. */
export type EcdsaKeystoreJson = {
  /** 40 lowercase hex characters, no `0x` (go-ethereum style). */
  address: string;
  crypto: CryptoJson;
  id: string;
  version: 3;
};

/** A decrypted ECDSA key. */
export type EcdsaKey = { privateKey: Hex; address: Address };

/** Options for encrypting / writing an ECDSA keystore. */
export type EcdsaWriteOptions = {
  /** scrypt cost; default "standard" (N = 2^18) like geth and eigenlayer-cli. */
  scrypt?: ScryptStrength;
  /** Replace an existing file (default false). */
  overwrite?: boolean;
  /** Fixed salt, iv and UUID: only for reproducible public test fixtures. */
  salt?: Uint8Array;
  iv?: Uint8Array;
  id?: string;
};

/**
 * Parses a secp256k1 private key given as 64 hex digits (with or without `0x`) and checks that
 * it is a valid scalar. `source` names where it came from in the error message.
 */
export function parseEcdsaPrivateKey(input: string, source = "<private key>"): EcdsaKey {
  const hex = input.trim().replace(/^0x/i, "");
  if (!/^[0-9a-fA-F]{64}$/.test(hex)) {
    throw new KeystoreError(
      "INVALID_KEY",
      source,
      "ECDSA private key must be 32 bytes as 64 hex digits (optionally 0x-prefixed)",
    );
  }
  const privateKey = `0x${hex.toLowerCase()}` as Hex;
  try {
    return { privateKey, address: privateKeyToAccount(privateKey).address };
  } catch {
    throw new KeystoreError("INVALID_KEY", source, "not a valid secp256k1 private key (0 or >= n)");
  }
}

/** Encrypts an ECDSA private key into a v3 keystore document (no file I/O). */
export async function encryptEcdsaKeystore(
  privateKey: string,
  password: string,
  options: EcdsaWriteOptions = {},
): Promise<EcdsaKeystoreJson> {
  const key = parseEcdsaPrivateKey(privateKey);
  const secret = hexToBytes(key.privateKey.slice(2));
  try {
    const { scrypt, salt, iv } = options;
    const crypto = await encryptSecret(secret, password, { scrypt, salt, iv });
    return {
      address: key.address.slice(2).toLowerCase(),
      crypto,
      id: options.id ?? globalThis.crypto.randomUUID(),
      version: 3,
    };
  } finally {
    secret.fill(0);
  }
}

/**
 * Decrypts a v3 keystore document. Checks the version, the MAC (wrong password) and, when the
 * file carries an `address`, that it matches the decrypted key.
 */
export async function decryptEcdsaKeystore(
  json: unknown,
  password: string,
  source: string = IN_MEMORY,
): Promise<EcdsaKey> {
  const doc = asObject(json, "keystore", source);
  const version = field(doc, "version");
  if (version !== 3) {
    throw new KeystoreError(
      "CORRUPT",
      source,
      version === undefined
        ? "missing field version (expected 3)"
        : `unsupported keystore version ${JSON.stringify(version)} (expected 3)`,
    );
  }
  const storedAddress = readAddressField(doc, source, false);
  const crypto = field(doc, "crypto");
  if (crypto === undefined) throw new KeystoreError("CORRUPT", source, "missing field crypto");
  const secret = await decryptSecret(crypto, password, source);
  if (secret.length !== 32) {
    throw new KeystoreError(
      "INVALID_KEY",
      source,
      `decrypted key is ${secret.length} bytes, expected 32`,
    );
  }
  const key = parseEcdsaPrivateKey(bytesToHex(secret), source);
  secret.fill(0);
  if (storedAddress !== undefined && storedAddress !== key.address) {
    throw new KeystoreError(
      "ADDRESS_MISMATCH",
      source,
      `stored address ${storedAddress} does not match the decrypted key (${key.address})`,
    );
  }
  return key;
}

/** Encrypts `privateKey` and writes it to `path` (0600, atomic, no overwrite unless asked). */
export async function writeEcdsaKeystore(
  path: string,
  privateKey: string,
  password: string,
  options: EcdsaWriteOptions = {},
): Promise<EcdsaKeystoreJson> {
  const doc = await encryptEcdsaKeystore(privateKey, password, options);
  await writeSecretFile(path, JSON.stringify(doc), { overwrite: options.overwrite });
  return doc;
}

/** Reads and decrypts the v3 keystore at `path`. */
export async function readEcdsaKeystore(path: string, password: string): Promise<EcdsaKey> {
  return await decryptEcdsaKeystore(await readJsonFile(path), password, path);
}

/**
 * Returns the address recorded in a keystore without decrypting it (like eigensdk's
 * `GetAddressFromKeyStoreFile`). The value is only as trustworthy as the file.
 */
export async function readEcdsaKeystoreAddress(path: string): Promise<Address> {
  const doc = asObject(await readJsonFile(path), "keystore", path);
  const address = readAddressField(doc, path, true);
  if (address === undefined) throw new KeystoreError("CORRUPT", path, "missing field address");
  return address;
}

function readAddressField(
  doc: Record<string, unknown>,
  source: string,
  required: boolean,
): Address | undefined {
  const raw = field(doc, "address");
  if (raw === undefined && !required) return undefined;
  if (typeof raw !== "string" || !/^(0x)?[0-9a-fA-F]{40}$/.test(raw)) {
    throw new KeystoreError(
      "CORRUPT",
      source,
      raw === undefined ? "missing field address" : "address must be 20 bytes of hex",
    );
  }
  return getAddress(raw.startsWith("0x") ? raw.toLowerCase() : `0x${raw.toLowerCase()}`);
}
