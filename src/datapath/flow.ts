/**
 * Datapath flows as printed by `ovs-appctl dpctl/dump-flows [-m] [--names]`,
 * `ovs-dpctl dump-flows` and `ovs-appctl dpif/dump-flows BRIDGE`: model, line parser, printer.
 *
 * @module
 */
import { OvsParseError } from "../core/errors.js";
import { ParseCache } from "../core/parse-cache.js";
import { findTopLevel } from "../core/scanner.js";
import { ownedSlice } from "../core/strings.js";
import { parseUnsigned } from "../core/values.js";
import { type DatapathAction, formatDatapathActions, parseDatapathActions } from "./actions.js";
import { type OdpNode, formatOdpNode, parseOdpNode } from "./node.js";

/**
 * One datapath flow (megaflow).
 *
 * `keys` are the match keys in printed order (`recirc_id(0)`, `in_port(3)`, `eth(...)`,
 * `ipv4(src=10.0.0.0/255.0.0.0,...)`...), each an {@link OdpNode} with typed values and masks;
 * {@link datapathKey} finds one by name. `recircId` and `inPort` are lifted out for convenience.
 */
export interface DatapathFlow {
  readonly ufid?: string | undefined;
  /** What follows the ufid: `", "` (dpctl/dump-flows) or `" "` (dpif/dump-flows -m). */
  readonly ufidSeparator?: ", " | " " | undefined;
  readonly keys: readonly OdpNode[];
  /** `recirc_id(N)` of the flow, when it has one. */
  readonly recircId?: number | undefined;
  /** `in_port(N)`: a port number, or a name with `--names`. */
  readonly inPort?: number | string | undefined;
  readonly packets?: bigint | undefined;
  readonly bytes?: bigint | undefined;
  /** Seconds since last use, or `"never"`. */
  readonly used?: number | "never" | undefined;
  /** TCP flags seen (`flags:SFP.`), as printed. */
  readonly tcpFlags?: string | undefined;
  /** `dp:ovs` / `dp:tc`. */
  readonly dp?: string | undefined;
  /** `offloaded:yes` / `offloaded:partial`. */
  readonly offloaded?: string | undefined;
  readonly actions: readonly DatapathAction[];
  /** `dp-extra-info:...` as printed (e.g. `miniflow_bits(5,1)`). */
  readonly dpExtraInfo?: string | undefined;
  /** The `flow-dump from ...` section the flow was listed in (`the main thread`, `pmd on cpu core: 2`). */
  readonly thread?: string | undefined;
  /** 1-based line number in the dump it came from. */
  readonly line?: number | undefined;
}

/**
 * Caches one dump parse shares between flows: key nodes and action lists, by their text.
 */
export interface DatapathCaches {
  readonly keys: ParseCache;
  readonly actions: ParseCache;
}

/**
 * New, empty caches for one datapath dump.
 *
 * @example
 * ```ts
 * import { newDatapathCaches, parseDatapathFlowLine } from "ovskit";
 * const caches = newDatapathCaches();
 * parseDatapathFlowLine("recirc_id(0),in_port(2), packets:0, bytes:0, used:never, actions:drop", caches);
 * ```
 */
export function newDatapathCaches(): DatapathCaches {
  return { keys: new ParseCache(), actions: new ParseCache() };
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * Parses one datapath flow line. Throws {@link OvsParseError} when it is not one.
 *
 * @example
 * ```ts
 * import { parseDatapathFlow } from "ovskit";
 * const f = parseDatapathFlow("recirc_id(0),in_port(4),eth_type(0x0800),ipv4(src=10.244.1.3,frag=no), packets:2, bytes:196, used:0.512s, actions:ct(zone=21,nat),recirc(0x1)");
 * f.recircId;          // 0
 * f.actions[1];        // { kind: "recirc", id: 1, ... }
 * ```
 */
export function parseDatapathFlow(line: string): DatapathFlow {
  return parseDatapathFlowLine(line);
}

/**
 * The line parser behind the datapath dump parsers; `caches` (one per dump) shares repeated
 * keys and action lists between flows.
 *
 * @example
 * ```ts
 * import { parseDatapathFlowLine } from "ovskit";
 * parseDatapathFlowLine("in_port(1), packets:0, bytes:0, used:never, actions:2").inPort; // 1
 * ```
 */
export function parseDatapathFlowLine(text: string, caches?: DatapathCaches): DatapathFlow {
  let end = text.length;
  while (end > 0 && isSpace(text.charCodeAt(end - 1))) end--;
  let pos = 0;
  while (pos < end && isSpace(text.charCodeAt(pos))) pos++;
  const flow: Mutable<Partial<DatapathFlow>> & { keys: readonly OdpNode[] } = { keys: [] };
  if (text.startsWith("ufid:", pos)) {
    let idEnd = pos + 5;
    while (idEnd < end && text.charCodeAt(idEnd) !== 44 && text.charCodeAt(idEnd) !== 32) idEnd++;
    flow.ufid = ownedSlice(text, pos + 5, idEnd);
    if (text.startsWith(", ", idEnd)) pos = idEnd + 2;
    else if (text.charCodeAt(idEnd) === 32) {
      flow.ufidSeparator = " ";
      pos = idEnd + 1;
    } else throw new OvsParseError("missing", "ufid without flow", text, idEnd);
  }
  const keys: OdpNode[] = [];
  for (;;) {
    let itemEnd = findTopLevel(text, 44, pos, end);
    if (itemEnd < 0) throw new OvsParseError("missing", "no statistics / actions after the keys", text, end);
    const node = keyNode(text, pos, itemEnd, caches);
    if (node.paren !== true) throw new OvsParseError("syntax", "expected a key such as in_port(1)", text, pos);
    keys.push(node);
    if (node.name === "recirc_id" && node.value?.kind === "int") flow.recircId = Number(node.value.value);
    else if (node.name === "in_port" && node.value !== undefined) {
      flow.inPort = node.value.kind === "int" ? Number(node.value.value) : node.value.kind === "raw" ? node.value.text : undefined;
    }
    pos = itemEnd + 1;
    if (text.charCodeAt(pos) === 32) break;
    if (pos >= end) throw new OvsParseError("missing", "no statistics / actions after the keys", text, end);
  }
  flow.keys = keys;
  parseInfo(text, pos + 1, end, flow, caches);
  if (flow.actions === undefined) throw new OvsParseError("missing", "no actions:", text, end);
  return flow as DatapathFlow;
}

function keyNode(text: string, start: number, end: number, caches: DatapathCaches | undefined): OdpNode {
  if (caches === undefined) return parseOdpNode(text, start, end);
  return caches.keys.get<OdpNode>(text, start, end) ?? caches.keys.set(text, start, end, parseOdpNode(text, start, end));
}

/** Parses `label:value, label:value, ..., actions:...[, dp-extra-info:...]`; returns the end. */
function parseInfo(
  text: string,
  pos: number,
  end: number,
  flow: Mutable<Partial<DatapathFlow>>,
  caches: DatapathCaches | undefined,
): void {
  while (pos < end) {
    const colon = text.indexOf(":", pos);
    if (colon < 0 || colon >= end) throw new OvsParseError("syntax", "expected label:value", text, pos);
    const label = text.slice(pos, colon);
    const vs = colon + 1;
    let ve = nextInfo(text, vs, end);
    switch (label) {
      case "packets":
        flow.packets = parseUnsigned(text, vs, ve) ?? bad(text, vs, "packets");
        break;
      case "bytes":
        flow.bytes = parseUnsigned(text, vs, ve) ?? bad(text, vs, "bytes");
        break;
      case "used":
        flow.used = parseUsed(text, vs, ve);
        break;
      case "flags":
        flow.tcpFlags = ownedSlice(text, vs, ve);
        break;
      case "dp":
        flow.dp = ownedSlice(text, vs, ve);
        break;
      case "offloaded":
        flow.offloaded = ownedSlice(text, vs, ve);
        break;
      case "dp-extra-info":
        flow.dpExtraInfo = ownedSlice(text, vs, end);
        ve = end;
        break;
      case "actions":
        flow.actions = actionsOf(text, vs, ve, caches);
        break;
      default:
        throw new OvsParseError("syntax", `unknown item "${label}"`, text, pos);
    }
    pos = ve >= end ? end : ve + 2;
  }
}

/** End of an info value: the next top-level `, ` (comma and space). */
function nextInfo(text: string, start: number, end: number): number {
  let pos = start;
  for (;;) {
    const comma = findTopLevel(text, 44, pos, end);
    if (comma < 0) return end;
    if (text.charCodeAt(comma + 1) === 32) return comma;
    pos = comma + 1;
  }
}

function actionsOf(text: string, start: number, end: number, caches: DatapathCaches | undefined): readonly DatapathAction[] {
  if (caches === undefined) return parseDatapathActions(text, start, end);
  return (
    caches.actions.get<readonly DatapathAction[]>(text, start, end) ??
    caches.actions.set(text, start, end, parseDatapathActions(text, start, end))
  );
}

function parseUsed(text: string, start: number, end: number): number | "never" {
  if (end - start === 5 && text.startsWith("never", start)) return "never";
  if (text.charCodeAt(end - 1) !== 115) bad(text, start, "used");
  const n = Number(text.slice(start, end - 1));
  return Number.isFinite(n) && n >= 0 ? n : bad(text, start, "used");
}

function bad(text: string, at: number, what: string): never {
  throw new OvsParseError("bad-value", `bad ${what}`, text, at);
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 13 || c === 10;
}

/**
 * Prints a datapath flow as OVS does; for every line OVS printed,
 * `formatDatapathFlow(parseDatapathFlow(line)) === line`.
 *
 * @example
 * ```ts
 * import { formatDatapathFlow, parseDatapathFlow } from "ovskit";
 * const line = "recirc_id(0),in_port(2),eth_type(0x0806), packets:0, bytes:0, used:never, actions:1";
 * formatDatapathFlow(parseDatapathFlow(line)) === line; // true
 * ```
 */
export function formatDatapathFlow(flow: DatapathFlow): string {
  let out = flow.ufid === undefined ? "" : `ufid:${flow.ufid}${flow.ufidSeparator ?? ", "}`;
  for (let i = 0; i < flow.keys.length; i++) out += (i === 0 ? "" : ",") + formatOdpNode(flow.keys[i] as OdpNode);
  if (flow.packets !== undefined) out += `, packets:${flow.packets}`;
  if (flow.bytes !== undefined) out += `, bytes:${flow.bytes}`;
  if (flow.used !== undefined) out += `, used:${flow.used === "never" ? "never" : `${flow.used.toFixed(3)}s`}`;
  if (flow.tcpFlags !== undefined) out += `, flags:${flow.tcpFlags}`;
  if (flow.dp !== undefined) out += `, dp:${flow.dp}`;
  if (flow.offloaded !== undefined) out += `, offloaded:${flow.offloaded}`;
  out += `, actions:${formatDatapathActions(flow.actions)}`;
  if (flow.dpExtraInfo !== undefined) out += `, dp-extra-info:${flow.dpExtraInfo}`;
  return out;
}

/**
 * The key named `name` of a flow (`datapathKey(f, "ipv4")`), or `undefined`.
 *
 * @example
 * ```ts
 * import { datapathKey, parseDatapathFlow } from "ovskit";
 * const f = parseDatapathFlow("in_port(1),eth_type(0x0800),ipv4(dst=10.0.0.1,frag=no), packets:0, bytes:0, used:never, actions:2");
 * datapathKey(f, "ipv4")?.items?.[0]; // { name: "dst", value: { kind: "ipv4", value: "10.0.0.1" } }
 * ```
 */
export function datapathKey(flow: DatapathFlow, name: string): OdpNode | undefined {
  return flow.keys.find((k) => k.name === name);
}

