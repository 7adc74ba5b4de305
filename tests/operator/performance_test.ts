import { strict as assert } from "node:assert";
import { PerformanceScore } from "../../lib/operator/performance.ts";

Deno.test("performance score: 100 at start, share of delivered responses over a window", () => {
  const p = new PerformanceScore(4);
  assert.equal(p.score, 100);
  assert.equal(p.record(true), 100);
  assert.equal(p.record(false), 50);
  assert.equal(p.record(true), 66.67);
  p.record(true);
  assert.equal(p.score, 75);
  p.record(true); // the oldest (true) drops out of the window
  assert.equal(p.score, 75);
  p.record(true); // the false drops out
  assert.equal(p.score, 100);
  assert.throws(() => new PerformanceScore(0), /positive integer/);
});
