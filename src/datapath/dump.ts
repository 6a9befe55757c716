/**
 * Whole datapath flow dumps: {@link parseDatapathFlows} (throws at the first bad line),
 * {@link parseDatapathFlowDump} (flows, issues and line accounting), `flow-dump from ...`
 * sections, and {@link parseDatapathFlowStream}.
 *
 * @module
 */
import type { DumpResult, Issue } from "../core/dump-lines.js";
import { LineEngine, collectDump } from "../core/line-engine.js";
import { streamDump } from "../core/dump-stream.js";
import { withDeprecatedAlias } from "../core/deprecated-alias.js";
import type { DatapathAction } from "./actions.js";
import type { AnyDatapathFlow, DatapathFlow, LazyDatapathFlow } from "./flow.js";
import { newDatapathCaches, readDatapathFlowLine } from "./flow-parse.js";

/** Options of {@link parseDatapathFlows}, {@link parseDatapathFlowDump} and {@link parseDatapathFlowStream}. */
export interface ParseDatapathFlowsOptions {
  /**
   * Keep each flow's keys as text ({@link LazyDatapathFlow}: `keysText`, a private copy; decode
   * with {@link decodeKeys}). Stats, actions, `recircId` and `inPort` are decoded at once. The
   * keys are checked all the same: a dump gives the same flows and issues with and without it.
   */
  readonly lazyKeys?: boolean;
  /**
   * @deprecated `parseDatapathFlows` throws at the first bad line; for a lenient parse use
   * {@link parseDatapathFlowDump}. `false` still works until 0.3.0.
   */
  readonly strict?: boolean;
  /** @deprecated Use {@link parseDatapathFlowDump} and its `issues`; still called until 0.3.0. */
  readonly onIssue?: (issue: Issue) => void;
}

/** `lazyKeys: true`: the overloads that return {@link LazyDatapathFlow}s take this. */
export type LazyKeysOption = { readonly lazyKeys: true };
/** No `lazyKeys` (or `false`): the overloads that return decoded {@link DatapathFlow}s take this. */
export type EagerKeysOption = { readonly lazyKeys?: false };

/**
 * Result of {@link parseDatapathFlowDump}: the shared {@link DumpResult} shape. `flows` is the
 * 0.1 name of `items`, kept until 0.3.0 as a non-enumerable property holding the same array.
 */
export interface DatapathFlowDump<F extends AnyDatapathFlow = DatapathFlow> extends DumpResult<F> {
  /** @deprecated Renamed `items` in 0.2.0 (the same array); goes away in 0.3.0. */
  readonly flows: readonly F[];
}

/** @deprecated Renamed {@link DatapathFlowDump} in 0.2.0; goes away in 0.3.0. */
export type DatapathDump = DatapathFlowDump;

/**
 * The thread a `flow-dump from ...` header names, or `undefined` when the line is not one of
 * the headers `ovs-appctl dpctl/dump-flows` prints (lib/dpctl.c): `flow-dump from the main
 * thread:`, `flow-dump from pmd on cpu core: N`, and before OVS 2.13 `flow-dump from non-dpdk
 * interfaces:`. A flow line that happens to start with `flow-dump from ` is not a header.
 *
 * @example
 * ```ts
 * import { datapathThreadHeader } from "ovskit";
 * datapathThreadHeader("flow-dump from pmd on cpu core: 3"); // "pmd on cpu core: 3"
 * datapathThreadHeader("flow-dump from x: recirc_id(0),in_port(1), packets:0, bytes:0, used:never, actions:drop"); // undefined
 * ```
 */
export function datapathThreadHeader(line: string): string | undefined {
  if (!line.startsWith(THREAD_HEADER)) return undefined;
  let end = line.length;
  while (end > 0 && (line.charCodeAt(end - 1) === 32 || line.charCodeAt(end - 1) === 9 || line.charCodeAt(end - 1) === 13)) end--;
  const rest = line.slice(THREAD_HEADER.length, end);
  if (rest === "the main thread:" || rest === "non-dpdk interfaces:") return rest.slice(0, -1);
  if (rest.startsWith(PMD) && rest.length > PMD.length && rest.length <= PMD.length + 10) {
    for (let i = PMD.length; i < rest.length; i++) {
      const c = rest.charCodeAt(i);
      if (c < 48 || c > 57) return undefined;
    }
    return rest;
  }
  return undefined;
}

const THREAD_HEADER = "flow-dump from ";
const PMD = "pmd on cpu core: ";

/** @internal A line engine for datapath dumps; flows take the thread of the section they are in. */
export function datapathLineEngine(
  options: { readonly strict: boolean; readonly lazyKeys?: boolean | undefined },
  onItem: (flow: AnyDatapathFlow) => void,
  onIssue: (issue: Issue) => void,
): LineEngine<AnyDatapathFlow> {
  const caches = newDatapathCaches();
  const lazy = options.lazyKeys === true;
  let thread: string | undefined;
  return new LineEngine<AnyDatapathFlow>({
    header: (text) => {
      const t = datapathThreadHeader(text);
      if (t === undefined) return false;
      thread = t;
      return true;
    },
    parse: (text, lineNo) => {
      const flow = readDatapathFlowLine(text, caches, lazy) as { thread?: string; line?: number };
      if (thread !== undefined) flow.thread = thread;
      flow.line = lineNo;
      return flow as AnyDatapathFlow;
    },
    warn: (flow, text, lineNo, emit) => warnUnknown(flow.actions, text, lineNo, emit),
    strict: options.strict,
    onItem,
    onIssue,
  });
}

function warnUnknown(actions: readonly DatapathAction[], text: string, lineNo: number, emit: (i: Issue) => void): void {
  for (const a of actions) {
    if (a.kind === "unknown") {
      emit({ severity: "warning", code: "unknown-action", message: `unknown datapath action "${a.name}"`, line: lineNo, column: 1, lineCount: 0, text });
    } else if (a.kind === "clone" || a.kind === "sample") warnUnknown(a.actions, text, lineNo, emit);
    else if (a.kind === "check_pkt_len") {
      warnUnknown(a.gt, text, lineNo, emit);
      warnUnknown(a.le, text, lineNo, emit);
    }
  }
}

/**
 * Parses `ovs-appctl dpctl/dump-flows [-m] [--names]`, `ovs-dpctl dump-flows` or
 * `ovs-appctl dpif/dump-flows BRIDGE` output. Throws an {@link OvsParseError} with line and
 * column at the first bad line; {@link parseDatapathFlowDump} collects the issues instead.
 *
 * @example
 * ```ts
 * import { parseDatapathFlows } from "ovskit";
 * const flows = parseDatapathFlows(text);
 * const pmdFlows = flows.filter((f) => f.thread?.startsWith("pmd"));
 * ```
 */
export function parseDatapathFlows(text: string, options: ParseDatapathFlowsOptions & LazyKeysOption): LazyDatapathFlow[];
export function parseDatapathFlows(text: string, options?: ParseDatapathFlowsOptions & EagerKeysOption): DatapathFlow[];
export function parseDatapathFlows(text: string, options?: ParseDatapathFlowsOptions): AnyDatapathFlow[];
export function parseDatapathFlows(text: string, options: ParseDatapathFlowsOptions = {}): AnyDatapathFlow[] {
  const strict = options.strict !== false;
  return collectDump<AnyDatapathFlow>(
    text,
    (onItem, onIssue) => datapathLineEngine({ strict, lazyKeys: options.lazyKeys }, onItem, onIssue),
    options.onIssue ?? (() => undefined),
  ).items;
}

/**
 * Parses a datapath dump leniently: flows (`items`), issues (errors and unknown-action
 * warnings) and the accounting of every line (`lines === items + headers + blank + issueLines`).
 *
 * @example
 * ```ts
 * import { parseDatapathFlowDump } from "ovskit";
 * const { items, issues } = parseDatapathFlowDump(text);
 * ```
 */
export function parseDatapathFlowDump(text: string, options: LazyKeysOption): DatapathFlowDump<LazyDatapathFlow>;
export function parseDatapathFlowDump(text: string, options?: EagerKeysOption): DatapathFlowDump<DatapathFlow>;
export function parseDatapathFlowDump(text: string, options?: { readonly lazyKeys?: boolean }): DatapathFlowDump<AnyDatapathFlow>;
export function parseDatapathFlowDump(text: string, options: { readonly lazyKeys?: boolean } = {}): DatapathFlowDump<AnyDatapathFlow> {
  const { items, issues, accounting } = collectDump<AnyDatapathFlow>(text, (onItem, onIssue) =>
    datapathLineEngine({ strict: false, lazyKeys: options.lazyKeys }, onItem, onIssue),
  );
  return withDeprecatedAlias({ items, issues, accounting }, "flows");
}

/**
 * @deprecated Renamed {@link parseDatapathFlowDump} in 0.2.0 (one naming scheme for every
 * format: `parseX`, `parseXs`, `parseXDump`, `parseXStream`); goes away in 0.3.0.
 *
 * @example
 * ```ts
 * import { parseDatapathFlowDump } from "ovskit";
 * const { items, issues } = parseDatapathFlowDump(text);
 * ```
 */
export const parseDatapathDump: typeof parseDatapathFlowDump = parseDatapathFlowDump;

/** One item of {@link parseDatapathFlowStream}. */
export type DatapathFlowStreamItem<F extends AnyDatapathFlow = DatapathFlow> =
  | { readonly type: "flow"; readonly flow: F }
  | { readonly type: "issue"; readonly issue: Issue };

/** @deprecated Renamed {@link DatapathFlowStreamItem} in 0.2.0; goes away in 0.3.0. */
export type DatapathStreamItem = DatapathFlowStreamItem;

/** Options of {@link parseDatapathFlowStream}. */
export interface ParseDatapathFlowStreamOptions {
  /** Keep the keys as text ({@link LazyDatapathFlow}); checked all the same. */
  readonly lazyKeys?: boolean;
  /** Throw an {@link OvsParseError} at the first bad line instead of yielding it as an issue. */
  readonly strict?: boolean;
}

/**
 * Parses a datapath dump from an async source of text or bytes, in constant memory: flows and
 * issues in input order (the same as {@link parseDatapathFlowDump}'s).
 *
 * @example
 * ```ts
 * import { parseDatapathFlowStream } from "ovskit";
 * for await (const item of parseDatapathFlowStream(process.stdin)) if (item.type === "flow") console.log(item.flow.recircId);
 * ```
 */
export function parseDatapathFlowStream(
  source: AsyncIterable<string | Uint8Array>,
  options: ParseDatapathFlowStreamOptions & LazyKeysOption,
): AsyncGenerator<DatapathFlowStreamItem<LazyDatapathFlow>>;
export function parseDatapathFlowStream(
  source: AsyncIterable<string | Uint8Array>,
  options?: ParseDatapathFlowStreamOptions & EagerKeysOption,
): AsyncGenerator<DatapathFlowStreamItem<DatapathFlow>>;
export function parseDatapathFlowStream(
  source: AsyncIterable<string | Uint8Array>,
  options?: ParseDatapathFlowStreamOptions,
): AsyncGenerator<DatapathFlowStreamItem<AnyDatapathFlow>>;
export function parseDatapathFlowStream(
  source: AsyncIterable<string | Uint8Array>,
  options: ParseDatapathFlowStreamOptions = {},
): AsyncGenerator<DatapathFlowStreamItem<AnyDatapathFlow>> {
  return streamDump(
    source,
    (onItem, onIssue) => datapathLineEngine({ strict: options.strict === true, lazyKeys: options.lazyKeys }, onItem, onIssue),
    (flow: AnyDatapathFlow): DatapathFlowStreamItem<AnyDatapathFlow> => ({ type: "flow", flow }),
  );
}

/**
 * @deprecated Renamed {@link parseDatapathFlowStream} in 0.2.0; goes away in 0.3.0.
 *
 * @example
 * ```ts
 * import { parseDatapathFlowStream } from "ovskit";
 * for await (const item of parseDatapathFlowStream(process.stdin)) if (item.type === "issue") console.error(item.issue.message);
 * ```
 */
export const parseDatapathStream: typeof parseDatapathFlowStream = parseDatapathFlowStream;
