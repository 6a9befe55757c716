/**
 * Reading OVSDB data typed on a command line (lib/ovsdb-data.c `ovsdb_token_parse`,
 * `ovsdb_atom_from_string`, `ovsdb_datum_from_string`): the values of `find` conditions and
 * the keys of `get COLUMN:KEY`, with the real tools' error messages.
 *
 * @module
 * @internal
 */
import type { OvsdbAtom, OvsdbBaseType, OvsdbColumnType } from "../types.js";
import { compareOvsdbAtoms } from "../values.js";
import { type Datum, atomToString, datumToString } from "./datum.js";

/**
 * A result or the message of what is wrong with the text.
 *
 * @internal
 */
export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const err = <T>(error: string): Parsed<T> => ({ ok: false, error });

const DELIMS = ":=, []{}!<>";

/**
 * Whether `c` ends a token (`ovsdb_token_is_delim`).
 *
 * @internal
 */
export function isTokenDelim(c: string): boolean {
  return c !== "" && DELIMS.includes(c);
}

/**
 * `ovsdb_token_parse`: a token of `s` from `pos` to the first unquoted, unescaped delimiter.
 * Backslashes escape the next character (and stay inside double quotes); quotes are kept.
 *
 * @internal
 */
export function parseToken(s: string, pos: number): Parsed<{ token: string; end: number }> {
  let out = "";
  let inQuotes = false;
  let p = pos;
  while (p < s.length) {
    const c = s[p++] as string;
    if (c === "\\") {
      if (inQuotes) out += "\\";
      if (p >= s.length) return err(`${s.slice(pos)}: backslash at end of argument`);
      out += s[p++] as string;
    } else if (!inQuotes && isTokenDelim(c)) {
      p--;
      break;
    } else {
      out += c;
      if (c === '"') inQuotes = !inQuotes;
    }
  }
  if (inQuotes) return err(`${s.slice(pos)}: quoted string extends past end of argument`);
  return ok({ token: out, end: p });
}

/** `json_string_unescape` of the text between the quotes. */
function unescapeJson(body: string): Parsed<string> {
  let out = "";
  for (let i = 0; i < body.length; i++) {
    const c = body[i] as string;
    if (c !== "\\") {
      out += c;
      continue;
    }
    const e = body[++i];
    if (e === undefined) return err("quoted string may not end with backslash");
    const simple: Record<string, string> = { '"': '"', "\\": "\\", "/": "/", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t" };
    if (Object.hasOwn(simple, e)) out += simple[e] as string;
    else if (e === "u") {
      const hex = body.slice(i + 1, i + 5);
      if (!/^[0-9a-fA-F]{4}$/.test(hex)) return err("malformed \\u escape");
      const code = Number.parseInt(hex, 16);
      if (code === 0) return err("null bytes not supported in quoted strings");
      out += String.fromCharCode(code);
      i += 4;
    } else return err(`bad escape \\${e}`);
  }
  return ok(out);
}

const INT = /^\s*[+-]?\d+$/;
const REAL = /^\s*[+-]?(?:\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?|inf(?:inity)?|nan)$/i;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

function toInt(s: string): number | bigint | undefined {
  if (!INT.test(s)) return undefined;
  const b = BigInt(s.trim());
  if (b < INT64_MIN || b > INT64_MAX) return undefined;
  const n = Number(b);
  return Number.isSafeInteger(n) ? n : b;
}

/** `ovsdb_atom_check_constraints` (UUID constraints are only checked on commit). */
function checkConstraints(atom: OvsdbAtom, base: OvsdbBaseType): string | undefined {
  const cv = "constraint violation: ";
  if (base.enum !== undefined && !base.enum.some((e) => compareOvsdbAtoms(e, atom) === 0)) {
    const valid = datumToString({ keys: [...base.enum].sort(compareOvsdbAtoms) }, { kind: "set", key: { type: base.type }, min: 0, max: Infinity });
    return `${cv}${atomToString(atom, base.type)} is not one of the allowed values (${valid})`;
  }
  if (base.type === "integer" || base.type === "real") {
    const isInt = base.type === "integer";
    const fmt = (x: number | bigint) => (isInt ? String(x) : atomToString(Number(x), "real"));
    const min = isInt ? base.minInteger : base.minReal;
    const max = isInt ? base.maxInteger : base.maxReal;
    const v = atom as number | bigint;
    const below = min !== undefined && v < min;
    const above = max !== undefined && v > max;
    if (!below && !above) return undefined;
    if (min !== undefined && max !== undefined) return `${cv}${fmt(v)} is not in the valid range ${fmt(min)} to ${fmt(max)} (inclusive)`;
    if (min !== undefined) return `${cv}${fmt(v)} is less than minimum allowed value ${fmt(min)}`;
    return `${cv}${fmt(v)} is greater than maximum allowed value ${fmt(max as number | bigint)}`;
  }
  if (base.type === "string") {
    const s = atom as string;
    const n = [...s].length;
    if (base.minLength !== undefined && n < base.minLength) return `${cv}"${s}" length ${n} is less than minimum allowed length ${base.minLength}`;
    if (base.maxLength !== undefined && n > base.maxLength) return `${cv}"${s}" length ${n} is greater than maximum allowed length ${base.maxLength}`;
  }
  return undefined;
}

/**
 * `ovsdb_atom_from_string`: an atom of `base`'s type from its text (a JSON string when it starts
 * with `"`, `true`/`yes`/`on`/`1` for booleans, ...), checked against the type's constraints.
 * With `ranges`, integers may be written `A-B` (a range of values).
 *
 * @internal
 */
export function atomFromString(base: OvsdbBaseType, s: string, ranges = false): Parsed<readonly OvsdbAtom[]> {
  let atoms: OvsdbAtom[];
  switch (base.type) {
    case "integer": {
      const r = ranges ? /^(\s*[+-]?\d+)-([+-]?\d+)$/.exec(s) : null;
      if (r !== null) {
        const a = toInt(r[1] as string);
        const b = toInt(r[2] as string);
        if (a === undefined || b === undefined) return err(`"${s}" is not a valid integer or range`);
        if (b < a) return err(`"${s}" is not a valid range. Range end cannot be before start.`);
        if (BigInt(b) - BigInt(a) >= 4096n) return err(`constraint violation: Range "${a}-${b}" is too big. Maximum allowed size is 4096.`);
        atoms = [];
        for (let x = BigInt(a); x <= BigInt(b); x++) atoms.push(Number.isSafeInteger(Number(x)) ? Number(x) : x);
      } else {
        const v = toInt(s);
        if (v === undefined) return err(`"${s}" is not a valid integer or range`);
        atoms = [v];
      }
      break;
    }
    case "real":
      if (!REAL.test(s)) return err(`"${s}" is not a valid real number`);
      atoms = [Number(s.trim().replace(/^([+-]?)inf(inity)?$/i, "$1Infinity")) || 0];
      break;
    case "boolean":
      if (["true", "yes", "on", "1"].includes(s)) atoms = [true];
      else if (["false", "no", "off", "0"].includes(s)) atoms = [false];
      else return err(`"${s}" is not a valid boolean (use "true" or "false")`);
      break;
    case "string":
      if (s === "") return err('An empty string is not valid as input; use "" to represent the empty string');
      if (s.startsWith('"')) {
        if (s.length < 2 || !s.endsWith('"')) return err(`${s}: missing quote at end of quoted string`);
        const u = unescapeJson(s.slice(1, -1));
        if (!u.ok) return err(`${s}: ${u.error}`);
        atoms = [u.value];
      } else atoms = [s];
      break;
    case "uuid":
      if (s.startsWith("@")) return err(`"${s}": named UUIDs (@name) refer to rows made in the same transaction; there are none in a read-only query`);
      if (!/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/.test(s)) return err(`"${s}" is not a valid UUID`);
      atoms = [{ uuid: s.toLowerCase() }];
      break;
  }
  for (const a of atoms) {
    const e = checkConstraints(a, base);
    if (e !== undefined) return err(e);
  }
  return ok(atoms);
}

function skipSpaces(s: string, p: number): number {
  while (p < s.length && /\s/.test(s[p] as string)) p++;
  return p;
}

/** `ovsdb_type_to_english`. */
function english(type: OvsdbColumnType): string {
  const k = type.key.type;
  if (type.kind !== "map" && type.min === 1 && type.max === 1) return k;
  let s = type.kind === "map" ? "map" : "set";
  if (type.max === Infinity) s += type.min > 0 ? ` of ${type.min} or more` : " of";
  else if (type.min > 0) s += ` of ${type.min} to ${type.max}`;
  else s += ` of up to ${type.max}`;
  return type.kind === "map" ? `${s} (${k}, ${type.value?.type ?? "string"}) pairs` : `${s} ${k}s`;
}

/** `%u` of a count limit (`UINT_MAX` for unlimited). */
const count = (n: number): string => (n === Infinity ? "4294967295" : String(n));

/**
 * `ovsdb_datum_from_string`: a datum of `type` from atoms separated by spaces or commas (maps:
 * `k=v` pairs), optionally in `[...]` / `{...}` (required when empty), with the count checked
 * against the type's minimum and maximum.
 *
 * @internal
 */
export function datumFromString(type: OvsdbColumnType, s: string): Parsed<Datum> {
  const isMap = type.kind === "map";
  let p = skipSpaces(s, 0);
  let end = "";
  if (s[p] === (isMap ? "{" : "[")) {
    end = isMap ? "}" : "]";
    p = skipSpaces(s, p + 1);
  } else if (p >= s.length) return err(isMap ? 'use "{}" to specify the empty map' : 'use "[]" to specify the empty set');
  const pairs: [OvsdbAtom, OvsdbAtom | undefined][] = [];
  while (p < s.length && s[p] !== end) {
    const c = s[p] as string;
    if (isTokenDelim(c)) return err(`${s}: unexpected "${c}" parsing ${english(type)}`);
    const start = p;
    const kt = parseToken(s, p);
    if (!kt.ok) return kt;
    const keys = atomFromString(type.key, kt.value.token, true);
    if (!keys.ok) return keys;
    p = kt.value.end;
    let value: OvsdbAtom | undefined;
    if (isMap) {
      p = skipSpaces(s, p);
      if (s[p] !== "=") return err(`${s.slice(start)}: syntax error at "${s[p] ?? ""}" expecting "="`);
      p = skipSpaces(s, p + 1);
      const vt = parseToken(s, p);
      if (!vt.ok) return vt;
      const v = atomFromString(type.value ?? { type: "string" }, vt.value.token);
      if (!v.ok) return v;
      value = v.value[0];
      p = vt.value.end;
    }
    for (const k of keys.value) pairs.push([k, value]);
    p = skipSpaces(s, p);
    if (s[p] === ",") p = skipSpaces(s, p + 1);
  }
  if ((p < s.length ? (s[p] as string) : "") !== end) return err(`${s}: missing "${end}" at end of data`);
  if (end !== "" && skipSpaces(s, p + 1) < s.length) return err(`${s}: trailing garbage after "${end}"`);
  const what = isMap ? "pair(s)" : "value(s)";
  if (pairs.length < type.min) return err(`${s}: ${pairs.length} ${what} specified but the minimum number is ${count(type.min)}`);
  if (pairs.length > type.max) return err(`${s}: ${pairs.length} ${what} specified but the maximum number is ${count(type.max)}`);
  pairs.sort((a, b) => compareOvsdbAtoms(a[0], b[0]));
  for (let i = 1; i < pairs.length; i++) {
    if (compareOvsdbAtoms((pairs[i - 1] as [OvsdbAtom, unknown])[0], (pairs[i] as [OvsdbAtom, unknown])[0]) === 0) {
      return err(isMap ? `${s}: map contains duplicate key` : `${s}: set contains duplicate value`);
    }
  }
  return ok(isMap ? { keys: pairs.map((x) => x[0]), values: pairs.map((x) => x[1] as OvsdbAtom) } : { keys: pairs.map((x) => x[0]) });
}
