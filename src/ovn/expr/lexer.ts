/**
 * The tokenizer of OVN match expressions, hand-written after OVN's `lib/lex.c`. It turns the
 * text into compact parallel arrays: one character per token in `kinds` (a one-byte string),
 * the token starts and ends (typed arrays, exact size), and a payload only for the tokens that
 * need one (a constant, or the message of a lexical error) in a dense list: 9 bytes per token
 * plus 12 per constant while a text is parsed (issue 16: a 10 MB match peaks near its result's
 * size, not 30x the text). Names are sliced from the text when the parser asks for them.
 *
 * Like OVN's lexer, a lexical problem (`&` alone, `1.2.3`, an unterminated string) becomes an
 * error token: it is reported only if the parser gets that far.
 *
 * @module
 */
import { internSlice } from "../../core/intern.js";
import { ownedSlice } from "../../core/strings.js";
import { lexOvnNumber } from "./constants.js";
import { lexOvnString } from "./strings.js";
import type { OvnConstant } from "./model.js";

/**
 * Token kinds: one character each, as they appear in {@link OvnTokens.kinds}.
 *
 * @internal
 * @example
 * ```ts
 * import { TK, lexOvnMatch } from "./lexer.js";
 * lexOvnMatch("ip4 && tcp").kinds === TK.id + TK.and + TK.id; // true
 * ```
 */
export const TK = {
  lparen: "(",
  rparen: ")",
  lcurly: "{",
  rcurly: "}",
  lsquare: "[",
  rsquare: "]",
  comma: ",",
  and: "&",
  or: "|",
  not: "!",
  eq: "=",
  ne: "n",
  lt: "<",
  le: "l",
  gt: ">",
  ge: "g",
  /** A lone `=` (assignment): never valid in a match. */
  equals: "e",
  id: "i",
  /** Any constant: string, integer, address, `$set`, `@group`, `^template`. */
  constant: "c",
  ellipsis: ".",
  /** `;`, `:`, `<->`, `--`: valid OVN tokens that a match never contains. */
  other: "o",
  error: "x",
} as const;

/**
 * The tokens of one expression. Read a token's end with {@link tokenEnd}, its constant or
 * error message with {@link tokenValue}, an identifier's name with {@link tokenName}.
 */
export interface OvnTokens {
  /** The text the tokens were read from. */
  readonly text: string;
  readonly kinds: string;
  /** Offset of each token's first character. */
  readonly from: Int32Array;
  /**
   * Offset after each token's last character; for a token with a value (`c`, `x`), the index
   * of its value in `values` instead.
   */
  readonly ref: Int32Array;
  /** The constants (`c`) and error messages (`x`), in token order. */
  readonly values: readonly (OvnConstant | string)[];
  /** Offset after the last character of the token of each value. */
  readonly valueEnds: Int32Array;
  /** Parentheses nested deeper than {@link MAX_OVN_NESTING}: where, and why (lexing stopped there). */
  readonly fatal?: { readonly at: number; readonly reason: string };
}

/**
 * Deepest nesting of parentheses accepted. OVN itself has no limit; this one keeps the
 * recursive parser (and any recursive walk of the tree) far from the stack limit. Real
 * matches nest a few levels.
 *
 * @example
 * ```ts
 * import { MAX_OVN_NESTING, parseOvnMatch } from "ovskit";
 * parseOvnMatch("(".repeat(MAX_OVN_NESTING) + "ip4" + ")".repeat(MAX_OVN_NESTING)); // fine
 * ```
 */
export const MAX_OVN_NESTING = 256;

function isId1(c: number): boolean {
  const l = c | 32;
  return (l >= 97 && l <= 122) || c === 95 || c === 46;
}

function isIdN(c: number): boolean {
  return isId1(c) || (c >= 48 && c <= 57);
}

function isHex(c: number): boolean {
  const l = c | 32;
  return (c >= 48 && c <= 57) || (l >= 97 && l <= 102);
}

/** Field and set names repeat from flow to flow: short ones are shared, long ones copied. */
function name(text: string, start: number, end: number): string {
  return end - start <= 64 ? internSlice(text, start, end) : ownedSlice(text, start, end);
}

function idEnd(text: string, p: number): number {
  while (isIdN(text.charCodeAt(p))) p++;
  return p;
}

/**
 * Splits an OVN match expression into tokens. Lexical problems become error tokens; parentheses
 * nested deeper than {@link MAX_OVN_NESTING} stop the lexer (`fatal`).
 *
 * @internal
 * @example
 * ```ts
 * import { lexOvnMatch } from "./lexer.js";
 * lexOvnMatch('inport == "lsp1" && ip4').kinds; // "i=c&i"
 * ```
 */
export function lexOvnMatch(text: string): OvnTokens {
  // Typed arrays grown by doubling, copied to their exact size at the end (they live while the
  // tree is built): a few bytes per token instead of a JS array slot each. The growing arrays are
  // one scratch set reused by every call (lexing never re-enters itself); only the exact-size
  // copies are handed out.
  let kinds = scratch.kinds;
  let from = scratch.from;
  let ref = scratch.ref;
  let valueEnds = scratch.valueEnds;
  const values: (OvnConstant | string)[] = [];
  let count = 0;
  let depth = 0;
  const n = text.length;
  let p = 0;
  /** Records a token (with its value, for a constant or an error) and returns where the next one may start. */
  const push = (kind: string, start: number, end: number, val?: OvnConstant | string): number => {
    if (count === kinds.length) {
      kinds = grown(kinds, count * 2);
      from = grown(from, count * 2);
      ref = grown(ref, count * 2);
      keep(kinds, from, ref, valueEnds);
    }
    kinds[count] = kind.charCodeAt(0);
    from[count] = start;
    if (val === undefined) ref[count] = end;
    else {
      const k = values.length;
      if (k === valueEnds.length) {
        valueEnds = grown(valueEnds, k * 2);
        keep(kinds, from, ref, valueEnds);
      }
      values.push(val);
      valueEnds[k] = end;
      ref[count] = k;
    }
    count++;
    return end;
  };
  const done = (fatal?: OvnTokens["fatal"]): OvnTokens => {
    const tokens = {
      text,
      kinds: kindString(kinds, count),
      from: from.slice(0, count),
      ref: ref.slice(0, count),
      values,
      valueEnds: valueEnds.slice(0, values.length),
    };
    return fatal === undefined ? tokens : { ...tokens, fatal };
  };
  while (p < n) {
    const c = text.charCodeAt(p);
    const next = text.charCodeAt(p + 1);
    switch (c) {
      case 32: case 9: case 10: case 11: case 12: case 13: // prettier-ignore
        p++;
        continue;
      case 47 /* / */:
        if (next === 47) {
          const nl = text.indexOf("\n", p);
          p = nl < 0 ? n : nl;
          continue;
        }
        if (next === 42) {
          let q = p + 2;
          while (q < n && text.charCodeAt(q) !== 10 && !(text.charCodeAt(q) === 42 && text.charCodeAt(q + 1) === 47)) q++;
          if (q < n && text.charCodeAt(q) === 42) {
            p = q + 2;
            continue;
          }
          p = push(TK.error, p, q, "`/*' without matching `*/'");
        } else p = push(TK.error, p, p + 1, "`/' is only valid as part of `//' or `/*'");
        break;
      case 40:
        if (++depth > MAX_OVN_NESTING) {
          return done({ at: p, reason: `parentheses nested deeper than ${MAX_OVN_NESTING} levels` });
        }
        p = push(TK.lparen, p, p + 1);
        break;
      case 41:
        depth--;
        p = push(TK.rparen, p, p + 1);
        break;
      case 123: p = push(TK.lcurly, p, p + 1); break; // prettier-ignore
      case 125: p = push(TK.rcurly, p, p + 1); break; // prettier-ignore
      case 91: p = push(TK.lsquare, p, p + 1); break; // prettier-ignore
      case 93: p = push(TK.rsquare, p, p + 1); break; // prettier-ignore
      case 44: p = push(TK.comma, p, p + 1); break; // prettier-ignore
      case 59: p = push(TK.other, p, p + 1); break; // prettier-ignore
      case 61 /* = */:
        p = push(next === 61 ? TK.eq : TK.equals, p, next === 61 ? p + 2 : p + 1);
        break;
      case 33 /* ! */:
        p = push(next === 61 ? TK.ne : TK.not, p, next === 61 ? p + 2 : p + 1);
        break;
      case 38 /* & */:
        if (next === 38) p = push(TK.and, p, p + 2);
        else p = push(TK.error, p, p + 1, "`&' is only valid as part of `&&'");
        break;
      case 124 /* | */:
        if (next === 124) p = push(TK.or, p, p + 2);
        else p = push(TK.error, p, p + 1, "`|' is only valid as part of `||'");
        break;
      case 60 /* < */:
        if (next === 61) p = push(TK.le, p, p + 2);
        else if (next === 45 && text.charCodeAt(p + 2) === 62) p = push(TK.other, p, p + 3);
        else p = push(TK.lt, p, p + 1);
        break;
      case 62 /* > */:
        p = push(next === 61 ? TK.ge : TK.gt, p, next === 61 ? p + 2 : p + 1);
        break;
      case 46 /* . */:
        if (next === 46) p = push(TK.ellipsis, p, p + 2);
        else p = push(TK.error, p, p + 1, "`.' is only valid as part of `..' or a number");
        break;
      case 45 /* - */:
        if (next === 45) p = push(TK.other, p, p + 2);
        else p = push(TK.error, p, p + 1, "`-' is only valid as part of `--'");
        break;
      case 36 /* $ */:
      case 64 /* @ */:
      case 94 /* ^ */: {
        if (!isId1(next)) {
          p = push(TK.error, p, p + 1, `\`${text[p]}' must be followed by a valid identifier`);
          break;
        }
        const end = idEnd(text, p + 1);
        const kind = c === 36 ? "addrset" : c === 64 ? "portgroup" : "template";
        p = push(TK.constant, p, end, { kind, name: name(text, p + 1, end), from: p, to: end });
        break;
      }
      case 34 /* " */: {
        const s = lexOvnString(text, p);
        if (s.value === undefined) p = push(TK.error, p, s.end, s.error);
        else p = push(TK.constant, p, s.end, { kind: "string", value: s.value, from: p, to: s.end });
        break;
      }
      default: {
        if (c === 58 /* : */ && next !== 58) {
          p = push(TK.other, p, p + 1);
          break;
        }
        let number = c === 58 || (c >= 48 && c <= 57);
        if (!number && isHex(c)) {
          let q = p + 1;
          while (isHex(text.charCodeAt(q))) q++;
          number = text.charCodeAt(q) === 58;
        }
        if (number) {
          const v = lexOvnNumber(text, p);
          if (v.value === undefined) p = push(TK.error, v.errorAt ?? p, v.end, v.error);
          else p = push(TK.constant, p, v.end, v.value);
        } else if (isId1(c)) {
          p = push(TK.id, p, idEnd(text, p + 1));
        } else {
          const ch = String.fromCodePoint(text.codePointAt(p) as number);
          const shown = c >= 32 && c < 127 ? `\`${ch}'` : `U+${(text.codePointAt(p) as number).toString(16).toUpperCase().padStart(4, "0")}`;
          p = push(TK.error, p, p + ch.length, `invalid character ${shown} in input`);
        }
      }
    }
  }
  return done();
}

/** The scratch arrays of {@link lexOvnMatch}: kept up to 4 Ki tokens (53 KB), so a huge input frees its own. */
const scratch: { kinds: Uint8Array; from: Int32Array; ref: Int32Array; valueEnds: Int32Array } = {
  kinds: new Uint8Array(256),
  from: new Int32Array(256),
  ref: new Int32Array(256),
  valueEnds: new Int32Array(64),
};
const MAX_SCRATCH = 1 << 12;

function keep(kinds: Uint8Array, from: Int32Array, ref: Int32Array, valueEnds: Int32Array): void {
  if (kinds.length > MAX_SCRATCH || valueEnds.length > MAX_SCRATCH) return;
  scratch.kinds = kinds;
  scratch.from = from;
  scratch.ref = ref;
  scratch.valueEnds = valueEnds;
}

/** A copy of `a` with room for `size` elements. */
function grown<A extends Uint8Array | Int32Array>(a: A, size: number): A {
  const b = new (a.constructor as new (n: number) => A)(size);
  b.set(a);
  return b;
}

/**
 * Offset after the last character of token `i`.
 *
 * @internal
 * @example
 * ```ts
 * import { lexOvnMatch, tokenEnd } from "./lexer.js";
 * tokenEnd(lexOvnMatch('ip4 && inport == "p1"'), 4); // 21
 * ```
 */
export function tokenEnd(t: OvnTokens, i: number): number {
  const k = t.kinds.charCodeAt(i);
  return k === 99 /* c */ || k === 120 /* x */ ? (t.valueEnds[t.ref[i] as number] as number) : (t.ref[i] as number);
}

/**
 * The value of token `i`: its constant (kind `c`), the message of a lexical error (kind `x`),
 * `undefined` for any other kind.
 *
 * @internal
 * @example
 * ```ts
 * import { lexOvnMatch, tokenValue } from "./lexer.js";
 * tokenValue(lexOvnMatch("tcp.dst == 80"), 2); // { kind: "int", value: 80n, from: 11, to: 13 }
 * ```
 */
export function tokenValue(t: OvnTokens, i: number): OvnConstant | string | undefined {
  const k = t.kinds.charCodeAt(i);
  return k === 99 /* c */ || k === 120 /* x */ ? t.values[t.ref[i] as number] : undefined;
}

/**
 * The name of identifier token `i` (shared between texts when short).
 *
 * @internal
 * @example
 * ```ts
 * import { lexOvnMatch, tokenName } from "./lexer.js";
 * tokenName(lexOvnMatch("ip4 && tcp"), 2); // "tcp"
 * ```
 */
export function tokenName(t: OvnTokens, i: number): string {
  return name(t.text, t.from[i] as number, t.ref[i] as number);
}

/** The kind codes as a one-byte string (kinds are ASCII letters and signs). */
function kindString(codes: Uint8Array, count: number): string {
  if (count <= 24) {
    // Short (most real matches and actions): one-char strings from a table, no array conversion.
    let short = "";
    for (let i = 0; i < count; i++) short += ASCII[codes[i] as number] as string;
    return short;
  }
  let out = "";
  for (let i = 0; i < count; i += 8192) out += String.fromCharCode.apply(null, codes.subarray(i, Math.min(count, i + 8192)) as unknown as number[]);
  return out;
}

const ASCII: readonly string[] = Array.from({ length: 128 }, (_, c) => String.fromCharCode(c));
