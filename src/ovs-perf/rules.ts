/**
 * Prometheus alerting rules from metrics.yaml: the same queries and thresholds as the analyzer,
 * as a rules file (`promtool check rules`, `rule_files:`) or as a prometheus-operator
 * `PrometheusRule` resource.
 *
 * Each metric with thresholds gives one alert name (`Ovs` + the id in PascalCase) with one rule
 * per severity. The levels are exclusive like the analyzer's: the warning rule holds between the
 * warning and the critical threshold (`(q) >= 70 < 85`), the critical rule from the critical
 * threshold on; `<=` for metrics with direction `below`. Cumulative counters are only ever read
 * through `increase()` / `rate()` (metrics.yaml refuses a raw total), over `settings.window`.
 *
 * @module
 */
import { stringify } from "yaml";
import { type MetricDefinition, type MetricsConfig, expandQuery } from "./config.js";
import { type MetricUnit, formatMetricValue } from "./units.js";

/** One alerting rule, exactly as in a Prometheus rules file. */
export interface PrometheusAlertingRule {
  readonly alert: string;
  readonly expr: string;
  readonly for: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
}

/** One rule group. */
export interface PrometheusRuleGroup {
  readonly name: string;
  readonly interval: string;
  readonly rules: readonly PrometheusAlertingRule[];
}

/** A Prometheus rules file (the `groups:` document). */
export interface PrometheusRulesFile {
  readonly groups: readonly PrometheusRuleGroup[];
}

/** The prometheus-operator custom resource (`monitoring.coreos.com/v1`, kind `PrometheusRule`). */
export interface PrometheusRuleResource {
  readonly apiVersion: "monitoring.coreos.com/v1";
  readonly kind: "PrometheusRule";
  readonly metadata: { readonly name: string; readonly namespace?: string; readonly labels: Readonly<Record<string, string>> };
  readonly spec: PrometheusRulesFile;
}

/** Options of {@link toPrometheusRules}. */
export interface PrometheusRulesOptions {
  /** Only these metric ids. */
  readonly metricIds?: readonly string[];
  /** `for:` of every rule, instead of the configured ones (e.g. `"0s"` to see alerts at once). */
  readonly for?: string;
}

/** Options of {@link toPrometheusRuleResource}. */
export interface PrometheusRuleResourceOptions extends PrometheusRulesOptions {
  /** `metadata.name` (default `ovskit-ovs-perf`). */
  readonly name?: string;
  readonly namespace?: string;
  /** `metadata.labels` (what the Prometheus `ruleSelector` selects on, e.g. `{ role: "alert-rules" }`). */
  readonly labels?: Readonly<Record<string, string>>;
}

/**
 * The alert name of a metric: `settings.rules.alertPrefix` + the id in PascalCase
 * (`vswitchd_cpu` → `OvsVswitchdCpu`).
 *
 * @example
 * ```ts
 * import { alertNameOf, defaultMetricsConfig } from "ovskit";
 * alertNameOf("dp_masks_per_packet", defaultMetricsConfig()); // "OvsDpMasksPerPacket"
 * ```
 */
export function alertNameOf(id: string, config: MetricsConfig): string {
  return config.settings.rules.alertPrefix + id.split("_").map((w) => (w === "" ? "" : w[0]!.toUpperCase() + w.slice(1))).join("");
}

/** Where the alert is, from the labels the series carry (node, else namespace/pod, else instance, then the entity labels). */
function whereTemplate(m: MetricDefinition): string {
  const base = "{{ if $labels.node }}{{ $labels.node }}{{ else if $labels.pod }}{{ $labels.namespace }}/{{ $labels.pod }}{{ else }}{{ $labels.instance }}{{ end }}";
  return base + m.entity.map((l) => `{{ with $labels.${l} }}/{{ . }}{{ end }}`).join("");
}

function valueTemplate(unit: MetricUnit): string {
  switch (unit) {
    case "percent":
      return '{{ printf "%.1f" $value }} %';
    case "bytes":
      return "{{ humanize1024 $value }}B";
    case "count":
      return "{{ humanize $value }}";
    case "per_second":
      return "{{ humanize $value }}/s";
  }
}

function rule(m: MetricDefinition, config: MetricsConfig, severity: "critical" | "warning", o: PrometheusRulesOptions): PrometheusAlertingRule | undefined {
  const t = m.thresholds[severity];
  if (t === undefined) return undefined;
  const below = m.direction === "below";
  const op = below ? "<=" : ">=";
  const q = expandQuery(m, config);
  const crit = m.thresholds.critical;
  const upper = severity === "warning" && crit !== undefined ? ` ${below ? ">" : "<"} ${crit}` : "";
  const where = whereTemplate(m);
  const value = valueTemplate(m.unit);
  const thr = formatMetricValue(t, m.unit);
  const counter = /\b(increase|rate|irate)\(/.test(m.query) ? ` (over ${config.settings.window})` : "";
  return {
    alert: alertNameOf(m.id, config),
    expr: `(${q}) ${op} ${t}${upper}`,
    for: o.for ?? m.for ?? config.settings.rules.for,
    labels: { severity, ovskit_metric: m.id, ...config.settings.rules.labels },
    annotations: {
      summary: `${m.title} on ${where}: ${value} (${op} ${severity} threshold ${thr})`,
      description: `${m.title} on ${where} is ${value}${counter}, ${below ? "at or under" : "at or over"} the ${severity} threshold ${thr} (ovskit metrics.yaml, metric ${m.id}). ${m.recommendation}`.trim(),
    },
  };
}

/**
 * The thresholds of metrics.yaml as a Prometheus rules file (plain object; {@link prometheusRulesYaml}
 * gives the YAML). Metrics without thresholds give no rule.
 *
 * @example
 * ```ts
 * import { defaultMetricsConfig, prometheusRulesYaml, toPrometheusRules } from "ovskit";
 * const rules = toPrometheusRules(defaultMetricsConfig());
 * console.log(rules.groups[0]!.rules.map((r) => `${r.alert} ${r.labels.severity}`));
 * console.log(prometheusRulesYaml(rules)); // for promtool check rules / rule_files
 * ```
 */
export function toPrometheusRules(config: MetricsConfig, o: PrometheusRulesOptions = {}): PrometheusRulesFile {
  const rules: PrometheusAlertingRule[] = [];
  for (const m of config.metrics) {
    if (o.metricIds !== undefined && !o.metricIds.includes(m.id)) continue;
    for (const severity of ["critical", "warning"] as const) {
      const r = rule(m, config, severity, o);
      if (r !== undefined) rules.push(r);
    }
  }
  return { groups: [{ name: config.settings.rules.group, interval: config.settings.rules.interval, rules }] };
}

/**
 * The same rules as a prometheus-operator `PrometheusRule` resource (for `kubectl apply`).
 *
 * @example
 * ```ts
 * import { defaultMetricsConfig, prometheusRulesYaml, toPrometheusRuleResource } from "ovskit";
 * const cr = toPrometheusRuleResource(defaultMetricsConfig(), { namespace: "openshift-ovn-kubernetes", labels: { role: "alert-rules" } });
 * console.log(prometheusRulesYaml(cr));
 * ```
 */
export function toPrometheusRuleResource(config: MetricsConfig, o: PrometheusRuleResourceOptions = {}): PrometheusRuleResource {
  return {
    apiVersion: "monitoring.coreos.com/v1",
    kind: "PrometheusRule",
    metadata: { name: o.name ?? "ovskit-ovs-perf", ...(o.namespace !== undefined ? { namespace: o.namespace } : {}), labels: { ...(o.labels ?? {}) } },
    spec: toPrometheusRules(config, o),
  };
}

/**
 * YAML text of a rules file or a `PrometheusRule` resource, with a header naming the source.
 *
 * @example
 * ```ts
 * import { defaultMetricsConfig, prometheusRulesYaml, toPrometheusRules } from "ovskit";
 * const text = prometheusRulesYaml(toPrometheusRules(defaultMetricsConfig()));
 * text.startsWith("# Generated by ovskit"); // true
 * ```
 */
export function prometheusRulesYaml(doc: PrometheusRulesFile | PrometheusRuleResource): string {
  const n = ("spec" in doc ? doc.spec : doc).groups.reduce((a, g) => a + g.rules.length, 0);
  const header = `# Generated by ovskit from metrics.yaml: ${n} alerting rules (ovs-perf rules). Edit metrics.yaml, not this file.\n`;
  return header + stringify(doc, { lineWidth: 0 });
}
