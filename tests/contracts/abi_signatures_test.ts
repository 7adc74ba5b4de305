/**
 * ABI compatibility: the compiled (generated) ABIs must contain every function and event that
 * the real EigenLayer / incredible-squaring contracts expose to clients, with the same
 * selector / topic0.
 */
import assert from "node:assert/strict";
import {
  type Abi,
  type AbiEvent,
  type AbiFunction,
  toEventSelector,
  toFunctionSelector,
} from "viem";
import { formatAbiItem } from "viem/utils";
import * as abis from "../../lib/chain/abi/mod.ts";
import { abiExportName } from "../../lib/devnet/codegen.ts";

const SIGNATURES_FILE = new URL("../../contracts/abi-signatures.txt", import.meta.url);

function abiOf(contract: string): Abi {
  const abi = (abis as Record<string, unknown>)[abiExportName(contract)];
  assert.ok(abi, `no generated ABI for contract ${contract}`);
  return abi as Abi;
}

/** Canonical `name(type,...)` signatures with their selector / topic0, per item kind. */
function canonicalItems(abi: Abi): Map<string, { kind: string; hash: string }> {
  const out = new Map<string, { kind: string; hash: string }>();
  for (const item of abi) {
    if (item.type === "function") {
      const sig = formatAbiItem(item as AbiFunction);
      out.set(sig, { kind: "function", hash: toFunctionSelector(item as AbiFunction) });
    } else if (item.type === "event") {
      const sig = formatAbiItem(item as AbiEvent);
      out.set(sig, { kind: "event", hash: toEventSelector(item as AbiEvent) });
    }
  }
  return out;
}

// Upstream incredible-squaring (master) facts, upstream-avs.md §4.2 and §4.4.
const TASK_MANAGER_FUNCTIONS: Record<string, string> = {
  "createNewTask(uint256,uint32,bytes)": "0x6b92787e",
  "respondToTask((uint256,uint32,bytes,uint32),(uint32,uint256),(uint32[],(uint256,uint256)[],(uint256,uint256)[],(uint256[2],uint256[2]),(uint256,uint256),uint32[],uint32[],uint32[][]))":
    "0x5baec9a0",
  "raiseAndResolveChallenge((uint256,uint32,bytes,uint32),(uint32,uint256),(uint32,bytes32),(uint256,uint256)[])":
    "0x6b532e9e",
  "taskNumber()": "0x72d18e8d",
  "latestTaskNum()": "0x8b00ce7c",
  "allTaskHashes(uint32)": "0x2d89f6fc",
  "allTaskResponses(uint32)": "0x2cb223d5",
  "getTaskResponseWindowBlock()": "0xf5c9899d",
  "TASK_RESPONSE_WINDOW_BLOCK()": "0x1ad43189",
  "TASK_CHALLENGE_WINDOW_BLOCK()": "0xf63c5bab",
  "aggregator()": "0x245a7bfc",
  "generator()": "0x7afa1eed",
  "setAggregator(address)": "0xf9120af6",
  "setGenerator(address)": "0x4a7c7e4b",
  "checkSignatures(bytes32,bytes,uint32,(uint32[],(uint256,uint256)[],(uint256,uint256)[],(uint256[2],uint256[2]),(uint256,uint256),uint32[],uint32[],uint32[][]))":
    "0x6efb4636",
};
const TASK_MANAGER_EVENTS: Record<string, string> = {
  "NewTaskCreated(uint32,(uint256,uint32,bytes,uint32))":
    "0x1695b8d06ec800b4615e745cfb5bd00c1f2875615d42925c3b5afa543bb24c48",
  "TaskResponded((uint32,uint256),(uint32,bytes32))":
    "0x349c1ee60e4e8972ee9dba642c1774543d5c4136879b7f4caaf04bf81a487a2a",
  "TaskCompleted(uint32)": "0x9a144f228a931b9d0d1696fbcdaf310b24b5d2d21e799db623fc986a0f547430",
  "TaskChallengedSuccessfully(uint32,address)":
    "0xc20d1bb0f1623680306b83d4ff4bb99a2beb9d86d97832f3ca40fd13a29df1ec",
  "TaskChallengedUnsuccessfully(uint32,address)":
    "0xfd3e26beeb5967fc5a57a0446914eabc45b4aa474c67a51b4b5160cac60ddb05",
  "AggregatorUpdated(address,address)":
    "0x89baabef7dfd0683c0ac16fd2a8431c51b49fbe654c3f7b5ef19763e2ccd88f2",
  "GeneratorUpdated(address,address)":
    "0x0ddfab8a635d71f15d72e2d2dff55d32119d13270d2ea4c3dc0043b66c2c476b",
};

/** Canonical signature with parameter names and `indexed` stripped (viem keeps neither in the hash). */
function stripNames(sig: string): string {
  return sig.replace(/ indexed/g, "").replace(/ [A-Za-z_$][\w$]*(?=[,)])/g, "");
}

function canonicalNoNames(abi: Abi): Map<string, { kind: string; hash: string }> {
  const out = new Map<string, { kind: string; hash: string }>();
  for (const [sig, v] of canonicalItems(abi)) out.set(stripNames(sig), v);
  return out;
}

Deno.test("TaskManager keeps the upstream selectors and event topics", () => {
  const items = canonicalNoNames(abiOf("IncredibleSquaringTaskManager"));
  for (const [sig, selector] of Object.entries(TASK_MANAGER_FUNCTIONS)) {
    assert.equal(toFunctionSelector(`function ${sig}`), selector, `reference selector of ${sig}`);
    const found = items.get(sig);
    assert.ok(found, `TaskManager ABI lacks ${sig}`);
    assert.equal(found.hash, selector);
  }
  for (const [sig, topic] of Object.entries(TASK_MANAGER_EVENTS)) {
    assert.equal(toEventSelector(`event ${sig}`), topic, `reference topic0 of ${sig}`);
    const found = items.get(sig);
    assert.ok(found, `TaskManager ABI lacks event ${sig}`);
    assert.equal(found.hash, topic);
  }
});

Deno.test("ServiceManager exposes the discovery getters clients use", () => {
  const items = canonicalNoNames(abiOf("IncredibleSquaringServiceManager"));
  assert.equal(items.get("incredibleSquaringTaskManager()")?.hash, "0x77ef731d");
  assert.equal(items.get("avsDirectory()")?.hash, "0x6b3aa72e");
  for (
    const sig of [
      "registerOperatorToAVS(address,(bytes,bytes32,uint256))",
      "deregisterOperatorFromAVS(address)",
      "getRestakeableStrategies()",
      "getOperatorRestakedStrategies(address)",
    ]
  ) assert.ok(items.has(sig), `ServiceManager ABI lacks ${sig}`);
});

/**
 * One entry per line of contracts/abi-signatures.txt: a contract name, a canonical signature
 * `name(types)` and a 4-byte selector or 32-byte topic0 (in any order, `#` starts a comment).
 */
interface Entry {
  line: number;
  contract: string;
  signature: string;
  hash: string;
}

function parseSignatureList(text: string): Entry[] {
  const contracts = new Set(
    Object.keys(abis).map((k) => k.replace(/Abi$/, "").toLowerCase()),
  );
  const entries: Entry[] = [];
  text.split("\n").forEach((raw, i) => {
    const line = raw.replace(/#.*$/, "").trim();
    if (!line) return;
    const hash = line.match(/0x[0-9a-fA-F]{64}\b|0x[0-9a-fA-F]{8}\b/)?.[0];
    const signature = line.match(/[A-Za-z_$][\w$]*\([^\s]*\)/)?.[0];
    const contract = line.split(/[\s:.|,]+/).find((t) =>
      contracts.has(abiExportName(t).replace(/Abi$/, "").toLowerCase())
    );
    if (!hash || !signature || !contract) {
      throw new Error(`abi-signatures.txt line ${i + 1}: cannot parse "${raw.trim()}"`);
    }
    entries.push({ line: i + 1, contract, signature, hash: hash.toLowerCase() });
  });
  return entries;
}

Deno.test("compiled ABIs match contracts/abi-signatures.txt", async () => {
  const text = await Deno.readTextFile(SIGNATURES_FILE);
  const entries = parseSignatureList(text);
  assert.ok(entries.length > 20, `only ${entries.length} entries in abi-signatures.txt`);
  const byContract = new Map<string, Map<string, { kind: string; hash: string }>>();
  const problems: string[] = [];
  for (const e of entries) {
    const isEvent = e.hash.length === 66;
    const computed = isEvent
      ? toEventSelector(`event ${e.signature}`)
      : toFunctionSelector(`function ${e.signature}`);
    if (computed !== e.hash) {
      problems.push(`line ${e.line}: ${e.signature} hashes to ${computed}, list says ${e.hash}`);
      continue;
    }
    let items = byContract.get(e.contract);
    if (!items) byContract.set(e.contract, items = canonicalNoNames(abiOf(e.contract)));
    const found = items.get(e.signature);
    if (!found) problems.push(`line ${e.line}: ${e.contract} ABI lacks ${e.signature}`);
    else if (found.hash !== e.hash) {
      problems.push(`line ${e.line}: ${e.contract}.${e.signature} is ${found.hash}`);
    }
  }
  assert.deepEqual(problems, []);
});
