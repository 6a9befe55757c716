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
import { OvsParseError } from "../core/errors.js";
import { internSlice } from "../core/intern.js";
import { skipQuoted } from "../core/scanner.js";
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
  if (c >= 48 && c <= 57) {
    const v = parseIntValue(text, start, end);
    if (v !== undefined) return v;
  }
  if (c === 43 || c === 45) {
    const f = parseFlagsValue(text, start, end);
    if (f !== undefined) return f;
  }
  const slash = text.indexOf("/", start);
  const valueEnd = slash < 0 || slash > end ? end : slash;
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
  const node = nodeAt(text, start, end);
  if (cursor !== end) throw new OvsParseError("syntax", `unexpected '${text[cursor]}'`, text, cursor);
  return node;
}

/** Where the last {@link nodeAt} stopped (single-threaded, so a module variable is safe). */
let cursor = 0;
let depth = 0;
const MAX_DEPTH = 64;

/**
 * Recursive descent over one node starting at `pos`; sets {@link cursor} to the first char
 * after it (a `,`, a `)` or `end`). Each char is visited once, plus once more to type a value.
 */
function nodeAt(text: string, pos: number, end: number): OdpNode {
  let i = pos;
  for (; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 40 /* ( */ || c === 61 /* = */ || c === 44 /* , */ || c === 41 /* ) */) break;
    if (c === 91 || c === 123 || c === 34 || c === 93 || c === 125) {
      // `{class=0x102,...}`, `[fd00::1]-[...]:80`, a quoted string: one value, not a node.
      const e = valueEnd(text, pos, end);
      cursor = e;
      return { name: "", value: parseOdpValue(text, pos, e) };
    }
  }
  const c = i < end ? text.charCodeAt(i) : -1;
  // `(flags=0x2000,proto=0x6558)` inside gre(...): an unnamed group.
  if (i === pos && c !== 40) throw new OvsParseError("syntax", "expected a name", text, pos);
  if (c !== 40 && c !== 61) {
    cursor = i;
    return { name: internSlice(text, pos, i) };
  }
  const name = internSlice(text, pos, i);
  if (c === 61) {
    const e = valueEnd(text, i + 1, end);
    cursor = e;
    return { name, value: parseOdpValue(text, i + 1, e) };
  }
  // name( ... )
  const inner = i + 1;
  if (inner < end && text.charCodeAt(inner) === 41) {
    cursor = inner + 1;
    return { name, items: [], paren: true };
  }
  const first = inner < end ? text.charCodeAt(inner) : -1;
  if (first === 123 /* { */ || first === 91 /* [ */) {
    const close = closeParen(text, inner, end);
    cursor = close + 1;
    return { name, value: parseOdpValue(text, inner, close), paren: true };
  }
  if (++depth > MAX_DEPTH) {
    depth = 0;
    throw new OvsParseError("syntax", `nested more than ${MAX_DEPTH} deep`, text, pos);
  }
  const items: OdpNode[] = [];
  let p = inner;
  for (;;) {
    if (p >= end) throw new OvsParseError("unbalanced", "'(' is never closed", text, i);
    const item = nodeAt(text, p, end);
    items.push(item);
    p = cursor;
    if (p >= end) throw new OvsParseError("unbalanced", "'(' is never closed", text, i);
    const d = text.charCodeAt(p);
    if (d === 41) break;
    if (d !== 44) throw new OvsParseError("syntax", `unexpected '${text[p]}'`, text, p);
    p++;
  }
  depth--;
  cursor = p + 1;
  const only = items.length === 1 ? (items[0] as OdpNode) : undefined;
  if (only !== undefined && only.paren !== true && only.value === undefined) {
    // `recirc_id(0x1)`, `ct_state(-new+trk)`, `slow_path(action)`: the inside is one value.
    return { name, value: parseOdpValue(text, inner, p), paren: true };
  }
  return { name, items, paren: true };
}

/** End of a value: the next `,` or `)` outside brackets, braces and quotes. */
function valueEnd(text: string, start: number, end: number): number {
  let nest = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (nest === 0 && (c === 44 || c === 41)) return i;
    if (c === 91 || c === 123 || c === 40) nest++;
    else if (c === 93 || c === 125 || c === 41) nest--;
    else if (c === 34) i = skipQuoted(text, i, end);
  }
  if (nest !== 0) throw new OvsParseError("unbalanced", "unclosed bracket in value", text, start);
  return end;
}

/** Index of the `)` that closes a paren whose content starts at `start`. */
function closeParen(text: string, start: number, end: number): number {
  let nest = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 41 && nest === 0) return i;
    if (c === 91 || c === 123 || c === 40) nest++;
    else if (c === 93 || c === 125 || c === 41) nest--;
    else if (c === 34) i = skipQuoted(text, i, end);
  }
  throw new OvsParseError("unbalanced", "'(' is never closed", text, start - 1);
}

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
