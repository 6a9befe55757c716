/**
 * The datapath flow line parser behind {@link parseDatapathFlow} and the dump parsers. Keys are
 * always checked (the same grammar, without building nodes when they are left lazy), so lazy
 * and eager parsing accept and refuse the same lines.
 *
 * @module
 */
import { OvsParseError } from "../core/parse-error.js";
import { ParseCache } from "../core/parse-cache.js";
import { findTopLevel } from "../core/scanner.js";
import { ownedSlice } from "../core/strings.js";
import { type Value, hexDigit, parseUnsigned } from "../core/values.js";
import { type DatapathAction, parseDatapathActions } from "./actions.js";
import type { AnyDatapathFlow, DatapathFlow, LazyDatapathFlow } from "./flow.js";
import { type OdpNode, odpCursor, parseOdpNode, parseOdpNodeAt, parseOdpValue, scanOdpKey } from "./node.js";

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
 * import { newDatapathCaches, parseDatapathFlow } from "ovskit";
 * const caches = newDatapathCaches();
 * parseDatapathFlow("recirc_id(0),in_port(2), packets:0, bytes:0, used:never, actions:drop", { caches });
 * ```
 */
export function newDatapathCaches(): DatapathCaches {
  return { keys: new ParseCache(), actions: new ParseCache(), keyStats: new Int32Array(2 * 128 * 32) };
}

/** Options of {@link parseDatapathFlow}. */
export interface ParseDatapathFlowOptions {
  /**
   * Keep the keys as text ({@link LazyDatapathFlow}: `keysText`, decode with
   * {@link decodeKeys}). They are checked all the same. Default: false.
   */
  readonly lazyKeys?: boolean;
  /** Caches shared with the other flows of the same dump ({@link newDatapathCaches}). */
  readonly caches?: DatapathCaches;
}

/**
 * Parses one datapath flow line. Throws {@link OvsParseError} (with the column) when it is not
 * one. A byte order mark before the line is ignored.
 *
 * @example
 * ```ts
 * import { parseDatapathFlow } from "ovskit";
 * const f = parseDatapathFlow("recirc_id(0),in_port(4),eth_type(0x0800),ipv4(src=10.244.1.3,frag=no), packets:2, bytes:196, used:0.512s, actions:ct(zone=21,nat),recirc(0x1)");
 * f.recircId;          // 0
 * f.actions[1];        // { kind: "recirc", id: 1, ... }
 * ```
 */
export function parseDatapathFlow(line: string, options: ParseDatapathFlowOptions & { readonly lazyKeys: true }): LazyDatapathFlow;
export function parseDatapathFlow(line: string, options?: ParseDatapathFlowOptions & { readonly lazyKeys?: false }): DatapathFlow;
export function parseDatapathFlow(line: string, options?: ParseDatapathFlowOptions): AnyDatapathFlow;
export function parseDatapathFlow(line: string, options: ParseDatapathFlowOptions = {}): AnyDatapathFlow {
  return readDatapathFlowLine(line, options.caches, options.lazyKeys === true);
}

/**
 * @deprecated Use {@link parseDatapathFlow} with options:
 * `parseDatapathFlowLine(text, caches, lazyKeys)` is `parseDatapathFlow(text, { caches, lazyKeys })`.
 * Goes away in 0.3.0.
 *
 * @example
 * ```ts
 * import { newDatapathCaches, parseDatapathFlow } from "ovskit";
 * parseDatapathFlow("in_port(1), packets:0, bytes:0, used:never, actions:2", { caches: newDatapathCaches() }).inPort; // 1
 * ```
 */
export function parseDatapathFlowLine(text: string, caches?: DatapathCaches, lazyKeys = false): AnyDatapathFlow {
  return readDatapathFlowLine(text, caches, lazyKeys);
}

type MutableFlow = { -readonly [K in keyof DatapathFlow | "keysText"]?: unknown };

/**
 * The line parser behind every datapath flow parser.
 *
 * @internal
 */
export function readDatapathFlowLine(text: string, caches: DatapathCaches | undefined, lazyKeys: boolean): AnyDatapathFlow {
  let end = text.length;
  while (end > 0 && isSpace(text.charCodeAt(end - 1))) end--;
  let pos = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  while (pos < end && isSpace(text.charCodeAt(pos))) pos++;
  const flow: MutableFlow = {};
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
  const keysStart = pos;
  const keys: OdpNode[] | undefined = lazyKeys ? undefined : [];
  let recircId: number | undefined;
  let inPort: number | string | undefined;
  for (;;) {
    let itemEnd: number;
    let node: OdpNode | undefined;
    if (keys === undefined) {
      itemEnd = scanOdpKey(text, pos, end);
      // The lifted keys get exactly the values the eager parser gives them (without building a node).
      if (text.startsWith("recirc_id(", pos)) {
        const v = liftedValue(text, pos, pos + 10, itemEnd - 1, end);
        if (typeof v === "number") recircId = v;
        else if (v !== undefined && typeof v !== "string" && v.kind === "int") recircId = Number(v.value);
      } else if (text.startsWith("in_port(", pos)) {
        const v = liftedValue(text, pos, pos + 8, itemEnd - 1, end);
        if (typeof v === "number") inPort = v;
        else if (v !== undefined && typeof v !== "string") inPort = inPortOfValue(v);
      }
    } else {
      node = keyNode(text, pos, end, caches);
      itemEnd = keyEnd;
      if (node.paren !== true) throw new OvsParseError("syntax", "expected a key such as in_port(1)", text, pos);
      keys.push(node);
    }
    if (node !== undefined) {
      if (node.name === "recirc_id" && node.value?.kind === "int") recircId = Number(node.value.value);
      else if (node.name === "in_port" && node.value !== undefined) inPort = inPortOf(node);
    }
    if (itemEnd >= end || text.charCodeAt(itemEnd) !== 44) {
      throw new OvsParseError("missing", "no statistics / actions after the keys", text, itemEnd);
    }
    pos = itemEnd + 1;
    if (text.charCodeAt(pos) === 32) break;
    if (pos >= end) throw new OvsParseError("missing", "no statistics / actions after the keys", text, end);
  }
  if (keys === undefined) flow.keysText = ownedSlice(text, keysStart, pos - 1);
  else flow.keys = keys;
  if (recircId !== undefined) flow.recircId = recircId;
  if (inPort !== undefined) flow.inPort = inPort;
  if (!parseInfo(text, pos + 1, end, flow, caches)) throw new OvsParseError("missing", "no actions:", text, end);
  return flow as unknown as AnyDatapathFlow;
}

function inPortOf(node: OdpNode): number | string | undefined {
  return node.value === undefined ? undefined : inPortOfValue(node.value);
}

function inPortOfValue(v: Value): number | string | undefined {
  return v.kind === "int" ? Number(v.value) : v.kind === "raw" ? v.text : undefined;
}

/**
 * The value the eager parser gives the key `text[pos, close]` (checked by {@link scanOdpKey}, its
 * inside `text[inner, close)`, `close` its `)`): a number for a plain decimal or `0x` integer
 * that a double holds exactly (the common case, without the bigint and the objects), else the
 * typed value, or undefined when the key has no single value (`name()`, `name(k=v)`).
 */
function liftedValue(text: string, pos: number, inner: number, close: number, end: number): number | Value | undefined {
  const len = close - inner;
  if (len <= 0) return undefined;
  const c0 = text.charCodeAt(inner);
  if (len <= 15 && c0 >= 48 && c0 <= 57 && (c0 !== 48 || len === 1)) {
    let n = 0;
    let i = inner;
    for (; i < close; i++) {
      const d = text.charCodeAt(i) - 48;
      if (d < 0 || d > 9) break;
      n = n * 10 + d;
    }
    if (i === close) return n;
  } else if (len > 2 && len <= 14 && c0 === 48 && text.charCodeAt(inner + 1) === 120) {
    let n = 0;
    let i = inner + 2;
    for (; i < close; i++) {
      const d = hexDigit(text.charCodeAt(i));
      if (d < 0) break;
      n = n * 16 + d;
    }
    if (i === close) return n;
  }
  if (c0 !== 123 && c0 !== 91) {
    // A bare word inside (no `(`, `=`, `,`, bracket or quote) is the key's value; anything else
    // takes the eager parser's path.
    for (let i = inner; i < close; i++) {
      const c = text.charCodeAt(i);
      if (c === 40 || c === 61 || c === 44 || c === 91 || c === 123 || c === 34 || c === 93 || c === 125) {
        return parseOdpNodeAt(text, pos, end).value;
      }
    }
  }
  return parseOdpValue(text, inner, close);
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
  const e = keyTextEnd(text, pos, end);
  stats[slot] = lookups + 1;
  if (e >= 0) {
    const hit = caches.keys.get<OdpNode>(text, pos, e);
    if (hit !== undefined) {
      stats[slot + 1] = (stats[slot + 1] as number) + 1;
      keyEnd = e;
      return hit;
    }
  }
  // Parsed as without a cache (same result, same errors); cached when it spans the whole text.
  const node = parseOdpNodeAt(text, pos, end);
  keyEnd = odpCursor();
  if (keyEnd === e) caches.keys.set(text, pos, e, node);
  return node;
}

/**
 * Where the key at `pos` would end (the next `,` outside brackets and quotes, or `end`): the
 * cache key. -1 when the brackets do not balance (then the key is parsed, not looked up).
 */
function keyTextEnd(text: string, pos: number, end: number): number {
  let depth = 0;
  for (let i = pos; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 44 && depth === 0) return i;
    if (c === 40 || c === 91 || c === 123) depth++;
    else if (c === 41 || c === 93 || c === 125) {
      if (--depth < 0) return -1;
    } else if (c === 34) {
      i++;
      while (i < end && text.charCodeAt(i) !== 34) i += text.charCodeAt(i) === 92 ? 2 : 1;
      if (i >= end) return -1;
    }
  }
  return end;
}

/** Parses `label:value, label:value, ..., actions:...[, dp-extra-info:...]`; true when it had actions. */
function parseInfo(text: string, pos: number, end: number, flow: MutableFlow, caches: DatapathCaches | undefined): boolean {
  let sawActions = false;
  while (pos < end) {
    let colon = pos;
    while (colon < end && text.charCodeAt(colon) !== 58) colon++;
    if (colon >= end) throw new OvsParseError("syntax", "expected label:value", text, pos);
    const label = text.slice(pos, colon);
    const vs = colon + 1;
    let ve = nextInfo(text, vs, end);
    switch (label) {
      case "packets":
        flow.packets = parseUnsigned(text, vs, ve) ?? bad(text, vs, ve, label);
        break;
      case "bytes":
        flow.bytes = parseUnsigned(text, vs, ve) ?? bad(text, vs, ve, label);
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
        throw new OvsParseError("syntax", `unknown item "${label.length > 40 ? `${label.slice(0, 40)}...` : label}"`, text, pos);
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
  if (text.charCodeAt(end - 1) !== 115) bad(text, start, end, "used");
  const n = Number(text.slice(start, end - 1));
  return Number.isFinite(n) && n >= 0 ? n : bad(text, start, end, "used");
}

function bad(text: string, start: number, end: number, what: string): never {
  const value = end - start > 40 ? `${text.slice(start, start + 40)}...` : text.slice(start, end);
  throw new OvsParseError("bad-value", `bad ${what} "${value}"`, text, start);
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 13 || c === 10;
}
