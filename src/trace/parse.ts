/**
 * {@link parseTrace} (strict) and {@link parseTraceDump} (lenient): one pass over the lines of
 * an `ovs-appctl ofproto/trace` output, switching between the section-level lines (headers,
 * results) and the tree lines of each section.
 *
 * @module
 */
import { type Issue, eachLineOf, errorAtLine, isBlank, issueFromError } from "../core/dump-lines.js";
import { OvsParseError } from "../core/parse-error.js";
import { owned } from "../core/strings.js";
import { withDerivedLists, withRenamedFields } from "./compat.js";
import { TraceRequestError, requestErrorMessage } from "./request-error.js";
import {
  type MutableLimit,
  type MutableSection,
  type ResultsState,
  type SectionHeader,
  headerLine,
  isFence,
  isResultStart,
  resultLine,
  traceFlowAt,
} from "./sections.js";
import { TraceTreeBuilder, newTracePieces } from "./tree.js";
import type { Trace, TraceAccounting, TraceDump, TraceFlow, TraceSection } from "./types.js";

type Category = "blank" | "steps" | "actions" | "notes" | "headers" | "results" | "issue" | "deferred";

/** The line reader behind both parsers; `strict` throws at the first error. */
class TraceReader {
  readonly accounting: TraceAccounting = { lines: 0, items: 0, headers: 0, blank: 0, issueLines: 0, steps: 0, actions: 0, notes: 0, results: 0 };
  readonly issues: Issue[] = [];
  readonly traces: Trace[] = [];
  private mode: "start" | "tree" | "results" | "header" = "start";
  private sections: MutableSection[] = [];
  private section: MutableSection | undefined;
  private builder: TraceTreeBuilder | undefined;
  /** Parsed actions and matches of this parse by their text (copied on every hit). */
  private readonly pieces = newTracePieces();
  private header: SectionHeader | undefined;
  /** Non-blank lines before the first `Flow:` line (OVS's answer to a bad request, or junk). */
  private readonly pending: { text: string; line: number }[] = [];
  private limit: MutableLimit[] = [];
  private readonly results: ResultsState = { slowPath: false, executionFailed: false };
  private withDatapathLine: MutableSection[] = [];
  private readonly emit = (issue: Issue): void => this.issue(issue);
  /** Strict mode: the first error; the reader then ignores the rest of the input. */
  stopped: OvsParseError | undefined;

  constructor(
    private readonly strict: boolean,
    /** Which 0.1 fields to add: none, the renamed ones, or those and the derived lists. */
    private readonly deprecatedFields: DeprecatedFields,
  ) {}

  /** Reads one line; returns false once strict mode has met an error (the caller stops). */
  line(text: string, lineNo: number): boolean {
    const a = this.accounting;
    a.lines++;
    let category: Category;
    try {
      category = this.read(text, lineNo);
    } catch (e) {
      // The parsers of a line's parts throw OvsParseError (their API); it becomes an issue here.
      if (this.strict) this.stopped ??= errorAtLine(e, text, lineNo);
      else this.issue(issueFromError(e, owned(text), lineNo));
      return this.stopped === undefined;
    }
    switch (category) {
      case "blank":
        a.blank++;
        return this.stopped === undefined;
      case "headers":
        a.headers++;
        return this.stopped === undefined;
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
        return this.stopped === undefined; // issues count their own lines; deferred lines are counted when judged
    }
    a.items++;
    return this.stopped === undefined;
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
        const r = headerLine(text, lineNo, this.header as SectionHeader, this.limit);
        if (r === "nat-extra") {
          this.warn("unexpected line under 'Replacing src/dst IP/ports to simulate NAT:' (kept in nat.extra)", text, lineNo);
        }
        if (r !== "no") return "headers";
        return this.fail("unexpected line in a recirculation header", text, lineNo);
      }
      this.mode = "results";
      const s = this.section as MutableSection;
      if (text.startsWith("Datapath actions: ")) this.withDatapathLine.push(s);
      if (resultLine(text, lineNo, s, this.results)) return "results";
      return this.fail("unexpected line after the results of a trace section", text, lineNo);
    } catch (e) {
      this.issue(issueFromError(e, owned(text), lineNo));
      return "issue";
    }
  }

  /** A `Flow:` line starts a section: of the trace being read after a recirculation header, else of a new trace. */
  private flowLine(text: string, lineNo: number): Category {
    let category: Category = "headers";
    if (this.mode === "start") this.flushPending();
    else if (this.mode !== "header") {
      if (this.strict) category = this.fail("a second trace starts here (parseTraceDump reads several)", text, lineNo);
      this.finishTrace();
    }
    const h = this.mode === "header" ? this.header : undefined;
    let flow: TraceFlow;
    const start = text.charCodeAt(5) === 32 ? 6 : 5;
    try {
      flow = traceFlowAt(text, start, lineNo);
    } catch (e) {
      if (category !== "issue") this.issue(issueFromError(e, owned(text), lineNo));
      category = "issue";
      flow = { text: owned(text.slice(start).trimEnd()), match: [], line: lineNo };
    }
    const index = this.sections.length;
    const builder = new TraceTreeBuilder(index, this.emit, !this.strict, this.pieces);
    const s: MutableSection = { kind: "section", index, flow, items: builder.items, line: h?.line ?? lineNo };
    if (h !== undefined) {
      if (h.title !== undefined) s.title = h.title;
      if (h.recircId !== undefined) s.recircId = h.recircId;
      if (h.ctState !== undefined) s.ctState = h.ctState;
      if (h.ctStateDefault !== undefined) s.ctStateDefault = h.ctStateDefault;
      if (h.nat !== undefined) s.nat = h.nat;
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

  private warn(message: string, text: string, lineNo: number): void {
    this.issue({ severity: "warning", code: "syntax", message, line: lineNo, column: 1, lineCount: 0, text: owned(text) });
  }

  private issue(issue: Issue): void {
    if (this.strict) {
      if (issue.severity !== "error" || this.stopped !== undefined) return;
      const code = issue.code === "unknown-action" ? "syntax" : issue.code;
      this.stopped =
        code === "decode-error"
          ? new TraceRequestError(issue.message, issue.line)
          : new OvsParseError(code, issue.message, issue.text, issue.column - 1, issue.line);
      return;
    }
    this.accounting.issueLines += issue.lineCount;
    this.issues.push(issue);
  }

  /** Closes the trace being read, if any. */
  private finishTrace(): void {
    const sections = this.sections;
    const first = sections[0];
    if (!this.strict) this.warnTruncated();
    this.sections = [];
    this.withDatapathLine = [];
    const limits = this.limit;
    this.limit = [];
    if (first === undefined) return;
    const trace: { -readonly [K in keyof Trace]: Trace[K] } = { kind: "trace", sections: sections as [TraceSection, ...TraceSection[]] };
    const limit = limits[limits.length - 1];
    if (limit !== undefined) trace.recircLimit = { queued: limit.queued, text: limit.text, line: limit.line };
    if (this.deprecatedFields !== "none") withRenamedFields(trace);
    if (this.deprecatedFields === "all") withDerivedLists(trace);
    this.traces.push(trace);
  }

  /** Ends the input. */
  end(): void {
    if (this.mode === "start") this.flushPending();
    this.finishTrace();
    // Stable: issues of one line keep their order.
    if (!this.strict) this.issues.sort((a, b) => a.line - b.line);
  }

  private warnTruncated(): void {
    const warn = (message: string, line: number): void => {
      this.issues.push({ severity: "warning", code: "missing", message, line, column: 1, lineCount: 0, text: "" });
    };
    if (this.mode === "header" && this.header?.title !== undefined) {
      warn("the trace ends inside a recirculation header (truncated?)", this.header.line);
    }
    for (const s of this.sections) {
      if (!this.withDatapathLine.includes(s)) warn(`section ${s.index} has no 'Datapath actions:' line (truncated?)`, s.line);
    }
  }
}

/**
 * Options of {@link parseTrace} and {@link parseTraceDump}.
 *
 * @example
 * ```ts
 * import { parseTrace, stepChildren } from "ovskit";
 * // A script written against 0.1 that walks `section.steps` / `step.children`: until 0.3.0.
 * const old = parseTrace(text, { deprecatedFields: true });
 * old.sections[0].steps.length === stepChildren(old.sections[0]).length; // true
 * ```
 */
export interface ParseTraceOptions {
  /**
   * Which 0.1 fields a parsed trace carries, as non-enumerable properties (invisible to JSON,
   * `structuredClone` and deep equality) until 0.3.0:
   *
   * - by default, the renamed ones: `trace.flow`, `finalFlow`, `megaflow`, `datapathActions`,
   *   `datapathActionsText` (now on `trace.sections[0]`); a handful per trace;
   * - `true`: those and the 0.1 derived lists, now functions: `section.steps` (`stepChildren`),
   *   `section.bridges` (`sectionBridges`), `step.children` / `actions` / `notes`
   *   (`stepChildren` / `stepActions` / `stepNotes`), `action.notes` (`actionNotes`). One
   *   `Object.defineProperty` per node and list, which adds about half the parse again on a
   *   large trace (5,664 lines: about 17 ms instead of 11.7 ms), so it is asked for, not the
   *   default;
   * - `false`: none.
   */
  readonly deprecatedFields?: boolean;
}

/** The 0.1 fields to add: none, the renamed ones (default), or those and the derived lists. */
type DeprecatedFields = "none" | "renamed" | "all";

function deprecatedFieldsOf(options: ParseTraceOptions): DeprecatedFields {
  return options.deprecatedFields === undefined ? "renamed" : options.deprecatedFields ? "all" : "none";
}

/**
 * Parses the output of `ovs-appctl ofproto/trace` (or `ofproto/trace-packet-out`) into a
 * {@link Trace}: the initial pass and every recirculation OVS followed, each with its tree of
 * table steps (typed matches, cookies, parsed actions, notes) and its results (typed final flow,
 * megaflow and datapath actions). Plain data: `toJson` / `structuredClone` copy it, each node
 * once. A UTF-8 byte order mark at the start is ignored.
 *
 * Strict: throws {@link OvsParseError} (with the line number) at the first line it cannot
 * place, or where a second trace starts (use {@link parseTraceDump} for several). When the input
 * is OVS's answer to a bad request (`Bad openflow flow syntax: ...`, `br-x: unknown bridge`,
 * with or without the `ovs-appctl: ... server returned an error` line), it throws a
 * {@link TraceRequestError}: code `"decode-error"`, OVS's text in `ovsMessage` and in the
 * message. Empty input throws code `"missing"`; text that is no trace, `"unrecognized"`.
 *
 * @example
 * ```ts
 * import { parseTrace, stepChildren, traceVerdict } from "ovskit";
 * import { execFileSync } from "node:child_process";
 * const out = execFileSync("ovs-appctl", ["ofproto/trace", "br-int", "tcp,in_port=4,nw_dst=10.96.0.2,tp_dst=80"], { encoding: "utf8" });
 * const trace = parseTrace(out);
 * trace.sections[0].flow.text;                  // "tcp,in_port=4,..."
 * stepChildren(trace.sections[0])[0]?.table;    // 0
 * traceVerdict(trace).outputs;                  // e.g. [5]
 * ```
 */
export function parseTrace(text: string, options: ParseTraceOptions = {}): Trace {
  const reader = new TraceReader(true, deprecatedFieldsOf(options));
  eachLineOf(text, (line, n) => reader.line(line, n), true);
  if (reader.stopped === undefined) reader.end();
  if (reader.stopped !== undefined) throw reader.stopped;
  const trace = reader.traces[0];
  if (trace === undefined) throw new OvsParseError("missing", "no trace in the input (it is empty)", "", 0, 1);
  return trace;
}

/**
 * The lenient {@link parseTrace}: never throws, and returns what every `parseXDump` returns,
 * `{ items, issues, accounting }`: the traces found (one per `Flow:` line that does not follow a
 * recirculation header, so concatenated outputs give several), every issue, and how each input
 * line was used (as a step, an action, a note, a header, a result, a blank line or part of an
 * issue). A line that cannot be parsed becomes an error issue, and the nodes that can still be
 * placed are kept. OVS's answer to a bad request gives no trace and one `"decode-error"` issue
 * carrying OVS's text.
 *
 * @example
 * ```ts
 * import { parseTraceDump } from "ovskit";
 * const { items, issues, accounting } = parseTraceDump(text);
 * for (const i of issues) console.warn(`line ${i.line}: ${i.message}`);
 * console.log(accounting.steps, "table steps in", items.length, "trace(s)");
 * ```
 */
export function parseTraceDump(text: string, options: ParseTraceOptions = {}): TraceDump {
  const reader = new TraceReader(false, deprecatedFieldsOf(options));
  eachLineOf(text, (line, n) => reader.line(line, n), true);
  reader.end();
  const dump: TraceDump = { items: reader.traces, issues: reader.issues, accounting: reader.accounting };
  if (reader.traces[0] !== undefined) Object.defineProperty(dump, "trace", { value: reader.traces[0], enumerable: false, configurable: true });
  return dump;
}
