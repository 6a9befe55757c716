/**
 * The fast scanner behind every ovskit parser: single passes over char codes that find
 * top-level separators while skipping nested `()`, `[]`, `{}` and double-quoted strings.
 * No regular expression and no string splitting on the hot path.
 *
 * All functions work on a `[start, end)` window of a string, so callers never need to slice
 * before scanning.
 *
 * @module
 */
import { OvsParseError } from "./parse-error.js";

const OPEN_PAREN = 40;
const CLOSE_PAREN = 41;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const QUOTE = 34;
const BACKSLASH = 92;

/**
 * Index of the first `ch` at nesting depth 0 in `text[start, end)`, or -1. Throws
 * {@link OvsParseError} (`unbalanced`) on a closing bracket without an opening one or an
 * unterminated quote; an unclosed bracket at the end is reported by {@link checkBalanced}.
 *
 * @example
 * ```ts
 * import { findTopLevel } from "ovskit";
 * findTopLevel("ct(commit,zone=1),output:2", 44); // 17: the comma after `ct(...)`
 * ```
 */
export function findTopLevel(text: string, ch: number, start = 0, end = text.length): number {
  let depth = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === ch && depth === 0) return i;
    if (c === OPEN_PAREN || c === OPEN_BRACKET || c === OPEN_BRACE) depth++;
    else if (c === CLOSE_PAREN || c === CLOSE_BRACKET || c === CLOSE_BRACE) {
      if (--depth < 0) throw new OvsParseError("unbalanced", `unexpected '${text[i]}'`, text, i);
    } else if (c === QUOTE) i = skipQuoted(text, i, end);
  }
  return -1;
}

/**
 * Given the index of an opening `"`, returns the index of its closing `"` (backslash escapes
 * honoured). Throws {@link OvsParseError} (`unbalanced`) when it is not closed before `end`.
 *
 * @example
 * ```ts
 * import { skipQuoted } from "ovskit";
 * skipQuoted('"a\\"b",x', 0); // 5
 * ```
 */
export function skipQuoted(text: string, open: number, end = text.length): number {
  for (let i = open + 1; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === BACKSLASH) i++;
    else if (c === QUOTE) return i;
  }
  throw new OvsParseError("unbalanced", "unterminated quoted string", text, open);
}

/**
 * Given the index of an opening `(`, `[` or `{`, returns the index of the bracket that closes
 * it. Throws {@link OvsParseError} (`unbalanced`) when there is none before `end`.
 *
 * @example
 * ```ts
 * import { matchingClose } from "ovskit";
 * matchingClose("ct(nat(src=1.1.1.1)),x", 2); // 19
 * ```
 */
export function matchingClose(text: string, open: number, end = text.length): number {
  let depth = 0;
  for (let i = open; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === OPEN_PAREN || c === OPEN_BRACKET || c === OPEN_BRACE) depth++;
    else if (c === CLOSE_PAREN || c === CLOSE_BRACKET || c === CLOSE_BRACE) {
      if (--depth === 0) return i;
    } else if (c === QUOTE) i = skipQuoted(text, i, end);
  }
  throw new OvsParseError("unbalanced", `'${text[open]}' is never closed`, text, open);
}

/**
 * Throws {@link OvsParseError} (`unbalanced`) unless every bracket and quote in
 * `text[start, end)` is closed in order. Cheap enough to run on every line.
 *
 * @example
 * ```ts
 * import { checkBalanced } from "ovskit";
 * checkBalanced("ct(commit"); // throws: '(' is never closed
 * ```
 */
export function checkBalanced(text: string, start = 0, end = text.length): void {
  let top = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === OPEN_PAREN || c === OPEN_BRACKET || c === OPEN_BRACE) {
      if (top === STACK.length) throw new OvsParseError("unbalanced", "brackets nested too deep", text, i);
      STACK[top++] = i;
    } else if (c === CLOSE_PAREN || c === CLOSE_BRACKET || c === CLOSE_BRACE) {
      const open = top > 0 ? (STACK[--top] as number) : -1;
      if (open < 0 || CLOSER[text.charCodeAt(open)] !== c) {
        throw new OvsParseError("unbalanced", `unexpected '${text[i]}'`, text, i);
      }
    } else if (c === QUOTE) i = skipQuoted(text, i, end);
  }
  if (top > 0) {
    const open = STACK[top - 1] as number;
    throw new OvsParseError("unbalanced", `'${text[open]}' is never closed`, text, open);
  }
}

/** Positions of the open brackets while checking (reused: no allocation per call). */
const STACK = new Int32Array(1024);

const CLOSER: Record<number, number> = {
  [OPEN_PAREN]: CLOSE_PAREN,
  [OPEN_BRACKET]: CLOSE_BRACKET,
  [OPEN_BRACE]: CLOSE_BRACE,
};

/**
 * Splits `text[start, end)` at every top-level `sep` and returns the boundaries as a flat
 * array `[s0, e0, s1, e1, ...]` (no substrings are made). An empty window gives `[]`.
 *
 * @example
 * ```ts
 * import { splitTopLevel } from "ovskit";
 * splitTopLevel("a,b(c,d),e", 44); // [0, 1, 2, 8, 9, 10]
 * ```
 */
export function splitTopLevel(text: string, sep: number, start = 0, end = text.length): number[] {
  const out: number[] = [];
  if (start >= end) return out;
  let itemStart = start;
  for (;;) {
    const at = findTopLevel(text, sep, itemStart, end);
    if (at < 0) {
      out.push(itemStart, end);
      return out;
    }
    out.push(itemStart, at);
    itemStart = at + 1;
  }
}

/**
 * Index of the first char code `ch` in `text[start, end)`, or -1. Unlike `indexOf`, it never
 * looks past `end`, so parsers that call it once per item of a long line stay linear.
 *
 * @example
 * ```ts
 * import { indexOfChar } from "ovskit";
 * indexOfChar("a,b/c", 47, 0, 3); // -1: the '/' lies beyond index 3
 * ```
 */
export function indexOfChar(text: string, ch: number, start: number, end: number): number {
  for (let i = start; i < end; i++) if (text.charCodeAt(i) === ch) return i;
  return -1;
}

/**
 * True for the char codes of `[A-Za-z0-9_]`.
 *
 * @example
 * ```ts
 * import { isWordChar } from "ovskit";
 * isWordChar("_".charCodeAt(0)); // true
 * ```
 */
export function isWordChar(c: number): boolean {
  return c < 128 && WORD_CHARS[c] === 1;
}

/** 1 for the ASCII codes of `[A-Za-z0-9_]`: one load instead of four range tests. */
const WORD_CHARS = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  WORD_CHARS[c] = (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 ? 1 : 0;
}

/**
 * End of the word (`[A-Za-z0-9_]*`) that starts at `start`.
 *
 * @example
 * ```ts
 * import { wordEnd } from "ovskit";
 * wordEnd("resubmit(,8)", 0); // 8
 * ```
 */
export function wordEnd(text: string, start: number, end = text.length): number {
  let i = start;
  while (i < end) {
    const c = text.charCodeAt(i);
    if (c >= 128 || WORD_CHARS[c] === 0) return i;
    i++;
  }
  return i;
}

/**
 * Unquotes an OVS double-quoted string (`"k8s-ovn-worker"` becomes `k8s-ovn-worker`),
 * resolving backslash escapes; text without quotes is returned as is.
 *
 * @example
 * ```ts
 * import { unquote } from "ovskit";
 * unquote('"a\\"b"'); // 'a"b'
 * ```
 */
export function unquote(text: string): string {
  if (text.length < 2 || text.charCodeAt(0) !== QUOTE) return text;
  let out = "";
  for (let i = 1; i < text.length - 1; i++) {
    const c = text[i];
    if (c === "\\" && i + 1 < text.length - 1) out += text[++i];
    else out += c;
  }
  return out;
}

/**
 * Quotes `name` the way OVS prints port and table names: bare when it is a plain identifier,
 * in double quotes (with `"` and `\` escaped) otherwise.
 *
 * @example
 * ```ts
 * import { quoteName } from "ovskit";
 * quoteName("pod1");           // "pod1"
 * quoteName("k8s-ovn-worker"); // '"k8s-ovn-worker"'
 * ```
 */
export function quoteName(name: string): string {
  let plain = name.length > 0;
  for (let i = 0; i < name.length && plain; i++) {
    const c = name.charCodeAt(i);
    plain = isWordChar(c) || c === 46;
  }
  if (plain) return name;
  return '"' + name.replace(/[\\"]/g, (m) => "\\" + m) + '"';
}
