/**
 * {@link OvsdbSchemaMismatchError}: a database of another schema than the one asked for (an
 * OVN Northbound database given to `sbView`, two databases of different schemas compared).
 *
 * @module
 */
import { OvskitError, hasBrand, setBrand } from "../../core/ovskit-error.js";

const BRAND = Symbol.for("ovskit.OvsdbSchemaMismatchError");

/**
 * Thrown by {@link sbView}, {@link nbView}, {@link vswitchView} and {@link diffOvsdbDatabases}
 * when a database is not of the schema they need (code `schema-mismatch`); `expected` and
 * `actual` are the schema names.
 *
 * @example
 * ```ts
 * import { isOvsdbSchemaMismatchError, readOvsdbFile, sbView } from "ovskit";
 * try {
 *   sbView(readOvsdbFile(nbBytes));
 * } catch (e) {
 *   if (isOvsdbSchemaMismatchError(e)) console.log(e.expected, e.actual); // OVN_Southbound OVN_Northbound
 * }
 * ```
 */
export class OvsdbSchemaMismatchError extends OvskitError {
  declare readonly code: "schema-mismatch";
  /** The schema name that was needed. */
  readonly expected: string;
  /** The schema name of the database given. */
  readonly actual: string;

  constructor(what: string, expected: string, actual: string) {
    super("schema-mismatch", `${what} needs an ${expected} database, not ${actual}`);
    this.name = "OvsdbSchemaMismatchError";
    this.expected = expected;
    this.actual = actual;
    setBrand(this, BRAND);
  }
}

/**
 * True when `e` is an {@link OvsdbSchemaMismatchError}, also across realms.
 *
 * @example
 * ```ts
 * import { isOvsdbSchemaMismatchError, nbView } from "ovskit";
 * try { nbView(sbDb); } catch (e) { if (isOvsdbSchemaMismatchError(e)) console.log(e.message); }
 * ```
 */
export function isOvsdbSchemaMismatchError(e: unknown): e is OvsdbSchemaMismatchError {
  return hasBrand(e, BRAND);
}
