/**
 * Whole `ovs-ofctl dump-flows` outputs: {@link parseFlows} (strict or lenient),
 * {@link parseFlowDump} (flows plus issues, nothing lost) and the shared line engine.
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
} from "../core/dump-lines.js";
import { OvsParseError } from "../core/errors.js";
import type { Action } from "./actions/types.js";
import { type Flow, type ParsedFlow, parseFlowLine } from "./flow.js";

/** Options of {@link parseFlows} and {@link parseFlowDump}. */
export interface ParseFlowsOptions {
  /**
   * `true` (the default for {@link parseFlows}): throw an {@link OvsParseError} carrying the
   * line number at the first line that is neither a flow, a reply header nor blank.
   * `false`: never throw for a bad line; report it through `onIssue` and go on.
   */
  readonly strict?: boolean;
  /** Decode each flow's actions on first access (faster when only info / match are used). */
  readonly lazyActions?: boolean;
  /** Called for every issue (errors and warnings) in lenient mode. */
  readonly onIssue?: (issue: DumpIssue) => void;
}

/** Result of {@link parseFlowDump}. */
export interface FlowDump {
  readonly flows: Flow[];
  /** Errors (lines that are not flows) and warnings (unknown actions), in line order. */
  readonly issues: DumpIssue[];
  /** How every input line was accounted for. */
  readonly accounting: LineAccounting;
}

/**
 * The line engine shared by the string and stream parsers: classifies each line and parses
 * flows, reporting through callbacks.
 *
 * @internal
 */
export class FlowLineEngine {
  readonly accounting: LineAccounting = { lines: 0, items: 0, headers: 0, blank: 0, issueLines: 0 };
  private readonly collector: IssueCollector;

  constructor(
    private readonly options: ParseFlowsOptions,
    private readonly onFlow: (flow: ParsedFlow) => void,
    private readonly onIssue: (issue: DumpIssue) => void,
  ) {
    this.collector = new IssueCollector((issue) => this.issue(issue));
  }

  private issue(issue: DumpIssue): void {
    this.accounting.issueLines += issue.lineCount;
    if (this.options.strict === true && issue.severity === "error") {
      const code = issue.code === "unknown-action" ? "syntax" : issue.code;
      throw new OvsParseError(code, issue.message, issue.text, issue.column - 1, issue.line);
    }
    this.onIssue(issue);
  }

  /** Processes one line. */
  line(text: string, lineNo: number): void {
    this.accounting.lines++;
    if (this.collector.take(text, lineNo)) return;
    if (isBlank(text)) {
      this.accounting.blank++;
      return;
    }
    if (isReplyHeader(text)) {
      this.accounting.headers++;
      return;
    }
    let flow: ParsedFlow;
    try {
      flow = parseFlowLine(text, this.options.lazyActions === true);
    } catch (e) {
      if (this.options.strict === true) throw errorAtLine(e, text, lineNo);
      this.issue(issueFromError(e, text, lineNo));
      return;
    }
    flow.line = lineNo;
    this.accounting.items++;
    this.onFlow(flow);
    if (!flow.actionsPending) warnUnknown(flow.actions, text, lineNo, (i) => this.issue(i));
  }

  /** Ends the input. */
  end(): void {
    this.collector.flush();
  }
}

function warnUnknown(actions: readonly Action[], text: string, lineNo: number, emit: (i: DumpIssue) => void): void {
  for (const a of actions) {
    if (a.kind === "unknown") {
      const at = text.indexOf(a.text);
      emit({
        severity: "warning",
        code: "unknown-action",
        message: `${a.reason}: ${a.text}`,
        line: lineNo,
        column: at < 0 ? 1 : at + 1,
        lineCount: 0,
        text,
      });
    } else if (a.kind === "clone" || a.kind === "write_actions") {
      warnUnknown(a.actions, text, lineNo, emit);
    } else if (a.kind === "ct" && a.exec !== undefined) {
      warnUnknown(a.exec, text, lineNo, emit);
    }
  }
}

/**
 * Parses a whole `ovs-ofctl [-O OpenFlow1x] dump-flows [--no-stats] [--names] [--rsort]`
 * output into flows, skipping reply headers (`NXST_FLOW reply (xid=0x4):`) and blank lines.
 *
 * Strict by default: the first bad line throws an {@link OvsParseError} with its line and
 * column. With `{ strict: false }` it never throws for a bad line; pass `onIssue` to see them,
 * or use {@link parseFlowDump}.
 *
 * @example
 * ```ts
 * import { parseFlows } from "ovskit";
 * import { readFileSync } from "node:fs";
 * const flows = parseFlows(readFileSync("br-int.flows", "utf8"));
 * const byTable = Map.groupBy(flows, (f) => f.table);
 * ```
 */
export function parseFlows(text: string, options: ParseFlowsOptions = {}): Flow[] {
  const flows: Flow[] = [];
  const strict = options.strict !== false;
  const onIssue = options.onIssue ?? (() => undefined);
  const engine = new FlowLineEngine({ ...options, strict }, (f) => flows.push(f), onIssue);
  forEachLine(text, (line, n) => engine.line(line, n));
  engine.end();
  return flows;
}

/**
 * Parses a dump leniently and returns the flows together with every issue: a
 * `***decode error: ...***` line with the hex dump after it, an unknown or truncated line, an
 * unknown action (a warning). Nothing is dropped silently:
 * `accounting.lines === items + headers + blank + issueLines`.
 *
 * @example
 * ```ts
 * import { parseFlowDump } from "ovskit";
 * const { flows, issues } = parseFlowDump(text);
 * for (const i of issues) console.error(`line ${i.line}:${i.column} ${i.severity}: ${i.message}`);
 * ```
 */
export function parseFlowDump(text: string, options: Omit<ParseFlowsOptions, "strict" | "onIssue"> = {}): FlowDump {
  const flows: Flow[] = [];
  const issues: DumpIssue[] = [];
  const engine = new FlowLineEngine({ ...options, strict: false }, (f) => flows.push(f), (i) => issues.push(i));
  forEachLine(text, (line, n) => engine.line(line, n));
  engine.end();
  return { flows, issues, accounting: engine.accounting };
}
