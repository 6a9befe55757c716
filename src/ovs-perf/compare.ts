/**
 * Before / after comparison of two ovs-perf reports.
 *
 * @module
 */
import type { Statistic } from "./config.js";
import type { OvsPerfReport } from "./report.js";
import type { MetricUnit } from "./units.js";

/** One metric of one entity in both reports. */
export interface ComparisonRow {
  readonly metric: string;
  readonly title: string;
  readonly entity: string;
  readonly unit: MetricUnit;
  readonly statistic: Statistic;
  /** Value in the first report, `null` when the entity is missing there. */
  readonly before: number | null;
  readonly after: number | null;
  /** (after − before) / |before| × 100; `null` when not computable (missing, or before is 0 and after is not). */
  readonly changePercent: number | null;
  /** True when the value got worse by more than the threshold: grew (fell, for metrics with direction `below`, such as a hit ratio). */
  readonly regression: boolean;
}

/** Result of {@link compareReports}. */
export interface ReportComparison {
  readonly thresholdPercent: number;
  readonly statusBefore: OvsPerfReport["status"];
  readonly statusAfter: OvsPerfReport["status"];
  readonly rows: readonly ComparisonRow[];
  readonly regressions: readonly ComparisonRow[];
  readonly improvements: readonly ComparisonRow[];
}

/**
 * Compares each metric's statistic per entity between two reports (`before`, `after`): percent
 * change, and regressions where it got worse by more than `thresholdPercent` (default 10): grew,
 * or fell for metrics with direction `below`. A value going from 0 to something positive is a
 * regression (of an `above` metric) with `changePercent: null`.
 *
 * @example
 * ```ts
 * import { compareReports } from "ovskit";
 * declare const before: import("ovskit").OvsPerfReport, after: import("ovskit").OvsPerfReport;
 * const cmp = compareReports(before, after, { thresholdPercent: 20 });
 * for (const r of cmp.regressions) console.log(r.metric, r.entity, r.changePercent);
 * ```
 */
export function compareReports(before: OvsPerfReport, after: OvsPerfReport, o: { readonly thresholdPercent?: number; readonly statistic?: Statistic } = {}): ReportComparison {
  const threshold = o.thresholdPercent ?? 10;
  const rows: ComparisonRow[] = [];
  for (const ma of after.metrics) {
    const mb = before.metrics.find((m) => m.id === ma.id);
    const stat = o.statistic ?? ma.statistic;
    const below = ma.direction === "below";
    const entities = new Set([...(mb?.entities ?? []).map((e) => e.entity), ...ma.entities.map((e) => e.entity)]);
    for (const entity of [...entities].sort()) {
      const b = mb?.entities.find((e) => e.entity === entity)?.[stat] ?? null;
      const a = ma.entities.find((e) => e.entity === entity)?.[stat] ?? null;
      let changePercent: number | null = null;
      let regression = false;
      if (a !== null && b !== null) {
        if (b !== 0) changePercent = Math.round(((a - b) / Math.abs(b)) * 100 * 100) / 100;
        else if (a === 0) changePercent = 0;
        regression = changePercent === null ? !below && a > 0 : below ? changePercent < -threshold : changePercent > threshold;
      }
      rows.push({ metric: ma.id, title: ma.title, entity, unit: ma.unit, statistic: stat, before: b, after: a, changePercent, regression });
    }
  }
  return {
    thresholdPercent: threshold,
    statusBefore: before.status,
    statusAfter: after.status,
    rows,
    regressions: rows.filter((r) => r.regression),
    improvements: rows.filter((r) => {
      if (r.changePercent === null) return false;
      const below = after.metrics.find((m) => m.id === r.metric)?.direction === "below";
      return below ? r.changePercent > threshold : r.changePercent < -threshold;
    }),
  };
}
