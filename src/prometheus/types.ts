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

/** Go `strconv.FormatFloat(v, 'f', -1, 64)`: what Prometheus writes for 1e-6 <= |v| < 1e21 (and 0). */
const DECIMAL = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?$/;
/** Go's `'e'` / `'g'` forms: one mantissa digit, a signed exponent of at least two digits. */
const EXPONENT = /^-?[0-9](?:\.[0-9]+)?e[+-][0-9]{2,}$/;

/**
 * Parses a Prometheus sample value into a number. Accepted is exactly what Prometheus (and the
 * servers that share its API code) writes: Go's `strconv.FormatFloat` output in the `'f'` form
 * (`"1.5"`, `"-0"`, `"1000000"`) or the `'e'` / `'g'` form (`"1e-07"`, `"1.5e+21"`, `"1e+00"`),
 * and `"NaN"`, `"+Inf"`, `"-Inf"`. Anything else (`"0x10"`, `"1e400"` which overflows, `"Inf"`,
 * `" 1"`, `"1_000"`, `"+1"`, `".5"`) gives `undefined`.
 *
 * @example
 * ```ts
 * import { parseSampleValue } from "ovskit";
 * parseSampleValue("+Inf");  // Infinity
 * parseSampleValue("NaN");   // NaN
 * parseSampleValue("1e-07"); // 1e-7
 * parseSampleValue("0x10");  // undefined
 * ```
 */
export function parseSampleValue(text: string): number | undefined {
  switch (text) {
    case "NaN":
      return Number.NaN;
    case "+Inf":
      return Number.POSITIVE_INFINITY;
    case "-Inf":
      return Number.NEGATIVE_INFINITY;
  }
  if (text.length > 400 || !(DECIMAL.test(text) || EXPONENT.test(text))) return undefined;
  const n = Number(text);
  return Number.isFinite(n) ? n : undefined;
}
