/**
 * Public devnet keys. Regenerate with `deno run -A lib/keys/devnet_keys.ts` (writes
 * `config/keys/`), verify with `--check`. Everything here is derived from public constants, so
 * these keys protect nothing: never use them for real funds.
 *
 * - Operator i (1..5) ECDSA key = anvil account #(2+i) of the default anvil mnemonic.
 * - Operator i BLS key = keccak256("incredible-squaring devnet operator <i> BLS key") mod r.
 * - `sk69.bls.key.json` holds sk = 69, whose pkG1 and operatorId are known upstream vectors.
 * - Fleet operators i > 5 (`deno task start --operators N` above 5, `bench:system`) have no key
 *   files: ECDSA key = keccak256("incredible-squaring devnet fleet operator <i> ECDSA key") mod n
 *   (secp256k1), BLS key as above; see {@link devnetFleetKeys}. The devnet funds them itself.
 *
 * Files use the light scrypt parameters (N=4096, p=6) so nodes start fast, an empty password,
 * and salt/iv/uuid derived from the file name so regeneration is byte-for-byte reproducible.
 */
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { keccak_256 } from "@noble/hashes/sha3.js";
import { bytesToHex } from "@noble/hashes/utils.js";
import { mnemonicToAccount, privateKeyToAccount } from "viem/accounts";
import type { Address, Hex } from "viem";
import { g1PublicKey, operatorId } from "../bls/mod.ts";
import { BN254_R, decryptBlsKeystore, encryptBlsKeystore } from "./bls_keystore.ts";
import { decryptEcdsaKeystore, encryptEcdsaKeystore } from "./ecdsa_keystore.ts";
import { writeSecretFile } from "./secret_file.ts";

/** anvil's default mnemonic (public). */
export const ANVIL_MNEMONIC = "test test test test test test test test test test test junk";

/** Number of devnet operators with committed keys. */
export const DEVNET_OPERATOR_COUNT = 5;

/** Password of every devnet key file (empty, like upstream's test keys). */
export const DEVNET_KEY_PASSWORD = "";

/** Default output folder: `config/keys/` at the repository root. */
export const DEVNET_KEYS_DIR = fileURLToPath(new URL("../../config/keys", import.meta.url));

/** Public description of one devnet operator's keys. */
export type DevnetOperatorKeys = {
  index: number;
  anvilAccountIndex: number;
  address: Address;
  ecdsaPrivateKey: Hex;
  blsPrivateKey: bigint;
  operatorId: Hex;
  ecdsaKeyFile: string;
  blsKeyFile: string;
};

/** The label hashed to obtain operator `i`'s BLS key. */
export function devnetBlsLabel(i: number): string {
  return `incredible-squaring devnet operator ${i} BLS key`;
}

/** Deterministic BLS private key of devnet operator `i`. */
export function devnetBlsPrivateKey(i: number): bigint {
  const sk = BigInt(`0x${bytesToHex(keccak_256(new TextEncoder().encode(devnetBlsLabel(i))))}`) %
    BN254_R;
  if (sk === 0n) throw new Error(`devnet BLS key ${i} reduced to zero`); // 2^-254 odds
  return sk;
}

/** ECDSA private key of anvil account `index` (default mnemonic, m/44'/60'/0'/0/index). */
export function anvilPrivateKey(index: number): Hex {
  const key = mnemonicToAccount(ANVIL_MNEMONIC, { addressIndex: index }).getHdKey().privateKey;
  if (!key) throw new Error(`no private key for anvil account ${index}`);
  return `0x${bytesToHex(key)}`;
}

/** Keys of devnet operator `i` (1-based) and their file names in `dir`. */
export function devnetOperatorKeys(i: number, dir: string = DEVNET_KEYS_DIR): DevnetOperatorKeys {
  const anvilAccountIndex = 2 + i;
  const blsPrivateKey = devnetBlsPrivateKey(i);
  return {
    index: i,
    anvilAccountIndex,
    address: mnemonicToAccount(ANVIL_MNEMONIC, { addressIndex: anvilAccountIndex }).address,
    ecdsaPrivateKey: anvilPrivateKey(anvilAccountIndex),
    blsPrivateKey,
    operatorId: operatorId(g1PublicKey(blsPrivateKey)),
    ecdsaKeyFile: join(dir, `operator${i}.ecdsa.key.json`),
    blsKeyFile: join(dir, `operator${i}.bls.key.json`),
  };
}

/** secp256k1 group order. */
const SECP256K1_N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;

/** The label hashed to obtain fleet operator `i`'s ECDSA key (i > {@link DEVNET_OPERATOR_COUNT}). */
export function devnetFleetEcdsaLabel(i: number): string {
  return `incredible-squaring devnet fleet operator ${i} ECDSA key`;
}

/** In-memory keys of one operator of a devnet fleet (never written to disk). */
export type DevnetFleetKeys = {
  index: number;
  address: Address;
  ecdsaPrivateKey: Hex;
  blsPrivateKey: bigint;
  operatorId: Hex;
};

/**
 * Keys of devnet operator `i` (1-based) for a fleet: operators 1..5 are the committed ones
 * (anvil accounts #3..#7, funded by anvil), above that the ECDSA key is
 * keccak256({@link devnetFleetEcdsaLabel}) mod n and the BLS key {@link devnetBlsPrivateKey};
 * those accounts start empty and must be funded (`fundAccounts` in lib/devnet/funding.ts).
 * @throws {Error} for an index that is not a positive integer
 */
export function devnetFleetKeys(i: number): DevnetFleetKeys {
  if (!Number.isInteger(i) || i < 1) {
    throw new Error(`devnet operator index must be a positive integer, got ${i}`);
  }
  let ecdsaPrivateKey: Hex;
  if (i <= DEVNET_OPERATOR_COUNT) {
    ecdsaPrivateKey = anvilPrivateKey(2 + i);
  } else {
    const h = BigInt(
      `0x${bytesToHex(keccak_256(new TextEncoder().encode(devnetFleetEcdsaLabel(i))))}`,
    );
    const sk = h % SECP256K1_N;
    if (sk === 0n) throw new Error(`devnet ECDSA key ${i} reduced to zero`); // 2^-256 odds
    ecdsaPrivateKey = `0x${sk.toString(16).padStart(64, "0")}`;
  }
  const blsPrivateKey = devnetBlsPrivateKey(i);
  return {
    index: i,
    address: privateKeyToAccount(ecdsaPrivateKey).address,
    ecdsaPrivateKey,
    blsPrivateKey,
    operatorId: operatorId(g1PublicKey(blsPrivateKey)),
  };
}

/** Salt, iv and uuid derived from a label, so the same file always encrypts the same way. */
function fixedRandomness(label: string) {
  const h = (tag: string) => keccak_256(new TextEncoder().encode(`${label}/${tag}`));
  const u = bytesToHex(h("uuid")).slice(0, 32);
  const id = `${u.slice(0, 8)}-${u.slice(8, 12)}-4${u.slice(13, 16)}-8${u.slice(17, 20)}-${
    u.slice(20, 32)
  }`;
  return { salt: h("salt"), iv: h("iv").slice(0, 16), id };
}

/** Renders every devnet key file as `{fileName: text}` (pretty JSON so `deno fmt` keeps it). */
export async function renderDevnetKeyFiles(): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  const pretty = (v: unknown) => `${JSON.stringify(v, null, 2)}\n`;
  const opts = (name: string) => ({ scrypt: "light" as const, ...fixedRandomness(name) });
  for (let i = 1; i <= DEVNET_OPERATOR_COUNT; i++) {
    const k = devnetOperatorKeys(i, "");
    const ecdsaName = `operator${i}.ecdsa.key.json`;
    const blsName = `operator${i}.bls.key.json`;
    files.set(
      ecdsaName,
      pretty(await encryptEcdsaKeystore(k.ecdsaPrivateKey, DEVNET_KEY_PASSWORD, opts(ecdsaName))),
    );
    files.set(
      blsName,
      pretty(await encryptBlsKeystore(k.blsPrivateKey, DEVNET_KEY_PASSWORD, opts(blsName))),
    );
  }
  const testName = "sk69.bls.key.json";
  files.set(testName, pretty(await encryptBlsKeystore(69n, DEVNET_KEY_PASSWORD, opts(testName))));
  return files;
}

/**
 * Writes the devnet key files into `dir` (replacing older copies), or with `check` compares the
 * files on disk with what would be written and decrypts each one. Returns the problems found.
 */
export async function syncDevnetKeyFiles(dir: string, check: boolean): Promise<string[]> {
  const problems: string[] = [];
  for (const [name, text] of await renderDevnetKeyFiles()) {
    const path = join(dir, name);
    if (!check) {
      await writeSecretFile(path, text, { overwrite: true });
      continue;
    }
    let onDisk: string;
    try {
      onDisk = await Deno.readTextFile(path);
    } catch {
      problems.push(`${path}: missing`);
      continue;
    }
    if (onDisk !== text) problems.push(`${path}: differs from the generator's output`);
    const doc = JSON.parse(onDisk);
    if (name.includes(".bls.")) await decryptBlsKeystore(doc, DEVNET_KEY_PASSWORD, path);
    else await decryptEcdsaKeystore(doc, DEVNET_KEY_PASSWORD, path);
  }
  return problems;
}

if (import.meta.main) {
  const check = Deno.args.includes("--check");
  const dir = Deno.args.find((a) => !a.startsWith("--")) ?? DEVNET_KEYS_DIR;
  const problems = await syncDevnetKeyFiles(dir, check);
  for (const p of problems) console.error(p);
  if (problems.length) Deno.exit(1);
  for (let i = 1; i <= DEVNET_OPERATOR_COUNT; i++) {
    const k = devnetOperatorKeys(i, dir);
    console.log(`operator${i}: address ${k.address} operatorId ${k.operatorId}`);
  }
  console.log(check ? `devnet keys in ${dir} are up to date` : `wrote devnet keys to ${dir}`);
}
