/**
 * metrics.yaml: the metrics ovs-perf collects and their thresholds. The schema is documented in
 * {@link DEFAULT_METRICS_YAML}; user files are validated with errors that name the offending
 * key, and merged over the built-in defaults.
 *
 * @module
 */
import { parse as parseYaml } from "yaml";
import { parsePrometheusDuration } from "../core/duration.js";
import { DEFAULT_METRICS_YAML } from "./default-metrics.js";
import { type MetricUnit, parseByteQuantity } from "./units.js";
import { OvskitError, hasBrand, setBrand } from "../core/ovskit-error.js";

/**
 * Metric families, as selected by `ovs-perf metric --metric`.
 *
 * @example
 * ```ts
 * import { METRIC_CATEGORIES } from "ovskit";
 * METRIC_CATEGORIES.includes("cpu"); // true
 * ```
 */
export const METRIC_CATEGORIES = ["cpu", "memory", "dp_flows", "bridge_flows", "connections"] as const;
/** One of {@link METRIC_CATEGORIES}. */
export type MetricCategory = (typeof METRIC_CATEGORIES)[number];
/** Per-entity statistics. */
export type Statistic = "min" | "avg" | "max" | "p95" | "last";

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
  /** Thresholds in the metric's unit (bytes for memory). */
  readonly thresholds: { readonly warning?: number; readonly critical?: number };
  readonly recommendation: string;
}

/** How OVS series are mapped to nodes. */
export interface NodeMappingSettings {
  readonly query: string;
  readonly podLabel: string;
  readonly namespaceLabel: string;
  readonly nodeLabel: string;
  readonly hostIpLabel: string;
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
  };
  readonly metrics: readonly MetricDefinition[];
}

const CONFIG_BRAND = Symbol.for("ovskit.MetricsConfigError");

/**
 * A metrics.yaml that is not valid: `path` names the key (`metrics[2].thresholds.warning`).
 *
 * @example
 * ```ts
 * import { parseMetricsConfig, isMetricsConfigError } from "ovskit";
 * try { parseMetricsConfig("version: 2"); } catch (e) { if (isMetricsConfigError(e)) console.log(e.path, e.message); }
 * ```
 */
export class MetricsConfigError extends OvskitError {
  /** Always `"invalid-config"`. */
  declare readonly code: "invalid-config";
  /** Key path of the problem (empty for the whole document). */
  readonly path: string;
  constructor(path: string, reason: string) {
    super("invalid-config", `metrics.yaml${path === "" ? "" : ` ${path}`}: ${reason}`);
    this.name = "MetricsConfigError";
    this.path = path;
    setBrand(this, CONFIG_BRAND);
  }
}

/**
 * True when `e` is a {@link MetricsConfigError} (also across realms).
 *
 * @example
 * ```ts
 * import { isMetricsConfigError } from "ovskit";
 * isMetricsConfigError(new Error("x")); // false
 * ```
 */
export function isMetricsConfigError(e: unknown): e is MetricsConfigError {
  return hasBrand(e, CONFIG_BRAND);
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const LABEL = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const METRIC_KEYS = ["id", "title", "category", "query", "unit", "entity", "statistic", "thresholds", "recommendation", "disabled"];

function checkKeys(o: Obj, allowed: readonly string[], path: string): void {
  for (const k of Object.keys(o)) {
    if (!allowed.includes(k)) throw new MetricsConfigError(path === "" ? k : `${path}.${k}`, `unknown key (allowed: ${allowed.join(", ")})`);
  }
}

function str(o: Obj, key: string, path: string, fallback?: string): string {
  const v = o[key] ?? fallback;
  if (typeof v !== "string" || v.trim() === "") throw new MetricsConfigError(`${path}.${key}`, "must be a non-empty string");
  return v;
}

function oneOf<T extends string>(o: Obj, key: string, path: string, allowed: readonly T[], fallback?: T): T {
  const v = o[key] ?? fallback;
  if (typeof v !== "string" || !(allowed as readonly string[]).includes(v)) {
    throw new MetricsConfigError(`${path}.${key}`, `must be one of ${allowed.join(", ")} (got ${JSON.stringify(v)})`);
  }
  return v as T;
}

function positiveInt(o: Obj, key: string, path: string, fallback: number): number {
  const v = o[key] ?? fallback;
  if (typeof v !== "number" || !Number.isInteger(v) || v < 1) throw new MetricsConfigError(`${path}.${key}`, "must be a positive integer");
  return v;
}

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
  const unit = oneOf<MetricUnit>(merged, "unit", path, ["percent", "bytes", "count"]);
  const entityRaw = merged.entity ?? [];
  if (!Array.isArray(entityRaw) || entityRaw.some((l) => typeof l !== "string" || !LABEL.test(l))) {
    throw new MetricsConfigError(`${path}.entity`, "must be a list of label names");
  }
  const t = merged.thresholds ?? {};
  if (!isObj(t)) throw new MetricsConfigError(`${path}.thresholds`, "must be a mapping with warning and/or critical");
  checkKeys(t, ["warning", "critical"], `${path}.thresholds`);
  const warning = t.warning === undefined ? undefined : threshold(t.warning, unit, `${path}.thresholds.warning`);
  const critical = t.critical === undefined ? undefined : threshold(t.critical, unit, `${path}.thresholds.critical`);
  if (warning !== undefined && critical !== undefined && warning > critical) {
    throw new MetricsConfigError(`${path}.thresholds`, `warning (${warning}) must not be above critical (${critical})`);
  }
  return {
    id,
    title: str(merged, "title", path, id),
    category: oneOf<MetricCategory>(merged, "category", path, METRIC_CATEGORIES),
    query: str(merged, "query", path),
    unit,
    entity: entityRaw as string[],
    statistic: oneOf<Statistic>(merged, "statistic", path, ["min", "avg", "max", "p95", "last"], "max"),
    thresholds: { ...(warning !== undefined ? { warning } : {}), ...(critical !== undefined ? { critical } : {}) },
    recommendation: typeof merged.recommendation === "string" ? merged.recommendation : "",
  };
}

function build(doc: unknown, defaults: MetricsConfig | undefined): MetricsConfig {
  if (doc === null || doc === undefined) doc = {};
  if (!isObj(doc)) throw new MetricsConfigError("", "must be a mapping");
  checkKeys(doc, ["version", "settings", "metrics", "replaceDefaults"], "");
  if (doc.version !== undefined && doc.version !== 1) throw new MetricsConfigError("version", `unsupported version ${JSON.stringify(doc.version)} (this ovskit reads version 1)`);
  const s = doc.settings ?? {};
  if (!isObj(s)) throw new MetricsConfigError("settings", "must be a mapping");
  checkKeys(s, ["window", "topN", "concurrency", "nodeMapping"], "settings");
  const ds = defaults?.settings;
  const window = str(s, "window", "settings", ds?.window ?? "5m");
  try {
    if (parsePrometheusDuration(window) <= 0) throw new Error("must be positive");
  } catch (e) {
    throw new MetricsConfigError("settings.window", (e as Error).message);
  }
  const nm = s.nodeMapping ?? {};
  if (!isObj(nm)) throw new MetricsConfigError("settings.nodeMapping", "must be a mapping");
  checkKeys(nm, ["query", "podLabel", "namespaceLabel", "nodeLabel", "hostIpLabel"], "settings.nodeMapping");
  const dn = ds?.nodeMapping;
  const p = "settings.nodeMapping";
  const nodeMapping: NodeMappingSettings = {
    query: str(nm, "query", p, dn?.query ?? "kube_pod_info"),
    podLabel: str(nm, "podLabel", p, dn?.podLabel ?? "pod"),
    namespaceLabel: str(nm, "namespaceLabel", p, dn?.namespaceLabel ?? "namespace"),
    nodeLabel: str(nm, "nodeLabel", p, dn?.nodeLabel ?? "node"),
    hostIpLabel: str(nm, "hostIpLabel", p, dn?.hostIpLabel ?? "host_ip"),
  };
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
  return {
    version: 1,
    settings: { window, topN: positiveInt(s, "topN", "settings", ds?.topN ?? 10), concurrency: positiveInt(s, "concurrency", "settings", ds?.concurrency ?? 4), nodeMapping },
    metrics: [...byId.values()],
  };
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

function parseYamlText(text: string): unknown {
  try {
    return parseYaml(text);
  } catch (e) {
    throw new MetricsConfigError("", `not valid YAML: ${(e as Error).message}`);
  }
}

/**
 * Parses and validates a metrics.yaml text and merges it over the defaults (entries with a known
 * `id` override only the keys they set; `disabled: true` drops a metric; `replaceDefaults: true`
 * starts from nothing).
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
