/**
 * File helpers for key material: atomic, owner-only (0600) writes that refuse to replace an
 * existing file unless asked, and JSON reads that turn every failure into a {@link KeystoreError}.
 */
import { dirname, join } from "node:path";
import { KeystoreError } from "./errors.ts";

/** Options for {@link writeSecretFile}. */
export type WriteSecretOptions = {
  /** Replace an existing file (default false: an existing file is an error and stays intact). */
  overwrite?: boolean;
};

const FILE_MODE = 0o600;
// Same as eigensdk's key writers: group may traverse, others get nothing.
const DIR_MODE = 0o750;

/**
 * Writes `text` to `path` atomically with mode 0600: the data goes to a fresh temporary file in
 * the same directory (created exclusively with mode 0600, then chmod'ed in case of a restrictive
 * or odd umask, then fsync'ed) and is moved into place. Without `overwrite` the final step is a
 * hard link, which fails atomically if `path` already exists, so a racing writer cannot clobber
 * a key either.
 */
export async function writeSecretFile(
  path: string,
  text: string,
  options: WriteSecretOptions = {},
): Promise<void> {
  const dir = dirname(path);
  try {
    await Deno.mkdir(dir, { recursive: true, mode: DIR_MODE });
  } catch (err) {
    throw ioError(path, `cannot create directory ${dir}`, err);
  }
  if (!options.overwrite && await exists(path)) {
    throw new KeystoreError("FILE_EXISTS", path, "key file already exists (refusing to overwrite)");
  }
  const tmp = join(dir, `.${crypto.randomUUID()}.tmp`);
  try {
    const file = await Deno.open(tmp, { write: true, createNew: true, mode: FILE_MODE });
    try {
      await Deno.chmod(tmp, FILE_MODE);
      const bytes = new TextEncoder().encode(text);
      let written = 0;
      while (written < bytes.length) written += await file.write(bytes.subarray(written));
      await file.sync();
    } finally {
      file.close();
    }
    if (options.overwrite) {
      await Deno.rename(tmp, path);
    } else {
      try {
        await Deno.link(tmp, path);
      } catch (err) {
        if (err instanceof Deno.errors.AlreadyExists || await exists(path)) {
          throw new KeystoreError(
            "FILE_EXISTS",
            path,
            "key file already exists (refusing to overwrite)",
          );
        }
        // File systems without hard links: fall back to check-then-rename.
        await Deno.rename(tmp, path);
      }
    }
  } catch (err) {
    if (err instanceof KeystoreError) throw err;
    throw ioError(path, "cannot write key file", err);
  } finally {
    await Deno.remove(tmp).catch(() => {});
  }
}

/** Reads and parses a JSON key file; missing file, unreadable file and bad JSON are typed errors. */
export async function readJsonFile(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) {
      throw new KeystoreError("NOT_FOUND", path, "key file not found", { cause: err });
    }
    throw ioError(path, "cannot read key file", err);
  }
  return parseJson(text, path);
}

/** Parses JSON text, reporting malformed input as a `CORRUPT` {@link KeystoreError}. */
export function parseJson(text: string, source: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    // The parser message can quote file content, which for a key file is ciphertext at worst.
    throw new KeystoreError("CORRUPT", source, `not valid JSON (${(err as Error).message})`, {
      cause: err,
    });
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.lstat(path);
    return true;
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) return false;
    throw ioError(path, "cannot inspect key file", err);
  }
}

function ioError(path: string, what: string, err: unknown): KeystoreError {
  const reason = err instanceof Error ? err.message : String(err);
  return new KeystoreError("IO", path, `${what}: ${reason}`, { cause: err });
}
