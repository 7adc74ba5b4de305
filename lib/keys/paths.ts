/**
 * Key folder and file naming as eigenlayer-cli uses them: `$HOME/.eigenlayer/operator_keys/`
 * holding `<name>.ecdsa.key.json` and `<name>.bls.key.json`.
 */
import { join } from "node:path";

/** The two key types eigenlayer-cli knows. */
export type KeyType = "bls" | "ecdsa";

/** Both key types, in display order. */
export const KEY_TYPES: readonly KeyType[] = ["bls", "ecdsa"];

/** Folder below the home directory where eigenlayer-cli keeps operator keys. */
export const OPERATOR_KEYS_SUBFOLDER = ".eigenlayer/operator_keys";

/**
 * The default key folder, `$HOME/.eigenlayer/operator_keys`. `override` (e.g. a `--dir` flag)
 * wins when given; `home` defaults to `$HOME` (or `%USERPROFILE%`).
 */
export function defaultKeyDir(override?: string, home?: string): string {
  if (override !== undefined && override !== "") return override;
  const base = home ?? Deno.env.get("HOME") ?? Deno.env.get("USERPROFILE");
  if (!base) {
    throw new Error("cannot locate the key folder: HOME is not set (pass a directory explicitly)");
  }
  return join(base, OPERATOR_KEYS_SUBFOLDER);
}

/**
 * Checks a key name: non-empty, no whitespace (eigenlayer-cli's rule), and additionally no path
 * separators or dots, so that `<name>.<type>.key.json` always splits back into the same name.
 * Returns an error message, or `undefined` when the name is fine.
 */
export function keyNameProblem(name: string): string | undefined {
  if (name === "") return "key name must not be empty";
  if (/\s/.test(name)) return `key name ${JSON.stringify(name)} must not contain whitespace`;
  if (/[./\\]/.test(name)) {
    return `key name ${JSON.stringify(name)} must not contain '.', '/' or '\\'`;
  }
  return undefined;
}

/** File name for a key: `<name>.<type>.key.json`. Throws on an invalid name. */
export function keyFileName(name: string, type: KeyType): string {
  const problem = keyNameProblem(name);
  if (problem) throw new Error(problem);
  return `${name}.${type}.key.json`;
}

/** Full path of a key file inside `dir` (default: {@link defaultKeyDir}). */
export function keyFilePath(name: string, type: KeyType, dir?: string): string {
  return join(defaultKeyDir(dir), keyFileName(name, type));
}

/**
 * Splits a file name of the form `<name>.<type>.key.json` into its parts, or returns `undefined`
 * for any other file.
 */
export function parseKeyFileName(fileName: string): { name: string; type: KeyType } | undefined {
  const m = /^([^.]+)\.(bls|ecdsa)\.key\.json$/.exec(fileName);
  if (!m) return undefined;
  return { name: m[1], type: m[2] as KeyType };
}
