/**
 * JSON text the way OVS writes it (lib/json.c `json_to_string`): compact by default, two-space
 * indentation with `--pretty`, object members sorted (`JSSF_SORT`, what the ctl tools use),
 * integers as `%lld`, reals as `%.15g` (so `1.0` prints as `1`), strings escaped as JSON does
 * (control characters as `\uXXXX` except `\b \t \n \f \r`; everything else, `/` and non-ASCII
 * included, as is).
 *
 * @module
 * @internal
 */
import { formatOvsdbAtom } from "../value-text.js";

/**
 * A JSON value with OVS's integer / real distinction.
 *
 * @internal
 */
export type OvsJson =
  | null
  | boolean
  | string
  | { readonly int: number | bigint }
  | { readonly real: number }
  | readonly OvsJson[]
  | { readonly obj: readonly (readonly [string, OvsJson])[] };

/**
 * A JSON string literal as OVS writes it.
 *
 * @internal
 */
export function ovsJsonString(s: string): string {
  // JSON.stringify escapes exactly what OVS escapes, but for lone surrogates (which cannot come
  // from UTF-8 input).
  return JSON.stringify(s);
}

function serialize(j: OvsJson, pretty: boolean, depth: number, out: string[]): void {
  if (j === null) out.push("null");
  else if (typeof j === "boolean") out.push(j ? "true" : "false");
  else if (typeof j === "string") out.push(ovsJsonString(j));
  else if (Array.isArray(j)) {
    const arr = j as readonly OvsJson[];
    out.push("[");
    if (arr.length > 0) {
      const inner = depth + 1;
      for (let i = 0; i < arr.length; i++) {
        if (i > 0) out.push(",");
        if (pretty) out.push("\n", "  ".repeat(inner));
        serialize(arr[i] as OvsJson, pretty, inner, out);
      }
    }
    out.push("]");
  } else if ("int" in j) out.push(String(j.int));
  else if ("real" in j) out.push(formatOvsdbAtom(j.real, "real"));
  else {
    const o = j as { readonly obj: readonly (readonly [string, OvsJson])[] };
    const members = [...o.obj].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    out.push("{");
    const inner = depth + 1;
    if (pretty) out.push("\n", "  ".repeat(inner));
    members.forEach(([k, v], i) => {
      if (i > 0) {
        out.push(",");
        if (pretty) out.push("\n", "  ".repeat(inner));
      }
      out.push(ovsJsonString(k), pretty ? ": " : ":");
      serialize(v, pretty, inner, out);
    });
    out.push("}");
  }
}

/**
 * `json_to_string(json, JSSF_SORT [| JSSF_PRETTY])`.
 *
 * @internal
 */
export function ovsJsonText(j: OvsJson, options: { readonly pretty?: boolean } = {}): string {
  const out: string[] = [];
  serialize(j, options.pretty === true, 0, out);
  return out.join("");
}
