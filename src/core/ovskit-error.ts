/**
 * {@link OvskitError}: the base of every error ovskit throws, and {@link ErrorRecord}, the plain
 * form an error takes inside a result.
 *
 * @module
 */

const BRAND = Symbol.for("ovskit.OvskitError");

/** Where and why an {@link OvskitError} happened. */
export interface OvskitErrorDetails {
  /** 1-based line in the input, when the error points into a text. */
  readonly line?: number | undefined;
  /** 1-based column (UTF-16 code unit) in that line. */
  readonly column?: number | undefined;
  /** 0-based byte offset, for binary inputs (datagrams, database files). */
  readonly offset?: number | undefined;
  /** The offending line (cut around the column when long) and a caret under the column. */
  readonly excerpt?: string | undefined;
  /** The underlying error, when this one wraps another. */
  readonly cause?: unknown;
}

/**
 * The base class of every error ovskit throws. Each family (`OvsParseError`, `FilterError`,
 * `PrometheusHttpError`, `LiveSourceError`, ...) is a subclass in a file of its own with a
 * guard (`isOvsParseError`, ...) that works across realms; {@link isOvskitError} recognizes
 * them all. `code` is machine-readable; `line` / `column` / `offset` / `excerpt` are set when the
 * error points into an input. `message` and `excerpt` are at most 4096 characters: an error about
 * a 10 MB line quotes its start and says how long it was.
 *
 * @example
 * ```ts
 * import { parseFlow, isOvskitError } from "ovskit";
 * try {
 *   parseFlow("priority=1,nw_src=nope actions=drop");
 * } catch (e) {
 *   if (isOvskitError(e)) console.log(e.name, e.code, e.line, e.column); // OvsParseError bad-value 1 12
 * }
 * ```
 */
export class OvskitError extends Error {
  /** Machine-readable reason; each subclass documents its codes. */
  readonly code: string;
  /** 1-based line in the input, when the error points into a text. */
  readonly line?: number;
  /** 1-based column in that line. */
  readonly column?: number;
  /** 0-based byte offset, for binary inputs. */
  readonly offset?: number;
  /** The offending line and a caret under the column. */
  readonly excerpt?: string;

  constructor(code: string, message: string, details: OvskitErrorDetails = {}) {
    super(bounded(message), details.cause === undefined ? undefined : { cause: details.cause });
    this.name = "OvskitError";
    this.code = code;
    if (details.line !== undefined) this.line = details.line;
    if (details.column !== undefined) this.column = details.column;
    if (details.offset !== undefined) this.offset = details.offset;
    if (details.excerpt !== undefined) this.excerpt = bounded(details.excerpt);
    Object.defineProperty(this, BRAND, { value: true });
  }
}

/**
 * The longest `message` (and `excerpt`) an {@link OvskitError} carries, in UTF-16 code units:
 * an error about a 10 MB line quotes the start of it, not all of it.
 */
const MAX_ERROR_MESSAGE = 4096;

/** `text`, cut to {@link MAX_ERROR_MESSAGE} with a note of its full length. */
function bounded(text: string): string {
  if (text.length <= MAX_ERROR_MESSAGE) return text;
  const note = `... (${text.length} characters)`;
  let end = MAX_ERROR_MESSAGE - note.length;
  const c = text.charCodeAt(end - 1);
  if (c >= 0xd800 && c <= 0xdbff) end--; // not half of a surrogate pair
  return text.slice(0, end) + note;
}

/**
 * True when `e` is an {@link OvskitError} of any family, also across realms (worker threads, vm
 * contexts, two copies of ovskit in one program).
 *
 * @example
 * ```ts
 * import { compileFilter, isOvskitError } from "ovskit";
 * try { compileFilter("(ip"); } catch (e) { if (isOvskitError(e)) console.log(e.code, e.column); }
 * ```
 */
export function isOvskitError(e: unknown): e is OvskitError {
  return hasBrand(e, BRAND);
}

/**
 * Marks `error` with `brand` (a `Symbol.for(...)` key), for a subclass guard that works across
 * realms.
 *
 * @internal
 * @example
 * ```ts
 * import { setBrand } from "./ovskit-error.js";
 * setBrand(this, Symbol.for("ovskit.FilterError"));
 * ```
 */
export function setBrand(error: object, brand: symbol): void {
  Object.defineProperty(error, brand, { value: true });
}

/**
 * True when `e` is an object marked with `brand` by {@link setBrand}.
 *
 * @internal
 * @example
 * ```ts
 * import { hasBrand } from "./ovskit-error.js";
 * hasBrand(e, Symbol.for("ovskit.FilterError"));
 * ```
 */
export function hasBrand(e: unknown, brand: symbol): boolean {
  return typeof e === "object" && e !== null && (e as Record<symbol, unknown>)[brand] === true;
}

/**
 * An error as plain data, the form errors take inside results (a damaged part of a database
 * file, a logical flow whose match does not parse, a node that could not be read).
 */
export interface ErrorRecord {
  readonly code: string;
  readonly message: string;
  readonly line?: number;
  readonly column?: number;
  readonly offset?: number;
}

/**
 * The plain {@link ErrorRecord} of any thrown value: its code, message and position for an
 * {@link OvskitError}, code `"error"` and the message for anything else.
 *
 * @example
 * ```ts
 * import { errorRecord, parseOvnMatch } from "ovskit";
 * let parsed;
 * try { parsed = parseOvnMatch("ip4 &&"); } catch (e) { parsed = errorRecord(e); } // { code: "syntax", message: "...", line: 1, column: 7 }
 * ```
 */
export function errorRecord(e: unknown): ErrorRecord {
  if (isOvskitError(e)) {
    const out: { code: string; message: string; line?: number; column?: number; offset?: number } = {
      code: e.code,
      message: "reason" in e && typeof e.reason === "string" ? e.reason : e.message,
    };
    if (e.line !== undefined) out.line = e.line;
    if (e.column !== undefined) out.column = e.column;
    if (e.offset !== undefined) out.offset = e.offset;
    return out;
  }
  return { code: "error", message: e instanceof Error ? e.message : String(e) };
}
