/**
 * Collects the PromQL expressions of the provisioned dashboards and the alert rules, and checks
 * their metric names against `lib/metrics/names.ts`.
 *
 * @module
 */
import { parse as parseYaml } from "yaml";
import { ALL_METRIC_NAMES } from "../../lib/metrics/names.ts";
import { familyOf, metricNames } from "./_promql.ts";
import { readRepoFile } from "./_tools.ts";

/** Series Prometheus itself synthesises for every scrape target (not exported by our code). */
export const PROMETHEUS_SYNTHETIC = ["up", "scrape_duration_seconds", "scrape_samples_scraped"];

/** One expression, where it came from (for error messages) and its Grafana legend, if any. */
export type SourcedExpr = { where: string; expr: string; legend?: string };

/** Dashboard files, relative to the repository root. */
export const DASHBOARD_FILES = {
  avs: "ops/grafana/dashboards/AVS/incredible_squaring.json",
  node: "ops/grafana/dashboards/node/incredible_squaring_node.json",
} as const;

type Panel = {
  title?: string;
  type?: string;
  targets?: { expr?: string; legendFormat?: string }[];
  panels?: Panel[];
};

/** Every `targets[].expr` of a dashboard JSON text, including panels nested in rows. */
export function dashboardExprs(file: string, text: string): SourcedExpr[] {
  const model = JSON.parse(text) as { panels?: Panel[] };
  const out: SourcedExpr[] = [];
  const visit = (panels: Panel[] = []) => {
    for (const p of panels) {
      for (const t of p.targets ?? []) {
        if (t.expr) {
          out.push({ where: `${file}: panel "${p.title}"`, expr: t.expr, legend: t.legendFormat });
        }
      }
      visit(p.panels);
    }
  };
  visit(model.panels);
  return out;
}

/** Every rule `expr` of a Prometheus rules YAML text. */
export function ruleExprs(file: string, text: string): SourcedExpr[] {
  const doc = parseYaml(text) as {
    groups: { name: string; rules: { alert?: string; record?: string; expr: string }[] }[];
  };
  return doc.groups.flatMap((g) =>
    g.rules.map((r) => ({
      where: `${file}: ${r.alert ?? r.record}`,
      expr: String(r.expr),
    }))
  );
}

/** The expressions of both dashboards and of ops/prometheus/rules.yml. */
export function allProjectExprs(): {
  avs: SourcedExpr[];
  node: SourcedExpr[];
  rules: SourcedExpr[];
} {
  return {
    avs: dashboardExprs(DASHBOARD_FILES.avs, readRepoFile(DASHBOARD_FILES.avs)),
    node: dashboardExprs(DASHBOARD_FILES.node, readRepoFile(DASHBOARD_FILES.node)),
    rules: ruleExprs("ops/prometheus/rules.yml", readRepoFile("ops/prometheus/rules.yml")),
  };
}

/**
 * Returns one line per metric name that is neither exported by our code (`known`) nor
 * synthesised by Prometheus.
 */
export function unknownMetrics(
  exprs: readonly SourcedExpr[],
  known: Iterable<string> = ALL_METRIC_NAMES,
): string[] {
  const families = new Set([...known, ...PROMETHEUS_SYNTHETIC]);
  const problems: string[] = [];
  for (const { where, expr } of exprs) {
    for (const name of metricNames(expr)) {
      if (!families.has(familyOf(name, families))) {
        problems.push(`${where}: unknown metric ${name}`);
      }
    }
  }
  return problems;
}

/** Expressions that read an `eigen_*` metric (forbidden on the AVS dashboard). */
export function eigenReads(exprs: readonly SourcedExpr[]): string[] {
  return exprs.filter(({ expr }) => metricNames(expr).some((n) => n.startsWith("eigen_")))
    .map(({ where, expr }) => `${where}: ${expr}`);
}

/** Labels Prometheus attaches to every scraped series (job, instance) plus our target labels. */
export const TARGET_LABELS = ["job", "instance", "component", "operator"];

/** Label names an expression uses: matchers, grouping/matching lists and `{{legend}}` fields. */
export function labelNames(expr: string, legend = ""): string[] {
  const names = new Set<string>();
  const noStrings = expr.replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g, '""');
  for (const block of noStrings.matchAll(/\{([^}]*)\}/g)) {
    for (const m of block[1].matchAll(/([A-Za-z_][A-Za-z0-9_]*)\s*(?:=~|!~|!=|=)/g)) {
      names.add(m[1]);
    }
  }
  const grouping = /\b(?:by|without|on|ignoring|group_left|group_right)\s*\(([^)]*)\)/g;
  for (const m of noStrings.matchAll(grouping)) {
    for (const l of m[1].split(",").map((s) => s.trim()).filter(Boolean)) names.add(l);
  }
  for (const m of legend.matchAll(/\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g)) names.add(m[1]);
  names.delete("__name__");
  return [...names];
}

/**
 * One line per label an expression (or its legend) uses that none of the metrics it reads can
 * carry. `labelsOf` maps a metric family to its label names.
 */
export function unknownLabels(
  exprs: readonly SourcedExpr[],
  labelsOf: ReadonlyMap<string, readonly string[]>,
): string[] {
  const families = new Set([...labelsOf.keys(), ...PROMETHEUS_SYNTHETIC]);
  const problems: string[] = [];
  for (const { where, expr, legend } of exprs) {
    const allowed = new Set(TARGET_LABELS);
    for (const series of metricNames(expr)) {
      const family = familyOf(series, families);
      for (const l of labelsOf.get(family) ?? []) allowed.add(l);
      if (series.endsWith("_bucket")) allowed.add("le");
    }
    for (const l of labelNames(expr, legend)) {
      if (!allowed.has(l)) problems.push(`${where}: label ${l} is not on ${metricNames(expr)}`);
    }
  }
  return problems;
}
