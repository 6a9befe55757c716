/**
 * Datapath flows as printed by `ovs-appctl dpctl/dump-flows [-m] [--names]`,
 * `ovs-dpctl dump-flows` and `ovs-appctl dpif/dump-flows BRIDGE`: model, line parser, printer.
 *
 * @module
 */
import { OvsParseError } from "../core/parse-error.js";
import { ParseCache } from "../core/parse-cache.js";
import { findTopLevel } from "../core/scanner.js";
import { ownedSlice } from "../core/strings.js";
import { parseUnsigned } from "../core/values.js";
import { type DatapathAction, formatDatapathActions, parseDatapathActions } from "./actions.js";
import { type OdpNode, formatOdpNode, odpCursor, parseOdpNode, parseOdpNodeAt, parseOdpNodes, scanOdpKeys } from "./node.js";

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
  /**
   * Lookups and hits per key name (indexed by the name's first char and length: cheap and
   * close enough); names that rarely repeat in this dump stop being cached.
   */
  readonly keyStats: Int32Array;
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
  return { keys: new ParseCache(), actions: new ParseCache(), keyStats: new Int32Array(2 * 128 * 32) };
}

/** Every field assigned up front, so all flows share one hidden class (fast property access). */
class DatapathFlowRecord implements DatapathFlow {
  ufid: string | undefined = undefined;
  ufidSeparator: ", " | " " | undefined = undefined;
  #keys: readonly OdpNode[] | undefined = undefined;
  #keysText: string | undefined = undefined;
  #keysStart = 0;
  #keysEnd = 0;
  recircId: number | undefined = undefined;
  inPort: number | string | undefined = undefined;
  packets: bigint | undefined = undefined;
  bytes: bigint | undefined = undefined;
  used: number | "never" | undefined = undefined;
  tcpFlags: string | undefined = undefined;
  dp: string | undefined = undefined;
  offloaded: string | undefined = undefined;
  actions: readonly DatapathAction[] = NO_ACTIONS;
  dpExtraInfo: string | undefined = undefined;
  thread: string | undefined = undefined;
  line: number | undefined = undefined;

  /** The keys, decoded now if they were left lazy. */
  get keys(): readonly OdpNode[] {
    if (this.#keys === undefined) {
      const text = this.#keysText ?? "";
      const start = this.#keysStart;
      const end = this.#keysEnd;
      try {
        this.#keys = end <= start ? [] : parseOdpNodes(text, start, end);
      } catch {
        // Lazy decoding never throws: keys that do not decode are kept as one raw node.
        this.#keys = [{ name: "", value: { kind: "raw", text: ownedSlice(text, start, end) } }];
      }
      this.#keysText = undefined;
    }
    return this.#keys;
  }

  set keys(keys: readonly OdpNode[]) {
    this.#keys = keys;
    this.#keysText = undefined;
  }

  /** True until the keys have been decoded. */
  get keysPending(): boolean {
    return this.#keys === undefined;
  }

  /** @internal */
  setLazyKeys(text: string, start: number, end: number): void {
    this.#keysText = text;
    this.#keysStart = start;
    this.#keysEnd = end;
    this.#keys = undefined;
  }

  /** A plain-object copy (keys decoded), for JSON. */
  toJSON(): DatapathFlow {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(this)) if (v !== undefined) out[k] = v;
    out.keys = this.keys;
    return out as unknown as DatapathFlow;
  }
}

const NO_ACTIONS: readonly DatapathAction[] = Object.freeze([]);

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
export function parseDatapathFlowLine(text: string, caches?: DatapathCaches, lazyKeys = false): DatapathFlow {
  let end = text.length;
  while (end > 0 && isSpace(text.charCodeAt(end - 1))) end--;
  let pos = 0;
  while (pos < end && isSpace(text.charCodeAt(pos))) pos++;
  const flow = new DatapathFlowRecord();
  let sawActions = false;
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
  if (lazyKeys) {
    pos = lazyKeysAt(text, pos, end, flow);
    if (!parseInfo(text, pos + 1, end, flow, caches)) throw new OvsParseError("missing", "no actions:", text, end);
    return flow;
  }
  const keys: OdpNode[] = [];
  for (;;) {
    const node = keyNode(text, pos, end, caches);
    const itemEnd = keyEnd;
    if (node.paren !== true) throw new OvsParseError("syntax", "expected a key such as in_port(1)", text, pos);
    if (itemEnd >= end || text.charCodeAt(itemEnd) !== 44) {
      throw new OvsParseError("missing", "no statistics / actions after the keys", text, itemEnd);
    }
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
  sawActions = parseInfo(text, pos + 1, end, flow, caches);
  if (!sawActions) throw new OvsParseError("missing", "no actions:", text, end);
  return flow;
}

/**
 * Lazy keys: finds where the keys end (the first top-level `, `), checks their brackets, keeps
 * their text, and lifts `recirc_id` and `in_port` (the recirculation tree needs only those).
 */
function lazyKeysAt(text: string, start: number, end: number, flow: DatapathFlowRecord): number {
  const comma = scanOdpKeys(text, start, end);
  if (comma < 0) throw new OvsParseError("missing", "no statistics / actions after the keys", text, end);
  // A view of the line until the keys are first read: no copy (the keys are most of the line).
  flow.setLazyKeys(text, start, comma);
  const r = keyValueAt(text, start, comma, "recirc_id(");
  if (r !== undefined) flow.recircId = Number(parseUnsigned(text, r[0], r[1]) ?? 0);
  const p = keyValueAt(text, start, comma, "in_port(");
  if (p !== undefined) {
    const n = parseUnsigned(text, p[0], p[1]);
    flow.inPort = n === undefined ? ownedSlice(text, p[0], p[1]) : Number(n);
  }
  return comma + 1;
}

/** The value range of a top-level `name(value)` key in `text[start, end)`. */
function keyValueAt(text: string, start: number, end: number, prefix: string): [number, number] | undefined {
  let at = text.indexOf(prefix, start);
  while (at >= 0 && at < end) {
    if (at === start || text.charCodeAt(at - 1) === 44) {
      const close = text.indexOf(")", at);
      return close < 0 || close > end ? undefined : [at + prefix.length, close];
    }
    at = text.indexOf(prefix, at + 1);
  }
  return undefined;
}

/** Lookups of a key name after which its hit rate decides whether it stays cached. */
const PROBE = 64;

/** Where the last {@link keyNode} ended (the `,` after the key, or the end). */
let keyEnd = 0;

/** The key at `pos` (it ends at the next top-level `,`, left in {@link keyEnd}). */
function keyNode(text: string, pos: number, end: number, caches: DatapathCaches | undefined): OdpNode {
  if (caches === undefined) {
    const node = parseOdpNodeAt(text, pos, end);
    keyEnd = odpCursor();
    return node;
  }
  // Keys such as skb_mark(0/0) repeat in almost every flow; eth(...) or ct_tuple4(...) may be
  // unique per flow in a dump. Sharing pays only for the former, so each name is probed.
  let open = pos;
  while (open < end && text.charCodeAt(open) !== 40) open++;
  const slot = 2 * (((text.charCodeAt(pos) & 127) << 5) | ((open - pos) & 31));
  const stats = caches.keyStats;
  const lookups = stats[slot] as number;
  if (lookups >= PROBE && (stats[slot + 1] as number) * 4 < lookups) {
    const node = parseOdpNodeAt(text, pos, end);
    keyEnd = odpCursor();
    return node;
  }
  let e = findTopLevel(text, 44, pos, end);
  if (e < 0) e = end;
  keyEnd = e;
  stats[slot] = lookups + 1;
  const hit = caches.keys.get<OdpNode>(text, pos, e);
  if (hit !== undefined) {
    stats[slot + 1] = (stats[slot + 1] as number) + 1;
    return hit;
  }
  return caches.keys.set(text, pos, e, parseOdpNode(text, pos, e));
}

/** Parses `label:value, label:value, ..., actions:...[, dp-extra-info:...]`; returns the end. */
function parseInfo(text: string, pos: number, end: number, flow: DatapathFlowRecord, caches: DatapathCaches | undefined): boolean {
  let sawActions = false;
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
        sawActions = true;
        break;
      default:
        throw new OvsParseError("syntax", `unknown item "${label}"`, text, pos);
    }
    pos = ve >= end ? end : ve + 2;
  }
  return sawActions;
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

