/**
 * Whole `ovs-ofctl dump-flows` outputs: {@link parseFlows} (throws at the first bad line),
 * {@link parseFlowDump} (flows, issues and line accounting: nothing lost) and the line engine
 * both share with the stream parser.
 *
 * @module
 */
import type { DumpResult, Issue, LineAccounting } from "../core/dump-lines.js";
import { LineEngine, collectDump } from "../core/line-engine.js";
import { emitActionWarnings } from "./actions/warnings.js";
import type { AnyFlow, Flow, LazyFlow } from "./flow.js";
import { type FlowLineInfo, newFlowCaches, newInfoItems, readFlowLine } from "./flow-parse.js";
import { withDeprecatedAlias } from "../core/deprecated-alias.js";

/** Options of {@link parseFlows}, {@link parseFlowDump} and {@link parseFlowStream}. */
export interface ParseFlowsOptions {
  /**
   * Keep each flow's actions as text ({@link LazyFlow}: `actionsText`, decode with
   * {@link decodeActions}); faster when only info and match are used. The actions are checked
   * all the same: a dump gives the same flows and issues with and without this option.
   */
  readonly lazyActions?: boolean;
  /**
   * @deprecated `parseFlows` throws at the first bad line; for a lenient parse use
   * {@link parseFlowDump}, which returns the issues. `false` still works until 0.3.0.
   */
  readonly strict?: boolean;
  /**
   * @deprecated Use {@link parseFlowDump} and its `issues`. Still called (lenient mode only)
   * until 0.3.0.
   */
  readonly onIssue?: (issue: Issue) => void;
}

/** `lazyActions: true`: the overloads that return {@link LazyFlow}s take this. */
export type LazyActionsOption = { readonly lazyActions: true };
/** No `lazyActions` (or `false`): the overloads that return decoded {@link Flow}s take this. */
export type EagerActionsOption = { readonly lazyActions?: false };

/**
 * Result of {@link parseFlowDump}: the shared {@link DumpResult} shape. `flows` is the 0.1 name
 * of `items`, kept until 0.3.0 as a non-enumerable property holding the same array (so JSON and
 * `structuredClone` see `items` only).
 */
export interface FlowDump<F extends AnyFlow = Flow> extends DumpResult<F> {
  /** @deprecated Renamed `items` in 0.2.0 (the same array); goes away in 0.3.0. */
  readonly flows: readonly F[];
}

/**
 * A {@link LineEngine} for flow dumps, shared by the string and stream parsers.
 *
 * @internal
 */
export function flowLineEngine(
  options: { readonly lazyActions?: boolean | undefined; readonly strict: boolean },
  onItem: (flow: AnyFlow) => void,
  onIssue: (issue: Issue) => void,
): LineEngine<AnyFlow> {
  const lazy = options.lazyActions === true;
  const caches = newFlowCaches();
  const info: FlowLineInfo = { actionsAt: 0, warnings: [], items: newInfoItems() };
  return new LineEngine<AnyFlow>({
    parse: (text, lineNo) => readFlowLine(text, lazy, caches, info, lineNo),
    warn: (_flow, text, lineNo, emit) => {
      if (info.warnings.length > 0) emitActionWarnings(info.warnings, info.actionsAt, text, lineNo, emit);
    },
    strict: options.strict,
    onItem,
    onIssue,
  });
}

/**
 * Parses a whole `ovs-ofctl [-O OpenFlow1x] dump-flows [--no-stats] [--names] [--rsort]`
 * output into flows, skipping reply headers (`NXST_FLOW reply (xid=0x4):`) and blank lines.
 * Throws an {@link OvsParseError} with its line and column at the first line that is neither;
 * {@link parseFlowDump} collects the issues instead. With `{ lazyActions: true }` the flows are
 * {@link LazyFlow}s.
 *
 * @example
 * ```ts
 * import { parseFlows } from "ovskit";
 * import { readFileSync } from "node:fs";
 * const flows = parseFlows(readFileSync("br-int.flows", "utf8"));
 * const byTable = Map.groupBy(flows, (f) => f.table);
 * ```
 */
export function parseFlows(text: string, options: ParseFlowsOptions & LazyActionsOption): LazyFlow[];
export function parseFlows(text: string, options?: ParseFlowsOptions & EagerActionsOption): Flow[];
export function parseFlows(text: string, options?: ParseFlowsOptions): AnyFlow[];
export function parseFlows(text: string, options: ParseFlowsOptions = {}): AnyFlow[] {
  const strict = options.strict !== false;
  const { items } = collectDump<AnyFlow>(
    text,
    (onItem, onIssue) => flowLineEngine({ lazyActions: options.lazyActions, strict }, onItem, onIssue),
    options.onIssue ?? (() => undefined),
  );
  return items;
}

/**
 * Parses a dump leniently and returns the flows (`items`) together with every issue: a
 * `***decode error: ...***` line with the hex dump after it, an unknown or truncated line, an
 * unknown action (a warning). Nothing is dropped silently:
 * `accounting.lines === items + headers + blank + issueLines`. With `{ lazyActions: true }`
 * the items are {@link LazyFlow}s, with the very same issues.
 *
 * @example
 * ```ts
 * import { parseFlowDump } from "ovskit";
 * const { items, issues } = parseFlowDump(text);
 * for (const i of issues) console.error(`line ${i.line}:${i.column} ${i.severity}: ${i.message}`);
 * ```
 */
export function parseFlowDump(text: string, options: { readonly lazyActions: true }): FlowDump<LazyFlow>;
export function parseFlowDump(text: string, options?: { readonly lazyActions?: false }): FlowDump<Flow>;
export function parseFlowDump(text: string, options?: { readonly lazyActions?: boolean }): FlowDump<AnyFlow>;
export function parseFlowDump(text: string, options: { readonly lazyActions?: boolean } = {}): FlowDump<AnyFlow> {
  const { items, issues, accounting } = collectDump<AnyFlow>(text, (onItem, onIssue) =>
    flowLineEngine({ lazyActions: options.lazyActions, strict: false }, onItem, onIssue),
  );
  return withDeprecatedAlias({ items, issues, accounting: accounting as LineAccounting }, "flows");
}
