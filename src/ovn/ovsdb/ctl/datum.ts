/**
 * OVSDB data as the ctl tools handle them (lib/ovsdb-data.c): a datum is the sorted keys (and,
 * for maps, the values) of a column value, printed as `--data=string`, `bare` or `json`, and
 * compared the way `find` conditions compare them.
 *
 * @module
 * @internal
 */
import { formatOvsdbAtom } from "../value-text.js";
import type { OvsdbAtom, OvsdbAtomicType, OvsdbColumnType, OvsdbMap, OvsdbValue } from "../types.js";
import { compareOvsdbAtoms, isUuidString, ovsdbMapEntries } from "../values.js";
import type { OvsJson } from "./ovs-json.js";

/**
 * A column value as OVSDB holds it: keys in OVSDB order, values for maps.
 *
 * @internal
 */
export interface Datum {
  readonly keys: readonly OvsdbAtom[];
  readonly values?: readonly OvsdbAtom[];
}

/**
 * The datum of a column value.
 *
 * @internal
 */
export function datumOf(value: OvsdbValue, type: OvsdbColumnType): Datum {
  if (type.kind === "map") {
    const entries = ovsdbMapEntries(value as OvsdbMap, type);
    return { keys: entries.map((e) => e[0]), values: entries.map((e) => e[1]) };
  }
  if (Array.isArray(value)) return { keys: value as readonly OvsdbAtom[] };
  return { keys: [value as OvsdbAtom] };
}

/**
 * `string_needs_quotes`: unless it starts with a letter or `_` and has only letters, digits,
 * `_`, `-` and `.`, and is not `true`, `false` or a UUID (a char-code scan: this runs for every
 * string of a listing).
 */
function needsQuotes(s: string): boolean {
  const n = s.length;
  if (n === 0) return true;
  const c0 = s.charCodeAt(0);
  if (!((c0 >= 65 && c0 <= 90) || (c0 >= 97 && c0 <= 122) || c0 === 95)) return true;
  for (let i = 1; i < n; i++) {
    const c = s.charCodeAt(i);
    if (!((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 95 || c === 45 || c === 46)) return true;
  }
  if (s === "true" || s === "false") return true;
  return n === 36 && isUuidString(s);
}

/**
 * One atom as `--data=string` prints it.
 *
 * @internal
 */
export function atomToString(atom: OvsdbAtom, type: OvsdbAtomicType): string {
  if (type === "string") {
    const s = atom as string;
    return needsQuotes(s) ? JSON.stringify(s) : s;
  }
  if (type === "uuid") return (atom as { uuid: string }).uuid;
  if (type === "integer") return String(atom);
  return formatOvsdbAtom(atom, type);
}

/**
 * `ovsdb_datum_to_string`: `[a, b]`, `{k=v}`; a column of at most one value without brackets.
 *
 * @internal
 */
export function datumToString(d: Datum, type: OvsdbColumnType): string {
  const isMap = type.kind === "map";
  const brackets = type.max > 1 || d.keys.length === 0;
  let s = brackets ? (isMap ? "{" : "[") : "";
  const vt = type.value?.type ?? "string";
  for (let i = 0; i < d.keys.length; i++) {
    if (i > 0) s += ", ";
    s += atomToString(d.keys[i] as OvsdbAtom, type.key.type);
    if (isMap) s += "=" + atomToString((d.values as readonly OvsdbAtom[])[i] as OvsdbAtom, vt);
  }
  return brackets ? s + (isMap ? "}" : "]") : s;
}

function atomToBare(atom: OvsdbAtom, type: OvsdbAtomicType): string {
  return type === "string" ? String(atom) : atomToString(atom, type);
}

/**
 * `ovsdb_datum_to_bare`: atoms separated by spaces, `k=v` for maps, strings unquoted.
 *
 * @internal
 */
export function datumToBare(d: Datum, type: OvsdbColumnType): string {
  const isMap = type.kind === "map";
  const vt = type.value?.type ?? "string";
  const parts: string[] = [];
  for (let i = 0; i < d.keys.length; i++) {
    const k = atomToBare(d.keys[i] as OvsdbAtom, type.key.type);
    parts.push(isMap ? `${k}=${atomToBare((d.values as readonly OvsdbAtom[])[i] as OvsdbAtom, vt)}` : k);
  }
  return parts.join(" ");
}

/**
 * An atom in OVSDB JSON notation (RFC 7047).
 *
 * @internal
 */
export function atomToJson(atom: OvsdbAtom, type: OvsdbAtomicType): OvsJson {
  switch (type) {
    case "uuid":
      return ["uuid", typeof atom === "object" ? atom.uuid : String(atom)];
    case "integer":
      return { int: atom as number | bigint };
    case "real":
      return { real: Number(atom) };
    case "boolean":
      return atom as boolean;
    default:
      return String(atom);
  }
}

/**
 * `ovsdb_datum_to_json`: a map as `["map", [[k, v], ...]]`, one element as the bare atom, any
 * other set as `["set", [...]]`.
 *
 * @internal
 */
export function datumToJson(d: Datum, type: OvsdbColumnType): OvsJson {
  if (type.kind === "map") {
    const vt = type.value?.type ?? "string";
    return ["map", d.keys.map((k, i) => [atomToJson(k, type.key.type), atomToJson((d.values as readonly OvsdbAtom[])[i] as OvsdbAtom, vt)])];
  }
  if (d.keys.length === 1) return atomToJson(d.keys[0] as OvsdbAtom, type.key.type);
  return ["set", d.keys.map((k) => atomToJson(k, type.key.type))];
}

/**
 * `ovsdb_datum_is_default`: the column's default (empty set or map; 0, 0.0, false, "", the zero
 * UUID for scalars).
 *
 * @internal
 */
export function datumIsDefault(d: Datum, type: OvsdbColumnType): boolean {
  if (type.min === 0) return d.keys.length === 0;
  if (d.keys.length !== 1) return false;
  const isDefault = (a: OvsdbAtom, t: OvsdbAtomicType): boolean =>
    t === "uuid" ? (a as { uuid: string }).uuid === "00000000-0000-0000-0000-000000000000" : t === "string" ? a === "" : t === "boolean" ? a === false : Number(a) === 0;
  if (!isDefault(d.keys[0] as OvsdbAtom, type.key.type)) return false;
  return type.kind !== "map" || isDefault((d.values as readonly OvsdbAtom[])[0] as OvsdbAtom, type.value?.type ?? "string");
}

/** Compares two arrays of atoms element by element. */
function compareArrays(a: readonly OvsdbAtom[], b: readonly OvsdbAtom[], n: number): number {
  for (let i = 0; i < n; i++) {
    const c = compareOvsdbAtoms(a[i] as OvsdbAtom, b[i] as OvsdbAtom);
    if (c !== 0) return c;
  }
  return 0;
}

/**
 * `ovsdb_datum_compare_3way`: by size, then keys, then values.
 *
 * @internal
 */
export function compareDatums(a: Datum, b: Datum, withValues: boolean): number {
  if (a.keys.length !== b.keys.length) return a.keys.length < b.keys.length ? -1 : 1;
  const c = compareArrays(a.keys, b.keys, a.keys.length);
  if (c !== 0 || !withValues || a.values === undefined || b.values === undefined) return c;
  return compareArrays(a.values, b.values, a.keys.length);
}

/** Whether element `i` of `a` (key, and value when `withValues`) is in `b`. */
function contains(a: Datum, i: number, b: Datum, withValues: boolean): boolean {
  const key = a.keys[i] as OvsdbAtom;
  let lo = 0;
  let hi = b.keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const c = compareOvsdbAtoms(key, b.keys[mid] as OvsdbAtom);
    if (c < 0) hi = mid;
    else if (c > 0) lo = mid + 1;
    else {
      if (!withValues || a.values === undefined || b.values === undefined) return true;
      return compareOvsdbAtoms(a.values[i] as OvsdbAtom, b.values[mid] as OvsdbAtom) === 0;
    }
  }
  return false;
}

/**
 * `ovsdb_datum_includes_all(a, b)`: every element of `a` is in `b`.
 *
 * @internal
 */
export function includesAll(a: Datum, b: Datum, withValues: boolean): boolean {
  if (a.keys.length > b.keys.length) return false;
  for (let i = 0; i < a.keys.length; i++) if (!contains(a, i, b, withValues)) return false;
  return true;
}

/**
 * `ovsdb_datum_excludes_all(a, b)`: no element of `a` is in `b`.
 *
 * @internal
 */
export function excludesAll(a: Datum, b: Datum, withValues: boolean): boolean {
  for (let i = 0; i < a.keys.length; i++) if (contains(a, i, b, withValues)) return false;
  return true;
}

/**
 * The index of `key` among the keys of a map datum, or -1.
 *
 * @internal
 */
export function findKey(d: Datum, key: OvsdbAtom): number {
  let lo = 0;
  let hi = d.keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const c = compareOvsdbAtoms(key, d.keys[mid] as OvsdbAtom);
    if (c < 0) hi = mid;
    else if (c > 0) lo = mid + 1;
    else return mid;
  }
  return -1;
}
