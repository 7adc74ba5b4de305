/**
 * Anvil state dumps across Foundry versions. Older anvils wrote a dump that holds only the
 * accounts (`{"accounts": {address: {nonce, balance, code, storage}}}`, or even the bare map),
 * which Foundry 1.7.1's anvil refuses ("missing field `block`"); upstream's saved
 * `avs-and-eigenlayer-deployed-anvil-state.json` is such a file. {@link normalizeAnvilState}
 * turns one into the current layout (a genesis block environment and no block history), keeping
 * every account's nonce, balance, code and storage.
 *
 * @module
 */

/** One account of a dump, in the current layout. */
export type DumpAccount = {
  nonce: number;
  balance: string;
  code: string;
  storage: Record<string, string>;
};

/** The current dump layout (the fields anvil 1.7.1 requires, history left empty). */
export type AnvilDump = {
  block: Record<string, unknown>;
  accounts: Record<string, DumpAccount>;
  best_block_number?: number | string;
  blocks?: unknown[];
  transactions?: unknown[];
  historical_states?: unknown;
  [key: string]: unknown;
};

const ADDRESS = /^0x[0-9a-fA-F]{40}$/;

function hexOrNumber(v: unknown, what: string): bigint {
  if (typeof v === "number" && Number.isSafeInteger(v) && v >= 0) return BigInt(v);
  if (typeof v === "string" && /^(0x[0-9a-fA-F]+|[0-9]+)$/.test(v)) return BigInt(v);
  throw new Error(`${what}: expected a number or hex string, got ${JSON.stringify(v)}`);
}

function account(address: string, raw: unknown): DumpAccount {
  if (!raw || typeof raw !== "object") throw new Error(`accounts.${address}: expected an object`);
  const r = raw as Record<string, unknown>;
  const code = r.code ?? "0x";
  if (typeof code !== "string" || !/^0x([0-9a-fA-F]{2})*$/.test(code)) {
    throw new Error(`accounts.${address}.code: expected hex bytes`);
  }
  const storage: Record<string, string> = {};
  for (const [k, v] of Object.entries((r.storage ?? {}) as Record<string, unknown>)) {
    storage[k] = `0x${hexOrNumber(v, `accounts.${address}.storage.${k}`).toString(16)}`;
  }
  return {
    nonce: Number(hexOrNumber(r.nonce ?? 0, `accounts.${address}.nonce`)),
    balance: `0x${hexOrNumber(r.balance ?? 0, `accounts.${address}.balance`).toString(16)}`,
    code,
    storage,
  };
}

/** The block environment anvil starts from when a dump has none (genesis, anvil's defaults). */
export function genesisBlockEnv(timestampSeconds: number): Record<string, unknown> {
  return {
    number: "0x0",
    beneficiary: "0x0000000000000000000000000000000000000000",
    timestamp: `0x${timestampSeconds.toString(16)}`,
    gas_limit: 30_000_000,
    basefee: 1_000_000_000,
    difficulty: "0x0",
    prevrandao: `0x${"00".repeat(32)}`,
    blob_excess_gas_and_price: { excess_blob_gas: 0, blob_gasprice: 1 },
  };
}

/**
 * Returns the dump in the current layout and whether it had to be converted. A dump that already
 * has `block` is returned as it is.
 * @throws {Error} naming the first bad field when the data is not an anvil dump.
 */
export function normalizeAnvilState(
  data: unknown,
  nowSeconds = Math.floor(Date.now() / 1000),
): { dump: AnvilDump; converted: boolean } {
  if (!data || typeof data !== "object" || Array.isArray(data)) {
    throw new Error("not an anvil state dump: expected a JSON object");
  }
  const obj = data as Record<string, unknown>;
  if ("block" in obj && "accounts" in obj) return { dump: obj as AnvilDump, converted: false };
  // Oldest layout: the file is the accounts map itself.
  const rawAccounts = "accounts" in obj
    ? obj.accounts
    : Object.keys(obj).length > 0 && Object.keys(obj).every((k) => ADDRESS.test(k))
    ? obj
    : undefined;
  if (!rawAccounts || typeof rawAccounts !== "object") {
    throw new Error('not an anvil state dump: no "accounts" (and no "block")');
  }
  const accounts: Record<string, DumpAccount> = {};
  for (const [address, raw] of Object.entries(rawAccounts as Record<string, unknown>)) {
    if (!ADDRESS.test(address)) throw new Error(`accounts: "${address}" is not an address`);
    accounts[address] = account(address, raw);
  }
  return {
    dump: {
      block: genesisBlockEnv(nowSeconds),
      accounts,
      best_block_number: 0,
      blocks: [],
      transactions: [],
      historical_states: null,
    },
    converted: true,
  };
}

/**
 * Reads a dump for `anvil --load-state`: the path itself when anvil can load it, else a converted
 * copy in a temporary file (removed by `cleanup`).
 */
export async function prepareLoadState(
  path: string,
): Promise<{ path: string; converted: boolean; accounts: number; cleanup(): Promise<void> }> {
  let data: unknown;
  try {
    data = JSON.parse(await Deno.readTextFile(path));
  } catch (err) {
    throw new Error(`--load-state ${path}: ${(err as Error).message}`);
  }
  let result;
  try {
    result = normalizeAnvilState(data);
  } catch (err) {
    throw new Error(`--load-state ${path}: ${(err as Error).message}`);
  }
  const accounts = Object.keys(result.dump.accounts).length;
  if (!result.converted) {
    return { path, converted: false, accounts, cleanup: () => Promise.resolve() };
  }
  const tmp = await Deno.makeTempFile({ prefix: "anvil-state-", suffix: ".json" });
  await Deno.writeTextFile(tmp, JSON.stringify(result.dump));
  return {
    path: tmp,
    converted: true,
    accounts,
    cleanup: () => Deno.remove(tmp).catch(() => {}),
  };
}
