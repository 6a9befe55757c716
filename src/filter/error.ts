/**
 * The error of the filter language: a syntax error, or a value that cannot be compared with
 * its key, with the column it was found at.
 *
 * @module
 */
import { OvsParseError } from "../core/parse-error.js";

const BRAND = Symbol.for("ovskit.FilterError");

/**
 * Thrown by {@link compileFilter} and {@link parseFilter} for a bad filter expression. It is an
 * {@link OvsParseError} (code `syntax` or `bad-value`) with a 1-based `column`, an excerpt with
 * a caret, and what the parser expected at that column.
 *
 * @example
 * ```ts
 * import { compileFilter, isFilterError } from "ovskit";
 * try {
 *   compileFilter("priority=180 garbage");
 * } catch (e) {
 *   if (isFilterError(e)) console.log(e.column, e.expected); // 14 ["&&", "||", "and", "or", "end of filter"]
 * }
 * ```
 */
export class FilterError extends OvsParseError {
  /** The filter expression. */
  readonly expression: string;
  /** What the grammar expected at the column (empty for value errors). */
  readonly expected: readonly string[];

  constructor(code: "syntax" | "bad-value", reason: string, expression: string, offset: number, expected: readonly string[] = []) {
    super(code, reason, expression, offset);
    this.name = "FilterError";
    this.expression = expression;
    this.expected = expected;
    Object.defineProperty(this, BRAND, { value: true });
  }
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
  return typeof e === "object" && e !== null && (e as Record<symbol, unknown>)[BRAND] === true;
}
