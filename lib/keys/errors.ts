/**
 * Typed errors for keystore handling. Every error names the file (or "<memory>" for in-memory
 * JSON) so an operator can tell which of several key files is at fault. Messages never contain
 * passwords, derived keys or private keys.
 */

/** Machine-readable reason for a {@link KeystoreError}. */
export type KeystoreErrorCode =
  /** MAC mismatch: almost always a wrong password (could also be a tampered ciphertext). */
  | "WRONG_PASSWORD"
  /** Not JSON, or a required field is missing or malformed. */
  | "CORRUPT"
  /** `crypto.kdf` is neither scrypt nor pbkdf2, or pbkdf2 uses a PRF other than hmac-sha256. */
  | "UNSUPPORTED_KDF"
  /** `crypto.cipher` is not aes-128-ctr. */
  | "UNSUPPORTED_CIPHER"
  /** The stored BLS `pubKey` does not belong to the decrypted private key. */
  | "PUBKEY_MISMATCH"
  /** The stored ECDSA `address` does not belong to the decrypted private key. */
  | "ADDRESS_MISMATCH"
  /** The private key itself is unusable (zero, out of range, wrong length). */
  | "INVALID_KEY"
  /** Refused to replace an existing key file (pass `overwrite: true` to allow it). */
  | "FILE_EXISTS"
  /** The key file does not exist. */
  | "NOT_FOUND"
  /** Any other file-system failure (permissions, disk full, ...). */
  | "IO";

/** Error raised by every keystore reader and writer in `lib/keys/`. */
export class KeystoreError extends Error {
  /** Why the operation failed. */
  readonly code: KeystoreErrorCode;
  /** The key file concerned, or `"<memory>"`. */
  readonly path: string;

  /** Builds an error whose message is prefixed with the file path. */
  constructor(code: KeystoreErrorCode, path: string, detail: string, options?: ErrorOptions) {
    super(`${path}: ${detail}`, options);
    this.name = "KeystoreError";
    this.code = code;
    this.path = path;
  }
}

/** Label used in error messages when a keystore was not read from a file. */
export const IN_MEMORY = "<memory>";
