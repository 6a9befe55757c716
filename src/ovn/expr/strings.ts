/**
 * OVN quoted strings: lexed and unescaped as JSON (`json_string_unescape` of OVS), printed
 * back with OVS's `json_string_escape`.
 *
 * @module
 */
import { owned, ownedSlice } from "../../core/strings.js";
import { hexDigit } from "../../core/values.js";

/** Result of {@link lexOvnString}: the end offset and the unescaped value or an error. */
export interface LexedString {
  readonly end: number;
  readonly value?: string;
  readonly error?: string;
}

const ESCAPES: Record<string, string> = { '"': '"', "\\": "\\", "/": "/", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t" };

/**
 * Lexes a double-quoted string at `p` and unescapes it as JSON, as OVN does.
 *
 * @internal
 * @example
 * ```ts
 * import { lexOvnString } from "./strings.js";
 * lexOvnString('inport == "lsp\\u0031"', 10); // { end: 21, value: "lsp1" }
 * ```
 */
export function lexOvnString(text: string, p: number): LexedString {
  let i = p + 1;
  let plain = true;
  for (;;) {
    if (i >= text.length) return { end: i, error: "input ends inside quoted string" };
    const c = text.charCodeAt(i);
    if (c === 34) break;
    if (c === 92) {
      plain = false;
      i++;
    }
    i++;
  }
  const end = i + 1;
  if (plain) return { end, value: ownedSlice(text, p + 1, i) };
  let out = "";
  for (let j = p + 1; j < i; j++) {
    const ch = text[j] as string;
    if (ch !== "\\") {
      out += ch;
      continue;
    }
    const e = text[++j] as string;
    if (e !== "u") {
      const r = ESCAPES[e];
      if (r === undefined) return { end, error: `bad escape \\${e}` };
      out += r;
      continue;
    }
    const c0 = hex4(text, j + 1, i);
    if (c0 < 0) return { end, error: j + 5 > i ? "quoted string ends within \\u escape" : "malformed \\u escape" };
    if (c0 === 0) return { end, error: "null bytes not supported in quoted strings" };
    j += 4;
    if (c0 >= 0xd800 && c0 <= 0xdbff) {
      const c1 = text[j + 1] === "\\" && text[j + 2] === "u" ? hex4(text, j + 3, i) : -1;
      if (c1 < 0) return { end, error: "malformed escaped surrogate pair" };
      if (c1 < 0xdc00 || c1 > 0xdfff) return { end, error: "second half of escaped surrogate pair is not trailing surrogate" };
      out += String.fromCharCode(c0, c1);
      j += 6;
    } else out += String.fromCharCode(c0);
  }
  return { end, value: owned(out) };
}

function hex4(text: string, start: number, limit: number): number {
  if (start + 4 > limit) return -1;
  let n = 0;
  for (let k = start; k < start + 4; k++) {
    const d = hexDigit(text.charCodeAt(k));
    if (d < 0) return -1;
    n = n * 16 + d;
  }
  return n;
}

/**
 * Prints a string as OVN does (`json_string_escape`): quoted, with `"`, `\` and control
 * characters escaped.
 *
 * @example
 * ```ts
 * import { formatOvnString } from "ovskit";
 * formatOvnString('say "hi"'); // "\"say \\\"hi\\\"\""
 * ```
 */
export function formatOvnString(s: string): string {
  if (!/["\\\u0000-\u001f]/.test(s)) return `"${s}"`;
  let out = '"';
  for (const ch of s) {
    const c = ch.charCodeAt(0);
    if (ch === '"' || ch === "\\") out += "\\" + ch;
    else if (c >= 32) out += ch;
    else if (c === 8) out += "\\b";
    else if (c === 9) out += "\\t";
    else if (c === 10) out += "\\n";
    else if (c === 12) out += "\\f";
    else if (c === 13) out += "\\r";
    else out += "\\u" + c.toString(16).padStart(4, "0");
  }
  return out + '"';
}
