/**
 * Line accounting of the lenient dump parsers, checked against the input text: nothing may
 * vanish. `lines === items + headers + blank + issueLines`, `lines` is the real number of lines
 * (counted here, independently), issues point into the text, and, where items carry their line,
 * every line is exactly one of: an item, part of an issue, a blank line, or a header.
 */
import { countLines, splitLines } from "./check.js";

interface Accounting {
  readonly lines: number;
  readonly items: number;
  readonly headers: number;
  readonly blank: number;
  readonly issueLines: number;
}

interface IssueLike {
  readonly severity: string;
  readonly line: number;
  readonly column: number;
  readonly lineCount: number;
}

export interface DumpLike {
  readonly items: readonly unknown[];
  readonly issues: readonly IssueLike[];
  readonly accounting: Accounting;
}

export interface AccountingOptions {
  /** The line of an item, when items are lines (flows, groups, logical flows). */
  readonly itemLine?: (item: never) => number | undefined;
  /** True for a line the format treats as a header (reply headers, `flow-dump from` lines). */
  readonly isHeader?: (line: string) => boolean;
  /** True when `accounting.items` counts the items (one line each). */
  readonly itemsAreLines?: boolean;
}

const isBlankLine = (l: string): boolean => /^[ \t\r]*$/.test(l);

/** The first accounting problem of `dump` for the input `text`, or undefined. */
export function accountingProblem(dump: DumpLike, text: string, options: AccountingOptions = {}): string | undefined {
  const a = dump.accounting;
  if (a === undefined) return "no accounting";
  for (const k of ["lines", "items", "headers", "blank", "issueLines"] as const) {
    if (!Number.isInteger(a[k]) || a[k] < 0) return `accounting.${k} = ${String(a[k])}`;
  }
  if (a.lines !== a.items + a.headers + a.blank + a.issueLines) {
    return `lines ${a.lines} != items ${a.items} + headers ${a.headers} + blank ${a.blank} + issueLines ${a.issueLines}`;
  }
  const real = countLines(text);
  if (a.lines !== real) return `accounting.lines = ${a.lines}, the input has ${real} lines`;
  let issueLines = 0;
  const covered = new Uint8Array(real + 1);
  for (const i of dump.issues) {
    if (!Number.isInteger(i.line) || i.line < 1 || i.line > Math.max(real, 1)) return `issue at line ${i.line} of ${real}`;
    if (!Number.isInteger(i.column) || i.column < 1) return `issue at line ${i.line}: column ${i.column}`;
    if (i.severity === "warning") {
      if (i.lineCount !== 0) return `warning at line ${i.line} accounts for ${i.lineCount} lines`;
      continue;
    }
    if (!Number.isInteger(i.lineCount) || i.lineCount < 1) return `error issue at line ${i.line} accounts for ${i.lineCount} lines`;
    if (i.line + i.lineCount - 1 > real) return `issue at line ${i.line} covers ${i.lineCount} lines, past the end (${real})`;
    issueLines += i.lineCount;
    for (let l = i.line; l < i.line + i.lineCount; l++) {
      if (covered[l] !== 0) return `line ${l} is in two issues`;
      covered[l] = 2;
    }
  }
  if (issueLines !== a.issueLines) return `issues cover ${issueLines} lines, accounting.issueLines = ${a.issueLines}`;
  if (options.itemsAreLines === true && a.items !== dump.items.length) return `accounting.items = ${a.items}, ${dump.items.length} items`;
  if (options.itemLine === undefined) return undefined;
  const lineOf = options.itemLine as (item: unknown) => number | undefined;
  for (const item of dump.items) {
    const l = lineOf(item);
    if (l === undefined) return "an item without its line";
    if (!Number.isInteger(l) || l < 1 || l > real) return `an item at line ${l} of ${real}`;
    if (covered[l] === 1) return `two items at line ${l}`;
    if (covered[l] === 2) return `line ${l} is an item and an issue`;
    covered[l] = 1;
  }
  const lines = splitLines(text);
  let blank = 0;
  let headers = 0;
  for (let l = 1; l <= real; l++) {
    if (covered[l] !== 0) continue;
    const line = lines[l - 1] ?? "";
    if (isBlankLine(line)) blank++;
    else if (options.isHeader?.(line) === true) headers++;
    else return `line ${l} is neither an item, an issue, a blank line nor a header: ${JSON.stringify(line.slice(0, 120))}`;
  }
  if (blank !== a.blank || headers !== a.headers) return `uncovered lines: ${blank} blank and ${headers} headers, accounting says ${a.blank} and ${a.headers}`;
  return undefined;
}
