import assert from "node:assert/strict";
import { familyOf, metricNames } from "./_promql.ts";

Deno.test("metricNames: reads selectors, skips functions, labels, keywords and durations", () => {
  assert.deepEqual(
    metricNames(
      'histogram_quantile(0.95, sum by (operator, le) (rate(foo_bucket{job=~"a|b"}[5m])))',
    ),
    ["foo_bucket"],
  );
  assert.deepEqual(
    metricNames("increase(a_total[5m]) > 0 and on (job, instance) increase(b_total[5m]) == 0"),
    ["a_total", "b_total"],
  );
  assert.deepEqual(metricNames('up{job="incsq-aggregator"} == 0 or absent(up{job="x"})'), ["up"]);
  assert.deepEqual(metricNames("sum(rate(c_total[$__rate_interval])) * 60 + 1e3"), ["c_total"]);
  assert.deepEqual(metricNames('label_replace(m, "dst", "$1", "src", "(.*)")'), ["m"]);
});

Deno.test("familyOf: maps histogram series to their family only when the family exists", () => {
  const families = new Set(["lat_seconds", "x_count"]);
  assert.equal(familyOf("lat_seconds_bucket", families), "lat_seconds");
  assert.equal(familyOf("lat_seconds_sum", families), "lat_seconds");
  assert.equal(familyOf("x_count", families), "x_count");
  assert.equal(familyOf("other_bucket", families), "other_bucket");
});
