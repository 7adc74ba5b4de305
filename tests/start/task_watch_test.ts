/** The `[tasks]` lines stay readable when one task concerns hundreds of operators. */
import assert from "node:assert/strict";
import { burstPrinter } from "../../lib/start/task_watch.ts";

Deno.test("burstPrinter: the first lines of a burst, then one summary line once it is quiet", async () => {
  const out: string[] = [];
  const b = burstPrinter((l) => out.push(l), 3, 50);
  for (let i = 1; i <= 200; i++) {
    b.line(
      "task 7 freeze requests",
      `task 7: freeze request #${i}`,
      (n) => `task 7: and ${n} more`,
    );
  }
  b.line("other", "other line", (n) => `other ${n}`);
  assert.deepEqual(out, [
    "task 7: freeze request #1",
    "task 7: freeze request #2",
    "task 7: freeze request #3",
    "other line",
  ]);
  await new Promise((r) => setTimeout(r, 120));
  assert.deepEqual(out.slice(4), ["task 7: and 197 more"]);
  // A later burst with the same key starts over.
  b.line("task 7 freeze requests", "task 7: freeze request #201", (n) => `and ${n}`);
  assert.equal(out.at(-1), "task 7: freeze request #201");
  b.flush();
});
