/**
 * Whole datapath flow dumps: strict / lenient parsing, `flow-dump from ...` sections, issues
 * and line accounting, and streaming.
 *
 * @module
 */
import type { DumpIssue, LineAccounting } from "../core/dump-lines.js";
import { LineEngine, collectDump } from "../core/line-engine.js";
import { streamDump } from "../core/dump-stream.js";
import { owned } from "../core/strings.js";
import type { DatapathAction } from "./actions.js";
import { type DatapathFlow, newDatapathCaches, parseDatapathFlowLine } from "./flow.js";

/** Options of {@link parseDatapathFlows}. */
export interface ParseDatapathFlowsOptions {
  /**
   * Decode each flow's keys on first read of `flow.keys` (stats, actions, `recircId` and
   * `inPort` are decoded at once). The key syntax is checked while parsing; reading the keys
   * later never throws: keys that still do not decode are kept as one raw node. Until its keys
   * are read, a flow keeps a view of its line (and so of the input text); reading them drops it.
   */
  readonly lazyKeys?: boolean;
  /** Throw at the first bad line (default for {@link parseDatapathFlows}); `false`: report and go on. */
  readonly strict?: boolean;
  /** Called for every issue in lenient mode. */
  readonly onIssue?: (issue: DumpIssue) => void;
}

/** Result of {@link parseDatapathDump}. */
export interface DatapathDump {
  readonly flows: DatapathFlow[];
  readonly issues: DumpIssue[];
  readonly accounting: LineAccounting;
}

const THREAD_HEADER = "flow-dump from ";

/** @internal A line engine for datapath dumps; flows take the thread of the section they are in. */
export function datapathLineEngine(
  options: { readonly strict: boolean; readonly lazyKeys?: boolean | undefined },
  onItem: (flow: DatapathFlow) => void,
  onIssue: (issue: DumpIssue) => void,
): LineEngine<DatapathFlow> {
  const caches = newDatapathCaches();
  let thread: string | undefined;
  return new LineEngine<DatapathFlow>({
    header: (text) => {
      // `flow-dump from the main thread:`, `flow-dump from pmd on cpu core: 1`,
      // `flow-dump from non-dpdk interfaces:`
      if (!text.startsWith(THREAD_HEADER)) return false;
      const rest = text.slice(THREAD_HEADER.length).trimEnd();
      thread = owned(rest.endsWith(":") ? rest.slice(0, -1) : rest);
      return true;
    },
    parse: (text, lineNo) => {
      const flow = parseDatapathFlowLine(text, caches, options.lazyKeys === true) as { -readonly [K in keyof DatapathFlow]: DatapathFlow[K] };
      // A record with every field declared: setting these does not change its shape.
      if (thread !== undefined) flow.thread = thread;
      flow.line = lineNo;
      return flow;
    },
    warn: (flow, text, lineNo, emit) => warnUnknown(flow.actions, text, lineNo, emit),
    strict: options.strict,
    onItem,
    onIssue,
  });
}

function warnUnknown(actions: readonly DatapathAction[], text: string, lineNo: number, emit: (i: DumpIssue) => void): void {
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
 * `ovs-appctl dpif/dump-flows BRIDGE` output. Strict by default (throws an `OvsParseError` with
 * line and column at the first bad line); `{ strict: false }` never throws for a bad line.
 *
 * @example
 * ```ts
 * import { parseDatapathFlows } from "ovskit";
 * const flows = parseDatapathFlows(text);
 * const pmdFlows = flows.filter((f) => f.thread?.startsWith("pmd"));
 * ```
 */
export function parseDatapathFlows(text: string, options: ParseDatapathFlowsOptions = {}): DatapathFlow[] {
  const strict = options.strict !== false;
  return collectDump<DatapathFlow>(
    text,
    (onItem, onIssue) => datapathLineEngine({ strict, lazyKeys: options.lazyKeys }, onItem, onIssue),
    options.onIssue ?? (() => undefined),
  ).items;
}

/**
 * Parses a datapath dump leniently: flows, issues (errors and unknown-action warnings) and
 * the accounting of every line (`lines === items + headers + blank + issueLines`).
 *
 * @example
 * ```ts
 * import { parseDatapathDump } from "ovskit";
 * const { flows, issues } = parseDatapathDump(text);
 * ```
 */
export function parseDatapathDump(text: string, options: { readonly lazyKeys?: boolean } = {}): DatapathDump {
  const { items, issues, accounting } = collectDump<DatapathFlow>(text, (onItem, onIssue) =>
    datapathLineEngine({ strict: false, lazyKeys: options.lazyKeys }, onItem, onIssue),
  );
  return { flows: items, issues, accounting };
}

/** One item of {@link parseDatapathStream}. */
export type DatapathStreamItem =
  | { readonly type: "flow"; readonly flow: DatapathFlow }
  | { readonly type: "issue"; readonly issue: DumpIssue };

/**
 * Parses a datapath dump from an async source of text or bytes, in constant memory.
 *
 * @example
 * ```ts
 * import { parseDatapathStream } from "ovskit";
 * for await (const item of parseDatapathStream(process.stdin)) if (item.type === "flow") console.log(item.flow.recircId);
 * ```
 */
export function parseDatapathStream(
  source: AsyncIterable<string | Uint8Array>,
  options: { readonly strict?: boolean; readonly lazyKeys?: boolean } = {},
): AsyncGenerator<DatapathStreamItem> {
  return streamDump(
    source,
    (onItem, onIssue) => datapathLineEngine({ strict: options.strict === true, lazyKeys: options.lazyKeys }, onItem, onIssue),
    (flow: DatapathFlow): DatapathStreamItem => ({ type: "flow", flow }),
  );
}
