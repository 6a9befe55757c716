/**
 * Reading typed fields out of {@link OvsdbRow}s for the typed views. Every reader is total: a
 * column that is absent (an older or newer schema) or of another type gives the empty value.
 *
 * @module
 * @internal
 */
import { OvsdbSchemaMismatchError } from "./schema-error.js";
import type { OvsdbAtom, OvsdbDatabase, OvsdbMap, OvsdbRow, OvsdbTable, OvsdbValue } from "./types.js";

const NO_ATOMS: readonly OvsdbAtom[] = Object.freeze([]);
const NO_ROWS: OvsdbTable = Object.freeze({});

/**
 * The rows of a table as `[uuid, row]` pairs, in file order (none when the table does not exist).
 *
 * @internal
 */
export function rowsOf(db: OvsdbDatabase, table: string): [string, OvsdbRow][] {
  return Object.entries(Object.hasOwn(db.tables, table) ? (db.tables[table] as OvsdbTable) : NO_ROWS);
}

/**
 * Throws when `db` is not of the schema a view needs.
 *
 * @internal
 */
export function requireSchema(db: OvsdbDatabase, name: string, view: string): void {
  if (db.schema.name !== name) throw new OvsdbSchemaMismatchError(view, name, db.schema.name);
}

/** True for a UUID atom (an object with a `uuid` string), false for a map or anything else. */
function isUuidAtom(v: object): v is { readonly uuid: string } {
  return typeof (v as { uuid?: unknown }).uuid === "string";
}

/** The atoms of a value: a scalar is one atom, a set its elements, a map nothing. */
function atoms(v: OvsdbValue | undefined): readonly OvsdbAtom[] {
  if (v === undefined) return NO_ATOMS;
  if (Array.isArray(v)) return v as readonly OvsdbAtom[];
  if (typeof v === "object" && !isUuidAtom(v)) return NO_ATOMS;
  return [v as OvsdbAtom];
}

/**
 * The map of a value read from a map column, undefined when it is not an object. (Only map
 * columns are read as maps: a map whose only key is `uuid` looks like a UUID atom, and is a map.)
 */
function mapOf(v: OvsdbValue | undefined): OvsdbMap | undefined {
  if (typeof v !== "object" || Array.isArray(v)) return undefined;
  return v as OvsdbMap;
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

/** Sets `out[key] = value`, also for the key `__proto__`. */
function setKey<T>(out: Record<string, T>, key: string, value: T): void {
  if (key === "__proto__") Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  else out[key] = value;
}

/**
 * A map column with keys and values as strings (UUIDs as their text, numbers printed): a new
 * plain object, `{}` when the column is absent or not a map.
 *
 * @internal
 */
export function strMap(row: OvsdbRow, col: string): Readonly<Record<string, string>> {
  const m = mapOf(row[col]);
  const out: Record<string, string> = {};
  if (m === undefined) return out;
  for (const k of Object.keys(m)) setKey(out, k, text(m[k]) as string);
  return out;
}

/**
 * A map column from strings to integers (as numbers), a new plain object.
 *
 * @internal
 */
export function intMap(row: OvsdbRow, col: string): Readonly<Record<string, number>> {
  const m = mapOf(row[col]);
  const out: Record<string, number> = {};
  if (m === undefined) return out;
  for (const k of Object.keys(m)) {
    const x = m[k];
    if (typeof x === "number" || typeof x === "bigint") setKey(out, k, Number(x));
  }
  return out;
}

/**
 * The value under `key` of a string map built by {@link strMap}, or undefined (own keys only).
 *
 * @internal
 */
export function get(map: Readonly<Record<string, string>>, key: string): string | undefined {
  return Object.hasOwn(map, key) ? map[key] : undefined;
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
