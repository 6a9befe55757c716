/**
 * Statistics over a series: min / avg / max / p95 / last, standard deviation, and a least-squares
 * linear fit (slope and r²) for trends.
 *
 * @module
 */
import type { Sample } from "../prometheus/index.js";

/** Summary of the finite samples of one series. */
export interface SeriesSummary {
  readonly min: number;
  readonly avg: number;
  readonly max: number;
  /** 95th percentile, nearest-rank method. */
  readonly p95: number;
  /** Value of the latest sample. */
  readonly last: number;
  readonly stddev: number;
  /** Number of finite samples used. */
  readonly samples: number;
  /** Samples left out because they were NaN or ±Inf. */
  readonly nonFinite: number;
}

/**
 * Summarizes samples (in time order); NaN and ±Inf are counted, not used. `undefined` when no
 * finite sample is left.
 *
 * @example
 * ```ts
 * import { summarize } from "ovskit";
 * summarize([{ time: 0, value: 1 }, { time: 1, value: 3 }])?.avg; // 2
 * ```
 */
export function summarize(samples: readonly Sample[]): SeriesSummary | undefined {
  const values: number[] = [];
  let last: number | undefined;
  for (const s of samples) {
    if (Number.isFinite(s.value)) {
      values.push(s.value);
      last = s.value;
    }
  }
  if (values.length === 0 || last === undefined) return undefined;
  let sum = 0;
  for (const v of values) sum += v;
  const avg = sum / values.length;
  let sq = 0;
  for (const v of values) sq += (v - avg) ** 2;
  const sorted = [...values].sort((a, b) => a - b);
  return {
    min: sorted[0]!,
    avg,
    max: sorted[sorted.length - 1]!,
    p95: sorted[Math.max(0, Math.ceil(0.95 * sorted.length) - 1)]!,
    last,
    stddev: Math.sqrt(sq / values.length),
    samples: values.length,
    nonFinite: samples.length - values.length,
  };
}

/** A least-squares line `value = intercept + slope * (time - t0)`. */
export interface LinearFit {
  /** Change per second. */
  readonly slope: number;
  /** Fitted value at the last sample time. */
  readonly fittedLast: number;
  /** Coefficient of determination, 0..1 (1 when all points are on the line). */
  readonly r2: number;
  /** Seconds between first and last sample. */
  readonly span: number;
  readonly samples: number;
}

/**
 * Fits a line through the finite samples. `undefined` with fewer than 3 samples or no time span.
 *
 * @example
 * ```ts
 * import { linearFit } from "ovskit";
 * linearFit([{ time: 0, value: 0 }, { time: 10, value: 5 }, { time: 20, value: 10 }])?.slope; // 0.5
 * ```
 */
export function linearFit(samples: readonly Sample[]): LinearFit | undefined {
  const pts = samples.filter((s) => Number.isFinite(s.value));
  const n = pts.length;
  if (n < 3) return undefined;
  const t0 = pts[0]!.time;
  let sx = 0;
  let sy = 0;
  for (const p of pts) {
    sx += p.time - t0;
    sy += p.value;
  }
  const mx = sx / n;
  const my = sy / n;
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  for (const p of pts) {
    const dx = p.time - t0 - mx;
    const dy = p.value - my;
    sxx += dx * dx;
    sxy += dx * dy;
    syy += dy * dy;
  }
  if (sxx === 0) return undefined;
  const slope = sxy / sxx;
  const span = pts[n - 1]!.time - t0;
  const r2 = syy === 0 ? 1 : (sxy * sxy) / (sxx * syy);
  return { slope, fittedLast: my + slope * (span - mx), r2, span, samples: n };
}
