/**
 * Parse errors with positions, shared by every parser in ovskit.
 *
 * @module
 */

/** Machine-readable reason of an {@link OvsParseError}. */
export type OvsParseErrorCode =
  /** A `key=value` item or a value is malformed. */
  | "syntax"
  /** A value does not have the type its field requires (for example `nw_src=xyz`). */
  | "bad-value"
  /** An opening `(`, `[`, `{` or quote has no match. */
  | "unbalanced"
  /** A required part of the line is missing (for example `actions=`). */
  | "missing"
  /** The line is not of the expected kind at all. */
  | "unrecognized"
  /** The tool itself reported a problem (`***decode error: ...***`). */
  | "decode-error"
  /** A key the language does not know (a mistyped filter key: `nw_dts`). */
  | "unknown-key"
  /** Nesting deeper than the documented limit. */
  | "too-deep";

import { OvskitError, hasBrand, setBrand } from "./ovskit-error.js";

const BRAND = Symbol.for("ovskit.OvsParseError");

/** Where an {@link OvsParseError} happened; all numbers are 1-based. */
export interface ParsePosition {
  /** 1-based line number in the input (1 for a single-line parse). */
  readonly line: number;
  /** 1-based column (UTF-16 code unit) in that line. */
  readonly column: number;
}

/**
 * The one error type thrown by the ovskit parsers.
 *
 * It carries a machine-readable {@link OvsParseErrorCode}, the 1-based line and column, and
 * an excerpt of the offending line with a caret under the column.
 *
 * @example
 * ```ts
 * import { parseFlow, isOvsParseError } from "ovskit";
 * try {
 *   parseFlow("priority=10,nw_src=not-an-ip actions=drop");
 * } catch (e) {
 *   if (isOvsParseError(e)) console.log(e.code, e.line, e.column, "\n" + e.excerpt);
 * }
 * ```
 */
export class OvsParseError extends OvskitError {
  /** Machine-readable reason. */
  declare readonly code: OvsParseErrorCode;
  /** 1-based line number. */
  declare readonly line: number;
  /** 1-based column number. */
  declare readonly column: number;
  /** The offending line (cut around the column when long) and a caret under the column. */
  declare readonly excerpt: string;
  /** The message without the position prefix. */
  readonly reason: string;

  constructor(code: OvsParseErrorCode, reason: string, text: string, offset: number, line = 1) {
    const column = Math.max(0, Math.min(offset, text.length)) + 1;
    super(code, `line ${line}, column ${column}: ${reason}`, { line, column, excerpt: makeExcerpt(text, column - 1) });
    this.name = "OvsParseError";
    this.reason = reason;
    setBrand(this, BRAND);
  }

  /**
   * A copy of this error moved to another line (used by the dump parsers, which parse one line
   * at a time and then know its line number).
   */
  atLine(line: number, text: string, columnOffset = 0): OvsParseError {
    return new OvsParseError(this.code, this.reason, text, this.column - 1 + columnOffset, line);
  }
}

/**
 * True when `e` is an {@link OvsParseError}, also across realms (worker threads, vm contexts,
 * or two copies of ovskit in one program).
 *
 * @example
 * ```ts
 * import { parseFlow, isOvsParseError } from "ovskit";
 * try { parseFlow("garbage"); } catch (e) { if (isOvsParseError(e)) console.log(e.column); }
 * ```
 */
export function isOvsParseError(e: unknown): e is OvsParseError {
  return hasBrand(e, BRAND);
}

const EXCERPT_WIDTH = 100;

function makeExcerpt(text: string, col: number): string {
  let start = 0;
  let end = text.length;
  if (text.length > EXCERPT_WIDTH) {
    start = Math.max(0, Math.min(col - EXCERPT_WIDTH / 2, text.length - EXCERPT_WIDTH));
    end = start + EXCERPT_WIDTH;
  }
  const prefix = start > 0 ? "..." : "";
  const suffix = end < text.length ? "..." : "";
  const shown = prefix + (text.slice(start, end) + " ").slice(0, -1).replace(/[\t\r\n]/g, " ") + suffix;
  return `${shown}\n${" ".repeat(prefix.length + col - start)}^`;
}
