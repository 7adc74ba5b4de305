/** The challenger's book after a reorg: what the dropped blocks taught it is forgotten. */
import assert from "node:assert/strict";
import { challengerBook } from "../../lib/challenger/book.ts";
import { createRegistry, registerChallengerMetrics } from "../../lib/metrics/mod.ts";
import type { DecodedLog } from "../../lib/chain/poll_logs.ts";

const tx = `0x${"ab".repeat(32)}` as const;
const address = "0x0000000000000000000000000000000000000001" as const;

function created(taskIndex: number, block: number): DecodedLog {
  return {
    address,
    eventName: "NewTaskCreated",
    args: {
      taskIndex,
      task: {
        numberToBeSquared: 3n,
        taskCreatedBlock: block,
        quorumNumbers: "0x00",
        quorumThresholdPercentage: 67,
      },
    },
    blockNumber: BigInt(block),
    logIndex: 0,
    transactionHash: tx,
  };
}

function responded(taskIndex: number, block: number): DecodedLog {
  return {
    address,
    eventName: "TaskResponded",
    args: {
      taskResponse: { referenceTaskIndex: taskIndex, numberSquared: 10n },
      taskResponseMetadata: { taskRespondedBlock: block, hashOfNonSigners: `0x${"00".repeat(32)}` },
    },
    blockNumber: BigInt(block),
    logIndex: 0,
    transactionHash: tx,
  };
}

Deno.test("book: forgetFrom drops tasks and responses of the rewound blocks only", async () => {
  const book = challengerBook(registerChallengerMetrics(createRegistry("test")), () => {});
  await book.apply(created(0, 10));
  await book.apply(responded(0, 12));
  await book.apply(created(1, 14));
  book.tasks.get(0)!.challenged = true;

  book.forgetFrom(13n);
  assert.ok(book.tasks.get(0)?.response, "a response before the reorg stays");
  assert.equal(book.tasks.has(1), false, "a task created in a dropped block is gone");

  book.forgetFrom(12n);
  const rec = book.tasks.get(0)!;
  assert.equal(rec.response, undefined, "a response in a dropped block is judged again later");
  assert.equal(rec.challenged, false);
  assert.equal(rec.task.numberToBeSquared, 3n, "the task itself was created before the reorg");
});
