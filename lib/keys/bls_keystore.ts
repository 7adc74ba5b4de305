/**
 * BN254 BLS keystores in the eigensdk / eigenlayer-cli format:
 * `{"pubKey": "E([<x>,<y>])", "crypto": {...v3 crypto...}}`, where the plaintext is the private
 * key as a 32-byte big-endian integer and `pubKey` is the G1 public key in decimal (gnark's
 * `G1Affine.String()`). Unlike eigensdk we also check, on read, that `pubKey` belongs to the
 * decrypted key, so a file whose two halves disagree is caught before it signs anything.
 */
import { bytesToHex, hexToBytes } from "@noble/hashes/utils.js";
import { type G1Point, g1PublicKey } from "../bls/mod.ts";
import { IN_MEMORY, KeystoreError } from "./errors.ts";
import { asObject, type CryptoJson, decryptSecret, encryptSecret, field } from "./v3_crypto.ts";
import type { ScryptStrength } from "./v3_crypto.ts";
import { readJsonFile, writeSecretFile } from "./secret_file.ts";

/** Order of the BN254 scalar field (the BLS private key space). */
export const BN254_R =
  21888242871839275222246405745257275088548364400416034343698204186575808495617n;

/** The JSON document of an eigensdk BLS keystore. */
export type BlsKeystoreJson = { pubKey: string; crypto: CryptoJson };

/** A decrypted BLS key with its (verified) G1 public key. */
export type BlsKey = { privateKey: bigint; pubkeyG1: G1Point };

/** Options for encrypting / writing a BLS keystore. */
export type BlsWriteOptions = {
  /** scrypt cost; default "standard" (N = 2^18) like eigensdk. */
  scrypt?: ScryptStrength;
  /** Replace an existing file (default false). */
  overwrite?: boolean;
  /** Fixed salt (32 bytes) and iv (16 bytes): only for reproducible public test fixtures. */
  salt?: Uint8Array;
  iv?: Uint8Array;
};

/** Formats a G1 point as eigensdk stores it: `E([x,y])` in decimal, `O` for the identity. */
export function formatG1PubKey(p: G1Point): string {
  if (p.X === 0n && p.Y === 0n) return "O";
  return `E([${p.X},${p.Y}])`;
}

/** Parses the `pubKey` string `E([x,y])` (decimal coordinates) into a point. */
export function parseG1PubKey(text: string, source: string = IN_MEMORY): G1Point {
  const m = /^\s*E\(\[\s*(\d+)\s*,\s*(\d+)\s*\]\)\s*$/.exec(text);
  if (!m) {
    throw new KeystoreError(
      "CORRUPT",
      source,
      `pubKey ${JSON.stringify(text.slice(0, 200))} is not of the form E([x,y])`,
    );
  }
  return { X: BigInt(m[1]), Y: BigInt(m[2]) };
}

/**
 * Parses a BLS private key given on the command line: decimal digits, or hex (`0x`-prefixed, or
 * bare when it contains a-f). It must lie in [1, r).
 */
export function parseBlsPrivateKey(input: string, source = "<private key>"): bigint {
  const s = input.trim();
  let sk: bigint;
  if (/^0x[0-9a-fA-F]{1,64}$/i.test(s)) sk = BigInt(s);
  else if (/^\d{1,78}$/.test(s)) sk = BigInt(s);
  else if (/^[0-9a-fA-F]{1,64}$/.test(s)) sk = BigInt(`0x${s}`);
  else {
    throw new KeystoreError(
      "INVALID_KEY",
      source,
      "BLS private key must be a decimal integer or hex (at most 32 bytes)",
    );
  }
  if (sk === 0n || sk >= BN254_R) {
    throw new KeystoreError("INVALID_KEY", source, "BLS private key must be in [1, r)");
  }
  return sk;
}

/** Encrypts a BLS private key into an eigensdk keystore document (no file I/O). */
export async function encryptBlsKeystore(
  privateKey: bigint,
  password: string,
  options: BlsWriteOptions = {},
): Promise<BlsKeystoreJson> {
  if (privateKey <= 0n || privateKey >= BN254_R) {
    throw new KeystoreError("INVALID_KEY", IN_MEMORY, "BLS private key must be in [1, r)");
  }
  const pubKey = formatG1PubKey(g1PublicKey(privateKey));
  const secret = scalarToBytes(privateKey);
  try {
    const { scrypt, salt, iv } = options;
    return { pubKey, crypto: await encryptSecret(secret, password, { scrypt, salt, iv }) };
  } finally {
    secret.fill(0);
  }
}

/**
 * Decrypts an eigensdk BLS keystore document and checks that the stored `pubKey` equals
 * sk·G1 for the decrypted sk. The plaintext is reduced mod r, as gnark's `SetBytes` does.
 */
export async function decryptBlsKeystore(
  json: unknown,
  password: string,
  source: string = IN_MEMORY,
): Promise<BlsKey> {
  const doc = asObject(json, "keystore", source);
  const stored = readPubKeyField(doc, source);
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
  const privateKey = BigInt(`0x${bytesToHex(secret)}`) % BN254_R;
  secret.fill(0);
  if (privateKey === 0n) {
    throw new KeystoreError("INVALID_KEY", source, "decrypted BLS private key is zero");
  }
  const pubkeyG1 = g1PublicKey(privateKey);
  if (pubkeyG1.X !== stored.X || pubkeyG1.Y !== stored.Y) {
    throw new KeystoreError(
      "PUBKEY_MISMATCH",
      source,
      `stored pubKey ${formatG1PubKey(stored)} does not match the decrypted private key ` +
        `(which gives ${formatG1PubKey(pubkeyG1)})`,
    );
  }
  return { privateKey, pubkeyG1 };
}

/** Encrypts `privateKey` and writes it to `path` (0600, atomic, no overwrite unless asked). */
export async function writeBlsKeystore(
  path: string,
  privateKey: bigint,
  password: string,
  options: BlsWriteOptions = {},
): Promise<BlsKeystoreJson> {
  const doc = await encryptBlsKeystore(privateKey, password, options);
  await writeSecretFile(path, JSON.stringify(doc), { overwrite: options.overwrite });
  return doc;
}

/** Reads, decrypts and verifies the BLS keystore at `path`. */
export async function readBlsKeystore(path: string, password: string): Promise<BlsKey> {
  return await decryptBlsKeystore(await readJsonFile(path), password, path);
}

/**
 * Returns the G1 public key recorded in a BLS keystore without decrypting it (what
 * `eigenlayer operator keys list` shows). Only as trustworthy as the file.
 */
export async function readBlsKeystorePubkey(path: string): Promise<G1Point> {
  return readPubKeyField(asObject(await readJsonFile(path), "keystore", path), path);
}

function readPubKeyField(doc: Record<string, unknown>, source: string): G1Point {
  const pubKey = field(doc, "pubKey");
  // eigensdk refuses an empty pubKey too; it is what keeps an ECDSA file from loading as BLS.
  if (pubKey === undefined || pubKey === "") {
    throw new KeystoreError(
      "CORRUPT",
      source,
      "invalid BLS key file: pubKey field not found (is this an ECDSA keystore?)",
    );
  }
  if (typeof pubKey !== "string") {
    throw new KeystoreError("CORRUPT", source, "pubKey must be a string");
  }
  if (pubKey.trim() === "O") {
    throw new KeystoreError("INVALID_KEY", source, "pubKey is the point at infinity");
  }
  return parseG1PubKey(pubKey, source);
}

function scalarToBytes(x: bigint): Uint8Array {
  return hexToBytes(x.toString(16).padStart(64, "0"));
}
