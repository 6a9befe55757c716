/**
 * OpenFlow match fields (ovs-fields(7)): typing of `key=value` items and their printing.
 *
 * @module
 */
import { OvsParseError } from "../core/parse-error.js";
import { internSlice } from "../core/intern.js";
import type { ParseCache } from "../core/parse-cache.js";
import { findTopLevel, unquote, wordEnd } from "../core/scanner.js";
import { owned, ownedSlice } from "../core/strings.js";
import {
  type Value,
  formatValue,
  parseFlagsValue,
  parseIntValue,
  parseIpValue,
  parseMacValue,
  parseSmallInt,
} from "../core/values.js";
import { OPENFLOW_FIELDS, type OpenFlowFieldFormat } from "./fields.js";

/**
 * One item of a flow's match: a field with its typed value (`nw_dst=10.0.0.0/8`), or a bare
 * protocol shorthand / flag with no value (`tcp`, `ip`, `arp`).
 */
export interface MatchField {
  /** The field name as written (`nw_dst`, `reg0`, `tun_metadata3`, `tcp`). */
  readonly name: string;
  /** The typed value; absent for bare shorthands such as `ip` or `tcp6`. */
  readonly value?: Value;
}

/** How the value of a known field is typed. */
type FieldType = "mac" | "ip" | "port" | "flags" | "name" | "packet_type";

const TYPE_OF_FORMAT: Readonly<Record<OpenFlowFieldFormat, FieldType | undefined>> = {
  dec: undefined,
  hex: undefined,
  mac: "mac",
  ipv4: "ip",
  ipv6: "ip",
  port: "port",
  ct_state: "flags",
  tcp_flags: "flags",
  tun_flags: "flags",
  frag: "name",
  packet_type: "packet_type",
};

/** Field name (or alias) -> how its value is typed; integer-or-raw when absent. */
const FIELD_TYPES: Readonly<Record<string, FieldType>> = Object.fromEntries(
  OPENFLOW_FIELDS.flatMap((f) => {
    const t = TYPE_OF_FORMAT[f.format];
    return t === undefined ? [] : [f.name, ...f.aliases].map((n) => [n, t] as const);
  }),
);

/**
 * The protocol shorthands of ovs-fields(7) that appear in a match without a value.
 *
 * @example
 * ```ts
 * import { PROTOCOL_SHORTHANDS } from "ovskit";
 * PROTOCOL_SHORTHANDS.has("tcp6"); // true
 * ```
 */
export const PROTOCOL_SHORTHANDS: ReadonlySet<string> = new Set([
  "eth",
  "ip",
  "ipv4",
  "ipv6",
  "icmp",
  "icmp6",
  "tcp",
  "tcp6",
  "udp",
  "udp6",
  "sctp",
  "sctp6",
  "arp",
  "rarp",
  "mpls",
  "mplsm",
  "nsh",
]);

/**
 * Types the value of match field `name` found at `text[start, end)`. Throws
 * {@link OvsParseError} (`bad-value`) when a known field's value is not of its type. Fields
 * ovskit does not know are typed as integers when they look like one, else kept raw.
 *
 * @example
 * ```ts
 * import { parseMatchValue } from "ovskit";
 * parseMatchValue("nw_dst", "10.96.0.0/16"); // { kind: "ipv4", value: "10.96.0.0", prefix: 16 }
 * ```
 */
export function parseMatchValue(name: string, text: string, start = 0, end = text.length): Value {
  const v = readMatchValue(name, text, start, end);
  if (v === undefined) throw new OvsParseError("bad-value", `bad value for ${name}`, text, start);
  return v;
}

/**
 * The typed value of match field `name` at `text[start, end)`, or `undefined` when a known
 * field's value is not of its type (see {@link parseMatchValue}).
 *
 * @internal
 */
export function readMatchValue(name: string, text: string, start: number, end: number): Value | undefined {
  switch (Object.hasOwn(FIELD_TYPES, name) ? FIELD_TYPES[name] : undefined) {
    case undefined:
      return parseIntValue(text, start, end) ?? { kind: "raw", text: ownedSlice(text, start, end) };
    case "mac":
      return parseMacValue(text, start, end);
    case "ip":
      return parseIpValue(text, start, end);
    case "port":
      return parsePortValue(text, start, end);
    case "flags":
      return parseFlagsValue(text, start, end) ?? parseIntValue(text, start, end);
    case "name":
      return end > start ? { kind: "name", name: internSlice(text, start, end) } : undefined;
    case "packet_type":
      return parsePacketType(text, start, end);
  }
  return undefined;
}

/**
 * Types a port: a number (`3`), a reserved name (`LOCAL`, `CONTROLLER`), or a quoted or bare
 * port name (`"k8s-ovn-worker"`, `pod1`) as printed with `--names`.
 *
 * @example
 * ```ts
 * import { parsePortValue } from "ovskit";
 * parsePortValue('"k8s-ovn-worker"'); // { kind: "name", name: "k8s-ovn-worker" }
 * ```
 */
export function parsePortValue(text: string, start = 0, end = text.length): Value | undefined {
  if (end <= start) return undefined;
  const n = parseSmallInt(text, start, end);
  if (n >= 0) return { kind: "int", value: BigInt(n), hex: false };
  if (text.charCodeAt(start) === 48 && text.charCodeAt(start + 1) === 120) {
    return parseIntValue(text, start, end);
  }
  return { kind: "name", name: owned(unquote(text.slice(start, end))) };
}

function parsePacketType(text: string, start: number, end: number): Value | undefined {
  if (text.charCodeAt(start) !== 40 || text.charCodeAt(end - 1) !== 41) return undefined;
  let comma = start;
  while (comma < end && text.charCodeAt(comma) !== 44) comma++;
  if (comma === end) return undefined;
  const ns = parseIntValue(text, start + 1, comma);
  const type = parseIntValue(text, comma + 1, end - 1);
  return ns && type ? { kind: "packet_type", ns, type } : undefined;
}

/**
 * Parses a comma-separated match (`priority=100,tcp,nw_dst=10.96.0.2,tp_dst=80`) at
 * `text[start, end)` into typed items appended to `out`, in the order written. A `priority=N`
 * item is not a field: its value is returned instead. With a `cache` (one per dump), equal items
 * are parsed once and shared, frozen. Throws {@link OvsParseError} on a malformed item or a
 * value that does not have its field's type.
 *
 * @example
 * ```ts
 * import { parseMatchFields, type MatchField } from "ovskit";
 * const fields: MatchField[] = [];
 * parseMatchFields("priority=5,tcp,nw_dst=10.96.0.2", 0, 31, fields); // 5
 * fields[1]?.value; // { kind: "ipv4", value: "10.96.0.2" }
 * ```
 */
export function parseMatchFields(
  text: string,
  start: number,
  end: number,
  out: MatchField[],
  cache?: ParseCache,
): number | undefined {
  let priority: number | undefined;
  let pos = start;
  while (pos < end) {
    const nameEnd = wordEnd(text, pos, end);
    if (nameEnd === pos) throw new OvsParseError("syntax", "expected a match field", text, pos);
    const c = nameEnd < end ? text.charCodeAt(nameEnd) : 44;
    if (c === 44) {
      out.push(cache === undefined ? { name: internSlice(text, pos, nameEnd) } : cachedField(text, pos, nameEnd, nameEnd, cache));
      pos = nameEnd + 1;
      if (pos === end) throw new OvsParseError("syntax", "empty match field", text, pos);
      continue;
    }
    if (c !== 61) throw new OvsParseError("syntax", `unexpected '${text[nameEnd]}' in match`, text, nameEnd);
    const valueEnd = matchValueEnd(text, nameEnd + 1, end);
    if (nameEnd - pos === 8 && text.startsWith("priority", pos)) {
      const p = parseSmallInt(text, nameEnd + 1, valueEnd);
      if (p < 0) throw new OvsParseError("bad-value", "bad priority", text, nameEnd + 1);
      priority = p;
    } else if (cache === undefined) {
      out.push(valueField(text, pos, nameEnd, valueEnd));
    } else {
      out.push(cachedField(text, pos, nameEnd, valueEnd, cache));
    }
    pos = valueEnd + 1;
    if (pos === end) throw new OvsParseError("syntax", "empty match field", text, pos);
  }
  return priority;
}

/** The shared item for `text[start, end)` (name ends at `nameEnd`): from the cache, or parsed. */
function cachedField(text: string, start: number, nameEnd: number, end: number, cache: ParseCache): MatchField {
  return (
    cache.get<MatchField>(text, start, end) ??
    cache.set(text, start, end, nameEnd === end ? { name: internSlice(text, start, end) } : valueField(text, start, nameEnd, end))
  );
}

/**
 * The items of a match at `text[start, end)` as a new list (see {@link parseMatchFields}; a
 * `priority=N` item is dropped).
 *
 * @example
 * ```ts
 * import { parseMatchList } from "ovskit";
 * parseMatchList("ct_state=new|trk,tcp,tp_dst=80", 0, 30).length; // 3
 * ```
 */
export function parseMatchList(text: string, start = 0, end = text.length): MatchField[] {
  const out: MatchField[] = [];
  parseMatchFields(text, start, end, out);
  return out;
}

function valueField(text: string, start: number, nameEnd: number, valueEnd: number): MatchField {
  const name = internSlice(text, start, nameEnd);
  return { name, value: parseMatchValue(name, text, nameEnd + 1, valueEnd) };
}

/** End of a match value: the next `,` outside brackets and quotes (most values have neither). */
function matchValueEnd(text: string, start: number, end: number): number {
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 44) return i;
    if (c === 40 || c === 91 || c === 123 || c === 34) {
      const at = findTopLevel(text, 44, i, end);
      return at < 0 ? end : at;
    }
  }
  return end;
}

/**
 * Prints a match item as OVS does (`name=value`, or `name` alone).
 *
 * @example
 * ```ts
 * import { formatMatchField } from "ovskit";
 * formatMatchField({ name: "tcp" }); // "tcp"
 * ```
 */
export function formatMatchField(field: MatchField): string {
  return field.value === undefined ? field.name : `${field.name}=${formatValue(field.value)}`;
}
