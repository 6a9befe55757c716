/**
 * The generic tree behind datapath (ODP) flow keys and actions.
 *
 * ODP text is a regular grammar: `name(value)`, `name(k=v,k=v)`, nested `name(name(...))`,
 * bare words (`commit`, `nat`), and `value/mask` everywhere. One node type covers all of it.
 * Values are typed by their shape (integer, MAC, IPv4 / IPv6, flags, name), and a node prints
 * back exactly as it was written.
 *
 * @module
 */
import { OvsParseError } from "../core/parse-error.js";
import { internSlice } from "../core/intern.js";
import { indexOfChar, skipQuoted } from "../core/scanner.js";
import { ownedSlice } from "../core/strings.js";
import {
  type Value,
  formatValue,
  isIpv4At,
  parseFlagsValue,
  parseIntValue,
  parseIpValue,
  parseMacValue,
} from "../core/values.js";

/**
 * One node of ODP text:
 * - `name(value)`: `{ name, value, paren: true }` (`recirc_id(0x1)`, `ct_state(-new+trk)`);
 * - `name(items)`: `{ name, items, paren: true }` (`eth(src=..,dst=..)`, `encap(eth_type(..))`);
 * - `name=value`: `{ name, value }` (`src=10.0.0.1/255.255.255.0` inside a key);
 * - `name()`: `{ name, items: [], paren: true }`;
 * - a bare word: `{ name }` (`commit`, `nat`, `pop_vlan`).
 */
export interface OdpNode {
  readonly name: string;
  readonly value?: Value;
  readonly items?: readonly OdpNode[];
  readonly paren?: boolean;
}

/**
 * Types a value by its shape: integer (decimal or hex, with mask), MAC, IPv4 / IPv6 (with
 * prefix or mask), `+flag-flag`, else a name / raw text kept as written.
 *
 * @example
 * ```ts
 * import { parseOdpValue } from "ovskit";
 * parseOdpValue("10.244.1.3/255.255.255.252"); // { kind: "ipv4", value: "10.244.1.3", mask: "255.255.255.252" }
 * parseOdpValue("0x21/0x3f");                  // { kind: "int", value: 33n, mask: 63n, hex: true }
 * ```
 */
export function parseOdpValue(text: string, start = 0, end = text.length): Value {
  const c = text.charCodeAt(start);
  // A leading zero before more digits is a byte string (`userdata(0102030405060708)`), not a number.
  const bytes = c === 48 && end - start > 1 && isDigit(text.charCodeAt(start + 1));
  if (c >= 48 && c <= 57 && !bytes) {
    const v = parseIntValue(text, start, end);
    if (v !== undefined) return v;
  }
  if (c === 43 || c === 45) {
    const f = parseFlagsValue(text, start, end);
    if (f !== undefined) return f;
  }
  const slash = indexOfChar(text, 47, start, end);
  const valueEnd = slash < 0 ? end : slash;
  if (valueEnd - start === 17 && text.charCodeAt(start + 2) === 58) {
    const m = parseMacValue(text, start, end);
    if (m !== undefined) return m;
  }
  if (isIpv4At(text, start, valueEnd) || hasColon(text, start, valueEnd)) {
    const ip = parseIpValue(text, start, end);
    if (ip !== undefined) return ip;
  }
  return { kind: "raw", text: ownedSlice(text, start, end) };
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function hasColon(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (text.charCodeAt(i) === 58) return true;
  return false;
}

/**
 * Parses the comma-separated nodes of `text[start, end)`.
 *
 * @example
 * ```ts
 * import { parseOdpNodes } from "ovskit";
 * parseOdpNodes("recirc_id(0),eth(src=0a:58:0a:f4:01:03,dst=ff:ff:ff:ff:ff:ff)").length; // 2
 * ```
 */
export function parseOdpNodes(text: string, start = 0, end = text.length): OdpNode[] {
  depth = 0;
  const out: OdpNode[] = [];
  if (start >= end) return out;
  let pos = start;
  for (;;) {
    out.push(nodeAt(text, pos, end));
    pos = cursor;
    if (pos >= end) return out;
    if (text.charCodeAt(pos) !== 44) throw new OvsParseError("syntax", `unexpected '${text[pos]}'`, text, pos);
    pos++;
    if (pos >= end) throw new OvsParseError("syntax", "empty item after ','", text, pos);
  }
}

/**
 * Parses one node at `text[start, end)`.
 *
 * @example
 * ```ts
 * import { parseOdpNode } from "ovskit";
 * parseOdpNode("ct_state(-new+trk)"); // { name: "ct_state", value: { kind: "flags", ... }, paren: true }
 * ```
 */
export function parseOdpNode(text: string, start = 0, end = text.length): OdpNode {
  if (start >= end) throw new OvsParseError("syntax", "empty item", text, start);
  depth = 0;
  const node = nodeAt(text, start, end);
  if (cursor !== end) throw new OvsParseError("syntax", `unexpected '${text[cursor]}'`, text, cursor);
  return node;
}

/**
 * Parses the node that starts at `pos` and ends at the next top-level `,` or `)` (or `end`);
 * {@link odpCursor} then tells where it stopped. For parsers that walk a list themselves.
 *
 * @example
 * ```ts
 * import { odpCursor, parseOdpNodeAt } from "ovskit";
 * const node = parseOdpNodeAt("in_port(1),eth_type(0x0800)", 0, 27); // in_port(1)
 * odpCursor(); // 10: the ','
 * ```
 */
export function parseOdpNodeAt(text: string, pos: number, end = text.length): OdpNode {
  depth = 0;
  if (pos >= end) throw new OvsParseError("syntax", "empty item", text, pos);
  return nodeAt(text, pos, end);
}

/**
 * Where the last {@link parseOdpNodeAt} stopped.
 *
 * @example
 * ```ts
 * import { odpCursor, parseOdpNodeAt } from "ovskit";
 * parseOdpNodeAt("recirc_id(0x1),in_port(2)", 0);
 * odpCursor(); // 14
 * ```
 */
export function odpCursor(): number {
  return cursor;
}

/** Where the last {@link nodeAt} stopped (single-threaded, so a module variable is safe). */
let cursor = 0;
let depth = 0;
const MAX_DEPTH = 64;

/**
 * Recursive descent over one node starting at `pos`; sets {@link cursor} to the first char
 * after it (a `,`, a `)` or `end`). Each char is visited once, plus once more to type a value.
 */
function nodeAt(text: string, pos: number, end: number, build = true): OdpNode {
  let i = pos;
  for (; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 40 /* ( */ || c === 61 /* = */ || c === 44 /* , */ || c === 41 /* ) */) break;
    if (c === 32 || c === 9) throw new OvsParseError("syntax", "unexpected space", text, i);
    if (c === 91 || c === 123 || c === 34 || c === 93 || c === 125) {
      // `{class=0x102,...}`, `[fd00::1]-[...]:80`, a quoted string: one value, not a node.
      const e = valueEnd(text, pos, end);
      cursor = e;
      return build ? { name: "", value: parseOdpValue(text, pos, e) } : PLAIN;
    }
  }
  const c = i < end ? text.charCodeAt(i) : -1;
  // `(flags=0x2000,proto=0x6558)` inside gre(...): an unnamed group.
  if (i === pos && c !== 40) throw new OvsParseError("syntax", "expected a name", text, pos);
  if (c !== 40 && c !== 61) {
    cursor = i;
    return build ? { name: internSlice(text, pos, i) } : PLAIN;
  }
  const name = build ? internSlice(text, pos, i) : "";
  if (c === 61) {
    const e = valueEnd(text, i + 1, end);
    cursor = e;
    return build ? { name, value: parseOdpValue(text, i + 1, e) } : PLAIN;
  }
  // name( ... )
  const inner = i + 1;
  if (inner < end && text.charCodeAt(inner) === 41) {
    cursor = inner + 1;
    return build ? { name, items: [], paren: true } : PAREN;
  }
  const first = inner < end ? text.charCodeAt(inner) : -1;
  if (first === 123 /* { */ || first === 91 /* [ */) {
    const close = valueEnd(text, inner, end);
    if (text.charCodeAt(close) !== 41) throw new OvsParseError("syntax", "expected ')' after the value", text, close);
    cursor = close + 1;
    return build ? { name, value: parseOdpValue(text, inner, close), paren: true } : PAREN;
  }
  if (++depth > MAX_DEPTH) {
    depth = 0;
    throw new OvsParseError("syntax", `nested more than ${MAX_DEPTH} deep`, text, pos);
  }
  // The items go on a shared stack and are copied out at the end, so that each node's array
  // has exactly its length: an array grown by push() reserves 17 slots at the first push
  // (152 bytes for a 2-item `ct(zone=5,nat)`, 10x the text; issue 16).
  const base = ITEMS.length;
  let p = inner;
  try {
    for (;;) {
      if (p >= end) throw new OvsParseError("unbalanced", "'(' is never closed", text, i);
      const item = nodeAt(text, p, end, build);
      if (build) ITEMS.push(item);
      p = cursor;
      if (p >= end) throw new OvsParseError("unbalanced", "'(' is never closed", text, i);
      const d = text.charCodeAt(p);
      if (d === 41) break;
      if (d !== 44) throw new OvsParseError("syntax", `unexpected '${text[p]}'`, text, p);
      p++;
    }
  } catch (e) {
    ITEMS.length = base;
    throw e;
  }
  depth--;
  cursor = p + 1;
  if (!build) return PAREN;
  const count = ITEMS.length - base;
  const only = count === 1 ? (ITEMS[base] as OdpNode) : undefined;
  if (only !== undefined && only.paren !== true && only.value === undefined) {
    ITEMS.length = base;
    // `recirc_id(0x1)`, `ct_state(-new+trk)`, `slow_path(action)`: the inside is one value.
    return { name, value: parseOdpValue(text, inner, p), paren: true };
  }
  const items = ITEMS.slice(base);
  ITEMS.length = base;
  return { name, items, paren: true };
}

/** The items of the nodes being parsed, innermost last (see {@link nodeAt}). */
const ITEMS: OdpNode[] = [];

/**
 * Checks that `text[start, ...)` is a list of ODP keys that {@link parseOdpNodes} accepts,
 * each of the form `name(...)`, and returns the index of the `,` followed by a space (where a
 * flow's keys end), or -1 when there is none. It runs the same grammar as the parser without
 * building anything, so whatever passes here decodes later without error. Throws
 * {@link OvsParseError} where the keys are malformed.
 *
 * @example
 * ```ts
 * import { scanOdpKeys } from "ovskit";
 * scanOdpKeys("recirc_id(0),in_port(1), packets:0"); // 23
 * ```
 */
export function scanOdpKeys(text: string, start = 0, end = text.length): number {
  let pos = start;
  for (;;) {
    pos = scanOdpKey(text, pos, end);
    if (pos >= end) return -1;
    if (text.charCodeAt(pos) !== 44) throw new OvsParseError("syntax", `unexpected '${text[pos]}'`, text, pos);
    if (text.charCodeAt(pos + 1) === 32) return pos;
    pos++;
    if (pos >= end) throw new OvsParseError("syntax", "empty item after ','", text, pos);
  }
}

/**
 * Checks the one key (`name(...)`) at `text[pos, ...)` with the grammar of
 * {@link parseOdpNodeAt}, without building it, and returns where it ends (as {@link odpCursor}
 * would). Throws {@link OvsParseError} where {@link parseOdpNodeAt} would, and when the node is
 * not of the form `name(...)`.
 *
 * @internal
 */
export function scanOdpKey(text: string, pos: number, end: number): number {
  depth = 0;
  if (pos >= end) throw new OvsParseError("syntax", "empty item", text, pos);
  const node = nodeAt(text, pos, end, false);
  if (node !== PAREN) throw new OvsParseError("syntax", "expected a key such as in_port(1)", text, pos);
  return cursor;
}

/** What {@link nodeAt} returns when only validating: whether the node had parentheses. */
const PAREN: OdpNode = Object.freeze({ name: "", paren: true });
const PLAIN: OdpNode = Object.freeze({ name: "" });

/**
 * End of a value: the next `,` or `)` outside brackets, braces, parens and quotes. Brackets
 * must close in order (`{)` is an error), as {@link scanOdpKeys} requires.
 */
function valueEnd(text: string, start: number, end: number): number {
  let top = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (top === 0 && (c === 44 || c === 41)) return i;
    if (c === 32 || c === 9) throw new OvsParseError("syntax", "unexpected space", text, i);
    if (c === 91 || c === 123 || c === 40) {
      if (top === VALUE_STACK.length) throw new OvsParseError("syntax", "value nested too deep", text, i);
      VALUE_STACK[top++] = c === 91 ? 93 : c === 123 ? 125 : 41;
    } else if (c === 93 || c === 125 || c === 41) {
      if (top === 0 || VALUE_STACK[--top] !== c) throw new OvsParseError("unbalanced", `unexpected '${text[i]}'`, text, i);
    } else if (c === 34) i = skipQuoted(text, i, end);
  }
  if (top !== 0) throw new OvsParseError("unbalanced", "unclosed bracket in value", text, start);
  return end;
}

/** Expected closing chars of the brackets open in a value (reused: no allocation per call). */
const VALUE_STACK = new Int32Array(256);

/**
 * Prints one node exactly as ODP text.
 *
 * @example
 * ```ts
 * import { formatOdpNode, parseOdpNode } from "ovskit";
 * formatOdpNode(parseOdpNode("udp(src=1000/0xff00,dst=53)")); // "udp(src=1000/0xff00,dst=53)"
 * ```
 */
export function formatOdpNode(node: OdpNode): string {
  if (node.paren === true) {
    if (node.value !== undefined) return `${node.name}(${formatValue(node.value)})`;
    return `${node.name}(${formatOdpNodes(node.items ?? [])})`;
  }
  if (node.value !== undefined) return node.name === "" ? formatValue(node.value) : `${node.name}=${formatValue(node.value)}`;
  return node.name;
}

/**
 * Prints a comma-separated node list.
 *
 * @example
 * ```ts
 * import { formatOdpNodes, parseOdpNodes } from "ovskit";
 * formatOdpNodes(parseOdpNodes("commit,zone=5,nat(src)")); // "commit,zone=5,nat(src)"
 * ```
 */
export function formatOdpNodes(nodes: readonly OdpNode[]): string {
  let out = "";
  for (let i = 0; i < nodes.length; i++) out += (i === 0 ? "" : ",") + formatOdpNode(nodes[i] as OdpNode);
  return out;
}

/**
 * The item named `name` inside a node (for `ipv4(src=..)`, `item(key, "src")`).
 *
 * @example
 * ```ts
 * import { odpItem, parseOdpNode } from "ovskit";
 * odpItem(parseOdpNode("tcp(src=1,dst=80)"), "dst")?.value; // { kind: "int", value: 80n, hex: false }
 * ```
 */
export function odpItem(node: OdpNode | undefined, name: string): OdpNode | undefined {
  return node?.items?.find((i) => i.name === name);
}
