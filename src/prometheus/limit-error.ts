/**
 * {@link PrometheusLimitError}: a call refused (before any request) or stopped (while reading)
 * because it would exceed one of the client's bounds.
 *
 * @module
 */
import { OvskitError, hasBrand, setBrand } from "../core/ovskit-error.js";

const LIMIT_BRAND = Symbol.for("ovskit.PrometheusLimitError");

/** Which bound was hit. */
export type PrometheusLimitCode =
  /** A range query would evaluate more points per series than `maxRangePoints`. */
  | "too-many-points"
  /** A range query would be split into more requests than `maxRangeRequests`. */
  | "too-many-requests"
  /** The answer (all answers of one call together) is larger than `maxResponseBytes`. */
  | "body-too-large";

/** The client option that sets each bound. */
export type PrometheusLimitOption = "maxRangePoints" | "maxRangeRequests" | "maxResponseBytes";

/** Fields of a {@link PrometheusLimitError}. */
export interface PrometheusLimitErrorInit {
  readonly code: PrometheusLimitCode;
  readonly path: string;
  readonly option: PrometheusLimitOption;
  readonly limit: number;
  /** What the call needed, when known (points, requests, bytes announced by Content-Length). */
  readonly actual?: number;
  /** What to do instead (`use a step of at least 30s`). */
  readonly hint?: string;
}

const n = (x: number): string => x.toLocaleString("en-US");

/**
 * A call refused or stopped by one of the client's bounds (`maxRangePoints`, `maxRangeRequests`,
 * `maxResponseBytes`). Refused range queries send no request at all; a body over the size bound
 * is not read any further.
 *
 * @example
 * ```ts
 * import { PrometheusClient, isPrometheusLimitError } from "ovskit";
 * const prom = new PrometheusClient({ url: "http://localhost:9090" });
 * try {
 *   await prom.queryRange("up", { start: 0, end: 365 * 86400, step: "1s" });
 * } catch (e) {
 *   if (isPrometheusLimitError(e)) console.log(e.code, e.option, e.limit); // too-many-points maxRangePoints 1100000
 * }
 * ```
 */
export class PrometheusLimitError extends OvskitError {
  declare readonly code: PrometheusLimitCode;
  /** API path of the call. */
  readonly path: string;
  /** The client option that sets the bound. */
  readonly option: PrometheusLimitOption;
  /** The bound. */
  readonly limit: number;
  /** What the call needed, when known. */
  readonly actual?: number;

  constructor(init: PrometheusLimitErrorInit) {
    const what =
      init.code === "too-many-points"
        ? `${init.actual === undefined ? "more than" : n(init.actual)} points per series, more than ${init.option} (${n(init.limit)})`
        : init.code === "too-many-requests"
          ? `the range needs ${init.actual === undefined ? "more" : n(init.actual)} requests, more than ${init.option} (${n(init.limit)})`
          : `the answer is larger than ${init.option} (${n(init.limit)} bytes${init.actual === undefined ? "" : `; it announced ${n(init.actual)}`}); it was not read further`;
    super(init.code, `Prometheus ${init.path}: ${what}${init.hint === undefined ? "" : `; ${init.hint}`}`);
    this.name = "PrometheusLimitError";
    this.path = init.path;
    this.option = init.option;
    this.limit = init.limit;
    if (init.actual !== undefined) this.actual = init.actual;
    setBrand(this, LIMIT_BRAND);
  }
}

/**
 * True when `e` is a {@link PrometheusLimitError} (also across realms).
 *
 * @example
 * ```ts
 * import { isPrometheusLimitError } from "ovskit";
 * isPrometheusLimitError(new Error("x")); // false
 * ```
 */
export function isPrometheusLimitError(e: unknown): e is PrometheusLimitError {
  return hasBrand(e, LIMIT_BRAND);
}
