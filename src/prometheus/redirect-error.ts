/**
 * {@link PrometheusRedirectError}: a redirect the client refused to follow.
 *
 * @module
 */
import { OvskitError, hasBrand, setBrand } from "../core/ovskit-error.js";
import { createRedactor, excerpt } from "./secrets.js";

const REDIRECT_BRAND = Symbol.for("ovskit.PrometheusRedirectError");

/** Why a redirect was refused. */
export type PrometheusRedirectErrorCode =
  /** To another origin (scheme, host or port) while `crossOriginRedirects` is `"refuse"`. */
  | "cross-origin"
  /** More than `maxRedirects` redirects in a row. */
  | "too-many-redirects"
  /** A `Location` that is not an http(s) URL, or that carries credentials. */
  | "bad-location";

/** Fields of a {@link PrometheusRedirectError}. */
export interface PrometheusRedirectErrorInit {
  readonly code: PrometheusRedirectErrorCode;
  /** Status of the redirect (301, 302, 303, 307, 308). */
  readonly status: number;
  readonly path: string;
  /** The target, reduced to origin and path (no credentials, no query string); "" when unknown. */
  readonly location: string;
  /** Redirects followed before this one. */
  readonly redirects: number;
  readonly detail?: string;
  readonly secrets?: readonly string[];
}

/**
 * A redirect the client refused: to another origin (the default policy; with
 * `crossOriginRedirects: "strip-secrets"` it is followed without any secret), too many in a row,
 * or to a target that is not an http(s) URL. `location` is the target's origin and path only.
 *
 * @example
 * ```ts
 * import { PrometheusClient, isPrometheusRedirectError } from "ovskit";
 * try {
 *   await new PrometheusClient({ url: "http://prometheus.example", token: "t0ken" }).query("up");
 * } catch (e) {
 *   if (isPrometheusRedirectError(e) && e.code === "cross-origin") console.log("redirected to", e.location);
 * }
 * ```
 */
export class PrometheusRedirectError extends OvskitError {
  declare readonly code: PrometheusRedirectErrorCode;
  /** Status of the refused redirect. */
  readonly status: number;
  /** API path called. */
  readonly path: string;
  /** Target origin and path (no credentials, no query string), "" when unknown. */
  readonly location: string;
  /** Redirects followed before this one. */
  readonly redirects: number;

  constructor(init: PrometheusRedirectErrorInit) {
    const redact = createRedactor(init.secrets ?? []);
    const location = excerpt(init.location, 300, redact);
    const path = redact(init.path);
    const what =
      init.code === "cross-origin"
        ? `HTTP ${init.status} redirects to another origin (${location}); not followed, so that no credential goes there (use that URL as the client's url, or set crossOriginRedirects: "strip-secrets")`
        : init.code === "too-many-redirects"
          ? `more than ${init.redirects} redirects in a row (maxRedirects); the last went to ${location}`
          : `HTTP ${init.status} redirects to a target that is not followed`;
    const detail = init.detail === undefined ? "" : `: ${excerpt(init.detail, 300, redact)}`;
    super(init.code, redact(`Prometheus ${path}: ${what}${detail}`));
    this.name = "PrometheusRedirectError";
    this.status = init.status;
    this.path = path;
    this.location = location;
    this.redirects = init.redirects;
    setBrand(this, REDIRECT_BRAND);
  }
}

/**
 * True when `e` is a {@link PrometheusRedirectError} (also across realms).
 *
 * @example
 * ```ts
 * import { isPrometheusRedirectError } from "ovskit";
 * isPrometheusRedirectError(new Error("x")); // false
 * ```
 */
export function isPrometheusRedirectError(e: unknown): e is PrometheusRedirectError {
  return hasBrand(e, REDIRECT_BRAND);
}
