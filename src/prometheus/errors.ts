/**
 * The Prometheus client's error families, one guard for all of them.
 *
 * @module
 */
import { type PrometheusHttpError, isPrometheusHttpError } from "./http-error.js";
import { type PrometheusLimitError, isPrometheusLimitError } from "./limit-error.js";
import { type PrometheusQueryError, isPrometheusQueryError } from "./query-error.js";
import { type PrometheusRedirectError, isPrometheusRedirectError } from "./redirect-error.js";
import { type PrometheusRequestError, isPrometheusRequestError } from "./request-error.js";
import { type PrometheusTimeoutError, isPrometheusTimeoutError } from "./timeout-error.js";

/** Any error the Prometheus client throws. */
export type PrometheusError = PrometheusHttpError | PrometheusQueryError | PrometheusTimeoutError | PrometheusLimitError | PrometheusRedirectError | PrometheusRequestError;

/**
 * True when `e` is any of the Prometheus client's errors (HTTP, query, timeout, limit, redirect,
 * request).
 *
 * @example
 * ```ts
 * import { isPrometheusError } from "ovskit";
 * isPrometheusError(new Error("x")); // false
 * ```
 */
export function isPrometheusError(e: unknown): e is PrometheusError {
  return isPrometheusHttpError(e) || isPrometheusQueryError(e) || isPrometheusTimeoutError(e) || isPrometheusLimitError(e) || isPrometheusRedirectError(e) || isPrometheusRequestError(e);
}
