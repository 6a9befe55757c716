/**
 * {@link PrometheusHttpError}: an HTTP-level failure of the Prometheus client. It never carries a
 * credential: the body excerpt and the detail pass through the client's redaction first.
 *
 * @module
 */
import { OvskitError, hasBrand, setBrand } from "../core/ovskit-error.js";
import { createRedactor, excerpt } from "./secrets.js";

const HTTP_BRAND = Symbol.for("ovskit.PrometheusHttpError");

/** Why a {@link PrometheusHttpError} was raised. */
export type PrometheusHttpErrorReason =
  /** A non-2xx status without a Prometheus JSON error body. */
  | "status"
  /** An HTML page came back instead of JSON (typically the login page of an expired token). */
  | "html"
  /** The body is not JSON, or not a Prometheus API envelope, or its data has the wrong shape. */
  | "malformed"
  /** The request never got an answer (connection refused, DNS, TLS handshake...). */
  | "network";

/** Longest body excerpt kept in an error. */
const EXCERPT_MAX = 300;
/** Longest detail kept in an error. */
const DETAIL_MAX = 500;

/** Fields of a {@link PrometheusHttpError}. */
export interface PrometheusHttpErrorInit {
  readonly reason: PrometheusHttpErrorReason;
  /** HTTP status, 0 for {@link PrometheusHttpErrorReason} `"network"`. */
  readonly status: number;
  /** API path that was called, without host or query string (`/api/v1/query`). */
  readonly path: string;
  readonly body?: string;
  readonly detail?: string;
  /** Strings that must not appear in the error (token, password...): they are redacted. */
  readonly secrets?: readonly string[];
}

/**
 * An HTTP-level failure: a bad status, an HTML page, a body that is not a Prometheus answer (or
 * whose data has the wrong shape), or no answer at all. `bodyExcerpt` holds the start of the
 * body (secrets removed).
 *
 * @example
 * ```ts
 * import { PrometheusClient, isPrometheusHttpError } from "ovskit";
 * try {
 *   await new PrometheusClient({ url: "https://thanos.example" }).query("up");
 * } catch (e) {
 *   if (isPrometheusHttpError(e) && e.reason === "html") console.log("log in again:", e.message);
 * }
 * ```
 */
export class PrometheusHttpError extends OvskitError {
  /** Machine-readable reason (the same as {@link PrometheusHttpError.reason}). */
  declare readonly code: PrometheusHttpErrorReason;
  /** HTTP status (0 when no answer came back). */
  readonly status: number;
  /** What went wrong. */
  readonly reason: PrometheusHttpErrorReason;
  /** API path called (`/api/v1/query_range`). */
  readonly path: string;
  /** Start of the response body, whitespace collapsed, secrets removed. */
  readonly bodyExcerpt: string;

  constructor(init: PrometheusHttpErrorInit) {
    const redact = createRedactor(init.secrets ?? []);
    const bodyExcerpt = excerpt(init.body ?? "", EXCERPT_MAX, redact);
    const what =
      init.reason === "html"
        ? `got an HTML page instead of a JSON answer (HTTP ${init.status}); this is usually a login page: the token is missing, expired or not valid for this URL`
        : init.reason === "malformed"
          ? `the answer (HTTP ${init.status}) is not a Prometheus API JSON response`
          : init.reason === "network"
            ? "no answer"
            : `HTTP ${init.status}`;
    const detail = init.detail === undefined ? "" : `: ${excerpt(init.detail, DETAIL_MAX, redact)}`;
    const body = bodyExcerpt === "" || init.reason === "network" ? "" : ` (body: ${bodyExcerpt})`;
    const path = redact(init.path);
    super(init.reason, redact(`Prometheus ${path}: ${what}${detail}${body}`));
    this.name = "PrometheusHttpError";
    this.status = init.status;
    this.reason = init.reason;
    this.path = path;
    this.bodyExcerpt = bodyExcerpt;
    setBrand(this, HTTP_BRAND);
  }
}

/**
 * True when `e` is a {@link PrometheusHttpError} (also across realms).
 *
 * @example
 * ```ts
 * import { isPrometheusHttpError } from "ovskit";
 * isPrometheusHttpError(new Error("x")); // false
 * ```
 */
export function isPrometheusHttpError(e: unknown): e is PrometheusHttpError {
  return hasBrand(e, HTTP_BRAND);
}
