/**
 * {@link OvsdbQueryError}: a query on a database file named something it does not hold (a
 * router, a switch, a table), or named it ambiguously.
 *
 * @module
 */
import { OvskitError, hasBrand, setBrand } from "../../../core/ovskit-error.js";

const BRAND = Symbol.for("ovskit.OvsdbQueryError");

/**
 * Thrown by the typed queries ({@link queryNbRoutes}, {@link querySbLogicalFlows},
 * {@link findOvsdbRecord}, ...) when what they are asked about cannot be resolved. `message`
 * is the real tool's message for the same case (`GR_x: router name not found`, `no row "x" in
 * table Logical_Switch`, `Multiple logical switches named 'x'.  Use a UUID.`); `code` is
 * `not-found`, `ambiguous`, `bad-argument` or `schema-mismatch` (a database of another schema).
 *
 * @example
 * ```ts
 * import { isOvsdbQueryError, queryNbRoutes, readOvsdbFile } from "ovskit";
 * try {
 *   queryNbRoutes(readOvsdbFile(nbBytes), "GR_missing");
 * } catch (e) {
 *   if (isOvsdbQueryError(e)) console.log(e.code, e.message); // not-found GR_missing: router name not found
 * }
 * ```
 */
export class OvsdbQueryError extends OvskitError {
  declare readonly code: "not-found" | "ambiguous" | "bad-argument" | "schema-mismatch";

  constructor(code: "not-found" | "ambiguous" | "bad-argument" | "schema-mismatch", message: string) {
    super(code, message);
    this.name = "OvsdbQueryError";
    setBrand(this, BRAND);
  }
}

/**
 * True when `e` is an {@link OvsdbQueryError}, also across realms.
 *
 * @example
 * ```ts
 * import { isOvsdbQueryError, queryNbAcls } from "ovskit";
 * try { queryNbAcls(nb, "nope"); } catch (e) { if (isOvsdbQueryError(e)) console.log(e.message); }
 * ```
 */
export function isOvsdbQueryError(e: unknown): e is OvsdbQueryError {
  return hasBrand(e, BRAND);
}

/**
 * The {@link OvsdbQueryError} for a message of the real tool (its code guessed from the
 * wording).
 *
 * @internal
 */
export function queryError(message: string): OvsdbQueryError {
  const code = /^Multiple |multiple rows|2 or more rows|more than one|matches multiple|Same name/.test(message)
    ? "ambiguous"
    : /not found|^no row|^no |unknown table|does not contain/.test(message)
      ? "not-found"
      : "bad-argument";
  return new OvsdbQueryError(code, message);
}
