/**
 * Parsing `ovs-vsctl list TABLE` output: records separated by blank lines, one
 * `column : value` line per column, values in OVSDB's text syntax (atoms, `[sets]`,
 * `{maps}`, quoted strings with escapes).
 *
 * @module
 */
import { OvsParseError } from "../core/parse-error.js";

/** A column value: an atom (quotes removed), a set of atoms, or a map. */
export type VsctlValue = string | readonly string[] | Readonly<Record<string, string>>;

/** One record: column name to value. */
export type VsctlRecord = Readonly<Record<string, VsctlValue>>;

/**
 * Parses the output of `ovs-vsctl list TABLE [RECORD...]`. Throws an {@link OvsParseError} (with
 * line and column) on a line that is not `column : value` or a value that does not parse.
 *
 * @example
 * ```ts
 * import { parseVsctlList } from "ovskit";
 * const [row] = parseVsctlList('_uuid               : 94d4cd70-bd03-4df7-b1b6-f57f74cb18eb\ntargets             : ["127.0.0.1:2055"]\n');
 * row?.targets; // ["127.0.0.1:2055"]
 * ```
 */
export function parseVsctlList(text: string): VsctlRecord[] {
  const out: VsctlRecord[] = [];
  let cur: Record<string, VsctlValue> | undefined;
  text.split("\n").forEach((line, i) => {
    if (line.trim() === "") {
      cur = undefined;
      return;
    }
    const colon = line.indexOf(":");
    if (colon < 0) throw new OvsParseError("syntax", 'expected "column : value"', line, 0, i + 1);
    const key = line.slice(0, colon).trim();
    let at = colon + 1;
    while (line[at] === " ") at++;
    if (cur === undefined) {
      cur = {};
      out.push(cur);
    }
    try {
      define(cur, key, parseVsctlValue(line.slice(at)));
    } catch (e) {
      if (e instanceof OvsParseError) throw new OvsParseError(e.code, e.reason, line, at + e.column - 1, i + 1);
      throw e;
    }
  });
  return out;
}

/**
 * Parses one value in ovs-vsctl's text syntax.
 *
 * @example
 * ```ts
 * import { parseVsctlValue } from "ovskit";
 * parseVsctlValue('{enable-tunnel-sampling="true", foo=bar}'); // { "enable-tunnel-sampling": "true", foo: "bar" }
 * parseVsctlValue("[]"); // []
 * ```
 */
export function parseVsctlValue(text: string): VsctlValue {
  const p = { s: text.trimEnd(), i: 0 };
  let v: VsctlValue;
  if (p.s[0] === "[") v = parseSet(p);
  else if (p.s[0] === "{") v = parseMap(p);
  else v = atom(p);
  if (p.i < p.s.length) throw new OvsParseError("syntax", "unexpected text after the value", p.s, p.i);
  return v;
}

interface Cursor {
  s: string;
  i: number;
}

function parseSet(p: Cursor): string[] {
  p.i++;
  const out: string[] = [];
  skipSpaces(p);
  if (p.s[p.i] === "]") {
    p.i++;
    return out;
  }
  for (;;) {
    out.push(atom(p));
    skipSpaces(p);
    const c = p.s[p.i++];
    if (c === "]") return out;
    if (c !== ",") throw new OvsParseError(c === undefined ? "unbalanced" : "syntax", 'expected "," or "]"', p.s, p.i - 1);
    skipSpaces(p);
  }
}

function parseMap(p: Cursor): Record<string, string> {
  p.i++;
  const out: Record<string, string> = {};
  skipSpaces(p);
  if (p.s[p.i] === "}") {
    p.i++;
    return out;
  }
  for (;;) {
    const k = atom(p);
    if (p.s[p.i++] !== "=") throw new OvsParseError("syntax", 'expected "=" in a map', p.s, p.i - 1);
    define(out, k, atom(p));
    skipSpaces(p);
    const c = p.s[p.i++];
    if (c === "}") return out;
    if (c !== ",") throw new OvsParseError(c === undefined ? "unbalanced" : "syntax", 'expected "," or "}"', p.s, p.i - 1);
    skipSpaces(p);
  }
}

function atom(p: Cursor): string {
  if (p.s[p.i] === '"') {
    const start = p.i;
    let out = "";
    for (p.i++; p.i < p.s.length; p.i++) {
      const c = p.s[p.i];
      if (c === '"') {
        p.i++;
        return out;
      }
      if (c === "\\") {
        const n = p.s[++p.i];
        out += n === "n" ? "\n" : n === "t" ? "\t" : n === "r" ? "\r" : (n ?? "");
      } else out += c;
    }
    throw new OvsParseError("unbalanced", "unterminated string", p.s, start);
  }
  const start = p.i;
  while (p.i < p.s.length && !",]}= ".includes(p.s[p.i] ?? "")) p.i++;
  if (p.i === start) {
    if (p.i >= p.s.length) throw new OvsParseError("unbalanced", "the value ends too early", p.s, p.i);
    throw new OvsParseError("syntax", "expected a value", p.s, p.i);
  }
  return p.s.slice(start, p.i);
}

function skipSpaces(p: Cursor): void {
  while (p.s[p.i] === " ") p.i++;
}

/** Sets an own property, also for the name `__proto__` (an assignment would change the prototype). */
function define<T>(o: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true });
}
