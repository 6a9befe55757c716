/**
 * Range query planning: Prometheus refuses ranges of more than 11,000 points per series
 * (`exceeded maximum resolution of 11,000 points per timeseries`), so long ranges are split into
 * chunks on the same step grid and the answers merged back.
 *
 * @module
 */
import { formatPrometheusDuration } from "../core/duration.js";
import { PrometheusLimitError } from "./limit-error.js";
import { PrometheusRequestError } from "./request-error.js";
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
 * the step grid `start + k * step`, without overlap or gap. Refuses (typed errors, nothing
 * allocated) non-finite times, a step that is not positive, and more than `maxChunks` chunks.
 *
 * @throws {@link PrometheusRequestError} for bad times or step; {@link PrometheusLimitError}
 *   `"too-many-requests"` beyond `maxChunks` (default 100,000).
 * @example
 * ```ts
 * import { splitRange } from "ovskit";
 * splitRange(0, 86400 * 2, 15).length; // 2 (11,521 points)
 * ```
 */
export function splitRange(start: number, end: number, stepSeconds: number, maxPoints = MAX_POINTS_PER_SERIES, maxChunks = 100_000): RangeChunk[] {
  checkRange(start, end, stepSeconds);
  if (!(Number.isSafeInteger(maxPoints) && maxPoints >= 1)) throw new PrometheusRequestError("bad-option", "maxPoints", `must be a positive integer, got ${maxPoints}`);
  const total = rangePoints(start, end, stepSeconds);
  const count = Math.ceil(total / maxPoints);
  if (count > maxChunks) throw new PrometheusLimitError({ code: "too-many-requests", path: "splitRange", option: "maxRangeRequests", limit: maxChunks, actual: count });
  const chunks: RangeChunk[] = [];
  for (let first = 0; first < total; first += maxPoints) {
    const last = Math.min(total - 1, first + maxPoints - 1);
    chunks.push({ start: roundTime(start + first * stepSeconds), end: roundTime(start + last * stepSeconds) });
  }
  return chunks;
}

function checkRange(start: number, end: number, stepSeconds: number): void {
  if (!Number.isFinite(start)) throw new PrometheusRequestError("bad-time", "start", `not a finite time: ${start}`);
  if (!Number.isFinite(end)) throw new PrometheusRequestError("bad-time", "end", `not a finite time: ${end}`);
  if (!(Number.isFinite(stepSeconds) && stepSeconds > 0)) throw new PrometheusRequestError("bad-range", "step", `must be a positive number of seconds, got ${stepSeconds}`);
  if (end < start) throw new PrometheusRequestError("bad-range", "end", `the range ends (${end}) before it starts (${start})`);
  if (!Number.isFinite(end - start)) throw new PrometheusRequestError("bad-range", "end", "the range is longer than any number of seconds");
}

/**
 * Default bound on the points per series of one range query (100 requests of 11,000 points: a
 * year at a 29 s step).
 *
 * @example
 * ```ts
 * import { DEFAULT_MAX_RANGE_POINTS } from "ovskit";
 * console.log(DEFAULT_MAX_RANGE_POINTS); // 1100000
 * ```
 */
export const DEFAULT_MAX_RANGE_POINTS = 1_100_000;

/**
 * Default bound on the requests one range query is split into.
 *
 * @example
 * ```ts
 * import { DEFAULT_MAX_RANGE_REQUESTS } from "ovskit";
 * console.log(DEFAULT_MAX_RANGE_REQUESTS); // 100
 * ```
 */
export const DEFAULT_MAX_RANGE_REQUESTS = 100;

/** The bounds the range planner applies. */
export interface RangeLimits {
  /** Points per request (Prometheus refuses more than 11,000). */
  readonly maxPointsPerSeries: number;
  /** Points per series of the whole range. */
  readonly maxRangePoints: number;
  /** Requests the range may be split into. */
  readonly maxRangeRequests: number;
}

/** The smallest step (a Prometheus duration, rounded up to whole seconds) that fits `points` points. */
function stepFor(start: number, end: number, points: number): string {
  const seconds = Math.max(1, Math.ceil((end - start) / Math.max(1, points - 1)));
  return Number.isSafeInteger(seconds * 1000) ? formatPrometheusDuration(seconds * 1000) : `${seconds}s`;
}

/**
 * Checks a range query against the bounds and splits it: finite times, a positive step, at most
 * `maxRangePoints` points per series and `maxRangeRequests` requests. Arithmetic only: nothing
 * is allocated for a refused range, and the error says which step would fit.
 *
 * @throws {@link PrometheusRequestError} (`"bad-time"`, `"bad-range"`),
 *   {@link PrometheusLimitError} (`"too-many-points"`, `"too-many-requests"`).
 * @example
 * ```ts
 * import { planRange } from "ovskit";
 * const limits = { maxPointsPerSeries: 11_000, maxRangePoints: 1_100_000, maxRangeRequests: 100 };
 * planRange(0, 2 * 86400, 15, limits).length; // 2
 * ```
 */
export function planRange(start: number, end: number, stepSeconds: number, limits: RangeLimits): RangeChunk[] {
  const path = "/api/v1/query_range";
  checkRange(start, end, stepSeconds);
  const points = rangePoints(start, end, stepSeconds);
  if (points > limits.maxRangePoints) {
    throw new PrometheusLimitError({ code: "too-many-points", path, option: "maxRangePoints", limit: limits.maxRangePoints, actual: points, hint: `use a step of at least ${stepFor(start, end, limits.maxRangePoints)}` });
  }
  const requests = Math.ceil(points / limits.maxPointsPerSeries);
  if (requests > limits.maxRangeRequests) {
    const fits = limits.maxRangeRequests * limits.maxPointsPerSeries;
    throw new PrometheusLimitError({ code: "too-many-requests", path, option: "maxRangeRequests", limit: limits.maxRangeRequests, actual: requests, hint: `use a step of at least ${stepFor(start, end, fits)}` });
  }
  return requests <= 1 ? [{ start, end }] : splitRange(start, end, stepSeconds, limits.maxPointsPerSeries, limits.maxRangeRequests);
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
