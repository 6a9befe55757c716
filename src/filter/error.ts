/**
 * The error of the filter language: a syntax error, an unknown key, a value its key cannot
 * take, or nesting beyond {@link FILTER_MAX_DEPTH}, with the line and column it was found at.
 *
 * @module
 */
import { OvsParseError } from "../core/parse-error.js";
import { hasBrand, setBrand } from "../core/ovskit-error.js";

const BRAND = Symbol.for("ovskit.FilterError");

/** What is wrong with a filter expression: {@link FilterError.code}. */
export type FilterErrorCode =
  /** Not the grammar of the language (trailing garbage included). */
  | "syntax"
  /** A value its key cannot take (`n_packets>lots`). */
  | "bad-value"
  /** A key the filter does not know for what it filters (`nw_dts`, `ct.zoen`). */
  | "unknown-key"
  /** Parentheses and negations nested deeper than {@link FILTER_MAX_DEPTH}. */
  | "too-deep";

/**
 * Thrown by {@link compileFilter} and {@link parseFilter} for a bad filter expression. It is an
 * {@link OvsParseError} with a {@link FilterErrorCode}, the 1-based `line` and `column` (in a
 * multi-line expression, of the line the problem is on), an excerpt of that line with a caret,
 * what the parser expected there (syntax errors) and, for an unknown key, the key and the
 * nearest known ones.
 *
 * @example
 * ```ts
 * import { compileFilter, isFilterError } from "ovskit";
 * try {
 *   compileFilter("priority=180 garbage");
 * } catch (e) {
 *   if (isFilterError(e)) console.log(e.column, e.expected); // 14 ["&&", "and", "end of filter", "or", "||"]
 * }
 * try {
 *   compileFilter("nw_dts=10.96.1.118");
 * } catch (e) {
 *   if (isFilterError(e)) console.log(e.message, e.suggestions); // "line 1, column 1: unknown key nw_dts: did you mean nw_dst?" ["nw_dst"]
 * }
 * ```
 */
export class FilterError extends OvsParseError {
  declare readonly code: FilterErrorCode;
  /** The filter expression. */
  readonly expression: string;
  /** 0-based offset in the expression (the AST's `at`). */
  readonly at: number;
  /** What the grammar expected at the column (syntax errors; empty otherwise). */
  readonly expected: readonly string[];
  /** The unknown key, as written (`unknown-key`). */
  readonly key?: string;
  /** The nearest known keys (`unknown-key`; may be empty). */
  readonly suggestions: readonly string[];

  constructor(
    code: FilterErrorCode,
    reason: string,
    expression: string,
    offset: number,
    details: { readonly expected?: readonly string[]; readonly key?: string; readonly suggestions?: readonly string[] } = {},
  ) {
    const { line, start, end } = lineAt(expression, offset);
    super(code, reason, expression.slice(start, end), offset - start, line);
    this.name = "FilterError";
    this.expression = expression;
    this.at = offset;
    this.expected = details.expected ?? [];
    if (details.key !== undefined) this.key = details.key;
    this.suggestions = details.suggestions ?? [];
    setBrand(this, BRAND);
  }
}

/** The 1-based line of `offset` and the bounds of that line (`\n`, `\r\n` and `\r` end lines). */
function lineAt(text: string, offset: number): { line: number; start: number; end: number } {
  let line = 1;
  let start = 0;
  const stop = Math.min(offset, text.length);
  for (let i = 0; i < stop; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) {
      line++;
      start = i + 1;
    }
  }
  let end = start;
  while (end < text.length) {
    const c = text.charCodeAt(end);
    if (c === 10 || c === 13) break;
    end++;
  }
  return { line, start, end };
}

/**
 * True when `e` is a {@link FilterError}, also across realms.
 *
 * @example
 * ```ts
 * import { compileFilter, isFilterError } from "ovskit";
 * try { compileFilter("(ip"); } catch (e) { if (isFilterError(e)) console.log(e.message); }
 * ```
 */
export function isFilterError(e: unknown): e is FilterError {
  return hasBrand(e, BRAND);
}
