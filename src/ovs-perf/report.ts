/**
 * The ovs-perf JSON report: schema `ovskit.ovs-perf.report/v1`.
 *
 * ```text
 * {
 *   "schema": "ovskit.ovs-perf.report/v1",
 *   "generatedAt": ISO 8601,
 *   "source": { "url": Prometheus base URL (no credentials) },
 *   "mode": "instant" | "range",
 *   "time"?: ISO 8601 (instant), "range"?: { "start", "end", "stepSeconds" } (range),
 *   "window": "5m" (the $window of rate / increase),
 *   "status": "excellent" | "good" | "degraded" | "critical" | "unknown" (nothing collected),
 *   "summary": { "critical", "warning", "info", "concerns", "metrics", "failedMetrics", "skippedMetrics" },
 *   "connection"?: { "status": "ok"|"unreachable"|"no-ovs-metrics", "url", "message", "ovsSeries", "error"? },
 *   "cluster"?: { "nodes", "nodeNames", "nodesFrom", "kubernetesVersion", "kubernetesVersions",
 *                 "kubeletVersions", "openshiftVersion", "ovsVersions", "notes" },
 *   "metrics": [ { "id", "title", "category", "unit", "query", "statistic", "direction", "thresholds",
 *                  "recommendation", "status": "ok"|"empty"|"error"|"skipped", "error"?, "warnings",
 *                  "infos", "top": [entity...],
 *                  "entities": [ { "entity", "node" | null, "labels", "unit", "min", "avg",
 *                                  "max", "p95", "last", "stddev", "samples", "nonFinite",
 *                                  "trend"?: { "slopePerSecond", "r2", "spanSeconds", "fittedLast" },
 *                                  "points"?: [ { "time", "value" } ] } ] } ],
 *   "nodeMapping": { "query", "status": "ok"|"partial"|"unavailable", "pods", "unmapped", "note"? },
 *   "alerts": [ { "severity", "metric", "title", "entity", "node", "value", "unit",
 *                 "statistic", "threshold", "series", "query", "message", "recommendation" } ],
 *   "insights": [ { "kind", "severity", "metric", "entity", "node", "message", "confidence", "data",
 *                   "recommendation"? } ]
 * }
 * ```
 * Values are in the metric's unit (`bytes` are bytes, `percent` 0..100). Samples that were NaN
 * or ±Inf are not in the statistics; `nonFinite` counts them.
 *
 * @module
 */
import { type Alert, computeAlerts } from "./alerts.js";
import type { Collection, MetricCollection } from "./collect.js";
import { type Insight, type InsightSettings, computeInsights } from "./insights.js";
import { OvsPerfReportError } from "./report-error.js";

/**
 * The schema identifier written in every report.
 *
 * @example
 * ```ts
 * import { OVS_PERF_REPORT_SCHEMA } from "ovskit";
 * console.log(OVS_PERF_REPORT_SCHEMA); // "ovskit.ovs-perf.report/v1"
 * ```
 */
export const OVS_PERF_REPORT_SCHEMA = "ovskit.ovs-perf.report/v1";

/** Overall health; `unknown` when no metric could be collected at all. */
export type OverallStatus = "excellent" | "good" | "degraded" | "critical" | "unknown";

/** The JSON report (see the module documentation for the schema). */
export interface OvsPerfReport extends Collection {
  readonly schema: typeof OVS_PERF_REPORT_SCHEMA;
  readonly generatedAt: string;
  readonly source: { readonly url: string };
  readonly status: OverallStatus;
  readonly summary: {
    readonly critical: number;
    readonly warning: number;
    readonly info: number;
    readonly concerns: number;
    readonly metrics: number;
    readonly failedMetrics: number;
    /** Metrics not queried because Prometheus was unreachable. */
    readonly skippedMetrics: number;
  };
  readonly alerts: readonly Alert[];
  readonly insights: readonly Insight[];
}

/**
 * Overall status: `critical` with any critical alert, `degraded` with any warning, `good` with
 * only info alerts or concerns from insights, else `excellent`; `unknown` when `collected` is 0
 * (every query failed or returned nothing: no news is not good news).
 *
 * @example
 * ```ts
 * import { overallStatus } from "ovskit";
 * overallStatus([], []); // "excellent"
 * ```
 */
export function overallStatus(alerts: readonly Alert[], insights: readonly Insight[], collected = 1): OverallStatus {
  if (collected === 0) return "unknown";
  if (alerts.some((a) => a.severity === "critical")) return "critical";
  if (alerts.some((a) => a.severity === "warning")) return "degraded";
  if (alerts.length > 0 || insights.some((i) => i.severity === "concern")) return "good";
  return "excellent";
}

/** Options of {@link buildReport}. */
export interface BuildReportOptions {
  /** Prometheus URL for `source.url`. */
  readonly url: string;
  /** Keep the range samples in `entities[].points` (default false: reports stay small). */
  readonly includePoints?: boolean;
  readonly insightSettings?: Partial<InsightSettings>;
  /** Clock (tests). */
  readonly now?: () => Date;
}

/**
 * Builds the report: alerts, insights and status over a collection.
 *
 * @example
 * ```ts
 * import { PrometheusClient, buildReport, collectOvsMetrics, defaultMetricsConfig } from "ovskit";
 * const prom = new PrometheusClient({ url: "http://localhost:9090" });
 * const c = await collectOvsMetrics(prom, defaultMetricsConfig(), { mode: "instant" });
 * const report = buildReport(c, { url: prom.url });
 * console.log(report.status, JSON.stringify(report).length);
 * ```
 */
export function buildReport(c: Collection, o: BuildReportOptions): OvsPerfReport {
  const alerts = computeAlerts(c);
  const insights = computeInsights(c, o.insightSettings);
  const metrics: MetricCollection[] = o.includePoints === true ? [...c.metrics] : c.metrics.map((m) => ({ ...m, entities: m.entities.map(({ points: _p, ...e }) => e) }));
  return {
    schema: OVS_PERF_REPORT_SCHEMA,
    generatedAt: (o.now?.() ?? new Date()).toISOString(),
    source: { url: o.url },
    ...c,
    metrics,
    status: overallStatus(alerts, insights, c.metrics.filter((m) => m.status === "ok").length),
    summary: {
      critical: alerts.filter((a) => a.severity === "critical").length,
      warning: alerts.filter((a) => a.severity === "warning").length,
      info: alerts.filter((a) => a.severity === "info").length,
      concerns: insights.filter((i) => i.severity === "concern").length,
      metrics: c.metrics.length,
      failedMetrics: c.metrics.filter((m) => m.status === "error").length,
      skippedMetrics: c.metrics.filter((m) => m.status === "skipped").length,
    },
    alerts,
    insights,
  };
}

/**
 * Reads a report back from JSON, checking the schema identifier.
 *
 * @throws {@link OvsPerfReportError} when the text is not JSON or not an ovs-perf v1 report.
 * @example
 * ```ts
 * import { readFileSync } from "node:fs";
 * import { parseReport } from "ovskit";
 * const r = parseReport(readFileSync("before.json", "utf8"));
 * ```
 */
export function parseReport(text: string): OvsPerfReport {
  let v: Partial<OvsPerfReport> | null;
  try {
    v = JSON.parse(text) as Partial<OvsPerfReport> | null;
  } catch (e) {
    throw new OvsPerfReportError(`not an ovs-perf report: not JSON (${(e as Error).message})`);
  }
  if (v === null || typeof v !== "object" || v.schema !== OVS_PERF_REPORT_SCHEMA || !Array.isArray(v.metrics)) {
    throw new OvsPerfReportError(`not an ovs-perf report (expected "schema": "${OVS_PERF_REPORT_SCHEMA}")`);
  }
  return v as OvsPerfReport;
}
