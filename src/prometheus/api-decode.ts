/**
 * Decoders of the `data` of the series, labels, metadata, rules, alerts, targets and build
 * information endpoints: shapes checked (a wrong one is a {@link PrometheusHttpError}
 * `"malformed"` that says where), results rebuilt as plain data.
 *
 * @module
 */
import type {
  PrometheusActiveTarget,
  PrometheusAlert,
  PrometheusAlerts,
  PrometheusBuildInfo,
  PrometheusDroppedTarget,
  PrometheusApiRule,
  PrometheusApiRuleGroup,
  PrometheusApiRules,
  PrometheusTargets,
} from "./api-types.js";
import { type DecodeContext, asArray, asFinite, asLabels, asObject, asString, asStrings, describeValue, fail } from "./shape.js";
import { type Labels, type MetricMetadata, parseSampleValue } from "./types.js";

type Obj = Record<string, unknown>;

/** An optional field: absent (or null) stays absent, anything else must have the right type. */
function optString(ctx: DecodeContext, o: Obj, key: string, at: string): { [k: string]: string } {
  const v = o[key];
  return v === undefined || v === null ? {} : { [key]: asString(ctx, v, `${at}.${key}`) };
}
function optNumber(ctx: DecodeContext, o: Obj, key: string, at: string): { [k: string]: number } {
  const v = o[key];
  return v === undefined || v === null ? {} : { [key]: asFinite(ctx, v, `${at}.${key}`) };
}
const optLabels = (ctx: DecodeContext, v: unknown, at: string): Labels => (v === undefined || v === null ? {} : asLabels(ctx, v, at));

/**
 * `/api/v1/series`: a list of label sets.
 *
 * @internal
 * @example
 * ```ts
 * decodeSeries(ctx, [{ __name__: "up", job: "prometheus" }]);
 * ```
 */
export function decodeSeries(ctx: DecodeContext, data: unknown): Labels[] {
  return asArray(ctx, data, "data").map((l, i) => asLabels(ctx, l, `data[${i}]`));
}

/**
 * `/api/v1/labels` and `/api/v1/label/<name>/values`: a list of strings.
 *
 * @internal
 * @example
 * ```ts
 * decodeStrings(ctx, ["br-ex", "br-int"]);
 * ```
 */
export function decodeStrings(ctx: DecodeContext, data: unknown): string[] {
  return asStrings(ctx, data, "data");
}

/**
 * `/api/v1/metadata`: metric name to its metadata entries.
 *
 * @internal
 * @example
 * ```ts
 * decodeMetadata(ctx, { up: [{ type: "gauge", help: "1 if up", unit: "" }] });
 * ```
 */
export function decodeMetadata(ctx: DecodeContext, data: unknown): Record<string, MetricMetadata[]> {
  const o = asObject(ctx, data, "data");
  for (const name of Object.keys(o)) {
    const at = `data[${JSON.stringify(name)}]`;
    // Replaced in place: the keys are the server's, and an own "__proto__" key must stay a key.
    o[name] = asArray(ctx, o[name], at).map((m, i): MetricMetadata => {
      const e = asObject(ctx, m, `${at}[${i}]`);
      return { type: asString(ctx, e.type, `${at}[${i}].type`), help: asString(ctx, e.help, `${at}[${i}].help`), unit: e.unit === undefined ? "" : asString(ctx, e.unit, `${at}[${i}].unit`) };
    });
  }
  return o as Record<string, MetricMetadata[]>;
}

function alert(ctx: DecodeContext, v: unknown, at: string): PrometheusAlert {
  const o = asObject(ctx, v, at);
  const text = asString(ctx, o.value, `${at}.value`);
  const value = parseSampleValue(text);
  if (value === undefined) fail(ctx, `${at}.value`, `not a Prometheus sample value: ${describeValue(ctx, text)}`);
  return {
    labels: asLabels(ctx, o.labels, `${at}.labels`),
    annotations: optLabels(ctx, o.annotations, `${at}.annotations`),
    state: asString(ctx, o.state, `${at}.state`),
    ...optString(ctx, o, "activeAt", at),
    value,
    ...optString(ctx, o, "keepFiringSince", at),
  };
}

function rule(ctx: DecodeContext, v: unknown, at: string): PrometheusApiRule {
  const o = asObject(ctx, v, at);
  const base = {
    name: asString(ctx, o.name, `${at}.name`),
    query: asString(ctx, o.query, `${at}.query`),
    labels: optLabels(ctx, o.labels, `${at}.labels`),
    health: asString(ctx, o.health, `${at}.health`),
    ...optString(ctx, o, "lastError", at),
    ...optNumber(ctx, o, "evaluationTime", at),
    ...optString(ctx, o, "lastEvaluation", at),
  };
  if (o.type === "recording") return { type: "recording", ...base };
  if (o.type !== "alerting") return fail(ctx, `${at}.type`, `expected "alerting" or "recording", got ${describeValue(ctx, o.type)}`);
  return {
    type: "alerting",
    ...base,
    state: asString(ctx, o.state, `${at}.state`),
    duration: o.duration === undefined ? 0 : asFinite(ctx, o.duration, `${at}.duration`),
    ...optNumber(ctx, o, "keepFiringFor", at),
    annotations: optLabels(ctx, o.annotations, `${at}.annotations`),
    alerts: asArray(ctx, o.alerts ?? [], `${at}.alerts`).map((a, i) => alert(ctx, a, `${at}.alerts[${i}]`)),
  };
}

/**
 * `/api/v1/rules`: rule groups with their rules (and the alerts of alerting rules).
 *
 * @internal
 * @example
 * ```ts
 * decodeRules(ctx, { groups: [] });
 * ```
 */
export function decodeRules(ctx: DecodeContext, data: unknown): PrometheusApiRules {
  const d = asObject(ctx, data, "data");
  const groups = asArray(ctx, d.groups, "data.groups").map((g, i): PrometheusApiRuleGroup => {
    const at = `data.groups[${i}]`;
    const o = asObject(ctx, g, at);
    return {
      name: asString(ctx, o.name, `${at}.name`),
      file: asString(ctx, o.file, `${at}.file`),
      interval: asFinite(ctx, o.interval, `${at}.interval`),
      ...optNumber(ctx, o, "limit", at),
      rules: asArray(ctx, o.rules, `${at}.rules`).map((r, k) => rule(ctx, r, `${at}.rules[${k}]`)),
      ...optNumber(ctx, o, "evaluationTime", at),
      ...optString(ctx, o, "lastEvaluation", at),
    };
  });
  return { groups };
}

/**
 * `/api/v1/alerts`.
 *
 * @internal
 * @example
 * ```ts
 * decodeAlerts(ctx, { alerts: [] });
 * ```
 */
export function decodeAlerts(ctx: DecodeContext, data: unknown): PrometheusAlerts {
  const d = asObject(ctx, data, "data");
  return { alerts: asArray(ctx, d.alerts, "data.alerts").map((a, i) => alert(ctx, a, `data.alerts[${i}]`)) };
}

function activeTarget(ctx: DecodeContext, v: unknown, at: string): PrometheusActiveTarget {
  const o = asObject(ctx, v, at);
  return {
    discoveredLabels: asLabels(ctx, o.discoveredLabels, `${at}.discoveredLabels`),
    labels: asLabels(ctx, o.labels, `${at}.labels`),
    scrapePool: asString(ctx, o.scrapePool, `${at}.scrapePool`),
    scrapeUrl: asString(ctx, o.scrapeUrl, `${at}.scrapeUrl`),
    ...optString(ctx, o, "globalUrl", at),
    ...optString(ctx, o, "lastError", at),
    ...optString(ctx, o, "lastScrape", at),
    ...optNumber(ctx, o, "lastScrapeDuration", at),
    health: asString(ctx, o.health, `${at}.health`),
    ...optString(ctx, o, "scrapeInterval", at),
    ...optString(ctx, o, "scrapeTimeout", at),
  };
}

/**
 * `/api/v1/targets`.
 *
 * @internal
 * @example
 * ```ts
 * decodeTargets(ctx, { activeTargets: [], droppedTargets: [] });
 * ```
 */
export function decodeTargets(ctx: DecodeContext, data: unknown): PrometheusTargets {
  const d = asObject(ctx, data, "data");
  const droppedTargets = asArray(ctx, d.droppedTargets ?? [], "data.droppedTargets").map((t, i): PrometheusDroppedTarget => {
    const o = asObject(ctx, t, `data.droppedTargets[${i}]`);
    return { discoveredLabels: asLabels(ctx, o.discoveredLabels, `data.droppedTargets[${i}].discoveredLabels`) };
  });
  let counts: Record<string, number> | undefined;
  if (d.droppedTargetCounts !== undefined && d.droppedTargetCounts !== null) {
    const c = asObject(ctx, d.droppedTargetCounts, "data.droppedTargetCounts");
    for (const k of Object.keys(c)) asFinite(ctx, c[k], `data.droppedTargetCounts[${JSON.stringify(k)}]`);
    counts = c as Record<string, number>;
  }
  return {
    activeTargets: asArray(ctx, d.activeTargets ?? [], "data.activeTargets").map((t, i) => activeTarget(ctx, t, `data.activeTargets[${i}]`)),
    droppedTargets,
    ...(counts === undefined ? {} : { droppedTargetCounts: counts }),
  };
}

/**
 * `/api/v1/status/buildinfo`.
 *
 * @internal
 * @example
 * ```ts
 * decodeBuildInfo(ctx, { version: "2.42.0" });
 * ```
 */
export function decodeBuildInfo(ctx: DecodeContext, data: unknown): PrometheusBuildInfo {
  const d = asObject(ctx, data, "data");
  const field = (key: string): string => (d[key] === undefined ? "" : asString(ctx, d[key], `data.${key}`));
  return {
    version: asString(ctx, d.version, "data.version"),
    revision: field("revision"),
    branch: field("branch"),
    buildUser: field("buildUser"),
    buildDate: field("buildDate"),
    goVersion: field("goVersion"),
  };
}
