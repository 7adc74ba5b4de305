/**
 * Extracts the metric names a PromQL expression reads, so dashboards and alert rules can be
 * checked against the names the nodes export. A small lexer, not a full parser: promtool checks
 * the syntax separately.
 *
 * @module
 */

// Words that look like identifiers but are operators, modifiers or grouping keywords.
const KEYWORDS = new Set([
  "by",
  "without",
  "on",
  "ignoring",
  "group_left",
  "group_right",
  "bool",
  "and",
  "or",
  "unless",
  "offset",
  "atan2",
  "inf",
  "nan",
]);

/** Metric names read by `expr` (deduplicated, in order of appearance). */
export function metricNames(expr: string): string[] {
  const cleaned = expr
    // string literals (label values, label_replace arguments)
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`/g, '""')
    // label matchers and range / subquery durations
    .replace(/\{[^}]*\}/g, " ")
    .replace(/\[[^\]]*\]/g, " ")
    // label lists after grouping / matching keywords
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/gi, " ")
    // Grafana variables ($__rate_interval, $operator)
    .replace(/\$\w+/g, " ");
  const names: string[] = [];
  const re = /[A-Za-z_:][A-Za-z0-9_:]*/g;
  for (const m of cleaned.matchAll(re)) {
    const word = m[0];
    const before = cleaned[m.index - 1];
    // part of a number literal such as 1e3 or 0x1f
    if (before !== undefined && /[0-9.]/.test(before)) continue;
    const after = cleaned.slice(m.index + word.length);
    if (/^\s*\(/.test(after)) continue; // function call
    if (KEYWORDS.has(word.toLowerCase())) continue;
    if (!names.includes(word)) names.push(word);
  }
  return names;
}

/** Maps a series name to its metric family (`x_bucket`, `x_sum`, `x_count` → `x`). */
export function familyOf(series: string, families: ReadonlySet<string>): string {
  if (families.has(series)) return series;
  for (const suffix of ["_bucket", "_sum", "_count"]) {
    if (series.endsWith(suffix)) {
      const base = series.slice(0, -suffix.length);
      if (families.has(base)) return base;
    }
  }
  return series;
}
