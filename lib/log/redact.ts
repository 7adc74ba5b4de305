/**
 * Redaction of secret-looking log properties. Applied to every record before it is formatted, so
 * a careless `logger.info("config {cfg}", { cfg })` still never prints a key or password.
 *
 * @module
 */

const SECRET_NAME =
  /(password|passphrase|passwd|private_?key|privatekey|secret|mnemonic|api_?key|seed_?phrase|authorization)/i;

/** Placeholder written instead of a secret value. */
export const REDACTED = "[REDACTED]";

/** True when a property name looks like it holds a secret. Paths (`*_path`) are not secrets. */
export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name) && !/(_path|Path|_file|File)$/.test(name);
}

/** Deep copy of `value` with secret-named entries replaced by {@link REDACTED}. */
export function redactValue(value: unknown, depth = 0): unknown {
  if (depth > 8 || value === null || typeof value !== "object") return value;
  if (value instanceof Error || value instanceof Date || value instanceof Uint8Array) return value;
  if (Array.isArray(value)) return value.map((v) => redactValue(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    // Booleans carry no secret (e.g. `insecure_empty_key_passwords: true`); everything else does.
    const hide = isSecretName(k) && v !== undefined && v !== "" && typeof v !== "boolean";
    out[k] = hide ? REDACTED : redactValue(v, depth + 1);
  }
  return out;
}
