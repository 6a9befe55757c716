/**
 * Threshold alerts over collected OVS metrics.
 *
 * @module
 */
import type { Labels } from "../prometheus/index.js";
import type { Statistic } from "./config.js";
import type { Collection } from "./collect.js";
import { type MetricUnit, formatMetricValue } from "./units.js";

/** Alert severities, most severe first. */
export type AlertSeverity = "critical" | "warning" | "info";

/** One alert: what, where, how much, against which threshold, and what to do. */
export interface Alert {
  readonly severity: AlertSeverity;
  readonly metric: string;
  readonly title: string;
  /** Entity name (node, node/bridge, or pod when unmapped); `null` for metric-wide alerts. */
  readonly entity: string | null;
  readonly node: string | null;
  /** The compared value (in `unit`), or `null` for alerts about collection itself. */
  readonly value: number | null;
  readonly unit: MetricUnit;
  /** Which statistic was compared (`p95`, `last`...). */
  readonly statistic: Statistic | null;
  /** The threshold that was crossed, or `null`. */
  readonly threshold: number | null;
  /** Labels of the source series. */
  readonly series: Labels | null;
  /** The PromQL run. */
  readonly query: string;
  readonly message: string;
  readonly recommendation: string;
}

const RANK: Readonly<Record<AlertSeverity, number>> = { critical: 0, warning: 1, info: 2 };

/**
 * Alerts for every entity whose configured statistic reaches a threshold (`>=` critical gives
 * critical, else `>=` warning gives warning; `<=` for metrics with direction `below`; each level
 * is checked on its own, so a metric with both thresholds can fire either), plus info alerts for
 * metrics that failed or returned no data. When the connection check failed there is one info
 * alert for it instead of one per metric: Prometheus unreachable (every metric skipped), or no
 * OVS metrics at all (the OVS metrics that came back empty are not listed one by one).
 * Sorted by severity, then by how far past the threshold.
 *
 * @example
 * ```ts
 * import { computeAlerts } from "ovskit";
 * declare const collection: import("ovskit").Collection;
 * for (const a of computeAlerts(collection)) console.log(a.severity, a.entity, a.message);
 * ```
 */
export function computeAlerts(c: Collection): Alert[] {
  const out: Array<Alert & { ratio: number }> = [];
  const conn = c.connection;
  if (conn !== undefined && conn.status !== "ok") {
    const recommendation =
      conn.status === "unreachable"
        ? "Check the Prometheus / Thanos URL (--url, PROMETHEUS_URL), the token, TLS settings and the network path; then run again."
        : "Check that ovnkube-node exports the OVS metrics and that Prometheus scrapes them (the ovnkube-node metrics service and its ServiceMonitor), and that the time asked is inside the retention.";
    out.push({
      severity: "info",
      metric: "connection",
      title: conn.status === "unreachable" ? "Prometheus unreachable" : "no OVS metrics",
      entity: null,
      node: null,
      value: null,
      unit: "count",
      statistic: null,
      threshold: null,
      series: null,
      query: "",
      message: conn.message,
      recommendation,
      ratio: 0,
    });
  }
  const foldedIntoConnection = (query: string) => conn?.status === "no-ovs-metrics" && /\bovs_/.test(query);
  for (const m of c.metrics) {
    if (m.status === "skipped") continue;
    const common = { metric: m.id, title: m.title, unit: m.unit, query: m.query, recommendation: m.recommendation };
    const notCollected = (message: string, recommendation: string) =>
      out.push({ ...common, severity: "info", entity: null, node: null, value: null, statistic: null, threshold: null, series: null, message, recommendation, ratio: 0 });
    if (m.status === "error") {
      notCollected(
        `${m.title}: not collected (${m.error?.message ?? "unknown error"})`,
        "Check the query, the Prometheus / Thanos URL, permissions and that the exporter for this metric is scraped.",
      );
      continue;
    }
    if (m.status === "empty") {
      if (foldedIntoConnection(m.query)) continue;
      notCollected(`${m.title}: no data (no series matched)`, "Check that this metric is exported by this OVS version and scraped (query it in the Prometheus UI).");
      continue;
    }
    const { warning, critical } = m.thresholds;
    const below = m.direction === "below";
    const reaches = (v: number, t: number | undefined): t is number => t !== undefined && (below ? v <= t : v >= t);
    for (const e of m.entities) {
      const v = e[m.statistic];
      let severity: AlertSeverity | undefined;
      let threshold: number | undefined;
      if (reaches(v, critical)) [severity, threshold] = ["critical", critical];
      else if (reaches(v, warning)) [severity, threshold] = ["warning", warning];
      if (severity === undefined || threshold === undefined) continue;
      out.push({
        ...common,
        severity,
        entity: e.entity,
        node: e.node,
        value: v,
        statistic: m.statistic,
        threshold,
        series: e.labels,
        message: `${m.title} on ${e.entity}: ${m.statistic} ${formatMetricValue(v, m.unit)} ${below ? "<=" : ">="} ${severity} threshold ${formatMetricValue(threshold, m.unit)}`,
        ratio: below ? (v === 0 ? Number.MAX_VALUE : threshold / v) : threshold === 0 ? Number.MAX_VALUE : v / threshold,
      });
    }
  }
  out.sort((a, b) => RANK[a.severity] - RANK[b.severity] || b.ratio - a.ratio || a.metric.localeCompare(b.metric));
  return out.map(({ ratio: _ratio, ...a }) => a);
}
