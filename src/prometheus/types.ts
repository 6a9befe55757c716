/**
 * Typed results of the Prometheus HTTP API (`/api/v1/query`, `/api/v1/query_range`...).
 *
 * @module
 */

/** A series' label set (`__name__` included when Prometheus returns it). */
export type Labels = Readonly<Record<string, string>>;

/** One sample: unix time in **seconds** (fractional) and the value (`NaN`, `±Infinity` kept). */
export interface Sample {
  readonly time: number;
  readonly value: number;
}

/** One series of an instant vector. */
export interface VectorSeries {
  readonly metric: Labels;
  readonly sample: Sample;
}

/** One series of a range matrix, samples in time order. */
export interface MatrixSeries {
  readonly metric: Labels;
  readonly samples: readonly Sample[];
}

/** `resultType: "vector"`. */
export interface VectorResult {
  readonly resultType: "vector";
  readonly result: readonly VectorSeries[];
}

/** `resultType: "matrix"`. */
export interface MatrixResult {
  readonly resultType: "matrix";
  readonly result: readonly MatrixSeries[];
}

/** `resultType: "scalar"`. */
export interface ScalarResult {
  readonly resultType: "scalar";
  readonly result: Sample;
}

/** `resultType: "string"`. */
export interface StringResult {
  readonly resultType: "string";
  readonly result: { readonly time: number; readonly value: string };
}

/** What a PromQL query returns, discriminated by `resultType`. */
export type QueryData = VectorResult | MatrixResult | ScalarResult | StringResult;

/** Every API answer: the data plus Prometheus's `warnings` and `infos` (never dropped). */
export interface ApiResult<T> {
  readonly data: T;
  readonly warnings: readonly string[];
  readonly infos: readonly string[];
}

/** Answer of {@link PrometheusClient.query} / {@link PrometheusClient.queryRange}. */
export type QueryResult<T extends QueryData = QueryData> = ApiResult<T>;

/** One entry of `/api/v1/metadata`. */
export interface MetricMetadata {
  readonly type: string;
  readonly help: string;
  readonly unit: string;
}

/**
 * Parses a Prometheus sample value (`"1.5"`, `"NaN"`, `"+Inf"`, `"-Inf"`, `"1e+06"`) into a
 * number. Returns `undefined` for anything else.
 *
 * @example
 * ```ts
 * import { parseSampleValue } from "ovskit";
 * parseSampleValue("+Inf"); // Infinity
 * parseSampleValue("NaN");  // NaN
 * ```
 */
export function parseSampleValue(text: string): number | undefined {
  switch (text) {
    case "NaN":
      return Number.NaN;
    case "+Inf":
    case "Inf":
      return Number.POSITIVE_INFINITY;
    case "-Inf":
      return Number.NEGATIVE_INFINITY;
  }
  if (text.trim() === "" || text !== text.trim()) return undefined;
  const n = Number(text);
  return Number.isNaN(n) ? undefined : n;
}
