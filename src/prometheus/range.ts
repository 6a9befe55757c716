/**
 * Range query planning: Prometheus refuses ranges of more than 11,000 points per series
 * (`exceeded maximum resolution of 11,000 points per timeseries`), so long ranges are split into
 * chunks on the same step grid and the answers merged back.
 *
 * @module
 */
import type { Labels, MatrixSeries, Sample } from "./types.js";

/**
 * Prometheus's hard limit of points per series in a range query.
 *
 * @example
 * ```ts
 * import { MAX_POINTS_PER_SERIES } from "ovskit";
 * console.log(MAX_POINTS_PER_SERIES); // 11000
 * ```
 */
export const MAX_POINTS_PER_SERIES = 11_000;

/** One sub-range, in unix seconds (inclusive ends, on the step grid of the whole range). */
export interface RangeChunk {
  readonly start: number;
  readonly end: number;
}

/**
 * Number of points Prometheus evaluates for `[start, end]` at `stepSeconds`.
 *
 * @example
 * ```ts
 * import { rangePoints } from "ovskit";
 * rangePoints(0, 3600, 15); // 241
 * ```
 */
export function rangePoints(start: number, end: number, stepSeconds: number): number {
  return end < start ? 0 : Math.floor((end - start) / stepSeconds + 1e-9) + 1;
}

/**
 * Splits `[start, end]` (unix seconds) into chunks of at most `maxPoints` points each, all on
 * the step grid `start + k * step`, without overlap or gap.
 *
 * @example
 * ```ts
 * import { splitRange } from "ovskit";
 * splitRange(0, 86400 * 2, 15).length; // 2 (11,521 points)
 * ```
 */
export function splitRange(start: number, end: number, stepSeconds: number, maxPoints = MAX_POINTS_PER_SERIES): RangeChunk[] {
  if (!(stepSeconds > 0)) throw new RangeError(`step must be positive, got ${stepSeconds}`);
  if (!(maxPoints >= 1)) throw new RangeError(`maxPoints must be at least 1, got ${maxPoints}`);
  const total = rangePoints(start, end, stepSeconds);
  const chunks: RangeChunk[] = [];
  for (let first = 0; first < total; first += maxPoints) {
    const last = Math.min(total - 1, first + maxPoints - 1);
    chunks.push({ start: roundTime(start + first * stepSeconds), end: roundTime(start + last * stepSeconds) });
  }
  return chunks;
}

/** Keeps times at millisecond precision (what Prometheus uses), avoiding float drift. */
function roundTime(t: number): number {
  return Math.round(t * 1000) / 1000;
}

/**
 * A stable key for a label set (label order does not matter).
 *
 * @example
 * ```ts
 * import { labelsKey } from "ovskit";
 * labelsKey({ b: "2", a: "1" }) === labelsKey({ a: "1", b: "2" }); // true
 * ```
 */
export function labelsKey(labels: Labels): string {
  return JSON.stringify(Object.keys(labels).sort().map((k) => [k, labels[k]]));
}

/**
 * Merges the matrices of consecutive chunks: series with equal labels are joined, samples kept
 * in time order with duplicates (same timestamp) dropped. Series order follows first appearance.
 *
 * @example
 * ```ts
 * import { mergeMatrices } from "ovskit";
 * const m = mergeMatrices([[{ metric: { a: "1" }, samples: [{ time: 0, value: 1 }] }],
 *                          [{ metric: { a: "1" }, samples: [{ time: 15, value: 2 }] }]]);
 * console.log(m[0]!.samples.length); // 2
 * ```
 */
export function mergeMatrices(parts: ReadonlyArray<readonly MatrixSeries[]>): MatrixSeries[] {
  const byKey = new Map<string, { metric: Labels; samples: Sample[] }>();
  for (const part of parts) {
    for (const s of part) {
      const key = labelsKey(s.metric);
      let entry = byKey.get(key);
      if (entry === undefined) {
        entry = { metric: s.metric, samples: [] };
        byKey.set(key, entry);
      }
      for (const p of s.samples) entry.samples.push(p);
    }
  }
  return [...byKey.values()].map(({ metric, samples }) => {
    samples.sort((a, b) => a.time - b.time);
    const dedup = samples.filter((p, i) => i === 0 || p.time !== samples[i - 1]!.time);
    return { metric, samples: dedup };
  });
}
