/**
 * The line engine every dump parser runs on: it classifies each line (decode-error block,
 * blank, reply header, item), parses items with the parser it is given, keeps the line
 * accounting, and routes issues (throwing in strict mode).
 *
 * @module
 */
import {
  type DumpIssue,
  IssueCollector,
  type LineAccounting,
  errorAtLine,
  forEachLine,
  isBlank,
  isReplyHeader,
  issueFromError,
} from "./dump-lines.js";
import { OvsParseError } from "./parse-error.js";

/** What a {@link LineEngine} needs to know about one kind of dump. */
export interface LineEngineSpec<T> {
  /** Parses one item line; throws (preferably {@link OvsParseError}) when it is not one. */
  readonly parse: (text: string, lineNo: number) => T;
  /**
   * Recognizes a dump-specific header line (for example `flow-dump from pmd on cpu core: 2`);
   * return true when `text` is one. Reply headers and blank lines are recognized already.
   */
  readonly header?: (text: string, lineNo: number) => boolean;
  /** Reports warnings about an item that did parse (unknown actions, for example). */
  readonly warn?: (item: T, text: string, lineNo: number, emit: (issue: DumpIssue) => void) => void;
  /** Throw at the first error instead of reporting it. */
  readonly strict: boolean;
  readonly onItem: (item: T) => void;
  readonly onIssue: (issue: DumpIssue) => void;
}

/**
 * Feeds lines to a dump parser. `accounting.lines === items + headers + blank + issueLines`
 * holds at every point.
 *
 * @example
 * ```ts
 * import { LineEngine, forEachLine, parseFlow } from "ovskit";
 * const flows: unknown[] = [];
 * const engine = new LineEngine({ parse: (l) => parseFlow(l), strict: false, onItem: (f) => flows.push(f), onIssue: console.error });
 * forEachLine(" priority=1 actions=drop\n", (line, n) => engine.line(line, n));
 * engine.end();
 * ```
 */
export class LineEngine<T> {
  readonly accounting: LineAccounting = { lines: 0, items: 0, headers: 0, blank: 0, issueLines: 0 };
  private readonly collector: IssueCollector;
  private readonly emit = (issue: DumpIssue): void => this.issue(issue);

  constructor(private readonly spec: LineEngineSpec<T>) {
    this.collector = new IssueCollector(this.emit);
  }

  private issue(issue: DumpIssue): void {
    this.accounting.issueLines += issue.lineCount;
    if (this.spec.strict && issue.severity === "error") {
      const code = issue.code === "unknown-action" ? "syntax" : issue.code;
      throw new OvsParseError(code, issue.message, issue.text, issue.column - 1, issue.line);
    }
    this.spec.onIssue(issue);
  }

  /** Processes one line. */
  line(text: string, lineNo: number): void {
    this.accounting.lines++;
    if (this.collector.take(text, lineNo)) return;
    if (isBlank(text)) {
      this.accounting.blank++;
      return;
    }
    if (isReplyHeader(text) || this.spec.header?.(text, lineNo) === true) {
      this.accounting.headers++;
      return;
    }
    let item: T;
    try {
      item = this.spec.parse(text, lineNo);
    } catch (e) {
      if (this.spec.strict) throw errorAtLine(e, text, lineNo);
      this.issue(issueFromError(e, text, lineNo));
      return;
    }
    this.accounting.items++;
    this.spec.onItem(item);
    this.spec.warn?.(item, text, lineNo, this.emit);
  }

  /** Ends the input (closes an open decode-error block). */
  end(): void {
    this.collector.flush();
  }
}

/**
 * Runs every line of `text` through the engine that `makeEngine` builds (given the callbacks for
 * items and issues) and returns the items, the issues and the accounting. When `onIssue` is
 * given, issues go to it instead of being collected. Every dump parser's string form runs on it.
 *
 * @example
 * ```ts
 * import { collectDump, LineEngine, parseFlow } from "ovskit";
 * const { items, issues } = collectDump(text, (onItem, onIssue) =>
 *   new LineEngine({ parse: (l) => parseFlow(l), strict: false, onItem, onIssue }));
 * ```
 */
export function collectDump<T>(
  text: string,
  makeEngine: (onItem: (item: T) => void, onIssue: (issue: DumpIssue) => void) => LineEngine<T>,
  onIssue?: (issue: DumpIssue) => void,
): { items: T[]; issues: DumpIssue[]; accounting: LineAccounting } {
  const items: T[] = [];
  const issues: DumpIssue[] = [];
  const engine = makeEngine((item) => items.push(item), onIssue ?? ((issue) => issues.push(issue)));
  forEachLine(text, (line, n) => engine.line(line, n));
  engine.end();
  return { items, issues, accounting: engine.accounting };
}
