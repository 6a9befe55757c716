/**
 * Insights: patterns in the collected metrics that thresholds alone do not show, each with a
 * confidence between 0 and 1.
 *
 * @module
 */
import type { Collection, EntityStats, MetricCollection } from "./collect.js";
import { interfaceInsights, megaflowInsights, upcallInsights } from "./datapath-insights.js";
import { formatMetricValue } from "./units.js";

/** Kinds of {@link Insight}. */
export type InsightKind =
  | "cpu-variance"
  | "cpu-outlier"
  | "memory-growth"
  | "flow-ratio"
  | "connection-health"
  | "megaflow-cache"
  | "upcall-pressure"
  | "interface-errors";

/** One insight. `concern` asks for attention, `notice` is context. */
export interface Insight {
  readonly kind: InsightKind;
  readonly severity: "concern" | "notice";
  readonly metric: string;
  readonly entity: string | null;
  readonly node: string | null;
  readonly message: string;
  /** 0..1: how much the data supports the statement (sample count, fit quality). */
  readonly confidence: number;
  /** The numbers behind the message. */
  readonly data: Readonly<Record<string, number | string | null>>;
  /** What to look at next, when the insight asks for attention. */
  readonly recommendation?: string;
}

/** Tunables of the insight rules (defaults in {@link DEFAULT_INSIGHT_SETTINGS}). */
export interface InsightSettings {
  /** Coefficient of variation (stddev / avg) from which CPU is called bursty. */
  readonly cpuVariationRatio: number;
  /** CPU below this max (percent) is never called bursty or an outlier. */
  readonly cpuFloorPercent: number;
  /** An entity whose avg is this many times the median of its peers is an outlier. */
  readonly cpuOutlierFactor: number;
  /** Minimum r² of the memory fit. */
  readonly memoryMinR2: number;
  /** Minimum growth over the range, as a fraction of the starting value. */
  readonly memoryMinGrowth: number;
  /** dp flows / br-int flows from which the ratio is a concern. */
  readonly flowRatioHigh: number;
  /** Megaflow masks visited per packet from which the megaflow cache is a concern. */
  readonly masksPerPacketHigh: number;
  /** Megaflow cache hit ratio (percent) under which the cache is a concern. */
  readonly cacheHitLowPercent: number;
  /** Upcalls per second per handler thread from which upcall pressure is a concern. */
  readonly upcallsPerHandlerHigh: number;
}

/**
 * Defaults of {@link InsightSettings}.
 *
 * @example
 * ```ts
 * import { DEFAULT_INSIGHT_SETTINGS, computeInsights } from "ovskit";
 * declare const c: import("ovskit").Collection;
 * computeInsights(c, { ...DEFAULT_INSIGHT_SETTINGS, memoryMinR2: 0.9 });
 * ```
 */
export const DEFAULT_INSIGHT_SETTINGS: InsightSettings = {
  cpuVariationRatio: 0.5,
  cpuFloorPercent: 10,
  cpuOutlierFactor: 2,
  memoryMinR2: 0.6,
  memoryMinGrowth: 0.02,
  flowRatioHigh: 1,
  masksPerPacketHigh: 3,
  cacheHitLowPercent: 95,
  upcallsPerHandlerHigh: 1000,
};

const round = (x: number, digits = 2): number => Math.round(x * 10 ** digits) / 10 ** digits;
const sampleConfidence = (n: number, full: number): number => Math.min(1, n / full);

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

function cpuInsights(m: MetricCollection, s: InsightSettings): Insight[] {
  const out: Insight[] = [];
  for (const e of m.entities) {
    if (e.samples < 5 || e.avg <= 0 || e.max < s.cpuFloorPercent) continue;
    const cv = e.stddev / e.avg;
    if (cv < s.cpuVariationRatio) continue;
    out.push({
      kind: "cpu-variance",
      severity: "concern",
      metric: m.id,
      entity: e.entity,
      node: e.node,
      message: `${m.title} on ${e.entity} is bursty: avg ${formatMetricValue(e.avg, m.unit)}, max ${formatMetricValue(e.max, m.unit)}, stddev ${formatMetricValue(e.stddev, m.unit)} (variation ${round(cv)})`,
      confidence: round(sampleConfidence(e.samples, 30)),
      data: { avg: e.avg, max: e.max, stddev: e.stddev, variation: round(cv, 3) },
    });
  }
  if (m.entities.length >= 3) {
    for (const e of m.entities) {
      const peers = m.entities.filter((x) => x !== e).map((x) => x.avg);
      const med = median(peers);
      if (e.avg < s.cpuFloorPercent || e.avg < s.cpuOutlierFactor * med) continue;
      out.push({
        kind: "cpu-outlier",
        severity: "concern",
        metric: m.id,
        entity: e.entity,
        node: e.node,
        message: `${m.title} on ${e.entity} averages ${formatMetricValue(e.avg, m.unit)}, ${med > 0 ? `${round(e.avg / med, 1)}x` : "far above"} the median of the other ${peers.length} (${formatMetricValue(med, m.unit)})`,
        confidence: round(sampleConfidence(m.entities.length, 6) * sampleConfidence(e.samples, 10)),
        data: { avg: e.avg, peerMedian: med },
      });
    }
  }
  return out;
}

function memoryInsights(m: MetricCollection, s: InsightSettings): Insight[] {
  const out: Insight[] = [];
  for (const e of m.entities) {
    const t = e.trend;
    if (t === undefined || t.slopePerSecond <= 0 || t.r2 < s.memoryMinR2) continue;
    const startValue = t.fittedLast - t.slopePerSecond * t.spanSeconds;
    if (startValue <= 0 || (t.fittedLast - startValue) / startValue < s.memoryMinGrowth) continue;
    const perHour = t.slopePerSecond * 3600;
    const hoursTo = (threshold: number | undefined): number | null =>
      threshold === undefined ? null : e.last >= threshold ? 0 : round((threshold - e.last) / perHour, 2);
    const toWarning = hoursTo(m.thresholds.warning);
    const toCritical = hoursTo(m.thresholds.critical);
    const projection =
      toCritical === null && toWarning === null
        ? ""
        : `; at this rate it reaches ${toWarning !== null && toWarning > 0 ? `the warning threshold in ${toWarning} h and ` : ""}the critical threshold in ${toCritical ?? "?"} h`;
    out.push({
      kind: "memory-growth",
      severity: "concern",
      metric: m.id,
      entity: e.entity,
      node: e.node,
      message: `${m.title} on ${e.entity} grows steadily by ${formatMetricValue(perHour, "bytes")}/h (r² ${round(t.r2)}, now ${formatMetricValue(e.last, m.unit)})${projection}`,
      confidence: round(t.r2 * sampleConfidence(e.samples, 20)),
      data: { slopeBytesPerHour: round(perHour, 0), r2: round(t.r2, 4), last: e.last, hoursToWarning: toWarning, hoursToCritical: toCritical },
    });
  }
  return out;
}

function flowRatioInsights(c: Collection, s: InsightSettings): Insight[] {
  const dp = c.metrics.find((m) => m.category === "dp_flows" && m.status === "ok");
  const br = c.metrics.find((m) => m.category === "bridge_flows" && m.status === "ok" && m.entities.some((e) => e.labels.bridge === "br-int"));
  if (dp === undefined || br === undefined) return [];
  const brByNode = new Map<string, EntityStats>();
  for (const e of br.entities) if (e.node !== null && e.labels.bridge === "br-int") brByNode.set(e.node, e);
  const out: Insight[] = [];
  const ratios: number[] = [];
  for (const e of dp.entities) {
    const b = e.node === null ? undefined : brByNode.get(e.node);
    if (b === undefined || b.last <= 0) continue;
    const ratio = e.last / b.last;
    ratios.push(ratio);
    if (ratio < s.flowRatioHigh) continue;
    out.push({
      kind: "flow-ratio",
      severity: "concern",
      metric: dp.id,
      entity: e.entity,
      node: e.node,
      message: `datapath flows on ${e.entity} (${e.last}) reach ${round(ratio)}x the br-int OpenFlow flows (${b.last}): high-entropy traffic makes many megaflows (upcall and revalidator load)`,
      confidence: c.mode === "range" ? 0.9 : 0.6,
      data: { dpFlows: e.last, brIntFlows: b.last, ratio: round(ratio, 4) },
    });
  }
  if (ratios.length > 0) {
    out.push({
      kind: "flow-ratio",
      severity: "notice",
      metric: dp.id,
      entity: null,
      node: null,
      message: `datapath / br-int flow ratio over ${ratios.length} node(s): min ${round(Math.min(...ratios), 3)}, max ${round(Math.max(...ratios), 3)}`,
      confidence: c.mode === "range" ? 0.9 : 0.6,
      data: { nodes: ratios.length, min: round(Math.min(...ratios), 4), max: round(Math.max(...ratios), 4) },
    });
  }
  return out;
}

function connectionInsights(m: MetricCollection, mode: Collection["mode"]): Insight[] {
  const out: Insight[] = [];
  for (const e of m.entities) {
    if (e.max <= 0) continue;
    const slope = e.trend?.slopePerSecond ?? 0;
    const state = e.last > 0 ? (mode === "range" && slope > 0 ? "rising" : "ongoing") : "recovered";
    out.push({
      kind: "connection-health",
      severity: state === "recovered" ? "notice" : "concern",
      metric: m.id,
      entity: e.entity,
      node: e.node,
      message: `${m.title} on ${e.entity}: ${state} (last ${formatMetricValue(e.last, m.unit)} per window, max ${formatMetricValue(e.max, m.unit)})`,
      confidence: round(mode === "range" ? sampleConfidence(e.samples, 20) : 0.5),
      data: { state, last: e.last, max: e.max, slopePerHour: round(slope * 3600, 3) },
    });
  }
  return out;
}

/**
 * Derives insights: CPU variance and outliers, memory growth as a fitted slope with the
 * projected time to the thresholds, the datapath / br-int flow ratio per node, connection
 * health (overflows, discards, reconnects) as rising / ongoing / recovered, megaflow cache
 * efficiency (hit ratio, masks per packet), upcall pressure (upcalls per handler thread, lost
 * upcalls, flow limit) and interface drops / errors per node and interface.
 *
 * @example
 * ```ts
 * import { computeInsights } from "ovskit";
 * declare const collection: import("ovskit").Collection;
 * for (const i of computeInsights(collection)) console.log(i.kind, i.confidence, i.message);
 * ```
 */
export function computeInsights(c: Collection, settings: Partial<InsightSettings> = {}): Insight[] {
  const s = { ...DEFAULT_INSIGHT_SETTINGS, ...settings };
  const out: Insight[] = [];
  for (const m of c.metrics) {
    if (m.status !== "ok") continue;
    if (m.category === "cpu") out.push(...cpuInsights(m, s));
    else if (m.category === "memory") out.push(...memoryInsights(m, s));
    else if (m.category === "connections") out.push(...connectionInsights(m, c.mode));
  }
  out.push(...flowRatioInsights(c, s));
  out.push(...megaflowInsights(c, s), ...upcallInsights(c, s), ...interfaceInsights(c));
  return out;
}
