/**
 * Where keystore passwords come from: the environment variables the incredible-squaring nodes
 * use, else a hidden interactive prompt when stdin is a terminal, else a clear error (never an
 * implicit empty password: that silent fallback is what confused upstream users).
 */
import type { KeyType } from "./paths.ts";

/** Environment variable holding the password for each key type. */
export const PASSWORD_ENV: Readonly<Record<KeyType, string>> = Object.freeze({
  bls: "OPERATOR_BLS_KEY_PASSWORD",
  ecdsa: "OPERATOR_ECDSA_KEY_PASSWORD",
});

/** Minimum estimated entropy for a new password unless `--insecure` (eigenlayer-cli's bar). */
export const MIN_PASSWORD_ENTROPY_BITS = 70;

/** The environment and terminal the password is taken from (injectable for tests). */
export type PasswordIO = {
  env: (name: string) => string | undefined;
  stdinIsTerminal: () => boolean;
  /** Reads one line without echo; `null` when input ended. */
  promptHidden: (message: string) => Promise<string | null>;
};

/** Thrown when no password can be obtained. */
export class PasswordError extends Error {
  /** Builds the error with a message telling the user how to supply the password. */
  constructor(message: string) {
    super(message);
    this.name = "PasswordError";
  }
}

/**
 * Gets the password for a key of `type`: from `OPERATOR_<TYPE>_KEY_PASSWORD` if set (an empty
 * value is a valid, empty password), else by a hidden prompt (typed twice when `confirm`), else
 * fails with a message naming the variable.
 */
export async function resolvePassword(
  type: KeyType,
  io: PasswordIO,
  options: { confirm?: boolean; purpose?: string } = {},
): Promise<string> {
  const envName = PASSWORD_ENV[type];
  const fromEnv = io.env(envName);
  if (fromEnv !== undefined) return fromEnv;
  if (!io.stdinIsTerminal()) {
    throw new PasswordError(
      `no password for the ${type.toUpperCase()} key: set ${envName} (it may be empty) ` +
        `or run interactively to be prompted`,
    );
  }
  const purpose = options.purpose ?? `the ${type.toUpperCase()} key`;
  const first = await io.promptHidden(`Enter password for ${purpose}: `);
  if (first === null) throw new PasswordError("no password entered (input closed)");
  if (options.confirm) {
    const second = await io.promptHidden("Confirm password: ");
    if (second !== first) throw new PasswordError("passwords do not match");
  }
  return first;
}

/**
 * A rough entropy estimate in bits: length × log2(size of the character classes used), with
 * runs of 3+ identical characters counted once. It only has to reject obviously weak passwords
 * the way eigenlayer-cli's validator does; it is not a strength meter.
 */
export function passwordEntropyBits(password: string): number {
  const chars = [...password.replace(/(.)\1{2,}/gu, "$1")];
  let pool = 0;
  if (chars.some((c) => /[a-z]/.test(c))) pool += 26;
  if (chars.some((c) => /[A-Z]/.test(c))) pool += 26;
  if (chars.some((c) => /[0-9]/.test(c))) pool += 10;
  if (chars.some((c) => c <= "~" && !/[A-Za-z0-9]/.test(c))) pool += 33;
  if (chars.some((c) => c.codePointAt(0)! > 0x7e)) pool += 100;
  return pool === 0 ? 0 : chars.length * Math.log2(pool);
}

/**
 * Reads a line from the terminal with echo off (raw mode), writing `message` to stderr.
 * Backspace edits, Ctrl-C aborts, Ctrl-D on an empty line returns `null`.
 */
export async function promptHiddenFromTerminal(message: string): Promise<string | null> {
  const enc = new TextEncoder();
  await Deno.stderr.write(enc.encode(message));
  const bytes: number[] = [];
  const buf = new Uint8Array(64);
  Deno.stdin.setRaw(true);
  try {
    for (;;) {
      const n = await Deno.stdin.read(buf);
      if (n === null) return bytes.length ? decode(bytes) : null;
      for (const b of buf.subarray(0, n)) {
        if (b === 0x0d || b === 0x0a) return decode(bytes);
        if (b === 0x03) throw new PasswordError("password entry cancelled");
        if (b === 0x04 && bytes.length === 0) return null;
        if (b === 0x7f || b === 0x08) {
          // Drop a whole UTF-8 sequence: continuation bytes, then the lead byte.
          while (bytes.length && (bytes[bytes.length - 1] & 0xc0) === 0x80) bytes.pop();
          bytes.pop();
          continue;
        }
        bytes.push(b);
      }
    }
  } finally {
    Deno.stdin.setRaw(false);
    await Deno.stderr.write(enc.encode("\n"));
    buf.fill(0);
  }
}

function decode(bytes: number[]): string {
  const s = new TextDecoder().decode(new Uint8Array(bytes));
  bytes.fill(0);
  return s;
}
