/**
 * The error of a text that is not an ovs-perf report.
 *
 * @module
 */
import { OvskitError, hasBrand, setBrand } from "../core/ovskit-error.js";

const REPORT_BRAND = Symbol.for("ovskit.OvsPerfReportError");

/**
 * Thrown by {@link parseReport} when the text is not JSON or not an ovs-perf v1 report.
 *
 * @example
 * ```ts
 * import { parseReport, isOvsPerfReportError } from "ovskit";
 * try { parseReport("{}"); } catch (e) { if (isOvsPerfReportError(e)) console.log(e.code); } // "not-a-report"
 * ```
 */
export class OvsPerfReportError extends OvskitError {
  declare readonly code: "not-a-report";
  constructor(message: string) {
    super("not-a-report", message);
    this.name = "OvsPerfReportError";
    setBrand(this, REPORT_BRAND);
  }
}

/**
 * True when `e` is an {@link OvsPerfReportError} (also across realms).
 *
 * @example
 * ```ts
 * import { isOvsPerfReportError } from "ovskit";
 * isOvsPerfReportError(new Error("x")); // false
 * ```
 */
export function isOvsPerfReportError(e: unknown): e is OvsPerfReportError {
  return hasBrand(e, REPORT_BRAND);
}
