/**
 * {@link PrometheusDurationError}: a duration that Prometheus (and Go's `time.ParseDuration`
 * for the forms they share) would refuse.
 *
 * @module
 */
import { OvskitError, hasBrand, setBrand } from "./ovskit-error.js";

const DURATION_BRAND = Symbol.for("ovskit.PrometheusDurationError");

/**
 * A duration string that Prometheus would refuse (empty, unknown unit, units out of order or
 * repeated, too large).
 *
 * @example
 * ```ts
 * import { parsePrometheusDuration, isPrometheusDurationError } from "ovskit";
 * try { parsePrometheusDuration("5mins"); } catch (e) { if (isPrometheusDurationError(e)) console.log(e.message); }
 * ```
 */
export class PrometheusDurationError extends OvskitError {
  /** Always `"bad-duration"`. */
  declare readonly code: "bad-duration";
  /** The text that was refused. */
  readonly input: string;
  constructor(input: string, why: string) {
    super("bad-duration", `not a valid Prometheus duration ${JSON.stringify(input)}: ${why}`);
    this.name = "PrometheusDurationError";
    this.input = input;
    setBrand(this, DURATION_BRAND);
  }
}

/**
 * True when `e` is a {@link PrometheusDurationError} (also across realms).
 *
 * @example
 * ```ts
 * import { isPrometheusDurationError } from "ovskit";
 * isPrometheusDurationError(new Error("x")); // false
 * ```
 */
export function isPrometheusDurationError(e: unknown): e is PrometheusDurationError {
  return hasBrand(e, DURATION_BRAND);
}
