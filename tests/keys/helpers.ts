/** Shared helpers for the keystore tests (not a test file itself). */
import assert from "node:assert/strict";
import { KeystoreError, type KeystoreErrorCode } from "../../lib/keys/errors.ts";
import { foundryBin } from "../../lib/devnet/foundry.ts";

/** Directory holding the committed fixtures written by other tools. */
export const FIXTURES = new URL("./fixtures/", import.meta.url).pathname;

/** Runs `fn` with a fresh temporary directory that is removed afterwards. */
export async function withTempDir<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = await Deno.makeTempDir({ prefix: "keys-test-" });
  try {
    return await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/** Asserts that `promise` rejects with a KeystoreError of `code` whose message names `path`. */
export async function rejectsWith(
  promise: Promise<unknown>,
  code: KeystoreErrorCode,
  path: string,
  messagePart?: RegExp,
): Promise<KeystoreError> {
  const err = await promise.then(
    () => assert.fail(`expected KeystoreError ${code}, got success`),
    (e: unknown) => e,
  );
  assert.ok(err instanceof KeystoreError, `expected KeystoreError, got ${String(err)}`);
  assert.equal(err.code, code, err.message);
  assert.equal(err.path, path);
  assert.ok(err.message.startsWith(`${path}: `), err.message);
  if (messagePart) assert.match(err.message, messagePart);
  return err;
}

/** Runs foundry's native `cast` (npm build) in `cwd` and returns stdout; fails the test on error. */
export async function runCast(args: string[], cwd: string): Promise<string> {
  const out = await new Deno.Command(await foundryBin("cast"), {
    args,
    cwd,
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1" },
  }).output();
  const stdout = new TextDecoder().decode(out.stdout);
  const stderr = new TextDecoder().decode(out.stderr);
  assert.ok(out.success, `cast ${args[0]} ${args[1]} failed (${out.code}): ${stderr}`);
  return stdout;
}
