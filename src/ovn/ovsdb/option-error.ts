/**
 * {@link OvsdbOptionError}: an option of the OVSDB functions that makes no sense (a history
 * point that is neither a transaction count nor a date).
 *
 * @module
 */
import { OvskitError, hasBrand, setBrand } from "../../core/ovskit-error.js";

const BRAND = Symbol.for("ovskit.OvsdbOptionError");

/**
 * Thrown by {@link readOvsdbFile} (`until`) and {@link diffOvsdbHistory} (`from`, `to`) for a
 * bad option (code `bad-option`); `option` names it.
 *
 * @example
 * ```ts
 * import { diffOvsdbHistory, isOvsdbOptionError } from "ovskit";
 * try {
 *   diffOvsdbHistory(bytes, { from: { transaction: 1 } as never });
 * } catch (e) {
 *   if (isOvsdbOptionError(e)) console.log(e.option, e.message); // from ...
 * }
 * ```
 */
export class OvsdbOptionError extends OvskitError {
  declare readonly code: "bad-option";
  /** The option: `until`, `from`, `to`. */
  readonly option: string;

  constructor(option: string, message: string) {
    super("bad-option", `${option}: ${message}`);
    this.name = "OvsdbOptionError";
    this.option = option;
    setBrand(this, BRAND);
  }
}

/**
 * True when `e` is an {@link OvsdbOptionError}, also across realms.
 *
 * @example
 * ```ts
 * import { isOvsdbOptionError, readOvsdbFile } from "ovskit";
 * try { readOvsdbFile(bytes, { until: { date: NaN } }); } catch (e) { if (isOvsdbOptionError(e)) console.log(e.option); }
 * ```
 */
export function isOvsdbOptionError(e: unknown): e is OvsdbOptionError {
  return hasBrand(e, BRAND);
}
