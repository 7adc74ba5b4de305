/**
 * The challenger's slashing-era rules and book without a chain: when a slashing request is due
 * for fulfilment (the VetoableSlasher's window rule), and how the book follows a request from
 * `SlashingRequested` to a veto or a fulfilment (with the slashed shares read from the receipt).
 */
import assert from "node:assert/strict";
import type { Address, Hex } from "viem";
import { isSlashingDue } from "../../lib/challenger/decision.ts";
import { challengerBook } from "../../lib/challenger/book.ts";
import type { ChallengerEvent, SlashingRecord } from "../../lib/challenger/types.ts";
import { slashingWindow } from "../../lib/avs/slashing.ts";
import {
  createRegistry,
  registerChallengerMetrics,
  registerChallengerSlashingMetrics,
} from "../../lib/metrics/mod.ts";

const OP = "0x00000000000000000000000000000000000000aa" as Address;
const STRATEGY = "0x00000000000000000000000000000000000000bb" as Address;
const TX = `0x${"22".repeat(32)}` as Hex;

Deno.test("slashing: a request is due from block requestBlock + window (tx lands at head + 1)", () => {
  const rec: SlashingRecord = {
    operator: OP,
    operatorSetId: 0,
    requestBlock: 100n,
    attempts: 0,
    busy: false,
  };
  assert.equal(isSlashingDue(rec, 108n, 10n, 3), false); // lands at 109 < 110
  assert.equal(isSlashingDue(rec, 109n, 10n, 3), true); // lands at 110
  assert.equal(isSlashingDue({ ...rec, busy: true }, 200n, 10n, 3), false);
  assert.equal(isSlashingDue({ ...rec, attempts: 3 }, 200n, 10n, 3), false);
  // The CLI's view agrees: vetoable up to block 109, fulfillable from 110.
  const w = (b: bigint) => slashingWindow({ requestBlock: 100, status: "Requested" }, 10, b);
  assert.deepEqual(w(109n), { vetoDeadlineBlock: 109, vetoable: true, fulfillable: false });
  assert.deepEqual(w(110n), { vetoDeadlineBlock: 109, vetoable: false, fulfillable: true });
  assert.equal(
    slashingWindow({ requestBlock: 100, status: "Cancelled" }, 10, 200n).fulfillable,
    false,
  );
});

Deno.test("slashing: the book follows requested -> vetoed and requested -> fulfilled", async () => {
  const registry = createRegistry("test");
  const events: ChallengerEvent[] = [];
  const book = challengerBook(registerChallengerMetrics(registry), (e) => events.push(e), {
    metrics: registerChallengerSlashingMetrics(registry),
    slashedIn: (hash) => {
      assert.equal(hash, TX);
      return Promise.resolve([{ operator: OP, strategy: STRATEGY, shares: 400n }]);
    },
  });
  const log = (eventName: string, args: Record<string, unknown>, blockNumber = 50n) => ({
    address: OP,
    eventName,
    args,
    blockNumber,
    logIndex: 0,
    transactionHash: TX,
  });
  for (const id of [0n, 1n]) {
    await book.apply(log("SlashingRequested", {
      requestId: id,
      operator: OP,
      operatorSetId: 0,
      wadsToSlash: [10n ** 17n],
      description: "wrong response",
    }));
    await book.apply(
      log("OperatorSlashingRequested", { requestId: id, operator: OP, taskIndex: 7 }),
    );
  }
  assert.deepEqual([...book.slashings.keys()], [0n, 1n]);
  assert.equal(book.slashings.get(1n)?.taskIndex, 7);
  assert.equal(book.slashings.get(1n)?.requestBlock, 50n);
  await book.apply(log("SlashingRequestCancelled", { requestId: 0n }));
  await book.apply(log("OperatorSlashed", {
    slashingRequestId: 1n,
    operator: OP,
    operatorSetId: 0,
    wadsToSlash: [10n ** 17n],
    description: "wrong response",
  }));
  assert.equal(book.slashings.size, 0);
  assert.deepEqual(events.map((e) => e.kind), [
    "slashing_requested",
    "slashing_requested",
    "slashing_vetoed",
    "slashing_fulfilled",
  ]);
  const done = events[3];
  assert.ok(done.kind === "slashing_fulfilled");
  assert.deepEqual(done.slashed, [{ strategy: STRATEGY, shares: 400n }]);
  const text = await registry.metrics();
  assert.match(text, /incsq_challenger_slashing_requests_total\{status="requested"\} 2/);
  assert.match(text, /incsq_challenger_slashing_requests_total\{status="vetoed"\} 1/);
  assert.match(text, /incsq_challenger_slashing_requests_total\{status="fulfilled"\} 1/);
  assert.match(
    text,
    new RegExp(`incsq_challenger_slashed_shares_total\\{strategy="${STRATEGY}"\\} 400`),
  );
});
