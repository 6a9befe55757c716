/**
 * {@link DetraceError}: what the offline detrace throws when it is called without what it needs.
 *
 * @module
 */
import { OvskitError, hasBrand, setBrand } from "../../core/ovskit-error.js";

const BRAND = Symbol.for("ovskit.DetraceError");

/**
 * Why a detrace call was refused: `missing-source` (`ovnContext` got neither a Southbound
 * database nor an `lflow-list --uuid` listing), `missing-context` (`formatDetrace` in the
 * `ovn-detrace` style needs the `ovn` context in its options).
 */
export type DetraceErrorCode = "missing-source" | "missing-context";

/**
 * Thrown by `ovnContext` and `formatDetrace` when called without what they need.
 *
 * @example
 * ```ts
 * import { isDetraceError, ovnContext } from "ovskit";
 * try { ovnContext({}); } catch (e) { if (isDetraceError(e)) console.log(e.code); } // "missing-source"
 * ```
 */
export class DetraceError extends OvskitError {
  declare readonly code: DetraceErrorCode;

  constructor(code: DetraceErrorCode, message: string) {
    super(code, message);
    this.name = "DetraceError";
    setBrand(this, BRAND);
  }
}

/**
 * True when `e` is a {@link DetraceError}, also across realms.
 *
 * @example
 * ```ts
 * import { formatDetrace, isDetraceError } from "ovskit";
 * try { formatDetrace(result, { style: "ovn-detrace" } as never); } catch (e) { if (isDetraceError(e)) console.log(e.message); }
 * ```
 */
export function isDetraceError(e: unknown): e is DetraceError {
  return hasBrand(e, BRAND);
}
