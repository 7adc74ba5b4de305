/**
 * The Web3 Secret Storage v3 `crypto` section (go-ethereum's `CryptoJSON`), shared by the ECDSA
 * keystore and the eigensdk BLS keystore:
 *
 * - DK = KDF(password bytes, salt) with dklen 32 (scrypt, or pbkdf2-hmac-sha256 on read);
 * - ciphertext = AES-128-CTR(key = DK[0..16], iv)(secret);
 * - mac = keccak256(DK[16..32] ‖ ciphertext).
 *
 * Hex values are written lowercase without `0x` (like go-ethereum); on read a `0x` prefix is
 * tolerated. The password is used as its UTF-8 bytes, without any normalisation, as geth does.
 */
import { scryptAsync } from "@noble/hashes/scrypt.js";
import { pbkdf2Async } from "@noble/hashes/pbkdf2.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { keccak_256 } from "@noble/hashes/sha3.js";
import { bytesToHex, hexToBytes, randomBytes } from "@noble/hashes/utils.js";
import { ctr } from "@noble/ciphers/aes.js";
import { KeystoreError } from "./errors.ts";

/** scrypt cost parameters as stored in `kdfparams`. */
export type ScryptParams = { n: number; r: number; p: number };

/** go-ethereum "standard" scrypt cost (N = 2^18, p = 1), used by eigensdk and eigenlayer-cli. */
export const STANDARD_SCRYPT: Readonly<ScryptParams> = Object.freeze({ n: 262144, r: 8, p: 1 });

/** go-ethereum "light" scrypt cost (N = 2^12, p = 6): ~10x faster, for devnet and tests. */
export const LIGHT_SCRYPT: Readonly<ScryptParams> = Object.freeze({ n: 4096, r: 8, p: 6 });

/** Either a named scrypt strength or explicit parameters. */
export type ScryptStrength = "standard" | "light" | ScryptParams;

/** The `crypto` object as written by this module (scrypt only). */
export type CryptoJson = {
  cipher: "aes-128-ctr";
  ciphertext: string;
  cipherparams: { iv: string };
  kdf: "scrypt";
  kdfparams: { dklen: number; n: number; p: number; r: number; salt: string };
  mac: string;
};

/** Options for {@link encryptSecret}. Salt and iv are random unless given (tests pin them). */
export type EncryptOptions = {
  scrypt?: ScryptStrength;
  salt?: Uint8Array;
  iv?: Uint8Array;
};

const DKLEN = 32;
// noble refuses scrypt runs above 1 GiB by default; keep that ceiling so a crafted file cannot
// make us allocate more, and cap pbkdf2 iterations for the same reason.
const MAX_SCRYPT_MEM = 1024 ** 3 + 2 * 1024;
const MAX_PBKDF2_ROUNDS = 10_000_000;

/** Resolves a named strength to concrete scrypt parameters. */
export function scryptParams(strength: ScryptStrength = "standard"): ScryptParams {
  if (strength === "standard") return { ...STANDARD_SCRYPT };
  if (strength === "light") return { ...LIGHT_SCRYPT };
  return { n: strength.n, r: strength.r, p: strength.p };
}

/** Encrypts `secret` under `password` and returns the v3 `crypto` object. */
export async function encryptSecret(
  secret: Uint8Array,
  password: string,
  options: EncryptOptions = {},
): Promise<CryptoJson> {
  const { n, r, p } = scryptParams(options.scrypt);
  const salt = options.salt ?? randomBytes(32);
  const iv = options.iv ?? randomBytes(16);
  if (iv.length !== 16) throw new TypeError("iv must be 16 bytes");
  const dk = await scryptAsync(utf8(password), salt, { N: n, r, p, dkLen: DKLEN });
  try {
    const ciphertext = ctr(dk.slice(0, 16), iv).encrypt(secret);
    return {
      cipher: "aes-128-ctr",
      ciphertext: bytesToHex(ciphertext),
      cipherparams: { iv: bytesToHex(iv) },
      kdf: "scrypt",
      kdfparams: { dklen: DKLEN, n, p, r, salt: bytesToHex(salt) },
      mac: bytesToHex(computeMac(dk, ciphertext)),
    };
  } finally {
    dk.fill(0);
  }
}

/**
 * Validates and decrypts a v3 `crypto` object, returning the plaintext secret.
 * `source` is the file path used in error messages.
 */
export async function decryptSecret(
  crypto: unknown,
  password: string,
  source: string,
): Promise<Uint8Array> {
  const c = asObject(crypto, "crypto", source);
  const cipher = field(c, "cipher");
  if (cipher !== "aes-128-ctr") {
    throw new KeystoreError(
      "UNSUPPORTED_CIPHER",
      source,
      `cipher not supported: ${describe(cipher)} (only aes-128-ctr)`,
    );
  }
  const ciphertext = hexField(c, "ciphertext", source);
  const cipherparams = asObject(field(c, "cipherparams"), "crypto.cipherparams", source);
  const iv = hexField(cipherparams, "iv", source, "crypto.cipherparams.");
  if (iv.length !== 16) {
    throw new KeystoreError("CORRUPT", source, `crypto.cipherparams.iv must be 16 bytes`);
  }
  const mac = hexField(c, "mac", source);
  const dk = await deriveKey(c, password, source);
  try {
    if (!constantTimeEqual(computeMac(dk, ciphertext), mac)) {
      throw new KeystoreError(
        "WRONG_PASSWORD",
        source,
        "could not decrypt key with given password (MAC mismatch)",
      );
    }
    return ctr(dk.slice(0, 16), iv).decrypt(ciphertext);
  } finally {
    dk.fill(0);
  }
}

/** Runs the KDF named in `crypto.kdf` with its `kdfparams`. */
async function deriveKey(
  c: Record<string, unknown>,
  password: string,
  source: string,
): Promise<Uint8Array> {
  const kdf = field(c, "kdf");
  const params = asObject(field(c, "kdfparams"), "crypto.kdfparams", source);
  const dklen = intField(params, "dklen", source);
  // The MAC uses DK[16..32], so anything shorter than 32 bytes cannot be a valid v3 keystore.
  if (dklen < 32 || dklen > 64) {
    throw new KeystoreError(
      "CORRUPT",
      source,
      `crypto.kdfparams.dklen ${dklen} is not in [32, 64]`,
    );
  }
  const salt = hexField(params, "salt", source, "crypto.kdfparams.");
  if (kdf === "scrypt") {
    const n = intField(params, "n", source);
    const r = intField(params, "r", source);
    const p = intField(params, "p", source);
    if (n < 2 || (n & (n - 1)) !== 0 || r < 1 || p < 1) {
      throw new KeystoreError("CORRUPT", source, `invalid scrypt parameters n=${n} r=${r} p=${p}`);
    }
    if (128 * r * (n + p + 1) > MAX_SCRYPT_MEM) {
      throw new KeystoreError(
        "CORRUPT",
        source,
        `scrypt parameters n=${n} r=${r} p=${p} need more than 1 GiB of memory`,
      );
    }
    return await scryptAsync(utf8(password), salt, { N: n, r, p, dkLen: dklen });
  }
  if (kdf === "pbkdf2") {
    const prf = field(params, "prf");
    if (prf !== "hmac-sha256") {
      throw new KeystoreError(
        "UNSUPPORTED_KDF",
        source,
        `unsupported PBKDF2 PRF: ${describe(prf)}`,
      );
    }
    const rounds = intField(params, "c", source);
    if (rounds < 1 || rounds > MAX_PBKDF2_ROUNDS) {
      throw new KeystoreError("CORRUPT", source, `pbkdf2 iteration count ${rounds} out of range`);
    }
    return await pbkdf2Async(sha256, utf8(password), salt, { c: rounds, dkLen: dklen });
  }
  throw new KeystoreError(
    "UNSUPPORTED_KDF",
    source,
    `unsupported KDF: ${describe(kdf)} (supported: scrypt, pbkdf2)`,
  );
}

function computeMac(dk: Uint8Array, ciphertext: Uint8Array): Uint8Array {
  const input = new Uint8Array(16 + ciphertext.length);
  input.set(dk.subarray(16, 32), 0);
  input.set(ciphertext, 16);
  return keccak_256(input);
}

function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i] ^ b[i];
  return diff === 0;
}

function utf8(s: string): Uint8Array {
  return new TextEncoder().encode(s);
}

/**
 * Reads a JSON field the way Go's encoding/json does: exact name first, then a case-insensitive
 * match (so files written with `"Crypto"` by older wallets still load).
 */
export function field(obj: Record<string, unknown>, name: string): unknown {
  if (Object.hasOwn(obj, name)) return obj[name];
  const lower = name.toLowerCase();
  for (const key of Object.keys(obj)) {
    if (key.toLowerCase() === lower) return obj[key];
  }
  return undefined;
}

/** Asserts that `value` is a plain JSON object, naming `what` in the error. */
export function asObject(value: unknown, what: string, source: string): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new KeystoreError(
      "CORRUPT",
      source,
      value === undefined ? `missing field ${what}` : `${what} must be a JSON object`,
    );
  }
  return value as Record<string, unknown>;
}

/** Decodes a hex string field (optional `0x`), with a precise error when absent or malformed. */
export function hexField(
  obj: Record<string, unknown>,
  name: string,
  source: string,
  prefix = "crypto.",
): Uint8Array {
  const value = field(obj, name);
  if (typeof value !== "string") {
    throw new KeystoreError(
      "CORRUPT",
      source,
      value === undefined ? `missing field ${prefix}${name}` : `${prefix}${name} must be a string`,
    );
  }
  const hex = value.startsWith("0x") || value.startsWith("0X") ? value.slice(2) : value;
  if (hex.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(hex)) {
    throw new KeystoreError("CORRUPT", source, `${prefix}${name} is not valid hex`);
  }
  return hexToBytes(hex);
}

function intField(obj: Record<string, unknown>, name: string, source: string): number {
  const value = field(obj, name);
  if (typeof value !== "number" || !Number.isSafeInteger(value)) {
    throw new KeystoreError(
      "CORRUPT",
      source,
      value === undefined
        ? `missing field crypto.kdfparams.${name}`
        : `crypto.kdfparams.${name} must be an integer`,
    );
  }
  return value;
}

function describe(value: unknown): string {
  return value === undefined ? "(missing)" : JSON.stringify(value);
}
