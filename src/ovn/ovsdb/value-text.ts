/**
 * OVSDB values as text, the way the OVS tools print them with `--data=string` (the default of
 * `ovs-vsctl list`, `ovn-nbctl list`, `ovsdb-client dump`): `lib/ovsdb-data.c`'s
 * `ovsdb_atom_to_string` and `ovsdb_datum_to_string`.
 *
 * @module
 */
import type { OvsdbAtom, OvsdbAtomicType, OvsdbColumnType, OvsdbMap, OvsdbValue } from "./types.js";
import { isUuidString, ovsdbMapEntries } from "./values.js";

/**
 * Whether ovsdb_atom_to_string quotes a string: unless it starts with a letter or `_` and has
 * only letters, digits, `_`, `-` and `.`, and is not `true`, `false` or a UUID.
 */
function needsQuotes(s: string): boolean {
  if (!/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(s)) return true;
  return s === "true" || s === "false" || isUuidString(s);
}

/** C's `%.15g` (DBL_DIG significant digits, trailing zeros dropped). */
function formatReal(x: number): string {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? "nan" : x > 0 ? "inf" : "-inf";
  if (x === 0) return Object.is(x, -0) ? "-0" : "0";
  const exp = Math.floor(Math.log10(Math.abs(x)));
  const fixed = (s: string) => (s.includes(".") ? s.replace(/\.?0+$/, "") : s);
  if (exp < -4 || exp >= 15) {
    const [mantissa, e] = x.toExponential(14).split("e") as [string, string];
    const n = Number(e);
    return `${fixed(mantissa)}e${n < 0 ? "-" : "+"}${String(Math.abs(n)).padStart(2, "0")}`;
  }
  return fixed(x.toFixed(Math.max(0, 14 - exp)));
}

/**
 * One atom as the OVS tools print it (`--data=string`): integers in decimal, reals as `%.15g`,
 * `true` / `false`, UUIDs bare, strings bare when they are a simple word and JSON-quoted
 * otherwise.
 *
 * @example
 * ```ts
 * import { formatOvsdbAtom } from "ovskit";
 * formatOvsdbAtom("ls_in_acl", "string"); // ls_in_acl
 * formatOvsdbAtom("10.0.0.1", "string"); // "10.0.0.1"
 * ```
 */
export function formatOvsdbAtom(atom: OvsdbAtom, type: OvsdbAtomicType): string {
  switch (type) {
    case "string": {
      const s = String(atom);
      return needsQuotes(s) ? JSON.stringify(s) : s;
    }
    case "real":
      return formatReal(Number(atom));
    case "uuid":
      return typeof atom === "object" ? atom.uuid : String(atom);
    default:
      return String(atom);
  }
}

/**
 * A column value as the OVS tools print it with `--data=string`: a scalar as its atom; a set
 * as `[a, b]` (a column of at most one value as the bare atom when it has one); a map as
 * `{k=v, ...}`; empty ones as `[]` and `{}`. Elements and keys come in OVSDB's order.
 *
 * @example
 * ```ts
 * import { formatOvsdbValue, readOvsdbFile } from "ovskit";
 * const db = readOvsdbFile(bytes);
 * const type = db.schema.tables.Logical_Switch_Port!.columns.addresses!.type;
 * formatOvsdbValue(["0a:58:0a:f4:01:63 10.244.1.99"], type); // ["0a:58:0a:f4:01:63 10.244.1.99"]
 * ```
 */
export function formatOvsdbValue(value: OvsdbValue, type: OvsdbColumnType): string {
  const key = type.key.type;
  if (type.kind === "map") {
    const valueType = type.value?.type ?? "string";
    const pairs = ovsdbMapEntries(value as OvsdbMap, type).map(([k, v]) => `${formatOvsdbAtom(k, key)}=${formatOvsdbAtom(v, valueType)}`);
    return `{${pairs.join(", ")}}`;
  }
  const atoms = Array.isArray(value) ? (value as readonly OvsdbAtom[]) : [value as OvsdbAtom];
  const text = atoms.map((a) => formatOvsdbAtom(a, key)).join(", ");
  return type.max > 1 || atoms.length === 0 ? `[${text}]` : text;
}
