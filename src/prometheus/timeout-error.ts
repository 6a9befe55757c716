/**
 * {@link PrometheusTimeoutError}: no complete answer within the client's timeout.
 *
 * @module
 */
import { OvskitError, hasBrand, setBrand } from "../core/ovskit-error.js";

const TIMEOUT_BRAND = Symbol.for("ovskit.PrometheusTimeoutError");

/**
 * The request (or reading its answer, redirects included) took longer than the client's
 * `timeoutMs`.
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
