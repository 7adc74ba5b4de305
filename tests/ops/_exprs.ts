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

/** One expression and where it came from (for error messages). */
export type SourcedExpr = { where: string; expr: string };

/** Dashboard files, relative to the repository root. */
export const DASHBOARD_FILES = {
  avs: "ops/grafana/dashboards/AVS/incredible_squaring.json",
  node: "ops/grafana/dashboards/node/incredible_squaring_node.json",
} as const;

type Panel = { title?: string; type?: string; targets?: { expr?: string }[]; panels?: Panel[] };

/** Every `targets[].expr` of a dashboard JSON text, including panels nested in rows. */
export function dashboardExprs(file: string, text: string): SourcedExpr[] {
  const model = JSON.parse(text) as { panels?: Panel[] };
  const out: SourcedExpr[] = [];
  const visit = (panels: Panel[] = []) => {
    for (const p of panels) {
      for (const t of p.targets ?? []) {
        if (t.expr) out.push({ where: `${file}: panel "${p.title}"`, expr: t.expr });
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
