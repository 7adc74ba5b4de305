/**
 * `keys` command group (create, list, import, show, export) modelled on `eigenlayer operator
 * keys`.
 * Output is JSON on stdout so scripts can consume it; notes and prompts go to stderr. Secrets
 * are printed only when explicitly requested with `--show-private-key`.
 */
import { Command, Option } from "commander";
import { join } from "node:path";
import {
  english,
  generatePrivateKey as generateEcdsaPrivateKey,
  mnemonicToAccount,
} from "viem/accounts";
import {
  type G1Point,
  g1PublicKey,
  type G2Point,
  g2PublicKey,
  generatePrivateKey as generateBlsPrivateKey,
  operatorId,
} from "../bls/mod.ts";
import {
  parseBlsPrivateKey,
  readBlsKeystore,
  readBlsKeystorePubkey,
  writeBlsKeystore,
} from "../keys/bls_keystore.ts";
import {
  parseEcdsaPrivateKey,
  readEcdsaKeystore,
  readEcdsaKeystoreAddress,
  writeEcdsaKeystore,
} from "../keys/ecdsa_keystore.ts";
import { KeystoreError } from "../keys/errors.ts";
import {
  MIN_PASSWORD_ENTROPY_BITS,
  passwordEntropyBits,
  PasswordError,
  promptHiddenFromTerminal,
  resolvePassword,
} from "../keys/password.ts";
import {
  defaultKeyDir,
  KEY_TYPES,
  keyFilePath,
  keyNameProblem,
  type KeyType,
  parseKeyFileName,
} from "../keys/paths.ts";

/** Environment variable read by `keys import` when no private key argument is given. */
export const IMPORT_PRIVATE_KEY_ENV = "IMPORT_PRIVATE_KEY";

/** Environment variable read by `keys import --mnemonic`. */
export const IMPORT_MNEMONIC_ENV = "IMPORT_MNEMONIC";

/**
 * The ECDSA private key of a BIP-39 mnemonic at m/44'/60'/0'/0/`index` (the path wallets and
 * anvil use).
 * @throws {UsageError} when the phrase is not a valid mnemonic.
 */
export function ecdsaKeyFromMnemonic(phrase: string, index = 0): `0x${string}` {
  const words = phrase.trim().split(/\s+/).join(" ");
  const list = words.split(" ");
  const unknown = list.filter((w) => !english.includes(w));
  if (![12, 15, 18, 21, 24].includes(list.length) || unknown.length > 0) {
    throw new UsageError(
      `not a BIP-39 mnemonic: ${list.length} words` +
        (unknown.length > 0 ? `, ${unknown.length} not in the English word list` : ""),
    );
  }
  let key: Uint8Array | null | undefined;
  try {
    key = mnemonicToAccount(words, { addressIndex: index }).getHdKey().privateKey;
  } catch (err) {
    throw new UsageError(`not a valid BIP-39 mnemonic (${(err as Error).message.split("\n")[0]})`);
  }
  if (!key) throw new UsageError("the mnemonic gave no private key");
  return `0x${Array.from(key, (b) => b.toString(16).padStart(2, "0")).join("")}`;
}

/** Everything the command touches outside itself, injectable so tests need no subprocess. */
export type KeysIO = {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: (name: string) => string | undefined;
  stdinIsTerminal: () => boolean;
  /** All of stdin as text (used by `keys import` for a piped private key). */
  readStdin: () => Promise<string>;
  promptHidden: (message: string) => Promise<string | null>;
};

/** Options for {@link keysCommand}. */
export type KeysCommandOptions = {
  io?: Partial<KeysIO>;
  /** Throw `CommanderError` instead of exiting the process (for tests). */
  exitOverride?: boolean;
};

/** JSON shape of a G1 point: decimal strings (JSON has no bigint). */
export type G1Json = { X: string; Y: string };
/** JSON shape of a G2 point in contract order `[c1, c0]`, decimal strings. */
export type G2Json = { X: [string, string]; Y: [string, string] };

/** The process-backed default IO. */
export function defaultKeysIO(): KeysIO {
  const enc = new TextEncoder();
  return {
    stdout: (t) => void Deno.stdout.writeSync(enc.encode(t)),
    stderr: (t) => void Deno.stderr.writeSync(enc.encode(t)),
    env: (name) => Deno.env.get(name),
    stdinIsTerminal: () => Deno.stdin.isTerminal(),
    readStdin: async () => await new Response(Deno.stdin.readable).text(),
    promptHidden: promptHiddenFromTerminal,
  };
}

/** Converts a G1 point to its JSON form. */
export function g1ToJson(p: G1Point): G1Json {
  return { X: p.X.toString(), Y: p.Y.toString() };
}

/** Converts a G2 point (contract order) to its JSON form. */
export function g2ToJson(p: G2Point): G2Json {
  return { X: [p.X[0].toString(), p.X[1].toString()], Y: [p.Y[0].toString(), p.Y[1].toString()] };
}

/** Public description of a BLS key: what `keys show --key-type bls` prints. */
export function blsPublicInfo(sk: bigint, pkG1: G1Point) {
  return {
    pubkeyG1: g1ToJson(pkG1),
    pubkeyG2: g2ToJson(g2PublicKey(sk)),
    operatorId: operatorId(pkG1),
  };
}

/** Builds the `keys` command with its sub-commands. Mount it with `program.addCommand(...)`. */
export function keysCommand(options: KeysCommandOptions = {}): Command {
  const io: KeysIO = { ...defaultKeysIO(), ...options.io };
  const configure = (cmd: Command): Command => {
    cmd.configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
    if (options.exitOverride) cmd.exitOverride();
    return cmd;
  };
  const printJson = (value: unknown) => io.stdout(`${JSON.stringify(value, null, 2)}\n`);
  // Known failures become one clean "error: ..." line and exit code 1, not a stack trace.
  const guarded = <A extends unknown[]>(cmd: Command, fn: (...args: A) => Promise<void>) =>
  async (
    ...args: A
  ) => {
    try {
      await fn(...args);
    } catch (err) {
      if (
        err instanceof KeystoreError || err instanceof PasswordError || err instanceof UsageError
      ) {
        const code = err instanceof KeystoreError ? err.code : err.name;
        cmd.error(`error: ${err.message}`, { exitCode: 1, code: `keys.${code}` });
      }
      throw err;
    }
  };

  const keys = configure(new Command("keys"))
    .description("create, import, list and inspect operator BLS and ECDSA keystores")
    .addHelpText(
      "after",
      `\nKeys live in ${"$HOME/.eigenlayer/operator_keys"} as <name>.<bls|ecdsa>.key.json ` +
        `(eigenlayer-cli layout) unless --dir is given.\nPasswords come from ` +
        `OPERATOR_BLS_KEY_PASSWORD / OPERATOR_ECDSA_KEY_PASSWORD, else a hidden prompt.`,
    );

  const keyTypeOption = () =>
    new Option("-k, --key-type <type>", "key type").choices([...KEY_TYPES]).makeOptionMandatory();
  const dirOption = () =>
    new Option("--dir <dir>", "key folder (default: $HOME/.eigenlayer/operator_keys)");
  const insecureOption = () =>
    new Option(
      "-i, --insecure",
      `skip the password strength check (>= ${MIN_PASSWORD_ENTROPY_BITS} bits); test keys only`,
    );
  const lightOption = () =>
    new Option("--light-kdf", "scrypt N=4096,p=6 instead of N=262144,p=1 (fast; devnet only)");

  type WriteOpts = { keyType: KeyType; dir?: string; insecure?: boolean; lightKdf?: boolean };

  /** Shared tail of create and import: check, ask for the password, write, print. */
  const storeKey = async (
    name: string,
    opts: WriteOpts & { showPrivateKey?: boolean },
    key: { bls?: bigint; ecdsa?: string },
  ) => {
    const problem = keyNameProblem(name);
    if (problem) throw new UsageError(problem);
    const path = keyFilePath(name, opts.keyType, opts.dir);
    // Fail before prompting when the name is taken (the writer re-checks atomically).
    if (await fileExists(path)) {
      throw new KeystoreError(
        "FILE_EXISTS",
        path,
        "key name already exists (refusing to overwrite)",
      );
    }
    const password = await resolvePassword(opts.keyType, io, { confirm: true });
    if (!opts.insecure) {
      const bits = passwordEntropyBits(password);
      if (bits < MIN_PASSWORD_ENTROPY_BITS) {
        throw new UsageError(
          `password too weak (about ${Math.floor(bits)} bits of entropy, need ` +
            `${MIN_PASSWORD_ENTROPY_BITS}); use a longer password, or --insecure for test keys`,
        );
      }
    }
    const scrypt = opts.lightKdf ? "light" : "standard";
    if (opts.keyType === "bls") {
      const sk = key.bls!;
      await writeBlsKeystore(path, sk, password, { scrypt });
      printJson({
        name,
        keyType: "bls",
        path,
        ...blsPublicInfo(sk, g1PublicKey(sk)),
        ...(opts.showPrivateKey ? { privateKey: sk.toString() } : {}),
      });
    } else {
      const ecdsa = parseEcdsaPrivateKey(key.ecdsa!);
      await writeEcdsaKeystore(path, ecdsa.privateKey, password, { scrypt });
      printJson({
        name,
        keyType: "ecdsa",
        path,
        address: ecdsa.address,
        ...(opts.showPrivateKey ? { privateKey: ecdsa.privateKey } : {}),
      });
    }
    if (opts.showPrivateKey) {
      io.stderr("The private key above is shown once: back it up offline and clear your screen.\n");
    }
  };

  const create = configure(new Command("create"))
    .description("generate a new key and store it encrypted (prints public info only)")
    .addOption(keyTypeOption())
    .addOption(dirOption())
    .addOption(insecureOption())
    .addOption(lightOption())
    .option("--show-private-key", "also print the new private key (once)")
    .argument("<name>", "key name: no whitespace, '.', '/' or '\\'");
  create.action(
    guarded(create, async (name: string, opts: WriteOpts & { showPrivateKey?: boolean }) => {
      const key = opts.keyType === "bls"
        ? { bls: generateBlsPrivateKey() }
        : { ecdsa: generateEcdsaPrivateKey() };
      await storeKey(name, opts, key);
    }),
  );

  const importCmd = configure(new Command("import"))
    .summary("store an existing private key encrypted")
    .description(
      "store an existing private key encrypted (BLS: decimal or hex; ECDSA: 32-byte hex). " +
        `Without <private-key> it is read from $${IMPORT_PRIVATE_KEY_ENV} or from piped stdin`,
    )
    .addOption(keyTypeOption())
    .addOption(dirOption())
    .addOption(insecureOption())
    .addOption(lightOption())
    .option(
      "--mnemonic",
      `ECDSA only: derive the key from a BIP-39 mnemonic read from $${IMPORT_MNEMONIC_ENV} or stdin ` +
        "(path m/44'/60'/0'/0/<account-index>)",
    )
    .option("--account-index <n>", "with --mnemonic: the account index", "0")
    .argument("<name>", "key name")
    .argument(
      "[private-key]",
      "private key (prefer env or stdin: arguments land in shell history)",
    );
  importCmd.action(
    guarded(importCmd, async (
      name: string,
      given: string | undefined,
      opts: WriteOpts & { mnemonic?: boolean; accountIndex: string },
    ) => {
      if (opts.mnemonic) {
        if (opts.keyType === "bls") {
          throw new UsageError("--mnemonic derives ECDSA keys only; import a BLS key as a number");
        }
        if (given !== undefined) {
          throw new UsageError(`--mnemonic reads the phrase from $${IMPORT_MNEMONIC_ENV} or stdin`);
        }
        const index = Number(opts.accountIndex);
        if (!Number.isInteger(index) || index < 0 || index >= 2 ** 31) {
          throw new UsageError(
            `--account-index: expected an integer >= 0, got "${opts.accountIndex}"`,
          );
        }
        let phrase = io.env(IMPORT_MNEMONIC_ENV);
        if (phrase === undefined) {
          if (io.stdinIsTerminal()) {
            throw new UsageError(`no mnemonic: set $${IMPORT_MNEMONIC_ENV} or pipe it on stdin`);
          }
          phrase = (await io.readStdin()).split(/\r?\n/)[0];
        }
        await storeKey(name, opts, { ecdsa: ecdsaKeyFromMnemonic(phrase, index) });
        return;
      }
      let raw = given ?? io.env(IMPORT_PRIVATE_KEY_ENV);
      if (raw === undefined) {
        if (io.stdinIsTerminal()) {
          throw new UsageError(
            `no private key: pass it as an argument, in $${IMPORT_PRIVATE_KEY_ENV}, or on stdin`,
          );
        }
        raw = (await io.readStdin()).split(/\r?\n/)[0];
      }
      const key = opts.keyType === "bls"
        ? { bls: parseBlsPrivateKey(raw) }
        : { ecdsa: parseEcdsaPrivateKey(raw).privateKey };
      await storeKey(name, opts, key);
    }),
  );

  const list = configure(new Command("list"))
    .description("list the keys in the key folder with their public info (no password needed)")
    .addOption(dirOption());
  list.action(guarded(list, async (opts: { dir?: string }) => {
    const dir = defaultKeyDir(opts.dir);
    const entries: string[] = [];
    try {
      for await (const e of Deno.readDir(dir)) if (e.isFile) entries.push(e.name);
    } catch (err) {
      if (!(err instanceof Deno.errors.NotFound)) throw err;
      io.stderr(`note: key folder ${dir} does not exist\n`);
    }
    const result = [];
    for (const fileName of entries.sort()) {
      const parsed = parseKeyFileName(fileName);
      if (!parsed) continue;
      const path = join(dir, fileName);
      const base = { name: parsed.name, keyType: parsed.type, path };
      try {
        if (parsed.type === "bls") {
          const pk = await readBlsKeystorePubkey(path);
          result.push({ ...base, pubkeyG1: g1ToJson(pk), operatorId: operatorId(pk) });
        } else {
          result.push({ ...base, address: await readEcdsaKeystoreAddress(path) });
        }
      } catch (err) {
        // One broken file must not hide the others.
        if (!(err instanceof KeystoreError)) throw err;
        result.push({ ...base, error: err.message });
      }
    }
    printJson(result);
  }));

  const show = configure(new Command("show"))
    .summary("decrypt a keystore and print its public keys (BLS) or address (ECDSA)")
    .description(
      "decrypt a keystore and print its public info: BLS {pubkeyG1, pubkeyG2, operatorId}, " +
        "ECDSA {address}",
    )
    .addOption(keyTypeOption())
    .option("--file <path>", "keystore file")
    .addOption(dirOption())
    .argument("[name]", "key name in the key folder (instead of --file)");
  show.action(
    guarded(
      show,
      async (name: string | undefined, opts: { keyType: KeyType; file?: string; dir?: string }) => {
        if ((opts.file === undefined) === (name === undefined)) {
          throw new UsageError("give exactly one of --file PATH or a key NAME");
        }
        const path = opts.file ?? keyFilePath(name!, opts.keyType, opts.dir);
        const password = await resolvePassword(opts.keyType, io, { purpose: path });
        if (opts.keyType === "bls") {
          const key = await readBlsKeystore(path, password);
          printJson(blsPublicInfo(key.privateKey, key.pubkeyG1));
        } else {
          const key = await readEcdsaKeystore(path, password);
          printJson({ address: key.address });
        }
      },
    ),
  );

  const exportCmd = configure(new Command("export"))
    .summary("decrypt a keystore and print its private key (asks for confirmation)")
    .description(
      "decrypt a keystore and print its private key on stdout as JSON. Anyone who sees it " +
        "controls the key: needs --yes, or typing the key name at the prompt",
    )
    .addOption(keyTypeOption())
    .option("--file <path>", "keystore file")
    .addOption(dirOption())
    .option("--yes", "confirm the export without a prompt")
    .argument("[name]", "key name in the key folder (instead of --file)");
  exportCmd.action(
    guarded(
      exportCmd,
      async (
        name: string | undefined,
        opts: { keyType: KeyType; file?: string; dir?: string; yes?: boolean },
      ) => {
        if ((opts.file === undefined) === (name === undefined)) {
          throw new UsageError("give exactly one of --file PATH or a key NAME");
        }
        const path = opts.file ?? keyFilePath(name!, opts.keyType, opts.dir);
        io.stderr(
          `WARNING: this prints the ${opts.keyType.toUpperCase()} private key of ${path} in ` +
            "plain text. Anyone who sees it (terminal scrollback, logs, shell history of a pipe) " +
            "controls the operator's key.\n",
        );
        if (!opts.yes) {
          const expected = name ?? path;
          if (!io.stdinIsTerminal()) {
            throw new UsageError("not confirmed: pass --yes to export without a terminal");
          }
          const typed = await io.promptHidden(`type "${expected}" to export: `);
          if (typed?.trim() !== expected) throw new UsageError("not confirmed; nothing exported");
        }
        const password = await resolvePassword(opts.keyType, io, { purpose: path });
        if (opts.keyType === "bls") {
          const key = await readBlsKeystore(path, password);
          printJson({
            keyType: "bls",
            privateKey: key.privateKey.toString(),
            operatorId: operatorId(key.pubkeyG1),
          });
        } else {
          const key = await readEcdsaKeystore(path, password);
          printJson({ keyType: "ecdsa", privateKey: key.privateKey, address: key.address });
        }
      },
    ),
  );

  return keys.addCommand(create).addCommand(importCmd).addCommand(list).addCommand(show)
    .addCommand(exportCmd);
}

/** A bad argument or option combination. */
class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

async function fileExists(path: string): Promise<boolean> {
  try {
    await Deno.lstat(path);
    return true;
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) return false;
    throw err;
  }
}
