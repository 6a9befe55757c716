/**
 * OVSDB values in database files: decoding atoms, sets and maps from their JSON notation
 * (RFC 7047 section 5.1), default values, column diffs, map keys, and printing back to JSON
 * notation.
 *
 * @module
 */
import { type Invalid, invalid, isInvalid, quoteJson } from "./signals.js";
import type { OvsdbAtom, OvsdbAtomicType, OvsdbBaseType, OvsdbColumnType, OvsdbMap, OvsdbUuid, OvsdbValue } from "./types.js";

const UUID_RE = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/** The all-zeros UUID, the default of `uuid` columns. */
const ZERO_UUID = "00000000-0000-0000-0000-000000000000";

/**
 * True when `s` is a UUID in the form OVSDB writes (8-4-4-4-12 hex digits).
 *
 * @example
 * ```ts
 * import { isUuidString } from "ovskit";
 * isUuidString("5e1c2f4a-0000-4000-8000-000000000001"); // true
 * ```
 */
export function isUuidString(s: string): boolean {
  return s.length === 36 && UUID_RE.test(s);
}

/**
 * True when `v` looks like a UUID atom: an object whose only property is `uuid`, a UUID string.
 * A map column whose only key is `"uuid"` looks the same: where the column is known, its schema
 * type (`kind: "map"`) tells them apart.
 *
 * @example
 * ```ts
 * import { isOvsdbUuid } from "ovskit";
 * const dp = row.logical_datapath;
 * if (Array.isArray(dp) && dp.length === 1 && isOvsdbUuid(dp[0])) console.log(dp[0].uuid);
 * ```
 */
export function isOvsdbUuid(v: unknown): v is OvsdbUuid {
  if (typeof v !== "object" || v === null || Array.isArray(v)) return false;
  const u = (v as { uuid?: unknown }).uuid;
  if (typeof u !== "string" || !Object.hasOwn(v, "uuid") || !isUuidString(u)) return false;
  for (const k in v) if (k !== "uuid") return false;
  return true;
}

/**
 * The text of an atom as a key of a map column: strings as they are, integers and reals in
 * decimal, booleans `true` / `false`, UUIDs as the UUID string.
 *
 * @example
 * ```ts
 * import { ovsdbMapKey } from "ovskit";
 * ovsdbMapKey(42); // "42"
 * ovsdbMapKey({ uuid: "5e1c2f4a-0000-4000-8000-000000000001" }); // "5e1c2f4a-0000-4000-8000-000000000001"
 * ```
 */
export function ovsdbMapKey(key: OvsdbAtom): string {
  return typeof key === "object" ? key.uuid : typeof key === "string" ? key : String(key);
}

/**
 * The key atom a map key text stands for, given the key type of the column (the inverse of
 * {@link ovsdbMapKey}).
 *
 * @example
 * ```ts
 * import { ovsdbMapKeyAtom } from "ovskit";
 * ovsdbMapKeyAtom("42", "integer"); // 42
 * ovsdbMapKeyAtom("18446744073709551615", "integer"); // 18446744073709551615n
 * ```
 */
export function ovsdbMapKeyAtom(text: string, keyType: OvsdbAtomicType): OvsdbAtom {
  switch (keyType) {
    case "string":
      return text;
    case "integer": {
      const n = Number(text);
      return Number.isSafeInteger(n) ? n : BigInt(text);
    }
    case "real":
      return Number(text);
    case "boolean":
      return text === "true";
    case "uuid":
      return { uuid: text };
  }
}

/**
 * The `[key, value]` pairs of a map column value, keys as atoms of the column's key type, in
 * OVSDB's order (numbers numerically, strings by code unit, UUIDs by their text). Property
 * order of the map object itself follows JavaScript's rules (integer-like keys first), so use
 * this when the order matters.
 *
 * @example
 * ```ts
 * import { ovsdbMapEntries } from "ovskit";
 * const type = db.schema.tables.QoS!.columns.bandwidth!.type;
 * ovsdbMapEntries(row.bandwidth as OvsdbMap, type); // [["burst", 100], ["rate", 1000]]
 * ```
 */
export function ovsdbMapEntries(map: OvsdbMap, type: OvsdbColumnType | OvsdbAtomicType): [OvsdbAtom, OvsdbAtom][] {
  const keyType = typeof type === "string" ? type : type.key.type;
  const out: [OvsdbAtom, OvsdbAtom][] = [];
  for (const k of Object.keys(map)) out.push([ovsdbMapKeyAtom(k, keyType), map[k] as OvsdbAtom]);
  return out.sort((p, q) => compareOvsdbAtoms(p[0], q[0]));
}

/**
 * The value under `key` in a map column value, or undefined. Safe for any key (it looks only
 * at the map's own properties: `"constructor"` or `"__proto__"` are keys like any other).
 *
 * @example
 * ```ts
 * import { ovsdbMapGet } from "ovskit";
 * ovsdbMapGet(row.external_ids as OvsdbMap, "stage-name"); // "ls_in_acl"
 * ```
 */
export function ovsdbMapGet(map: OvsdbMap, key: OvsdbAtom | string): OvsdbAtom | undefined {
  const k = typeof key === "string" ? key : ovsdbMapKey(key);
  return Object.hasOwn(map, k) ? map[k] : undefined;
}

/** Sets `map[key] = value`, also for the key `__proto__`. */
function setKey(map: Record<string, OvsdbAtom>, key: string, value: OvsdbAtom): void {
  if (key === "__proto__") Object.defineProperty(map, key, { value, enumerable: true, writable: true, configurable: true });
  else map[key] = value;
}

/** Equality of two atoms of one type. */
function sameAtom(a: OvsdbAtom | undefined, b: OvsdbAtom | undefined): boolean {
  if (typeof a === "object" && typeof b === "object") return a.uuid === b.uuid;
  return a === b;
}

/** A primitive that identifies an atom of a known type (for Set lookups). */
function atomKey(a: OvsdbAtom): string | number | bigint | boolean {
  return typeof a === "object" ? a.uuid : a;
}

/**
 * Decodes OVSDB JSON values for one database. UUID strings are interned (one string per UUID),
 * but each UUID atom is an object of its own. A value that does not fit its type is returned
 * as an {@link Invalid} (never thrown).
 *
 * @internal
 */
export class ValueDecoder {
  private readonly uuids = new Map<string, string>();

  /** A new UUID atom (any case in; lower-case out). */
  uuid(text: string): OvsdbUuid {
    let u = this.uuids.get(text);
    if (u === undefined) {
      u = text.toLowerCase();
      this.uuids.set(text, u);
    }
    return { uuid: u };
  }

  /** An atom of type `type` from its JSON. */
  atom(json: unknown, type: OvsdbAtomicType): OvsdbAtom | Invalid {
    switch (type) {
      case "string":
        if (typeof json === "string") return json;
        break;
      case "integer":
        if (typeof json === "number" && Number.isInteger(json)) return json;
        if (typeof json === "bigint") return json;
        break;
      case "real":
        if (typeof json === "number") return json;
        if (typeof json === "bigint") return Number(json);
        break;
      case "boolean":
        if (typeof json === "boolean") return json;
        break;
      case "uuid":
        if (Array.isArray(json) && json.length === 2 && json[0] === "uuid" && typeof json[1] === "string") {
          const known = this.uuids.get(json[1]); // a UUID seen before is valid
          if (known !== undefined) return { uuid: known };
          if (isUuidString(json[1])) return this.uuid(json[1]);
        }
        break;
    }
    return invalid(`expected ${type === "uuid" ? '["uuid", "<uuid>"]' : `a${type === "integer" ? "n" : ""} ${type}`}, got ${quoteJson(json)}`);
  }

  /**
   * A column value from its JSON. A scalar column accepts the bare atom or a one-element
   * `["set", [...]]`; a set also accepts a bare atom (one element); a map needs `["map", ...]`.
   * Sets and maps come out sorted; duplicate elements or keys are invalid.
   */
  value(json: unknown, type: OvsdbColumnType): OvsdbValue | Invalid {
    if (type.kind === "map") return this.map(json, type.key.type, (type.value as OvsdbBaseType).type);
    if (Array.isArray(json) && json.length === 2 && json[0] === "set") {
      const elems = json[1];
      if (!Array.isArray(elems)) return invalid(`expected ["set", [...]], got ${quoteJson(json)}`);
      if (type.kind === "atom") {
        if (elems.length !== 1) return invalid(`a scalar column needs exactly one value, got ${quoteJson(json)}`);
        return this.atom(elems[0], type.key.type);
      }
      const out: OvsdbAtom[] = [];
      for (const e of elems as unknown[]) {
        const a = this.atom(e, type.key.type);
        if (isInvalid(a)) return a;
        out.push(a);
      }
      return sortUnique(out, type.key.type);
    }
    const atom = this.atom(json, type.key.type);
    if (isInvalid(atom)) return atom;
    return type.kind === "atom" ? atom : [atom];
  }

  private map(json: unknown, keyType: OvsdbAtomicType, valueType: OvsdbAtomicType): OvsdbMap | Invalid {
    if (!Array.isArray(json) || json.length !== 2 || json[0] !== "map" || !Array.isArray(json[1])) {
      return invalid(`expected ["map", [[key, value], ...]], got ${quoteJson(json)}`);
    }
    const pairs: [OvsdbAtom, OvsdbAtom][] = [];
    let sorted = true;
    for (const pair of json[1] as unknown[]) {
      if (!Array.isArray(pair) || pair.length !== 2) return invalid(`expected a [key, value] pair, got ${quoteJson(pair)}`);
      const k = this.atom(pair[0], keyType);
      if (isInvalid(k)) return k;
      const v = this.atom(pair[1], valueType);
      if (isInvalid(v)) return v;
      if (sorted && pairs.length > 0 && compareOvsdbAtoms((pairs[pairs.length - 1] as [OvsdbAtom, OvsdbAtom])[0], k) >= 0) sorted = false;
      pairs.push([k, v]);
    }
    if (!sorted) pairs.sort((p, q) => compareOvsdbAtoms(p[0], q[0]));
    const out: Record<string, OvsdbAtom> = {};
    for (const [k, v] of pairs) {
      const text = ovsdbMapKey(k);
      if (Object.hasOwn(out, text)) return invalid(`map with ${keyType} keys has the key ${quoteJson(printAtom(k))} twice`);
      setKey(out, text, v);
    }
    return out;
  }

  /** The default value of a column type (RFC 7047: 0, 0.0, false, "", the all-zeros UUID; empty sets). */
  defaultValue(type: OvsdbColumnType): OvsdbValue {
    if (type.kind === "atom") return this.defaultAtom(type.key.type);
    if (type.kind === "map") {
      if (type.min === 0) return EMPTY_MAP;
      const m: Record<string, OvsdbAtom> = {};
      setKey(m, ovsdbMapKey(this.defaultAtom(type.key.type)), this.defaultAtom((type.value as OvsdbBaseType).type));
      return m;
    }
    return type.min > 0 ? [this.defaultAtom(type.key.type)] : EMPTY;
  }

  defaultAtom(type: OvsdbAtomicType): OvsdbAtom {
    switch (type) {
      case "integer":
      case "real":
        return 0;
      case "boolean":
        return false;
      case "string":
        return "";
      case "uuid":
        return this.uuid(ZERO_UUID);
    }
  }
}

/** The empty set and the empty map: frozen, shared by every row that has them. */
const EMPTY: readonly OvsdbAtom[] = Object.freeze([]);
const EMPTY_MAP: OvsdbMap = Object.freeze({});

/**
 * Orders atoms of one type as OVSDB does (numbers numerically, strings by code unit, false
 * before true, UUIDs by their text).
 *
 * @example
 * ```ts
 * import { compareOvsdbAtoms } from "ovskit";
 * ["b", "a"].sort(compareOvsdbAtoms); // ["a", "b"]
 * ```
 */
export function compareOvsdbAtoms(a: OvsdbAtom, b: OvsdbAtom): number {
  if (typeof a === "object") {
    const x = a.uuid;
    const y = (b as OvsdbUuid).uuid;
    return x < y ? -1 : x > y ? 1 : 0;
  }
  // numbers and bigints compare with each other; strings and booleans among themselves.
  return a < b ? -1 : a > b ? 1 : 0;
}

function sortUnique(atoms: OvsdbAtom[], type: OvsdbAtomicType): readonly OvsdbAtom[] | Invalid {
  if (atoms.length < 2) return atoms;
  atoms.sort(compareOvsdbAtoms);
  for (let i = 1; i < atoms.length; i++) {
    if (compareOvsdbAtoms(atoms[i - 1] as OvsdbAtom, atoms[i] as OvsdbAtom) === 0) {
      return invalid(`set of ${type} has the element ${quoteJson(printAtom(atoms[i] as OvsdbAtom))} twice`);
    }
  }
  return atoms;
}

/** A copy of a map with its keys in OVSDB order. */
function sortedMap(map: Record<string, OvsdbAtom>, keyType: OvsdbAtomicType): Record<string, OvsdbAtom> {
  const out: Record<string, OvsdbAtom> = {};
  for (const [k, v] of ovsdbMapEntries(map, keyType)) setKey(out, ovsdbMapKey(k), v);
  return out;
}

/**
 * Applies a column diff of an `_is_diff` transaction to a set or map value (OVSDB's
 * `ovsdb_datum_apply_diff`): a set diff is the symmetric difference (elements in the diff are
 * removed when present, added when absent); a map diff adds absent keys, changes keys whose
 * value differs and removes keys given with their current value. Returns a new value.
 *
 * @internal
 */
export function applyDiff(old: OvsdbValue, diff: OvsdbValue, type: OvsdbColumnType): OvsdbValue {
  if (type.kind === "map") {
    const out: Record<string, OvsdbAtom> = { ...(old as OvsdbMap) };
    const d = diff as OvsdbMap;
    let added = false;
    for (const k of Object.keys(d)) {
      const v = d[k] as OvsdbAtom;
      if (!Object.hasOwn(out, k)) {
        setKey(out, k, v);
        added = true;
      } else if (!sameAtom(out[k], v)) setKey(out, k, v);
      else delete out[k];
    }
    return added ? sortedMap(out, type.key.type) : out;
  }
  const oldAtoms = old as readonly OvsdbAtom[];
  const diffAtoms = diff as readonly OvsdbAtom[];
  const remove = new Set(diffAtoms.map(atomKey));
  const out = oldAtoms.filter((a) => !remove.has(atomKey(a)));
  const present = new Set(oldAtoms.map(atomKey));
  let added = false;
  for (const a of diffAtoms) {
    if (!present.has(atomKey(a))) {
      out.push(a);
      added = true;
    }
  }
  if (added) out.sort(compareOvsdbAtoms);
  return out;
}

/** An atom in OVSDB JSON notation. */
function printAtom(a: OvsdbAtom): unknown {
  return typeof a === "object" ? ["uuid", a.uuid] : a;
}

/**
 * An OVSDB value back in OVSDB JSON notation (RFC 7047 `<value>`): atoms as they are (UUIDs as
 * `["uuid", "…"]`, `bigint`s as `bigint`), sets as `["set", [...]]` (a one-element set as the
 * bare atom, as ovsdb-server prints it) and maps as `["map", [[k, v], ...]]`. Give the column
 * `type`: it says which objects are maps and what their keys are. Without it, an object that
 * {@link isOvsdbUuid} accepts is taken as a UUID and any other object as a map with string keys.
 *
 * @example
 * ```ts
 * import { ovsdbValueToJson } from "ovskit";
 * const type = db.schema.tables.Logical_Flow!.columns.external_ids!.type;
 * ovsdbValueToJson({ "stage-name": "ls_in_acl" }, type); // ["map", [["stage-name", "ls_in_acl"]]]
 * ```
 */
export function ovsdbValueToJson(value: OvsdbValue, type?: OvsdbColumnType): unknown {
  if (Array.isArray(value)) {
    const atoms = value as readonly OvsdbAtom[];
    return atoms.length === 1 ? printAtom(atoms[0] as OvsdbAtom) : ["set", atoms.map(printAtom)];
  }
  const isMap = type !== undefined ? type.kind === "map" : typeof value === "object" && !isOvsdbUuid(value);
  if (isMap) {
    const entries = ovsdbMapEntries(value as OvsdbMap, type ?? "string");
    return ["map", entries.map(([k, v]) => [printAtom(k), printAtom(v)])];
  }
  return printAtom(value as OvsdbAtom);
}
