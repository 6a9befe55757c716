/**
 * Python's `%s` rendering of OVSDB column values as the Python IDL gives them (what
 * `ovn-detrace` prints): scalar columns as the value, optional and set columns as lists,
 * maps as dicts, in the IDL's sorted order.
 *
 * @module
 */
import type { OvsdbAtom, OvsdbColumnType, OvsdbMap, OvsdbValue } from "../ovsdb/types.js";
import { isOvsdbUuid, ovsdbMapEntries } from "../ovsdb/values.js";

/**
 * Python `repr()` of a string.
 *
 * @internal
 * @example
 * ```ts
 * import { pyStr } from "./py-repr.js";
 * pyStr("tcp"); // "'tcp'"
 * ```
 */
export function pyStr(s: string): string {
  const q = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = q;
  for (const ch of s) {
    const c = ch.codePointAt(0) as number;
    if (ch === "\\" || ch === q) out += "\\" + ch;
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else if (c < 32 || c === 127) out += "\\x" + c.toString(16).padStart(2, "0");
    else out += ch;
  }
  return out + q;
}

function atomRepr(a: OvsdbAtom): string {
  if (typeof a === "string") return pyStr(a);
  if (typeof a === "boolean") return a ? "True" : "False";
  if (typeof a === "object") return a.uuid;
  return String(a);
}

function atomStr(a: OvsdbAtom): string {
  return typeof a === "string" ? a : atomRepr(a);
}

function cmp(a: OvsdbAtom, b: OvsdbAtom): number {
  const x = typeof a === "object" ? a.uuid : a;
  const y = typeof b === "object" ? b.uuid : b;
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * What Python's `'%s' % row.column` prints for a column value of the given type.
 *
 * @internal
 * @example
 * ```ts
 * import { pyColumn } from "./py-repr.js";
 * pyColumn(["tcp"], { kind: "set", key: { type: "string" }, min: 0, max: 1 }); // "['tcp']"
 * ```
 */
export function pyColumn(v: OvsdbValue | undefined, type: OvsdbColumnType | undefined): string {
  if (v === undefined) return type?.kind === "map" ? "{}" : type?.kind === "set" ? "[]" : "None";
  if (type?.kind === "map" || (type === undefined && typeof v === "object" && !Array.isArray(v) && !isOvsdbUuid(v))) {
    const entries = ovsdbMapEntries(v as OvsdbMap, type ?? "string").sort((a, b) => cmp(a[0], b[0]));
    return "{" + entries.map(([k, x]) => `${atomRepr(k)}: ${atomRepr(x)}`).join(", ") + "}";
  }
  if (Array.isArray(v)) return "[" + [...(v as OvsdbAtom[])].sort(cmp).map(atomRepr).join(", ") + "]";
  if (type?.kind === "set") return "[" + atomRepr(v as OvsdbAtom) + "]";
  return atomStr(v as OvsdbAtom);
}
