/** Unit tests of the event follower's pure pieces (the follower itself runs on anvil in events_test). */
import assert from "node:assert/strict";
import { parseAbi, toEventSelector } from "viem";
import { SeenLogs } from "../../lib/chain/follow/dedupe.ts";
import { chainOrder, type RawLog } from "../../lib/chain/follow/raw_log.ts";
import { eventDecoder } from "../../lib/chain/follow/decode.ts";
import { resubscribeDelayMs } from "../../lib/chain/follow/live.ts";

const log = (block: number, index: number, hash = `0x${"ab".repeat(32)}`): RawLog => ({
  address: "0x0000000000000000000000000000000000000001",
  topics: [],
  data: "0x",
  blockNumber: `0x${block.toString(16)}`,
  blockHash: hash as `0x${string}`,
  transactionHash: null,
  logIndex: index,
});

Deno.test("chainOrder sorts by block, then log index (hex or number quantities)", () => {
  const sorted = chainOrder([log(3, 0), log(1, 2), log(1, 0), log(2, 5)]);
  assert.deepEqual(sorted.map((l) => [Number(l.blockNumber), l.logIndex]), [
    [1, 0],
    [1, 2],
    [2, 5],
    [3, 0],
  ]);
});

Deno.test("SeenLogs delivers each (block hash, index) once and prunes old entries", () => {
  const seen = new SeenLogs({ pruneAbove: 3, keepBlocks: 10n });
  assert.equal(seen.add("0xAA", 0, 1n), true);
  assert.equal(seen.add("0xaa", 0, 1n), false, "block hashes compare case-insensitively");
  assert.equal(seen.add("0xaa", 1, 1n), true);
  assert.equal(seen.add("0xbb", 0, 50n), true);
  seen.prune(20n); // horizon 10: the two block-1 entries go
  assert.equal(seen.add("0xaa", 0, 1n), true);
  assert.equal(seen.add("0xbb", 0, 50n), false);
});

Deno.test("eventDecoder: names by topic0, strict decoding, unknown names refused", () => {
  const abi = parseAbi(["event Ping(uint256 indexed n, uint256 value)", "event Other(uint256 n)"]);
  const d = eventDecoder(abi, ["Ping"]);
  const ping = toEventSelector(abi[0]);
  assert.deepEqual(d.selectors, [ping]);
  const raw = { ...log(1, 0), topics: [ping, `0x${"00".repeat(31)}07`] as `0x${string}`[] };
  assert.equal(d.nameOf(raw), "Ping");
  assert.equal(d.nameOf({ ...raw, topics: [toEventSelector(abi[1])] }), undefined);
  assert.throws(() => d.decode(raw), "a Ping without its data does not decode");
  const ok = d.decode({ ...raw, data: `0x${"00".repeat(31)}2a` });
  assert.deepEqual(ok, { eventName: "Ping", args: { n: 7n, value: 42n } });
  assert.throws(() => eventDecoder(abi, ["Nope"]), /event Nope is not in the ABI/);
});

Deno.test("resubscribe back-off doubles from 1 s up to 30 s", () => {
  assert.deepEqual([1, 2, 3, 5, 6, 20].map(resubscribeDelayMs), [
    1000,
    2000,
    4000,
    16000,
    30000,
    30000,
  ]);
});
