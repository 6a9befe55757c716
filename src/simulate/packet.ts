/**
 * {@link parsePacket}: the packet text `ofproto/trace BRIDGE FLOW` accepts
 * (`in_port=7,tcp,nw_src=10.0.0.1,tp_dst=80`, port names too), read with the rules of OVS's
 * `parse_ofp_exact_flow`: keys and values split as `ofputil_parse_key_value` splits them, a
 * protocol shorthand sets `dl_type` (and `nw_proto`), every other key is a field of
 * ovs-fields(7) whose prerequisites must already hold, no field twice, no wildcards, and
 * `in_port` defaults to `ANY`. What OVS refuses is a {@link PacketSyntaxError} with the column.
 *
 * @module
 */
import type { FieldDef, FieldTable } from "./fields.js";
import { type FlowWords, getField, setField } from "./flow-state.js";
import { prereqsOk } from "./prereqs.js";
import { CT_STATE_NAMES, ETH_TYPE, IPPROTO, OFPP, TCP_FLAG_NAMES, TUN_FLAG_NAMES, W, reservedPort } from "./layout.js";
import { parseIpv6, parseMac } from "./net-text.js";
import { PacketSyntaxError } from "./packet-error.js";

/** What packet parsing needs to know about the pipeline and the bridge. */
export interface PacketContext {
  readonly fields: FieldTable;
  /** OpenFlow port numbers of the bridge's ports, by name. */
  readonly portByName: ReadonlyMap<string, number>;
}

const PROTOCOLS: Readonly<Record<string, readonly [number, number]>> = {
  ip: [ETH_TYPE.IP, 0],
  ipv4: [ETH_TYPE.IP, 0],
  ip4: [ETH_TYPE.IP, 0],
  arp: [ETH_TYPE.ARP, 0],
  icmp: [ETH_TYPE.IP, IPPROTO.ICMP],
  tcp: [ETH_TYPE.IP, IPPROTO.TCP],
  udp: [ETH_TYPE.IP, IPPROTO.UDP],
  sctp: [ETH_TYPE.IP, IPPROTO.SCTP],
  ipv6: [ETH_TYPE.IPV6, 0],
  ip6: [ETH_TYPE.IPV6, 0],
  icmp6: [ETH_TYPE.IPV6, IPPROTO.ICMPV6],
  tcp6: [ETH_TYPE.IPV6, IPPROTO.TCP],
  udp6: [ETH_TYPE.IPV6, IPPROTO.UDP],
  sctp6: [ETH_TYPE.IPV6, IPPROTO.SCTP],
  rarp: [ETH_TYPE.RARP, 0],
  mpls: [ETH_TYPE.MPLS, 0],
  mplsm: [ETH_TYPE.MPLS_MCAST, 0],
};

/** One `key[=value]` item of the text, with the offsets of its key and value. */
interface Item {
  readonly key: string;
  readonly value: string;
  readonly keyAt: number;
  readonly valueAt: number;
}

const isSep = (c: string | undefined): boolean => c === "," || c === " " || c === "\t" || c === "\r" || c === "\n";

/** `ofputil_parse_key_value` over the whole text. */
function items(text: string): Item[] {
  const out: Item[] = [];
  let i = 0;
  while (i < text.length) {
    while (i < text.length && isSep(text[i])) i++;
    if (i >= text.length) break;
    const keyAt = i;
    while (i < text.length && !":=(".includes(text[i] as string) && !isSep(text[i])) i++;
    const key = text.slice(keyAt, i);
    const delim = text[i];
    if (delim !== ":" && delim !== "=" && delim !== "(") {
      out.push({ key, value: "", keyAt, valueAt: i });
      continue;
    }
    i++;
    const valueAt = i;
    let depth = 0;
    while (i < text.length) {
      const c = text[i] as string;
      if (delim === "(" ? c === ")" && depth === 0 : isSep(c) && depth === 0) break;
      if (c === "(") depth++;
      else if (c === ")") depth--;
      i++;
    }
    out.push({ key, value: text.slice(valueAt, i), keyAt, valueAt });
    if (i < text.length) i++;
  }
  return out;
}

/**
 * Reads packet text as `ofproto/trace` does and returns its flow words, or throws a
 * {@link PacketSyntaxError}.
 *
 * @internal
 * @example
 * ```ts
 * import { parsePacketWords } from "./packet.js";
 * const flow = parsePacketWords("in_port=13,tcp,nw_dst=10.96.0.11,tp_dst=80", ctx);
 * ```
 */
export function parsePacketWords(text: string, ctx: PacketContext): FlowWords {
  const flow = new Uint32Array(ctx.fields.words);
  const bad = (code: "syntax" | "bad-value", reason: string, at: number): PacketSyntaxError =>
    new PacketSyntaxError(code, reason, text, at, `Bad openflow flow syntax: ${text}: ${reason}`);
  for (const it of items(text)) {
    const proto = PROTOCOLS[it.key];
    if (proto !== undefined) {
      if (flow[W.DL_TYPE] !== 0) throw bad("syntax", "Ethernet type set multiple times", it.keyAt);
      flow[W.DL_TYPE] = proto[0];
      if (proto[1] !== 0) {
        if (flow[W.NW_PROTO] !== 0) throw bad("syntax", "network protocol set multiple times", it.keyAt);
        flow[W.NW_PROTO] = proto[1];
      }
      continue;
    }
    const f = ctx.fields.byName.get(it.key);
    if (f === undefined || f.wireNames.includes(it.key)) throw bad("syntax", `unknown field ${it.key}`, it.keyAt);
    if (!prereqsOk(f, flow)) throw bad("syntax", `prerequisites not met for setting ${it.key}`, it.keyAt);
    if (getField(flow, f) !== 0n) throw bad("syntax", `field ${it.key} set multiple times`, it.keyAt);
    const v = parseFieldValue(f, it.value, ctx);
    if (typeof v === "string") throw bad("bad-value", `bad value for ${it.key} (${v})`, it.valueAt);
    setField(flow, f, v);
  }
  if (flow[W.IN_PORT] === 0) flow[W.IN_PORT] = OFPP.NONE;
  return flow;
}


/** An unsigned integer (decimal or `0x` hex) that fits in `bytes` bytes, or OVS's error text. */
function parseInteger(s: string, f: FieldDef): bigint | string {
  if (!/^(0[xX][0-9a-fA-F]+|[0-9]+)$/.test(s)) return `${s}: bad syntax for ${f.name} value`;
  const v = BigInt(s);
  if (v >> BigInt(f.bytes * 8) !== 0n) return `${s}: value too large for ${f.bytes}-byte field ${f.name}`;
  return v;
}

/** `IP_SCAN_FMT` (`%hhu.%hhu.%hhu.%hhu`): each part wraps at 256, as in OVS. */
function scanIpv4(s: string): number | undefined {
  const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(s);
  if (m === null) return undefined;
  return ((Number(m[1]) & 255) * 0x1000000 + (Number(m[2]) & 255) * 0x10000 + (Number(m[3]) & 255) * 0x100 + (Number(m[4]) & 255)) >>> 0;
}

/** The exact value of `s` for field `f` (`mf_parse_value`), or OVS's error text. */
function parseFieldValue(f: FieldDef, s: string, ctx: PacketContext): bigint | string {
  const wild = `${s}: wildcards not allowed here`;
  switch (f.format) {
    case "dec":
    case "hex": {
      const slash = s.indexOf("/");
      if (slash < 0) return parseInteger(s, f);
      const v = parseInteger(s.slice(0, slash), f);
      const m = parseInteger(s.slice(slash + 1), f);
      if (typeof v === "string") return v;
      if (typeof m === "string") return `${s}: bad syntax for ${f.name} mask`;
      return m === (1n << BigInt(f.bytes * 8)) - 1n ? v : wild;
    }
    case "mac": {
      const [a, m] = s.split("/") as [string, string | undefined];
      const v = parseMac(a);
      if (v === undefined || (m !== undefined && parseMac(m) === undefined)) return `${s}: invalid Ethernet address`;
      return m === undefined || parseMac(m) === 0xffffffffffffn ? v : wild;
    }
    case "ipv4": {
      const [a, m] = s.split("/") as [string, string | undefined];
      const v = scanIpv4(a);
      if (v === undefined) return `${s}: invalid IP address`;
      if (m !== undefined) {
        if (/^\d+$/.test(m)) {
          if (Number(m) > 32) return `${s}: IPv4 network prefix bits not between 0 and 32, inclusive`;
          if (Number(m) !== 32) return wild;
        } else if (scanIpv4(m) !== 0xffffffff) return scanIpv4(m) === undefined ? `${s}: invalid IP address` : wild;
      }
      return BigInt(v);
    }
    case "ipv6": {
      const [a, m] = s.split("/") as [string, string | undefined];
      const v = parseIpv6(a);
      if (v === undefined) return `${s}: invalid IPv6 address`;
      if (m !== undefined && m !== "128" && parseIpv6(m) !== (1n << 128n) - 1n) return wild;
      return v;
    }
    case "port":
    case "port32": {
      const p = parsePort(s, ctx);
      if (p === undefined) return f.format === "port" ? `${s}: invalid or unknown port for ${f.name}` : `${s}: port value out of range for ${f.name}`;
      return BigInt(f.format === "port32" && p >= OFPP.MAX ? p + 0xffff0000 : p);
    }
    case "ct_state":
      return parseFlagText(s, CT_STATE_NAMES, 0xff, f.name);
    case "tcp_flags":
      return parseFlagText(s, TCP_FLAG_NAMES, 0xfff, f.name);
    case "tun_flags":
      return parseFlagText(s, TUN_FLAG_NAMES, 0x1, f.name);
    case "frag":
      switch (s.toLowerCase()) {
        case "no":
          return 0n;
        case "first":
          return 1n;
        case "later":
          return 3n;
        case "yes":
        case "not_later":
          return wild;
      }
      return `${s}: unknown fragment type (valid types are "no", "yes", "first", "later", "not_later"`;
    case "packet_type": {
      const m = /^\((0x[0-9a-fA-F]+|[0-9]+),(0x[0-9a-fA-F]+|[0-9]+)\)$/.exec(s);
      if (m === null) return `${s}: bad syntax for packet type`;
      const ns = BigInt(m[1] as string);
      const type = BigInt(m[2] as string);
      if (ns > 0xffffn || type > 0xffffn) return `${s}: bad syntax for packet type`;
      return (ns << 16n) | type;
    }
  }
}

/** A port number, reserved name or port name of the bridge (`ofputil_port_from_string`). */
function parsePort(s: string, ctx: PacketContext): number | undefined {
  if (/^[0-9]+$/.test(s)) {
    const n = Number(s);
    return n < OFPP.MAX ? n : n <= 0xffff ? n : undefined;
  }
  const named = ctx.portByName.get(s.startsWith('"') && s.endsWith('"') && s.length >= 2 ? s.slice(1, -1) : s);
  if (named !== undefined) return named;
  return reservedPort(s);
}

/** `parse_flags` for an exact value: `a|b`, `+a+b`, or a number; else OVS's error text. */
function parseFlagText(s: string, names: readonly string[], allowed: number, field: string): bigint | string {
  if (/^(0[xX][0-9a-fA-F]+|[0-9]+)$/.test(s)) {
    const v = Number(BigInt(s));
    return (v & ~allowed) !== 0 ? `${s}: value out of range for ${field}` : BigInt(v);
  }
  let v = 0;
  const parts = s.startsWith("+") || s.startsWith("-") ? s.match(/[+-][^+-]+/g) ?? [] : s.split("|");
  for (const p of parts) {
    const name = p.startsWith("+") || p.startsWith("-") ? p.slice(1) : p;
    const bit = names.indexOf(name);
    if (bit < 0 || ((1 << bit) & allowed) === 0) return `${s}: unknown ${field} flag "${name}"`;
    if (!p.startsWith("-")) v |= 1 << bit;
  }
  return BigInt(v);
}
