/**
 * Reading typed fields out of {@link OvsdbRow}s for the typed views. Every reader is total: a
 * column that is absent (an older or newer schema) or of another type gives the empty value.
 *
 * @module
 * @internal
 */
import type { OvsdbAtom, OvsdbDatabase, OvsdbRow, OvsdbValue } from "./types.js";

const NO_ATOMS: readonly OvsdbAtom[] = Object.freeze([]);
const NO_MAP: ReadonlyMap<string, string> = new Map();

/**
 * The rows of a table as `[uuid, row]` pairs (none when the table does not exist).
 *
 * @internal
 */
export function rowsOf(db: OvsdbDatabase, table: string): Iterable<[string, OvsdbRow]> {
  return db.tables.get(table) ?? [];
}

/**
 * Throws when `db` is not of the schema a view needs.
 *
 * @internal
 */
export function requireSchema(db: OvsdbDatabase, name: string, view: string): void {
  if (db.schema.name !== name) throw new TypeError(`${view} needs an ${name} database, not ${db.schema.name}`);
}

/** The atoms of a value: a scalar is one atom, a set its elements, a map nothing. */
function atoms(v: OvsdbValue | undefined): readonly OvsdbAtom[] {
  if (v === undefined || v instanceof Map) return NO_ATOMS;
  if (Array.isArray(v)) return v as readonly OvsdbAtom[];
  return [v as OvsdbAtom];
}

function text(a: OvsdbAtom | undefined): string | undefined {
  if (a === undefined) return undefined;
  return typeof a === "object" ? a.uuid : String(a);
}

/**
 * A string column (or the first element of a set), `""` when absent.
 *
 * @internal
 */
export function str(row: OvsdbRow, col: string): string {
  return optStr(row, col) ?? "";
}

/**
 * An optional string (a set of at most one), undefined when empty.
 *
 * @internal
 */
export function optStr(row: OvsdbRow, col: string): string | undefined {
  const a = atoms(row[col])[0];
  return typeof a === "string" ? a : undefined;
}

/**
 * An integer column as a `number` (64-bit values beyond 2^53 are rounded), 0 when absent.
 *
 * @internal
 */
export function int(row: OvsdbRow, col: string): number {
  return optInt(row, col) ?? 0;
}

/**
 * An optional integer, undefined when empty.
 *
 * @internal
 */
export function optInt(row: OvsdbRow, col: string): number | undefined {
  const a = atoms(row[col])[0];
  return typeof a === "number" ? a : typeof a === "bigint" ? Number(a) : undefined;
}

/**
 * An optional boolean, undefined when empty.
 *
 * @internal
 */
export function optBool(row: OvsdbRow, col: string): boolean | undefined {
  const a = atoms(row[col])[0];
  return typeof a === "boolean" ? a : undefined;
}

/**
 * An optional UUID reference as its string, undefined when empty.
 *
 * @internal
 */
export function optUuid(row: OvsdbRow, col: string): string | undefined {
  const a = atoms(row[col])[0];
  return typeof a === "object" ? a.uuid : undefined;
}

/**
 * A set of strings (other atoms printed as text).
 *
 * @internal
 */
export function strs(row: OvsdbRow, col: string): readonly string[] {
  return atoms(row[col]).map((a) => text(a) as string);
}

/**
 * A set of UUID references as strings.
 *
 * @internal
 */
export function uuids(row: OvsdbRow, col: string): readonly string[] {
  const out: string[] = [];
  for (const a of atoms(row[col])) if (typeof a === "object") out.push(a.uuid);
  return out;
}

/**
 * A map column with keys and values as strings (UUIDs as their text, numbers printed).
 *
 * @internal
 */
export function strMap(row: OvsdbRow, col: string): ReadonlyMap<string, string> {
  const v = row[col];
  if (!(v instanceof Map)) return NO_MAP;
  const m = v as ReadonlyMap<OvsdbAtom, OvsdbAtom>;
  let plain = true;
  for (const [k, x] of m) {
    if (typeof k !== "string" || typeof x !== "string") {
      plain = false;
      break;
    }
  }
  if (plain) return m as ReadonlyMap<string, string>;
  return new Map([...m].map(([k, x]) => [text(k) as string, text(x) as string]));
}

/**
 * A map column from strings to integers (as numbers).
 *
 * @internal
 */
export function intMap(row: OvsdbRow, col: string): ReadonlyMap<string, number> {
  const v = row[col];
  const out = new Map<string, number>();
  if (!(v instanceof Map)) return out;
  for (const [k, x] of v as ReadonlyMap<OvsdbAtom, OvsdbAtom>) {
    if (typeof x === "number" || typeof x === "bigint") out.set(text(k) as string, Number(x));
  }
  return out;
}

/**
 * Adds `value` to the list under `key`.
 *
 * @internal
 */
export function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}
