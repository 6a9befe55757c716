/**
 * Whole `ovs-ofctl dump-flows` outputs: {@link parseFlows} (strict or lenient),
 * {@link parseFlowDump} (flows plus issues, nothing lost) and the shared line engine.
 *
 * @module
 */
import type { DumpIssue, LineAccounting } from "../core/dump-lines.js";
import { LineEngine, collectDump } from "../core/line-engine.js";
import { warnUnknownActions } from "./actions/warnings.js";
import { type Flow, type ParsedFlow, newFlowCaches, parseFlowLine } from "./flow.js";

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
 * A {@link LineEngine} for flow dumps, shared by the string and stream parsers.
 *
 * @internal
 */
export function flowLineEngine(
  options: ParseFlowsOptions,
  onItem: (flow: ParsedFlow) => void,
  onIssue: (issue: DumpIssue) => void,
): LineEngine<ParsedFlow> {
  const lazy = options.lazyActions === true;
  const caches = newFlowCaches();
  return new LineEngine<ParsedFlow>({
    parse: (text, lineNo) => {
      const flow = parseFlowLine(text, lazy, caches);
      flow.line = lineNo;
      return flow;
    },
    warn: (flow, text, lineNo, emit) => {
      if (!flow.actionsPending) warnUnknownActions(flow.actions, text, lineNo, emit);
    },
    strict: options.strict === true,
    onItem,
    onIssue,
  });
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
  const strict = options.strict !== false;
  return collectDump<ParsedFlow>(text, (onItem, onIssue) => flowLineEngine({ ...options, strict }, onItem, onIssue), options.onIssue ?? (() => undefined))
    .items;
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
  const { items, issues, accounting } = collectDump<ParsedFlow>(text, (onItem, onIssue) => flowLineEngine({ ...options, strict: false }, onItem, onIssue));
  return { flows: items, issues, accounting };
}
