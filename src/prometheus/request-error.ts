/**
 * {@link PrometheusRequestError}: client options or call arguments that cannot make a valid
 * request. Nothing is sent.
 *
 * @module
 */
import { OvskitError, hasBrand, setBrand } from "../core/ovskit-error.js";

const REQUEST_BRAND = Symbol.for("ovskit.PrometheusRequestError");

/** What is wrong. */
export type PrometheusRequestErrorCode =
  /** The client's `url` (not an http(s) URL, a query string or fragment, credentials given twice). */
  | "bad-url"
  /** A client option (a bound that is not a positive integer, TLS options without a TLS fetch...). */
  | "bad-option"
  /** A time that is not finite or not understood. */
  | "bad-time"
  /** A range that ends before it starts, or a step that is not positive. */
  | "bad-range"
  /** Another argument (no `match[]` selector, an empty label name...). */
  | "bad-argument";

/**
 * Options or arguments that cannot make a valid request (the URL, a bound, a time, a range, an
 * argument). Thrown before anything is sent; `argument` names the option or argument.
 *
 * @example
 * ```ts
 * import { PrometheusClient, isPrometheusRequestError } from "ovskit";
 * const prom = new PrometheusClient({ url: "http://localhost:9090" });
 * try {
 *   await prom.queryRange("up", { start: 0, end: Infinity, step: 60 });
 * } catch (e) {
 *   if (isPrometheusRequestError(e)) console.log(e.code, e.argument); // bad-time end
 * }
 * ```
 */
export class PrometheusRequestError extends OvskitError {
  declare readonly code: PrometheusRequestErrorCode;
  /** The option or argument at fault (`url`, `end`, `step`, `maxRangePoints`...). */
  readonly argument: string;

  constructor(code: PrometheusRequestErrorCode, argument: string, message: string) {
    super(code, `PrometheusClient ${argument}: ${message}`);
    this.name = "PrometheusRequestError";
    this.argument = argument;
    setBrand(this, REQUEST_BRAND);
  }
}

/**
 * True when `e` is a {@link PrometheusRequestError} (also across realms).
 *
 * @example
 * ```ts
 * import { isPrometheusRequestError } from "ovskit";
 * isPrometheusRequestError(new Error("x")); // false
 * ```
 */
export function isPrometheusRequestError(e: unknown): e is PrometheusRequestError {
  return hasBrand(e, REQUEST_BRAND);
}
