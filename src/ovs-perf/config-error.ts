/**
 * The error of an invalid metrics.yaml.
 *
 * @module
 */
import { OvskitError, hasBrand, setBrand } from "../core/ovskit-error.js";

const CONFIG_BRAND = Symbol.for("ovskit.MetricsConfigError");

/**
 * A metrics.yaml that is not valid: `path` names the key (`metrics[2].thresholds.warning`).
 *
 * @example
 * ```ts
 * import { parseMetricsConfig, isMetricsConfigError } from "ovskit";
 * try { parseMetricsConfig("version: 2"); } catch (e) { if (isMetricsConfigError(e)) console.log(e.path, e.message); }
 * ```
 */
export class MetricsConfigError extends OvskitError {
  /** Always `"invalid-config"`. */
  declare readonly code: "invalid-config";
  /** Key path of the problem (empty for the whole document). */
  readonly path: string;
  constructor(path: string, reason: string) {
    super("invalid-config", `metrics.yaml${path === "" ? "" : ` ${path}`}: ${reason}`);
    this.name = "MetricsConfigError";
    this.path = path;
    setBrand(this, CONFIG_BRAND);
  }
}

/**
 * True when `e` is a {@link MetricsConfigError} (also across realms).
 *
 * @example
 * ```ts
 * import { isMetricsConfigError } from "ovskit";
 * isMetricsConfigError(new Error("x")); // false
 * ```
 */
export function isMetricsConfigError(e: unknown): e is MetricsConfigError {
  return hasBrand(e, CONFIG_BRAND);
}
