/**
 * OVSDB values in database files: decoding atoms, sets and maps from their JSON notation
 * (RFC 7047 section 5.1), default values, column diffs, and printing back to JSON notation.
 *
 * @module
 */
import { bad, quoteJson } from "./signals.js";
import type { OvsdbAtom, OvsdbAtomicType, OvsdbBaseType, OvsdbColumnType, OvsdbUuid, OvsdbValue } from "./types.js";

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
 * True when an OVSDB atom is a UUID.
 *
 * @example
 * ```ts
 * import { isOvsdbUuid } from "ovskit";
 * const dp = row.logical_datapath;
 * if (Array.isArray(dp) && dp.length === 1 && isOvsdbUuid(dp[0])) console.log(dp[0].uuid);
 * ```
 */
export function isOvsdbUuid(v: unknown): v is OvsdbUuid {
  return typeof v === "object" && v !== null && !Array.isArray(v) && !(v instanceof Map) && typeof (v as { uuid?: unknown }).uuid === "string";
}

/**
 * Decodes OVSDB JSON values for one database: UUID atoms are interned (one frozen object per
 * UUID), so that atoms compare with `===`.
 *
 * @internal
 */
export class ValueDecoder {
  private readonly uuids = new Map<string, OvsdbUuid>();

  /** The shared atom of a UUID (any case; stored lower-case). */
  uuid(text: string): OvsdbUuid {
    let u = this.uuids.get(text);
    if (u === undefined) {
      const lower = text.toLowerCase();
      u = this.uuids.get(lower);
      if (u === undefined) {
        u = Object.freeze({ uuid: lower });
        this.uuids.set(lower, u);
      }
      this.uuids.set(text, u);
    }
    return u;
  }

  /** An atom of type `type` from its JSON. */
  atom(json: unknown, type: OvsdbAtomicType): OvsdbAtom {
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
        if (Array.isArray(json) && json.length === 2 && json[0] === "uuid" && typeof json[1] === "string" && isUuidString(json[1])) {
          return this.uuid(json[1]);
        }
        break;
    }
    return bad(`expected ${type === "uuid" ? '["uuid", "<uuid>"]' : `a${type === "integer" ? "n" : ""} ${type}`}, got ${quoteJson(json)}`);
  }

  /**
   * A column value from its JSON. A scalar column accepts the bare atom or a one-element
   * `["set", [...]]`; a set also accepts a bare atom (one element); a map needs `["map", ...]`.
   * Sets and maps come out sorted; duplicate elements or keys are an error.
   */
  value(json: unknown, type: OvsdbColumnType): OvsdbValue {
    if (type.kind === "map") return this.map(json, type.key.type, (type.value as OvsdbBaseType).type);
    if (Array.isArray(json) && json.length === 2 && json[0] === "set") {
      const elems = json[1];
      if (!Array.isArray(elems)) return bad(`expected ["set", [...]], got ${quoteJson(json)}`);
      if (type.kind === "atom") {
        if (elems.length !== 1) return bad(`a scalar column needs exactly one value, got ${quoteJson(json)}`);
        return this.atom(elems[0], type.key.type);
      }
      const out = elems.map((e) => this.atom(e, type.key.type));
      return sortUnique(out, type.key.type);
    }
    const atom = this.atom(json, type.key.type);
    return type.kind === "atom" ? atom : [atom];
  }

  private map(json: unknown, keyType: OvsdbAtomicType, valueType: OvsdbAtomicType): ReadonlyMap<OvsdbAtom, OvsdbAtom> {
    if (!Array.isArray(json) || json.length !== 2 || json[0] !== "map" || !Array.isArray(json[1])) {
      return bad(`expected ["map", [[key, value], ...]], got ${quoteJson(json)}`);
    }
    const pairs: [OvsdbAtom, OvsdbAtom][] = [];
    for (const pair of json[1] as unknown[]) {
      if (!Array.isArray(pair) || pair.length !== 2) return bad(`expected a [key, value] pair, got ${quoteJson(pair)}`);
      pairs.push([this.atom(pair[0], keyType), this.atom(pair[1], valueType)]);
    }
    return sortedMap(pairs, keyType);
  }

  /** The default value of a column type (RFC 7047: 0, 0.0, false, "", the all-zeros UUID; empty sets). */
  defaultValue(type: OvsdbColumnType): OvsdbValue {
    if (type.kind === "atom") return this.defaultAtom(type.key.type);
    if (type.kind === "map") {
      const m = new Map<OvsdbAtom, OvsdbAtom>();
      if (type.min > 0) m.set(this.defaultAtom(type.key.type), this.defaultAtom((type.value as OvsdbBaseType).type));
      return m;
    }
    return type.min > 0 ? Object.freeze([this.defaultAtom(type.key.type)]) : EMPTY;
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

const EMPTY: readonly OvsdbAtom[] = Object.freeze([]);

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

function sortUnique(atoms: OvsdbAtom[], type: OvsdbAtomicType): readonly OvsdbAtom[] {
  if (atoms.length < 2) return atoms;
  atoms.sort(compareOvsdbAtoms);
  for (let i = 1; i < atoms.length; i++) {
    if (compareOvsdbAtoms(atoms[i - 1] as OvsdbAtom, atoms[i] as OvsdbAtom) === 0) {
      return bad(`set of ${type} has the element ${quoteJson(printAtom(atoms[i] as OvsdbAtom))} twice`);
    }
  }
  return atoms;
}

function sortedMap(pairs: [OvsdbAtom, OvsdbAtom][], keyType: OvsdbAtomicType): ReadonlyMap<OvsdbAtom, OvsdbAtom> {
  pairs.sort((p, q) => compareOvsdbAtoms(p[0], q[0]));
  for (let i = 1; i < pairs.length; i++) {
    if (compareOvsdbAtoms((pairs[i - 1] as [OvsdbAtom, OvsdbAtom])[0], (pairs[i] as [OvsdbAtom, OvsdbAtom])[0]) === 0) {
      return bad(`map with ${keyType} keys has the key ${quoteJson(printAtom((pairs[i] as [OvsdbAtom, OvsdbAtom])[0]))} twice`);
    }
  }
  return new Map(pairs);
}

/**
 * Applies a column diff of an `_is_diff` transaction to a set or map value (OVSDB's
 * `ovsdb_datum_apply_diff`): a set diff is the symmetric difference (elements in the diff are
 * removed when present, added when absent); a map diff adds absent keys, changes keys whose
 * value differs and removes keys given with their current value.
 *
 * @internal
 */
export function applyDiff(old: OvsdbValue, diff: OvsdbValue, type: OvsdbColumnType): OvsdbValue {
  if (type.kind === "map") {
    const out = new Map(old as ReadonlyMap<OvsdbAtom, OvsdbAtom>);
    let added = false;
    for (const [k, v] of diff as ReadonlyMap<OvsdbAtom, OvsdbAtom>) {
      if (!out.has(k)) {
        out.set(k, v);
        added = true;
      } else if (out.get(k) !== v) out.set(k, v);
      else out.delete(k);
    }
    return added ? new Map([...out].sort((p, q) => compareOvsdbAtoms(p[0], q[0]))) : out;
  }
  const oldAtoms = old as readonly OvsdbAtom[];
  const diffAtoms = diff as readonly OvsdbAtom[];
  const remove = new Set(diffAtoms);
  const out = oldAtoms.filter((a) => !remove.has(a));
  const present = new Set(oldAtoms);
  let added = false;
  for (const a of diffAtoms) {
    if (!present.has(a)) {
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
 * bare atom, as ovsdb-server prints it) and maps as `["map", [[k, v], ...]]`.
 *
 * @example
 * ```ts
 * import { ovsdbValueToJson } from "ovskit";
 * ovsdbValueToJson(new Map([["stage-name", "ls_in_acl"]])); // ["map", [["stage-name", "ls_in_acl"]]]
 * ```
 */
export function ovsdbValueToJson(value: OvsdbValue): unknown {
  if (value instanceof Map) return ["map", [...(value as ReadonlyMap<OvsdbAtom, OvsdbAtom>)].map(([k, v]) => [printAtom(k), printAtom(v)])];
  if (Array.isArray(value)) {
    const atoms = value as readonly OvsdbAtom[];
    return atoms.length === 1 ? printAtom(atoms[0] as OvsdbAtom) : ["set", atoms.map(printAtom)];
  }
  return printAtom(value as OvsdbAtom);
}
