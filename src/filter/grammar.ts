/**
 * The grammar of the filter language: a hand-written scanner and recursive descent, one pass
 * over the characters (linear time), nesting bounded by {@link FILTER_MAX_DEPTH}.
 *
 * ```text
 * filter  := ws or ws EOF
 * or      := and ( ws ("||" | "or") ws and )*
 * and     := unary ( ws ("&&" | "and") ws unary )*
 * unary   := ("!" | "not") ws unary | "(" ws or ws ")" | cmp
 * cmp     := key ( ws op ws value )?
 * key     := word ( "." word )*            word = [A-Za-z_][A-Za-z0-9_-]*
 * op      := "~=" | "!=" | "<=" | ">=" | "=" | "<" | ">"
 * value   := '"' chars '"' | "'" chars "'" | bare     bare = [^\s()"'&|!<>=~]+
 * ```
 *
 * `and`, `or` and `not` are keywords only as whole words; in a quoted value a backslash
 * escapes the next character.
 *
 * @module
 */
import type { FilterComparison, FilterExpr, FilterOp } from "./ast.js";
import { internSlice } from "../core/intern.js";
import { FilterError } from "./error.js";

/**
 * How deep parentheses and negations (`!`, `not`) may nest in a filter: deeper is a
 * {@link FilterError} with code `too-deep` at the `(` or `!` that goes over.
 *
 * @example
 * ```ts
 * import { FILTER_MAX_DEPTH, parseFilter } from "ovskit";
 * parseFilter("(".repeat(FILTER_MAX_DEPTH) + "ip" + ")".repeat(FILTER_MAX_DEPTH)); // fine
 * ```
 */
export const FILTER_MAX_DEPTH = 100;

/** `\s` of a JavaScript regular expression. */
function isSpace(c: number): boolean {
  if (c <= 32) return c === 32 || (c >= 9 && c <= 13);
  if (c < 160) return false;
  return c === 160 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

function isWordStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
}

function isWordChar(c: number): boolean {
  return isWordStart(c) || (c >= 48 && c <= 57) || c === 45;
}

/** Characters that end a bare value: space, `( ) " ' & | ! < > = ~`. */
function endsBare(c: number): boolean {
  switch (c) {
    case 40:
    case 41:
    case 34:
    case 39:
    case 38:
    case 124:
    case 33:
    case 60:
    case 62:
    case 61:
    case 126:
      return true;
    default:
      return isSpace(c);
  }
}

/** The one parse of one expression: a cursor and the furthest failure seen (for the message). */
/** The interned segments of the dotted key `s[start, end)` (`dots` dots), in an exact-size array. */
function pathOf(s: string, start: number, end: number, dots: number): string[] {
  const path = new Array<string>(dots + 1);
  let from = start;
  for (let k = 0; k < dots; k++) {
    const dot = s.indexOf(".", from);
    path[k] = internSlice(s, from, dot);
    from = dot + 1;
  }
  path[dots] = internSlice(s, from, end);
  return path;
}

function parser(s: string) {
  const n = s.length;
  let pos = 0;
  let failAt = -1;
  const failures: string[] = [];

  const expect = (at: number, what: string): void => {
    if (at > failAt) {
      failAt = at;
      failures.length = 0;
      failures.push(what);
    } else if (at === failAt && !failures.includes(what)) failures.push(what);
  };

  const fail = (): never => {
    const offset = failAt;
    const expected = [...failures].sort();
    let found = "end of filter";
    if (offset < n) {
      let e = offset;
      while (e < n && e < offset + 12 && s.charCodeAt(e) !== 10 && s.charCodeAt(e) !== 13) e++;
      found = `"${s.slice(offset, e)}"`;
    }
    throw new FilterError("syntax", `expected ${expected.join(", ")} but found ${found}`, s, offset, { expected });
  };

  const ws = (): void => {
    while (pos < n && isSpace(s.charCodeAt(pos))) pos++;
  };

  /** A keyword as a whole word at `pos`. */
  const word = (w: string): boolean => {
    if (!s.startsWith(w, pos)) return false;
    const c = s.charCodeAt(pos + w.length);
    return !(isWordChar(c) || c === 46);
  };

  /** `&&` / `and` (or `||` / `or`) after optional spaces: consumed when present. */
  const junction = (sym: string, kw: string): boolean => {
    const save = pos;
    ws();
    if (s.startsWith(sym, pos)) pos += 2;
    else if (word(kw)) pos += kw.length;
    else {
      expect(pos, sym);
      expect(pos, kw);
      pos = save;
      return false;
    }
    ws();
    return true;
  };

  const or = (depth: number): FilterExpr => {
    const first = and(depth);
    if (!junction("||", "or")) return first;
    const exprs = [first];
    do exprs.push(and(depth));
    while (junction("||", "or"));
    return { kind: "or", exprs: exprs.slice() };
  };

  const and = (depth: number): FilterExpr => {
    const first = unary(depth);
    if (!junction("&&", "and")) return first;
    const exprs = [first];
    do exprs.push(unary(depth));
    while (junction("&&", "and"));
    return { kind: "and", exprs: exprs.slice() };
  };

  const deeper = (depth: number): number => {
    if (depth >= FILTER_MAX_DEPTH) {
      throw new FilterError("too-deep", `parentheses and negations nested more than ${FILTER_MAX_DEPTH} deep`, s, pos);
    }
    return depth + 1;
  };

  const unary = (depth: number): FilterExpr => {
    const c = s.charCodeAt(pos);
    if (c === 33 /* ! */ || word("not")) {
      const d = deeper(depth);
      pos += c === 33 ? 1 : 3;
      ws();
      return { kind: "not", expr: unary(d) };
    }
    if (c === 40 /* ( */) {
      const d = deeper(depth);
      pos++;
      ws();
      const e = or(d);
      ws();
      if (s.charCodeAt(pos) !== 41) {
        expect(pos, ")");
        fail();
      }
      pos++;
      return e;
    }
    return cmp();
  };

  const cmp = (): FilterComparison => {
    const at = pos;
    let i = pos;
    let dots = 0;
    for (;;) {
      if (!isWordStart(s.charCodeAt(i))) break;
      i++;
      while (i < n && isWordChar(s.charCodeAt(i))) i++;
      if (s.charCodeAt(i) !== 46 || !isWordStart(s.charCodeAt(i + 1))) break;
      dots++;
      i++;
    }
    // Keys are interned (one copy of `ip` for `ip||ip||...`: 24 bytes less per comparison, 6x
    // the 4 bytes it takes in the text; issue 16). Exact-size arrays: an array grown by push
    // keeps room for 16 more items.
    const key = internSlice(s, at, i);
    const path = dots === 0 ? [key] : pathOf(s, at, i, dots);
    if (i === at || key === "and" || key === "or" || key === "not") {
      for (const w of ["!", "(", "key", "not"]) expect(at, w);
      return fail();
    }
    pos = i;
    ws();
    const op = operator();
    if (op === undefined) {
      expect(pos, "operator");
      pos = i;
      return { kind: "cmp", key, path, at };
    }
    ws();
    const valueAt = pos;
    const q = s.charCodeAt(pos);
    if (q === 34 || q === 39) {
      const value = quoted(q);
      return { kind: "cmp", key, path, op, value, quoted: true, at, valueAt };
    }
    while (pos < n && !endsBare(s.charCodeAt(pos))) pos++;
    if (pos === valueAt) {
      for (const w of ['"', "'", "value"]) expect(pos, w);
      fail();
    }
    return { kind: "cmp", key, path, op, value: s.slice(valueAt, pos), quoted: false, at, valueAt };
  };

  const operator = (): FilterOp | undefined => {
    const c = s.charCodeAt(pos);
    const eq = s.charCodeAt(pos + 1) === 61;
    switch (c) {
      case 126 /* ~ */:
      case 33 /* ! */:
        if (!eq) return undefined;
        pos += 2;
        return c === 126 ? "~=" : "!=";
      case 60 /* < */:
      case 62 /* > */:
        pos += eq ? 2 : 1;
        return c === 60 ? (eq ? "<=" : "<") : eq ? ">=" : ">";
      case 61 /* = */:
        pos++;
        return "=";
      default:
        return undefined;
    }
  };

  /** A quoted value from the quote at `pos`; a backslash escapes the next character. */
  const quoted = (q: number): string => {
    let i = pos + 1;
    let out = "";
    let from = i;
    for (;;) {
      if (i >= n) {
        pos = n;
        expect(n, `closing ${String.fromCharCode(q)}`);
        return fail();
      }
      const c = s.charCodeAt(i);
      if (c === q) break;
      if (c === 92 /* \ */ && i + 1 < n) {
        out += s.slice(from, i);
        from = i + 1;
        i += 2;
        continue;
      }
      i++;
    }
    pos = i + 1;
    return out + s.slice(from, i);
  };

  return (): FilterExpr => {
    ws();
    const e = or(0);
    ws();
    if (pos < n) {
      expect(pos, "end of filter");
      fail();
    }
    return e;
  };
}

/**
 * Parses a filter expression into its syntax tree, in time linear in its length. Throws
 * {@link FilterError} with the line and column: code `syntax` (with what was expected there;
 * trailing garbage included) or `too-deep` (beyond {@link FILTER_MAX_DEPTH}). Keys are not
 * checked here ({@link compileFilter} does).
 *
 * @example
 * ```ts
 * import { parseFilter } from "ovskit";
 * parseFilter("ct.zone=0 && !drop");
 * // { kind: "and", exprs: [{ kind: "cmp", key: "ct.zone", op: "=", value: "0", ... }, { kind: "not", ... }] }
 * ```
 */
export function parseFilter(expression: string): FilterExpr {
  return parser(expression)();
}
