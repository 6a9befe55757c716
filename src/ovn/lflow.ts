/**
 * OVN logical flows as printed by `ovn-sbctl [--uuid] lflow-list [DATAPATH]`: model, line
 * parser (on the shared line engine), printer.
 *
 * @module
 */
import type { DumpResult, Issue } from "../core/dump-lines.js";
import { withDeprecatedAlias } from "../core/deprecated-alias.js";
import { OvsParseError } from "../core/parse-error.js";
import { internSlice } from "../core/intern.js";
import { LineEngine, collectDump } from "../core/line-engine.js";
import { ParseCache } from "../core/parse-cache.js";
import { matchingClose, unquote } from "../core/scanner.js";
import { owned, ownedSlice } from "../core/strings.js";
import { parseSmallInt } from "../core/values.js";

/**
 * The `Datapath: "name" (uuid)  Pipeline: ...` header a logical flow is listed under
 * (`Datapath: "name" aka "alias" (uuid) ...` when the datapath has a second name, as OpenStack's
 * have; `Datapath:  (uuid) ...`, name `""`, when it has none).
 */
export interface LogicalDatapath {
  readonly name: string;
  readonly uuid: string;
  /** `external_ids:name2` (the Neutron network or router name), printed after `aka`. */
  readonly alias?: string;
}

/**
 * One logical flow. `match` and `actions` are kept as the text OVN printed; parse them with the
 * OVN expression and action parsers when needed.
 */
export interface LogicalFlow {
  readonly datapath: LogicalDatapath;
  readonly pipeline: "ingress" | "egress";
  /** The first 32 bits of the flow's UUID (the OpenFlow cookie ovn-controller uses), with `--uuid`. */
  readonly uuidPrefix?: number | undefined;
  readonly table: number;
  /** The stage name (`ls_in_acl`, `lr_in_dnat`), without the padding. */
  readonly stage: string;
  readonly priority: number;
  readonly match: string;
  readonly actions: string;
  /** 1-based line number in the listing. */
  readonly line?: number | undefined;
}

/** Options of {@link parseLogicalFlows}. */
export interface ParseLogicalFlowsOptions {
  /**
   * @deprecated `parseLogicalFlows` throws at the first bad line; for a lenient parse use
   * {@link parseLogicalFlowDump}. `false` still works until 0.3.0.
   */
  readonly strict?: boolean;
  /** @deprecated Use {@link parseLogicalFlowDump} and its `issues`; still called until 0.3.0. */
  readonly onIssue?: (issue: Issue) => void;
}

/**
 * Result of {@link parseLogicalFlowDump}: the shared {@link DumpResult} shape. The flows of one
 * `Datapath:` section share one frozen {@link LogicalDatapath}. `flows` is the 0.1 name of
 * `items`, kept until 0.3.0 as a non-enumerable property holding the same array.
 */
export interface LogicalFlowDump extends DumpResult<LogicalFlow> {
  /** @deprecated Renamed `items` in 0.2.0 (the same array); goes away in 0.3.0. */
  readonly flows: readonly LogicalFlow[];
}

const HEADER = "Datapath: ";

/**
 * Parses a `Datapath: "name" (uuid)  Pipeline: ingress` header, or returns `undefined` when the
 * line is not one.
 *
 * @example
 * ```ts
 * import { parseLogicalDatapathHeader } from "ovskit";
 * parseLogicalDatapathHeader('Datapath: "join" (5e1c...)  Pipeline: egress')?.pipeline; // "egress"
 * ```
 */
export function parseLogicalDatapathHeader(
  line: string,
): { readonly datapath: LogicalDatapath; readonly pipeline: "ingress" | "egress" } | undefined {
  if (line.charCodeAt(0) === 0xfeff) line = line.slice(1);
  if (!line.startsWith(HEADER)) return undefined;
  const m = /^Datapath: (?:("(?:[^"\\]|\\.)*")(?: aka ("(?:[^"\\]|\\.)*"))?)? \(([0-9a-f-]+)\)\s+Pipeline: (ingress|egress)\s*$/.exec(owned(line));
  if (m === null) return undefined;
  const name = m[1] === undefined ? "" : owned(unquote(m[1]));
  const uuid = owned(m[3] as string);
  return {
    datapath: m[2] === undefined ? { name, uuid } : { name, uuid, alias: owned(unquote(m[2])) },
    pipeline: m[4] as "ingress" | "egress",
  };
}

/**
 * Parses one logical flow line (the part under a `Datapath:` header), given its datapath and
 * pipeline. Throws {@link OvsParseError} when the line is not a logical flow.
 *
 * @example
 * ```ts
 * import { parseLogicalFlow } from "ovskit";
 * const f = parseLogicalFlow("  table=7 (lr_in_dnat         ), priority=120  , match=(ct.new && ip4.dst == 10.96.0.2), action=(ct_lb_mark(backends=10.244.1.4:8080);)",
 *   { name: "GR_ovn-worker", uuid: "b8251fae-92f9-4b2e-b113-cf857892bfda" }, "ingress");
 * f.stage;    // "lr_in_dnat"
 * f.priority; // 120
 * ```
 */
export function parseLogicalFlow(
  text: string,
  datapath: LogicalDatapath,
  pipeline: "ingress" | "egress",
  cache?: ParseCache,
  line?: number,
): LogicalFlow {
  const bad = (at: number, what: string): never => {
    throw new OvsParseError("syntax", what, text, at);
  };
  let pos = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  while (text.charCodeAt(pos) === 32) pos++;
  let uuidPrefix: number | undefined;
  if (text.startsWith("uuid=0x", pos)) {
    const comma = text.indexOf(", ", pos);
    if (comma < 0) bad(pos, "expected ', ' after the uuid");
    uuidPrefix = Number.parseInt(text.slice(pos + 7, comma), 16);
    if (!Number.isFinite(uuidPrefix)) bad(pos, "bad uuid");
    pos = comma + 2;
  }
  if (!text.startsWith("table=", pos)) bad(pos, "expected table=");
  let i = pos + 6;
  while (i < text.length && text.charCodeAt(i) >= 48 && text.charCodeAt(i) <= 57) i++;
  const table = parseSmallInt(text, pos + 6, i);
  if (table < 0) bad(pos + 6, "bad table number");
  while (text.charCodeAt(i) === 32) i++;
  if (text.charCodeAt(i) !== 40) bad(i, "expected '(' before the stage name");
  const close = text.indexOf(")", i);
  if (close < 0) bad(i, "stage name is never closed");
  let stageEnd = close;
  while (stageEnd > i + 1 && text.charCodeAt(stageEnd - 1) === 32) stageEnd--;
  const stage = internSlice(text, i + 1, stageEnd);
  if (!text.startsWith(", priority=", close + 1)) bad(close + 1, "expected ', priority='");
  let p = close + 12;
  const prioStart = p;
  while (p < text.length && text.charCodeAt(p) >= 48 && text.charCodeAt(p) <= 57) p++;
  const priority = parseSmallInt(text, prioStart, p);
  if (priority < 0) bad(prioStart, "bad priority");
  while (text.charCodeAt(p) === 32) p++;
  if (!text.startsWith(", match=(", p)) bad(p, "expected ', match=('");
  const matchOpen = p + 8;
  const matchClose = matchingClose(text, matchOpen);
  if (!text.startsWith(", action=(", matchClose + 1)) bad(matchClose + 1, "expected ', action=('");
  const actOpen = matchClose + 10;
  let end = text.length;
  while (end > 0 && (text.charCodeAt(end - 1) === 32 || text.charCodeAt(end - 1) === 13)) end--;
  const actClose = matchingClose(text, actOpen, end);
  if (actClose !== end - 1) bad(actClose + 1, "unexpected text after action=(...)");
  return {
    datapath,
    pipeline,
    ...(uuidPrefix === undefined ? {} : { uuidPrefix }),
    table,
    stage,
    priority,
    match: shared(text, matchOpen + 1, matchClose, cache),
    actions: shared(text, actOpen + 1, actClose, cache),
    ...(line === undefined ? {} : { line }),
  };
}

/** An owned copy of a text that many flows repeat (one per dump when a cache is given). */
function shared(text: string, start: number, end: number, cache: ParseCache | undefined): string {
  if (cache === undefined) return ownedSlice(text, start, end);
  return cache.get<{ s: string }>(text, start, end)?.s ?? cache.set(text, start, end, { s: ownedSlice(text, start, end) }).s;
}

/**
 * Prints a logical flow line exactly as `ovn-sbctl lflow-list` does (with the `uuid=` prefix
 * when the flow has one).
 *
 * @example
 * ```ts
 * import { formatLogicalFlow, parseLogicalFlow } from "ovskit";
 * const dp = { name: "join", uuid: "5e1c0000-0000-0000-0000-000000000000" };
 * const line = "  table=0 (ls_in_port_sec_l2  ), priority=100  , match=(eth.src[40]), action=(drop;)";
 * formatLogicalFlow(parseLogicalFlow(line, dp, "ingress")) === line; // true
 * ```
 */
export function formatLogicalFlow(flow: LogicalFlow): string {
  const uuid = flow.uuidPrefix === undefined ? "" : `uuid=0x${flow.uuidPrefix.toString(16).padStart(8, "0")}, `;
  return `  ${uuid}table=${String(flow.table).padEnd(2)}(${flow.stage.padEnd(19)}), priority=${String(flow.priority).padEnd(5)}, match=(${flow.match}), action=(${flow.actions})`;
}

/**
 * Prints the `Datapath:` header of a flow's datapath and pipeline.
 *
 * @example
 * ```ts
 * import { formatLogicalDatapathHeader } from "ovskit";
 * formatLogicalDatapathHeader({ name: "join", uuid: "5e1c-..." }, "ingress"); // 'Datapath: "join" (5e1c-...)  Pipeline: ingress'
 * ```
 */
export function formatLogicalDatapathHeader(datapath: LogicalDatapath, pipeline: "ingress" | "egress"): string {
  const alias = datapath.alias === undefined ? "" : ` aka ${JSON.stringify(datapath.alias)}`;
  return `Datapath: ${JSON.stringify(datapath.name)}${alias} (${datapath.uuid})  Pipeline: ${pipeline}`;
}

function lflowEngine(strict: boolean, onItem: (f: LogicalFlow) => void, onIssue: (i: Issue) => void): LineEngine<LogicalFlow> {
  const cache = new ParseCache();
  let current: { readonly datapath: LogicalDatapath; readonly pipeline: "ingress" | "egress" } | undefined;
  return new LineEngine<LogicalFlow>({
    header: (text) => {
      const h = parseLogicalDatapathHeader(text);
      if (h === undefined) return false;
      // Shared by the flows of the section: frozen.
      current = { datapath: Object.freeze(h.datapath), pipeline: h.pipeline };
      return true;
    },
    parse: (text, lineNo) => {
      if (current === undefined) throw new OvsParseError("missing", "logical flow before any 'Datapath:' header", text, 0);
      return parseLogicalFlow(text, current.datapath, current.pipeline, cache, lineNo);
    },
    strict,
    onItem,
    onIssue,
  });
}

/**
 * Parses `ovn-sbctl [--uuid] lflow-list [DATAPATH]` output: every flow with its datapath and
 * pipeline. Throws an {@link OvsParseError} with line and column at the first bad line;
 * {@link parseLogicalFlowDump} collects the issues instead.
 *
 * @example
 * ```ts
 * import { parseLogicalFlows } from "ovskit";
 * const flows = parseLogicalFlows(text);
 * const acls = flows.filter((f) => f.stage.startsWith("ls_in_acl"));
 * ```
 */
export function parseLogicalFlows(text: string, options: ParseLogicalFlowsOptions = {}): LogicalFlow[] {
  const strict = options.strict !== false;
  return collectDump<LogicalFlow>(text, (onItem, onIssue) => lflowEngine(strict, onItem, onIssue), options.onIssue ?? (() => undefined)).items;
}

/**
 * Parses a logical flow listing leniently: flows (`items`), issues and the accounting of every
 * line (`lines === items + headers + blank + issueLines`).
 *
 * @example
 * ```ts
 * import { parseLogicalFlowDump } from "ovskit";
 * const { items, issues, accounting } = parseLogicalFlowDump(text);
 * ```
 */
export function parseLogicalFlowDump(text: string): LogicalFlowDump {
  const { items, issues, accounting } = collectDump<LogicalFlow>(text, (onItem, onIssue) => lflowEngine(false, onItem, onIssue));
  return withDeprecatedAlias({ items, issues, accounting }, "flows");
}
