/**
 * {@link PrometheusQueryError}: Prometheus answered `{"status":"error"}`.
 *
 * @module
 */
import { OvskitError, hasBrand, setBrand } from "../core/ovskit-error.js";
import { createRedactor, excerpt } from "./secrets.js";

const QUERY_BRAND = Symbol.for("ovskit.PrometheusQueryError");

/** Longest `errorType`, `error` and warning kept (a hostile server may send megabytes). */
const TYPE_MAX = 64;
const ERROR_MAX = 2000;
const WARNING_MAX = 300;
const WARNINGS_MAX = 20;

/** Fields of a {@link PrometheusQueryError}. */
export interface PrometheusQueryErrorInit {
  readonly errorType: string;
  readonly error: string;
  readonly status: number;
  readonly path: string;
  readonly warnings?: readonly string[];
  /** Strings that must not appear in the error (token, password...): they are redacted. */
  readonly secrets?: readonly string[];
}

/**
 * Prometheus answered `{"status":"error"}`: `errorType` is `bad_data`, `execution`, `timeout`,
 * `canceled`, `unavailable`, `internal` or `not_found`; `error` is Prometheus's own message.
 * Both, and the warnings, are cut to a sane length and never carry a secret of the client.
 *
 * @example
 * ```ts
 * import { PrometheusClient, isPrometheusQueryError } from "ovskit";
 * try {
 *   await new PrometheusClient({ url: "http://localhost:9090" }).query("sum(");
 * } catch (e) {
 *   if (isPrometheusQueryError(e)) console.log(e.errorType, e.error); // bad_data, parse error...
 * }
 * ```
 */
export class PrometheusQueryError extends OvskitError {
  /** Prometheus `errorType`. */
  readonly errorType: string;
  /** Prometheus `error` message. */
  readonly error: string;
  /** HTTP status of the answer (400, 422, 503...). */
  readonly status: number;
  /** API path called. */
  readonly path: string;
  /** Warnings that came with the error (at most 20). */
  readonly warnings: readonly string[];

  constructor(init: PrometheusQueryErrorInit) {
    const redact = createRedactor(init.secrets ?? []);
    const errorType = excerpt(init.errorType, TYPE_MAX, redact);
    const error = excerpt(init.error, ERROR_MAX, redact);
    const path = redact(init.path);
    super(errorType, redact(`Prometheus ${path}: ${errorType}: ${error} (HTTP ${init.status})`));
    this.name = "PrometheusQueryError";
    this.errorType = errorType;
    this.error = error;
    this.status = init.status;
    this.path = path;
    this.warnings = (init.warnings ?? []).slice(0, WARNINGS_MAX).map((w) => excerpt(w, WARNING_MAX, redact));
    setBrand(this, QUERY_BRAND);
  }
}

/**
 * True when `e` is a {@link PrometheusQueryError} (also across realms).
 *
 * @example
 * ```ts
 * import { isPrometheusQueryError } from "ovskit";
 * isPrometheusQueryError(new Error("x")); // false
 * ```
 */
export function isPrometheusQueryError(e: unknown): e is PrometheusQueryError {
  return hasBrand(e, QUERY_BRAND);
}
