/**
 * {@link parseTrace} (strict) and {@link parseTraceDump} (lenient): one pass over the lines of
 * an `ovs-appctl ofproto/trace` output, switching between the section-level lines (headers,
 * results) and the tree lines of each section.
 *
 * @module
 */
import { type DumpIssue, errorAtLine, forEachLine, isBlank, issueFromError } from "../core/dump-lines.js";
import { OvsParseError } from "../core/parse-error.js";
import { ParseCache } from "../core/parse-cache.js";
import { owned } from "../core/strings.js";
import { TraceRequestError, requestErrorMessage } from "./request-error.js";
import {
  type MutableSection,
  type ResultsState,
  type SectionHeader,
  headerLine,
  isFence,
  isResultStart,
  resultLine,
  traceFlowAt,
} from "./sections.js";
import { type TraceCaches, TraceTreeBuilder } from "./tree.js";
import type { Trace, TraceAccounting, TraceDump, TraceFlow } from "./types.js";

type Category = "blank" | "steps" | "actions" | "notes" | "headers" | "results" | "issue" | "deferred";

/** The line reader behind both parsers; `strict` throws at the first error. */
class TraceReader {
  readonly accounting: TraceAccounting = { lines: 0, items: 0, headers: 0, blank: 0, issueLines: 0, steps: 0, actions: 0, notes: 0, results: 0 };
  readonly issues: DumpIssue[] = [];
  private mode: "start" | "tree" | "results" | "header" = "start";
  private readonly sections: MutableSection[] = [];
  private section: MutableSection | undefined;
  private builder: TraceTreeBuilder | undefined;
  private header: SectionHeader | undefined;
  /** Non-blank lines before the first `Flow:` line (OVS's answer to a bad request, or junk). */
  private readonly pending: { text: string; line: number }[] = [];
  private readonly limit: { queued: number; line: number }[] = [];
  private readonly results: ResultsState = { slowPath: false, executionFailed: false };
  private readonly withDatapathLine = new Set<MutableSection>();
  private readonly caches: TraceCaches = { matches: new ParseCache(), actions: new ParseCache() };
  private readonly emit = (issue: DumpIssue): void => this.issue(issue);
  /** The error thrown by {@link issue} in strict mode, so that it is not wrapped again. */
  private thrown: unknown = undefined;

  constructor(private readonly strict: boolean) {}

  line(text: string, lineNo: number): void {
    const a = this.accounting;
    a.lines++;
    let category: Category;
    try {
      category = this.read(text, lineNo);
    } catch (e) {
      if (e === this.thrown || this.strict) throw e === this.thrown ? e : errorAtLine(e, text, lineNo);
      this.issue(issueFromError(e, owned(text), lineNo));
      return;
    }
    switch (category) {
      case "blank":
        a.blank++;
        return;
      case "headers":
        a.headers++;
        return;
      case "steps":
        a.steps++;
        break;
      case "actions":
        a.actions++;
        break;
      case "notes":
        a.notes++;
        break;
      case "results":
        a.results++;
        break;
      default:
        return; // issues count their own lines; deferred lines are counted when judged
    }
    a.items++;
  }

  private read(text: string, lineNo: number): Category {
    if (isBlank(text)) return "blank";
    if (text.startsWith("Flow:")) return this.flowLine(text, lineNo);
    if (this.mode === "start") {
      this.pending.push({ text, line: lineNo });
      return "deferred";
    }
    if (isFence(text)) {
      if (this.mode !== "header") {
        this.mode = "header";
        this.header = { line: lineNo };
      }
      return "headers";
    }
    if (this.mode === "tree" && !isResultStart(text)) return (this.builder as TraceTreeBuilder).line(text, lineNo);
    try {
      if (this.mode === "header") {
        if (headerLine(text, lineNo, this.header as SectionHeader, this.limit)) return "headers";
        return this.fail("unexpected line in a recirculation header", text, lineNo);
      }
      this.mode = "results";
      const s = this.section as MutableSection;
      if (text.startsWith("Datapath actions: ")) this.withDatapathLine.add(s);
      if (resultLine(text, lineNo, s, this.results)) return "results";
      return this.fail("unexpected line after the results of a trace section", text, lineNo);
    } catch (e) {
      if (e === this.thrown) throw e;
      this.issue(issueFromError(e, owned(text), lineNo));
      return "issue";
    }
  }

  /** A `Flow:` line starts a section. */
  private flowLine(text: string, lineNo: number): Category {
    let category: Category = "headers";
    if (this.mode === "start") this.flushPending();
    else if (this.mode !== "header") category = this.fail("a new trace starts here without a recirculation header", text, lineNo);
    const h = this.mode === "header" ? this.header : undefined;
    let flow: TraceFlow;
    const start = text.charCodeAt(5) === 32 ? 6 : 5;
    try {
      flow = traceFlowAt(text, start, lineNo);
    } catch (e) {
      if (e === this.thrown) throw e;
      if (category !== "issue") this.issue(issueFromError(e, owned(text), lineNo));
      category = "issue";
      flow = { text: owned(text.slice(start).trimEnd()), match: [], line: lineNo };
    }
    const index = this.sections.length;
    const builder = new TraceTreeBuilder(index, this.caches, this.emit, !this.strict);
    const s: MutableSection = {
      kind: "section",
      index,
      flow,
      items: builder.items,
      steps: builder.steps,
      bridges: builder.bridges,
      line: h?.line ?? lineNo,
    };
    if (h !== undefined) {
      if (h.title !== undefined) s.title = h.title;
      if (h.recircId !== undefined) s.recircId = h.recircId;
      if (h.ctState !== undefined) s.ctState = h.ctState;
      if (h.ctStateDefault !== undefined) s.ctStateDefault = h.ctStateDefault;
      if (h.natInitial !== undefined || h.natModified !== undefined) {
        const none = { text: "", match: [], line: h.line };
        s.nat = { initial: h.natInitial ?? none, modified: h.natModified ?? none };
      }
    }
    this.sections.push(s);
    this.section = s;
    this.builder = builder;
    this.header = undefined;
    this.mode = "tree";
    this.results.slowPath = false;
    this.results.executionFailed = false;
    return category;
  }

  /** Judges the lines read before the first `Flow:` line. */
  private flushPending(): void {
    const p = this.pending;
    if (p.length === 0) return;
    const message = requestErrorMessage(p.map((x) => x.text));
    const first = p[0] as { text: string; line: number };
    if (message !== undefined) {
      this.issue({ severity: "error", code: "decode-error", message, line: first.line, column: 1, lineCount: p.length, text: owned(first.text) });
    } else {
      for (const x of p) this.fail("not part of an ofproto/trace output (a trace starts with 'Flow: ')", x.text, x.line, "unrecognized");
    }
    p.length = 0;
  }

  private fail(message: string, text: string, lineNo: number, code: "syntax" | "unrecognized" = "syntax"): "issue" {
    this.issue({ severity: "error", code, message, line: lineNo, column: 1, lineCount: 1, text: owned(text) });
    return "issue";
  }

  private issue(issue: DumpIssue): void {
    if (this.strict) {
      if (issue.severity !== "error") return;
      const code = issue.code === "unknown-action" ? "syntax" : issue.code;
      this.thrown =
        code === "decode-error"
          ? new TraceRequestError(issue.message, issue.line)
          : new OvsParseError(code, issue.message, issue.text, issue.column - 1, issue.line);
      throw this.thrown;
    }
    this.accounting.issueLines += issue.lineCount;
    this.issues.push(issue);
  }

  /** Ends the input; returns the trace, if there was one. */
  end(): Trace | undefined {
    if (this.mode === "start") this.flushPending();
    if (!this.strict) this.warnTruncated();
    const sections = this.sections;
    const first = sections[0];
    if (first === undefined) return undefined;
    const trace: { -readonly [K in keyof Trace]: Trace[K] } = { flow: first.flow, sections };
    if (first.finalFlow !== undefined) trace.finalFlow = first.finalFlow;
    if (first.megaflow !== undefined) trace.megaflow = first.megaflow;
    if (first.datapathActions !== undefined) trace.datapathActions = first.datapathActions;
    if (first.datapathActionsText !== undefined) trace.datapathActionsText = first.datapathActionsText;
    const limit = this.limit[this.limit.length - 1];
    if (limit !== undefined) trace.recircLimit = limit;
    return trace;
  }

  private warnTruncated(): void {
    const warn = (message: string, line: number): void => {
      this.issues.push({ severity: "warning", code: "missing", message, line, column: 1, lineCount: 0, text: "" });
    };
    if (this.mode === "header" && this.header?.title !== undefined) {
      warn("the trace ends inside a recirculation header (truncated?)", this.header.line);
    }
    for (const s of this.sections) {
      if (!this.withDatapathLine.has(s)) warn(`section ${s.index} has no 'Datapath actions:' line (truncated?)`, s.line);
    }
    // Stable: issues of one line keep their order.
    this.issues.sort((a, b) => a.line - b.line);
  }
}

/**
 * Parses the output of `ovs-appctl ofproto/trace` (or `ofproto/trace-packet-out`) into a
 * {@link Trace}: the initial pass and every recirculation OVS followed, each with its tree of
 * table steps (typed matches, cookies, parsed actions, notes) and its results (typed final flow,
 * megaflow and datapath actions).
 *
 * Strict: throws {@link OvsParseError} (with the line number) at the first line it cannot
 * place. When the input is OVS's answer to a bad request (`Bad openflow flow syntax: ...`,
 * `br-x: unknown bridge`, with or without the `ovs-appctl: ... server returned an error` line),
 * it throws a {@link TraceRequestError}: code `"decode-error"`, OVS's text in `ovsMessage` and
 * in the message. Empty input throws code `"missing"`; text that is no trace, `"unrecognized"`.
 *
 * @example
 * ```ts
 * import { parseTrace, traceVerdict } from "ovskit";
 * import { execFileSync } from "node:child_process";
 * const out = execFileSync("ovs-appctl", ["ofproto/trace", "br-int", "tcp,in_port=4,nw_dst=10.96.0.2,tp_dst=80"], { encoding: "utf8" });
 * const trace = parseTrace(out);
 * trace.sections[0]?.steps[0]?.table; // 0
 * traceVerdict(trace).outputs;        // e.g. [5]
 * ```
 */
export function parseTrace(text: string): Trace {
  const reader = new TraceReader(true);
  forEachLine(text, (line, n) => reader.line(line, n));
  const trace = reader.end();
  if (trace === undefined) throw new OvsParseError("missing", "no trace in the input (it is empty)", "", 0, 1);
  return trace;
}

/**
 * The lenient {@link parseTrace}: never throws. Every input line is accounted for, as a step,
 * an action, a note, a header, a result, a blank line or (part of) an issue; a line that cannot
 * be parsed becomes an error issue, and the nodes that can still be placed are kept. OVS's
 * answer to a bad request gives no trace and one `"decode-error"` issue carrying OVS's text.
 *
 * @example
 * ```ts
 * import { parseTraceDump } from "ovskit";
 * const { trace, issues, accounting } = parseTraceDump(text);
 * for (const i of issues) console.warn(`line ${i.line}: ${i.message}`);
 * console.log(accounting.steps, "table steps,", trace?.sections.length, "sections");
 * ```
 */
export function parseTraceDump(text: string): TraceDump {
  const reader = new TraceReader(false);
  forEachLine(text, (line, n) => reader.line(line, n));
  const trace = reader.end();
  const out = { issues: reader.issues, accounting: reader.accounting };
  return trace === undefined ? out : { trace, ...out };
}
