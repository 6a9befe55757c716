/**
 * metrics.yaml: the metrics ovs-perf collects and their thresholds. The schema is documented in
 * {@link DEFAULT_METRICS_YAML}; user files are validated with errors that name the offending
 * key, and merged over the built-in defaults.
 *
 * @module
 */
import { parse as parseYaml } from "yaml";
import { DEFAULT_METRICS_YAML } from "./default-metrics.js";
import { type MetricUnit, parseByteQuantity } from "./units.js";
import { MetricsConfigError } from "./config-error.js";
import { type Obj, LABEL, checkKeys, duration, isObj, oneOf, str } from "./config-read.js";
import { readSettings } from "./config-settings.js";
import { rawCounterUses } from "./counters.js";

/**
 * Metric families, as selected by `ovs-perf metric --metric`.
 *
 * @example
 * ```ts
 * import { METRIC_CATEGORIES } from "ovskit";
 * METRIC_CATEGORIES.includes("datapath"); // true
 * ```
 */
export const METRIC_CATEGORIES = ["cpu", "memory", "dp_flows", "bridge_flows", "connections", "datapath", "upcalls", "interfaces"] as const;
/** One of {@link METRIC_CATEGORIES}. */
export type MetricCategory = (typeof METRIC_CATEGORIES)[number];
/** Per-entity statistics. */
export type Statistic = "min" | "avg" | "max" | "p95" | "last";
/** Which side of a threshold is bad: `above` (the default: more is worse) or `below` (a hit ratio). */
export type ThresholdDirection = "above" | "below";

/** One metric of metrics.yaml, validated. */
export interface MetricDefinition {
  readonly id: string;
  readonly title: string;
  readonly category: MetricCategory;
  /** PromQL with `$window` not yet substituted. */
  readonly query: string;
  readonly unit: MetricUnit;
  /** Labels that name an entity besides its node (e.g. `["bridge"]`). */
  readonly entity: readonly string[];
  readonly statistic: Statistic;
  /** `above`: a value at or over a threshold alerts; `below`: at or under. */
  readonly direction: ThresholdDirection;
  /** Thresholds in the metric's unit (bytes for memory). */
  readonly thresholds: { readonly warning?: number; readonly critical?: number };
  readonly recommendation: string;
  /** The `for:` of this metric's alerting rules (default `settings.rules.for`). */
  readonly for?: string;
}

/** How OVS series are mapped to nodes. */
export interface NodeMappingSettings {
  readonly query: string;
  readonly podLabel: string;
  readonly namespaceLabel: string;
  readonly nodeLabel: string;
  readonly hostIpLabel: string;
}

/** How alerting rules are generated ({@link toPrometheusRules}). */
export interface RuleSettings {
  /** Name of the rule group. */
  readonly group: string;
  /** Evaluation interval of the group. */
  readonly interval: string;
  /** Default `for:` of every alert. */
  readonly for: string;
  /** Prefix of the alert names (`Ovs` + `VswitchdCpu`). */
  readonly alertPrefix: string;
  /** Extra labels on every alert (e.g. a team or a receiver). */
  readonly labels: Readonly<Record<string, string>>;
}

/** PromQL of the cluster information in reports (version labels are read from the series). */
export interface ClusterQuerySettings {
  /** One series per node (kube-state-metrics `kube_node_info`, labels `node`, `kubelet_version`). */
  readonly nodes: string;
  /** `kubernetes_build_info` (label `git_version`; the API server's wins). */
  readonly kubernetesVersion: string;
  /** OpenShift `cluster_version{type="current"}` (label `version`). */
  readonly openshiftVersion: string;
  /** ovn-kubernetes `ovs_build_info` (label `version`). */
  readonly ovsVersion: string;
}

/** A validated metrics.yaml. */
export interface MetricsConfig {
  readonly version: 1;
  readonly settings: {
    /** The `$window` duration text (`5m`). */
    readonly window: string;
    readonly topN: number;
    readonly concurrency: number;
    readonly nodeMapping: NodeMappingSettings;
    readonly rules: RuleSettings;
    readonly cluster: ClusterQuerySettings;
  };
  readonly metrics: readonly MetricDefinition[];
}

const METRIC_KEYS = ["id", "title", "category", "query", "unit", "entity", "statistic", "direction", "thresholds", "recommendation", "for", "disabled"];

function threshold(v: unknown, unit: MetricUnit, path: string): number {
  const n = unit === "bytes" && (typeof v === "string" || typeof v === "number") ? parseByteQuantity(v) : typeof v === "number" ? v : undefined;
  if (n === undefined || !Number.isFinite(n)) {
    throw new MetricsConfigError(path, unit === "bytes" ? 'must be a number of bytes or a quantity like "500MiB"' : "must be a number");
  }
  return n;
}

function metric(raw: unknown, base: MetricDefinition | undefined, path: string): MetricDefinition {
  if (!isObj(raw)) throw new MetricsConfigError(path, "must be a mapping");
  checkKeys(raw, METRIC_KEYS, path);
  const merged: Obj = { ...(base ?? {}), ...raw };
  const id = str(merged, "id", path);
  if (!/^[a-z][a-z0-9_]*$/.test(id)) throw new MetricsConfigError(`${path}.id`, "must match [a-z][a-z0-9_]*");
  const unit = oneOf<MetricUnit>(merged, "unit", path, ["percent", "bytes", "count", "per_second"]);
  const entityRaw = merged.entity ?? [];
  if (!Array.isArray(entityRaw) || entityRaw.some((l) => typeof l !== "string" || !LABEL.test(l))) {
    throw new MetricsConfigError(`${path}.entity`, "must be a list of label names");
  }
  const query = str(merged, "query", path);
  const raws = rawCounterUses(query);
  if (raws.length > 0) {
    throw new MetricsConfigError(
      `${path}.query`,
      `${raws.join(", ")} ${raws.length === 1 ? "is a cumulative total" : "are cumulative totals"} (OVS exports ${raws.length === 1 ? "it" : "them"} as a gauge that only grows): read ${raws.length === 1 ? "it" : "them"} through increase(...[$window]) or rate(...[$window]), never raw`,
    );
  }
  const direction = oneOf<ThresholdDirection>(merged, "direction", path, ["above", "below"], "above");
  const t = merged.thresholds ?? {};
  if (!isObj(t)) throw new MetricsConfigError(`${path}.thresholds`, "must be a mapping with warning and/or critical");
  checkKeys(t, ["warning", "critical"], `${path}.thresholds`);
  const warning = t.warning === undefined ? undefined : threshold(t.warning, unit, `${path}.thresholds.warning`);
  const critical = t.critical === undefined ? undefined : threshold(t.critical, unit, `${path}.thresholds.critical`);
  if (warning !== undefined && critical !== undefined && (direction === "above" ? warning > critical : warning < critical)) {
    throw new MetricsConfigError(`${path}.thresholds`, `warning (${warning}) must not be ${direction === "above" ? "above" : "below"} critical (${critical}) with direction ${direction}`);
  }
  const forText = merged.for === undefined ? undefined : duration(merged, "for", path, "0s", { allowZero: true });
  return {
    id,
    title: str(merged, "title", path, id),
    category: oneOf<MetricCategory>(merged, "category", path, METRIC_CATEGORIES),
    query,
    unit,
    entity: entityRaw as string[],
    statistic: oneOf<Statistic>(merged, "statistic", path, ["min", "avg", "max", "p95", "last"], direction === "above" ? "max" : "min"),
    direction,
    thresholds: { ...(warning !== undefined ? { warning } : {}), ...(critical !== undefined ? { critical } : {}) },
    recommendation: typeof merged.recommendation === "string" ? merged.recommendation : "",
    ...(forText !== undefined ? { for: forText } : {}),
  };
}

function build(doc: unknown, defaults: MetricsConfig | undefined): MetricsConfig {
  if (doc === null || doc === undefined) doc = {};
  if (!isObj(doc)) throw new MetricsConfigError("", "must be a mapping");
  checkKeys(doc, ["version", "settings", "metrics", "replaceDefaults"], "");
  if (doc.version !== undefined && doc.version !== 1) throw new MetricsConfigError("version", `unsupported version ${JSON.stringify(doc.version)} (this ovskit reads version 1)`);
  const settings = readSettings(doc.settings, defaults?.settings);
  const list = doc.metrics ?? [];
  if (!Array.isArray(list)) throw new MetricsConfigError("metrics", "must be a list");
  const byId = new Map<string, MetricDefinition>();
  if (doc.replaceDefaults !== true) for (const m of defaults?.metrics ?? []) byId.set(m.id, m);
  const seen = new Set<string>();
  list.forEach((raw: unknown, i) => {
    const path = `metrics[${i}]`;
    const id = isObj(raw) ? raw.id : undefined;
    if (typeof id !== "string") throw new MetricsConfigError(`${path}.id`, "must be a non-empty string");
    if (seen.has(id)) throw new MetricsConfigError(`${path}.id`, `duplicate id ${id}`);
    seen.add(id);
    if (isObj(raw) && raw.disabled === true) {
      byId.delete(id);
      return;
    }
    byId.set(id, metric(raw, byId.get(id), path));
  });
  if (byId.size === 0) throw new MetricsConfigError("metrics", "no metric left to collect");
  return { version: 1, settings, metrics: [...byId.values()] };
}

let defaultConfig: MetricsConfig | undefined;

/**
 * The built-in configuration (parsed from {@link DEFAULT_METRICS_YAML}).
 *
 * @example
 * ```ts
 * import { defaultMetricsConfig } from "ovskit";
 * console.log(defaultMetricsConfig().settings.window); // "5m"
 * ```
 */
export function defaultMetricsConfig(): MetricsConfig {
  defaultConfig ??= build(parseYamlText(DEFAULT_METRICS_YAML), undefined);
  return defaultConfig;
}

/** The longest metrics.yaml read (1 MiB; the default one is 14 KB): the YAML reader's time stays bounded. */
const MAX_CONFIG_TEXT = 1 << 20;

function parseYamlText(text: string): unknown {
  if (text.length > MAX_CONFIG_TEXT) throw new MetricsConfigError("", `${text.length} characters: at most ${MAX_CONFIG_TEXT} are read`);
  try {
    return parseYaml(text);
  } catch (e) {
    throw new MetricsConfigError("", `not valid YAML: ${(e as Error).message}`);
  }
}

/**
 * Parses and validates a metrics.yaml text and merges it over the defaults (entries with a known
 * `id` override only the keys they set; `disabled: true` drops a metric; `replaceDefaults: true`
 * starts from nothing). A text over 1 MiB is refused (the default one is 14 KB).
 *
 * @throws {@link MetricsConfigError}
 * @example
 * ```ts
 * import { parseMetricsConfig } from "ovskit";
 * const cfg = parseMetricsConfig(`
 * settings: { window: 10m }
 * metrics:
 *   - id: br_int_flows
 *     thresholds: { warning: 20000, critical: 80000 }
 * `);
 * ```
 */
export function parseMetricsConfig(text: string): MetricsConfig {
  return build(parseYamlText(text), defaultMetricsConfig());
}

/**
 * The query of a metric with `$window` replaced (by `settings.window`, or the given window).
 *
 * @example
 * ```ts
 * import { defaultMetricsConfig, expandQuery } from "ovskit";
 * const cfg = defaultMetricsConfig();
 * expandQuery(cfg.metrics.find((m) => m.id === "rconn_overflow")!, cfg); // "increase(ovs_vswitchd_rconn_overflow[5m])"
 * ```
 */
export function expandQuery(m: MetricDefinition, config: MetricsConfig, window = config.settings.window): string {
  return m.query.replaceAll("$window", window);
}
