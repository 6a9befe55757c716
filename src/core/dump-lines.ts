/**
 * What every dump parser shares: classifying non-item lines (reply headers, blank lines,
 * `***decode error***` blocks with their hex dumps), the issue model, and line accounting.
 *
 * @module
 */
import { OvsParseError, type OvsParseErrorCode, isOvsParseError } from "./parse-error.js";
import { owned } from "./strings.js";

/**
 * A problem found in an input, the same for every format: an error (a line that could not be
 * parsed, accounted for in `lineCount`) or a warning about an item that was parsed (an unknown
 * action, for example). Plain data.
 */
export interface Issue {
  readonly severity: "error" | "warning";
  readonly code: OvsParseErrorCode | "unknown-action";
  /** Human-readable explanation, without the position. */
  readonly message: string;
  /** 1-based line number of the first line concerned. */
  readonly line: number;
  /** 1-based column. */
  readonly column: number;
  /** How many input lines this issue accounts for (errors: 1 or more; warnings: 0). */
  readonly lineCount: number;
  /** The first line's text. */
  readonly text: string;
}

/**
 * @deprecated Renamed {@link Issue} in 0.2.0; this alias goes away in 0.3.0.
 */
export type DumpIssue = Issue;

/**
 * What every lenient (`parseXDump`) parser returns: the items read, every issue, and how each
 * input line was used. Plain data: `structuredClone` and `toJson` / `fromJson` round-trip it.
 */
export interface DumpResult<T, A extends LineAccounting = LineAccounting> {
  readonly items: readonly T[];
  readonly issues: readonly Issue[];
  readonly accounting: A;
}

/** How the lines of a dump were accounted for. `lines === items + headers + blank + issueLines`. */
export interface LineAccounting {
  lines: number;
  items: number;
  headers: number;
  blank: number;
  issueLines: number;
}

/**
 * True for an OpenFlow reply header such as `NXST_FLOW reply (xid=0x4):`,
 * `OFPST_FLOW reply (OF1.3) (xid=0x2): flags=[more]` or `OFPST_GROUP_DESC reply (OF1.5) (xid=0x2):`.
 *
 * @example
 * ```ts
 * import { isReplyHeader } from "ovskit";
 * isReplyHeader("OFPST_FLOW reply (OF1.3) (xid=0x2): flags=[more]"); // true
 * ```
 */
export function isReplyHeader(line: string): boolean {
  const c = line.charCodeAt(0);
  if (c !== 78 && c !== 79) return false;
  // On a private copy: V8 keeps the subject of the last successful match alive, and `line` is
  // usually a view into the whole dump.
  return REPLY_HEADER.test(owned(line));
}

/**
 * True when the line is empty or only white space.
 *
 * @example
 * ```ts
 * import { isBlank } from "ovskit";
 * isBlank(" \t\r"); // true
 * ```
 */
export function isBlank(line: string): boolean {
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 13) return false;
  }
  return true;
}

const REPLY_HEADER = /^(?:NXST|OFPST|ONFST)_[A-Z_]+ reply(?: \(OF1\.\d\))? \(xid=0x[0-9a-f]+\):(?: flags=\[[a-z, ]*\])?\s*$/;
const DECODE_ERROR = /^\s*\*\*\*decode error: ?(.*?)\*\*\*\s*$/;
const HEX_DUMP = /^[0-9a-f]{8}  [0-9a-f]{2}[ -]/;

/**
 * Feeds lines one by one; groups a `***decode error***` line with the hex-dump lines after it
 * into one {@link DumpIssue}. Every dump parser uses it before trying its own line parser.
 *
 * @example
 * ```ts
 * import { IssueCollector } from "ovskit";
 * const issues: unknown[] = [];
 * const c = new IssueCollector((i) => issues.push(i));
 * c.take("***decode error: OFPBRC_BAD_LEN***", 1); // true: consumed
 * c.take("00000000  01 02 03 04", 2);               // true: part of the same issue
 * c.flush();                                        // issues[0].lineCount === 2
 * ```
 */
export class IssueCollector {
  /** Open decode-error block, extended by the hex-dump lines that follow it. */
  private pending: { line: number; text: string; message: string; count: number } | undefined;

  constructor(private readonly emit: (issue: DumpIssue) => void) {}

  /** Handles decode errors and their hex dumps; returns true when the line was consumed. */
  take(line: string, lineNo: number): boolean {
    const first = firstNonSpace(line);
    if (this.pending !== undefined && hexDigitCode(first) && HEX_DUMP.test(owned(line))) {
      this.pending.count++;
      return true;
    }
    this.flush();
    if (first !== 42 /* * */) return false;
    const m = DECODE_ERROR.exec(owned(line));
    if (m === null) return false;
    this.pending = { line: lineNo, text: line, message: `decode error: ${m[1] ?? ""}`, count: 1 };
    return true;
  }

  /** Closes an open decode-error block. */
  flush(): void {
    const p = this.pending;
    if (p === undefined) return;
    this.pending = undefined;
    this.emit({
      severity: "error",
      code: "decode-error",
      message: p.message,
      line: p.line,
      column: 1,
      lineCount: p.count,
      text: p.text,
    });
  }
}

function firstNonSpace(line: string): number {
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c !== 32 && c !== 9) return c;
  }
  return -1;
}

function hexDigitCode(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 97 && c <= 102);
}

/**
 * Converts a parse failure of line `lineNo` into an error {@link DumpIssue}.
 *
 * @example
 * ```ts
 * import { issueFromError, parseFlow } from "ovskit";
 * try { parseFlow("bad"); } catch (e) { issueFromError(e, "bad", 7).line; } // 7
 * ```
 */
export function issueFromError(e: unknown, line: string, lineNo: number): DumpIssue {
  if (isOvsParseError(e)) {
    return { severity: "error", code: e.code, message: e.reason, line: lineNo, column: e.column, lineCount: 1, text: line };
  }
  const message = e instanceof Error ? e.message : String(e);
  return { severity: "error", code: "syntax", message, line: lineNo, column: 1, lineCount: 1, text: line };
}

/**
 * Turns a line's parse failure into an {@link OvsParseError} that carries its line number.
 *
 * @example
 * ```ts
 * import { errorAtLine, parseFlow } from "ovskit";
 * try { parseFlow("bad"); } catch (e) { throw errorAtLine(e, "bad", 12); } // line 12
 * ```
 */
export function errorAtLine(e: unknown, line: string, lineNo: number): OvsParseError {
  if (isOvsParseError(e)) return e.atLine(lineNo, line);
  return new OvsParseError("syntax", e instanceof Error ? e.message : String(e), line, 0, lineNo);
}

/**
 * Calls `fn(line, lineNo)` for every line of `text`. Lines end with `\n`, `\r\n` or a lone
 * `\r` (so a file with old Mac line endings is not one huge line); a final line without an
 * ending counts; a trailing line ending does not start another line. A UTF-8 byte order mark
 * (U+FEFF) at the start of `text` is skipped.
 *
 * @example
 * ```ts
 * import { forEachLine } from "ovskit";
 * forEachLine("a\nb\rc\r\n", (line, n) => console.log(n, line)); // 1 a, 2 b, 3 c
 * ```
 */
export function forEachLine(text: string, fn: (line: string, lineNo: number) => void): void {
  eachLineOf(text, fn, false);
}

/**
 * The loop behind {@link forEachLine}; with `stopOnFalse`, it stops at the first line for which
 * `fn` returns `false` (the trace parser stops at a refused request).
 *
 * @internal
 */
export function eachLineOf(text: string, fn: (line: string, lineNo: number) => unknown, stopOnFalse: boolean): void {
  let start = text.charCodeAt(0) === BOM ? 1 : 0;
  let lineNo = 0;
  const len = text.length;
  // Next `\r` at or after `start` (len when none): one native scan per `\r`, none without.
  let cr = text.indexOf("\r", start);
  if (cr < 0) cr = len;
  while (start < len) {
    let nl = text.indexOf("\n", start);
    if (nl < 0) nl = len;
    let end = nl;
    let next = nl + 1;
    if (cr < nl) {
      end = cr;
      // `\r\n` is one line ending; a lone `\r` ends the line by itself.
      next = cr + 1 === nl ? nl + 1 : cr + 1;
    }
    if (fn(text.slice(start, end), ++lineNo) === false && stopOnFalse) return;
    start = next;
    if (cr < start) {
      cr = text.indexOf("\r", start);
      if (cr < 0) cr = len;
    }
  }
}

/** U+FEFF, the byte order mark some editors put at the start of a UTF-8 file. */
const BOM = 0xfeff;
