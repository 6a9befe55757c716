/**
 * What the OVN expression and action parsers share: their result type, the position of an error
 * in a text of several lines, and the byte order mark.
 *
 * @module
 */
import { type ErrorRecord, errorRecord } from "../../core/ovskit-error.js";
import { OvsParseError } from "../../core/parse-error.js";

/**
 * Result of `tryParseOvnMatch` and `tryParseOvnActions`: the value, or the error as plain data
 * (`code`, `message`, 1-based `line` and `column`).
 */
export type OvnParseResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: ErrorRecord };

/** Why a parse failed: what to say, and at which offset (0-based UTF-16) of the text. */
export interface OvnFailure {
  readonly reason: string;
  readonly offset: number;
}

/**
 * The error of a failed parse at its real line and column: a match or an action list may span
 * lines (`ovn-nbctl` accepts them, and OVN's lexer takes a newline as a blank).
 *
 * @internal
 * @example
 * ```ts
 * import { ovnParseError } from "./result.js";
 * ovnParseError("ip4 &&\n  tcp ||", { reason: "...", offset: 15 }); // line 2, column 9
 * ```
 */
export function ovnParseError(text: string, f: OvnFailure): OvsParseError {
  const offset = Math.max(0, Math.min(f.offset, text.length));
  const start = text.lastIndexOf("\n", offset - 1) + 1;
  let end = text.indexOf("\n", offset);
  if (end < 0) end = text.length;
  let line = 1;
  for (let i = text.indexOf("\n"); i >= 0 && i < start; i = text.indexOf("\n", i + 1)) line++;
  return new OvsParseError("syntax", f.reason, text.slice(start, end), offset - start, line);
}

/**
 * The failed result of a parse, as plain data. Until 0.3.0 the record also has the 0.1 fields
 * of the error it replaces, `reason` and `excerpt`, as non-enumerable properties.
 *
 * @internal
 * @example
 * ```ts
 * import { failedResult } from "./result.js";
 * failedResult("ip4 &&", { reason: "expected ...", offset: 6 }); // { ok: false, error: { code: "syntax", message: "expected ...", line: 1, column: 7 } }
 * ```
 */
export function failedResult(text: string, f: OvnFailure): { readonly ok: false; readonly error: ErrorRecord } {
  const e = ovnParseError(text, f);
  const error = errorRecord(e);
  Object.defineProperties(error, {
    reason: { value: e.reason, enumerable: false, configurable: true },
    excerpt: { value: e.excerpt, enumerable: false, configurable: true },
  });
  return { ok: false, error };
}

/**
 * The successful result of a parse; until 0.3.0 it also has the 0.1 field (`expr` of a match,
 * `actions` of an action list) as a non-enumerable property.
 *
 * @internal
 * @example
 * ```ts
 * import { okResult } from "./result.js";
 * okResult(expr, "expr"); // { ok: true, value: expr }, and .expr === expr
 * ```
 */
export function okResult<T>(value: T, legacyName: string): { readonly ok: true; readonly value: T } {
  const r = { ok: true as const, value };
  Object.defineProperty(r, legacyName, { value, enumerable: false, configurable: true });
  return r;
}

/**
 * `text` without a UTF-8 byte order mark at its start: a text with one parses like the text
 * without it (offsets then count from after the mark).
 *
 * @internal
 * @example
 * ```ts
 * import { withoutBom } from "./result.js";
 * withoutBom("\uFEFFip4"); // "ip4"
 * ```
 */
export function withoutBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
