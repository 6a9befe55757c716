/**
 * Typed errors of the Prometheus client. None of them ever carries a credential: messages and
 * body excerpts pass through {@link redactSecrets} before they are stored.
 *
 * @module
 */

import { OvskitError, hasBrand, setBrand } from "../core/ovskit-error.js";

const HTTP_BRAND = Symbol.for("ovskit.PrometheusHttpError");
const QUERY_BRAND = Symbol.for("ovskit.PrometheusQueryError");
const TIMEOUT_BRAND = Symbol.for("ovskit.PrometheusTimeoutError");

/** Why a {@link PrometheusHttpError} was raised. */
export type PrometheusHttpErrorReason =
  /** A non-2xx status without a Prometheus JSON error body. */
  | "status"
  /** An HTML page came back instead of JSON (typically the login page of an expired token). */
  | "html"
  /** The body is not JSON, or not a Prometheus API envelope. */
  | "malformed"
  /** The request never got an answer (connection refused, DNS, TLS handshake...). */
  | "network";

/** Longest body excerpt kept in an error. */
const EXCERPT_MAX = 300;

/**
 * Replaces every occurrence of the given secrets (tokens, passwords, their base64 forms) in
 * `text` by `<redacted>`. Secrets shorter than 4 characters are ignored.
 *
 * @example
 * ```ts
 * import { redactSecrets } from "ovskit";
 * redactSecrets("Bearer sha256~abc123", ["sha256~abc123"]); // "Bearer <redacted>"
 * ```
 */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) if (s.length >= 4) out = out.split(s).join("<redacted>");
  return out;
}

/** The first {@link EXCERPT_MAX} characters of a body, whitespace collapsed, secrets removed. */
function excerptOf(body: string, secrets: readonly string[]): string {
  const flat = redactSecrets(body, secrets).replace(/\s+/g, " ").trim();
  return flat.length > EXCERPT_MAX ? `${flat.slice(0, EXCERPT_MAX)}...` : flat;
}

/** Fields of a {@link PrometheusHttpError}. */
export interface PrometheusHttpErrorInit {
  readonly reason: PrometheusHttpErrorReason;
  /** HTTP status, 0 for {@link PrometheusHttpErrorReason} `"network"`. */
  readonly status: number;
  /** API path that was called, without host or query string (`/api/v1/query`). */
  readonly path: string;
  readonly body?: string;
  readonly detail?: string;
  readonly secrets?: readonly string[];
}

/**
 * An HTTP-level failure: a bad status, an HTML page, a body that is not a Prometheus answer, or
 * no answer at all. `bodyExcerpt` holds the start of the body (secrets removed).
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
    const secrets = init.secrets ?? [];
    const excerpt = excerptOf(init.body ?? "", secrets);
    const what =
      init.reason === "html"
        ? `got an HTML page instead of a JSON answer (HTTP ${init.status}); this is usually a login page: the token is missing, expired or not valid for this URL`
        : init.reason === "malformed"
          ? `the answer (HTTP ${init.status}) is not a Prometheus API JSON response`
          : init.reason === "network"
            ? "no answer"
            : `HTTP ${init.status}`;
    const detail = init.detail === undefined ? "" : `: ${redactSecrets(init.detail, secrets)}`;
    const body = excerpt === "" || init.reason === "network" ? "" : ` (body: ${excerpt})`;
    super(init.reason, `Prometheus ${init.path}: ${what}${detail}${body}`);
    this.name = "PrometheusHttpError";
    this.status = init.status;
    this.reason = init.reason;
    this.path = init.path;
    this.bodyExcerpt = excerpt;
    setBrand(this, HTTP_BRAND);
  }
}

/**
 * Prometheus answered `{"status":"error"}`: `errorType` is `bad_data`, `execution`, `timeout`,
 * `canceled`, `unavailable`, `internal` or `not_found`; `error` is Prometheus's own message.
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
  /** Warnings that came with the error. */
  readonly warnings: readonly string[];

  constructor(init: { errorType: string; error: string; status: number; path: string; warnings?: readonly string[]; secrets?: readonly string[] }) {
    const secrets = init.secrets ?? [];
    const error = redactSecrets(init.error, secrets);
    super(init.errorType, `Prometheus ${init.path}: ${init.errorType}: ${error} (HTTP ${init.status})`);
    this.name = "PrometheusQueryError";
    this.errorType = init.errorType;
    this.error = error;
    this.status = init.status;
    this.path = init.path;
    this.warnings = (init.warnings ?? []).map((w) => redactSecrets(w, secrets));
    setBrand(this, QUERY_BRAND);
  }
}

/**
 * The request (or reading its answer) took longer than the client's `timeoutMs`.
 *
 * @example
 * ```ts
 * import { PrometheusClient, isPrometheusTimeoutError } from "ovskit";
 * const prom = new PrometheusClient({ url: "http://localhost:9090", timeoutMs: 2000 });
 * try { await prom.query("up"); } catch (e) { if (isPrometheusTimeoutError(e)) console.log(e.timeoutMs); }
 * ```
 */
export class PrometheusTimeoutError extends OvskitError {
  /** Always `"timeout"`. */
  declare readonly code: "timeout";
  /** The timeout that expired, in milliseconds. */
  readonly timeoutMs: number;
  /** API path called. */
  readonly path: string;

  constructor(path: string, timeoutMs: number) {
    super("timeout", `Prometheus ${path}: no complete answer within ${timeoutMs} ms`);
    this.name = "PrometheusTimeoutError";
    this.timeoutMs = timeoutMs;
    this.path = path;
    setBrand(this, TIMEOUT_BRAND);
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

/**
 * True when `e` is a {@link PrometheusTimeoutError} (also across realms).
 *
 * @example
 * ```ts
 * import { isPrometheusTimeoutError } from "ovskit";
 * isPrometheusTimeoutError(new Error("x")); // false
 * ```
 */
export function isPrometheusTimeoutError(e: unknown): e is PrometheusTimeoutError {
  return hasBrand(e, TIMEOUT_BRAND);
}

/**
 * True when `e` is any of the three Prometheus client errors.
 *
 * @example
 * ```ts
 * import { isPrometheusError } from "ovskit";
 * isPrometheusError(new Error("x")); // false
 * ```
 */
export function isPrometheusError(e: unknown): e is PrometheusHttpError | PrometheusQueryError | PrometheusTimeoutError {
  return isPrometheusHttpError(e) || isPrometheusQueryError(e) || isPrometheusTimeoutError(e);
}
