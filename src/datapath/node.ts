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
import { findTopLevel, matchingClose } from "../core/scanner.js";
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
  let pos = start;
  while (pos < end) {
    let itemEnd = findTopLevel(text, 44, pos, end);
    if (itemEnd < 0) itemEnd = end;
    out.push(parseOdpNode(text, pos, itemEnd));
    pos = itemEnd + 1;
    if (pos === end) throw new OvsParseError("syntax", "empty item after ','", text, pos);
  }
  return out;
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
  let i = start;
  while (i < end) {
    const c = text.charCodeAt(i);
    if (c === 40 /* ( */ || c === 61 /* = */) break;
    if (c === 41 || c === 44 || c === 91 || c === 93 || c === 123 || c === 125 || c === 34) {
      // Not a node name: a value such as `{class=0x102,...}` or `[...]` stands alone.
      return { name: "", value: parseOdpValue(text, start, end) };
    }
    i++;
  }
  if (i === end) {
    return { name: internSlice(text, start, end) };
  }
  if (i === start) throw new OvsParseError("syntax", "expected a name", text, start);
  const name = internSlice(text, start, i);
  if (text.charCodeAt(i) === 61) {
    return { name, value: parseOdpValue(text, i + 1, end) };
  }
  const close = matchingClose(text, i, end);
  if (close !== end - 1) throw new OvsParseError("syntax", `unexpected text after ${name}(...)`, text, close + 1);
  const inner = i + 1;
  if (inner === close) return { name, items: [], paren: true };
  if (isSingleValue(text, inner, close)) return { name, value: parseOdpValue(text, inner, close), paren: true };
  return { name, items: parseOdpNodes(text, inner, close), paren: true };
}

/** True when the inside of `name(...)` is one value (no top-level `,`, `=` or `(`). */
function isSingleValue(text: string, start: number, end: number): boolean {
  const c = text.charCodeAt(start);
  if (c === 123 /* { */ || c === 91 /* [ */) return findTopLevel(text, 44, start, end) < 0;
  for (let i = start; i < end; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 44 || ch === 61 || ch === 40) return false;
  }
  // A lone word such as `action` in `slow_path(action)` is a value too.
  return true;
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
