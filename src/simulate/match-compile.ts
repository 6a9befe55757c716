/**
 * Compiling the typed match of a dumped flow (`tcp,reg14=0x2,metadata=0x1,nw_dst=10.0.0.0/8`)
 * into what the classifier compares: `(word, mask, value)` parts in the layout of {@link W}.
 * Protocol shorthands set `dl_type` / `nw_proto`; a match on any packet field also matches
 * Ethernet packets only (`match_add_ethernet_prereq`), as OVS does for OpenFlow flows.
 *
 * Match items are shared between the flows of a dump (the parsers hash-cons them), so the
 * compiler caches its result per item object for the length of one pipeline build.
 *
 * @module
 */
import type { MatchField } from "../openflow/match.js";
import type { IntValue, Value } from "../core/values.js";
import type { FieldDef, FieldTable } from "./fields.js";
import { ETH_TYPE, FRAG_ANY, FRAG_LATER, IPPROTO, PT_ETH, W, CT_STATE_NAMES, TCP_FLAG_NAMES, TUN_FLAG_NAMES, reservedPort } from "./layout.js";
import { parseIpv4, parseIpv6, parseMac } from "./net-text.js";

/** One word of a compiled match: bits `mask` of word `word` must equal `value`. */
export interface MatchPart {
  readonly word: number;
  readonly mask: number;
  readonly value: number;
}

/** A compiled match item: its parts, a key naming its field and mask (for the subtable), and whether it needs an Ethernet packet. */
export interface CompiledItem {
  readonly parts: readonly MatchPart[];
  /** Field name and mask, e.g. `nw_dst/ffffff00`: flows whose items have the same keys share a subtable. */
  readonly key: string;
  readonly ethernet: boolean;
}

/** Why a match item could not be compiled. */
export interface CompileProblem {
  readonly item: string;
  readonly reason: string;
}

const SHORTHANDS: Readonly<Record<string, readonly [number, number]>> = {
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

/** Splits a value/mask over the storage of field `f` into word parts. */
function fieldParts(f: FieldDef, value: bigint, mask: bigint): MatchPart[] {
  const out: MatchPart[] = [];
  const width = BigInt(f.width);
  const all = (1n << width) - 1n;
  const m = (mask & all) << BigInt(f.shift);
  const v = (value & mask & all) << BigInt(f.shift);
  for (let i = 0; i < f.words; i++) {
    const sh = BigInt((f.words - 1 - i) * 32);
    const mw = Number((m >> sh) & 0xffffffffn);
    if (mw === 0) continue;
    out.push({ word: f.word + i, mask: mw >>> 0, value: Number((v >> sh) & 0xffffffffn) >>> 0 });
  }
  return out;
}

/** Value and mask of a typed match value for field `f`, or a reason it cannot be read. */
function valueMask(f: FieldDef, v: Value, portByName: ReadonlyMap<string, number>): readonly [bigint, bigint] | string {
  const full = (1n << BigInt(Math.min(f.width, 992))) - 1n;
  switch (v.kind) {
    case "int":
      return [v.value, v.mask ?? full];
    case "mac": {
      const a = parseMac(v.value);
      const m = v.mask === undefined ? full : parseMac(v.mask);
      return a === undefined || m === undefined ? "bad MAC" : [a, m];
    }
    case "ipv4":
    case "ipv6": {
      const bits = v.kind === "ipv4" ? 32 : 128;
      const a = v.kind === "ipv4" ? (parseIpv4(v.value) === undefined ? undefined : BigInt(parseIpv4(v.value) as number)) : parseIpv6(v.value);
      if (a === undefined) return "bad address";
      let m = (1n << BigInt(bits)) - 1n;
      if (v.prefix !== undefined) m = v.prefix === 0 ? 0n : (m >> BigInt(bits - v.prefix)) << BigInt(bits - v.prefix);
      else if (v.mask !== undefined) {
        const mm = v.kind === "ipv4" ? (parseIpv4(v.mask) === undefined ? undefined : BigInt(parseIpv4(v.mask) as number)) : parseIpv6(v.mask);
        if (mm === undefined) return "bad mask";
        m = mm;
      }
      return [a, m];
    }
    case "flags": {
      const names = f.format === "ct_state" ? CT_STATE_NAMES : f.format === "tcp_flags" ? TCP_FLAG_NAMES : f.format === "tun_flags" ? TUN_FLAG_NAMES : undefined;
      if (names === undefined) return "flags for a field without flags";
      let value = 0n;
      let mask = 0n;
      for (const fl of v.flags) {
        const bit = names.indexOf(fl.name);
        if (bit < 0) return `unknown flag ${fl.name}`;
        mask |= 1n << BigInt(bit);
        if (fl.set) value |= 1n << BigInt(bit);
      }
      return v.pipe === true ? [value, full] : [value, mask];
    }
    case "name": {
      if (f.format === "port" || f.format === "port32") {
        const p = portByName.get(v.name) ?? reservedPort(v.name);
        if (p === undefined) return `unknown port ${v.name}`;
        return [BigInt(f.format === "port32" && p >= 0xff00 ? p + 0xffff0000 : p), full];
      }
      return `a name value for ${f.name}`;
    }
    case "packet_type":
      return [(v.ns.value << 16n) | v.type.value, full];
    case "raw":
      return `unreadable value ${v.text}`;
  }
}

/** `nw_frag=no|yes|first|later|not_later` as value/mask of the 2 frag bits. */
function fragValueMask(name: string): readonly [number, number] | undefined {
  switch (name) {
    case "no":
      return [0, FRAG_ANY];
    case "yes":
      return [FRAG_ANY, FRAG_ANY];
    case "first":
      return [FRAG_ANY, FRAG_ANY | FRAG_LATER];
    case "later":
      return [FRAG_ANY | FRAG_LATER, FRAG_ANY | FRAG_LATER];
    case "not_later":
      return [0, FRAG_LATER];
  }
  return undefined;
}

/**
 * Compiles one match item, or returns why it cannot be compiled.
 *
 * @internal
 * @example
 * ```ts
 * import { compileMatchItem } from "./match-compile.js";
 * compileMatchItem({ name: "tcp" }, fields, new Map()); // parts for dl_type and nw_proto
 * ```
 */
export function compileMatchItem(item: MatchField, fields: FieldTable, portByName: ReadonlyMap<string, number>): CompiledItem | CompileProblem {
  const { name, value } = item;
  if (value === undefined) {
    if (name === "eth") return { parts: [{ word: W.PACKET_TYPE, mask: 0xffffffff, value: PT_ETH }], key: "eth", ethernet: false };
    const sh = SHORTHANDS[name];
    if (sh === undefined) return { item: name, reason: "unknown match shorthand" };
    const parts: MatchPart[] = [{ word: W.DL_TYPE, mask: 0xffff, value: sh[0] }];
    if (sh[1] !== 0) parts.push({ word: W.NW_PROTO, mask: 0xff, value: sh[1] });
    return { parts, key: name, ethernet: true };
  }
  const f = fields.byName.get(name);
  if (f === undefined) return { item: name, reason: "unknown field" };
  if (f.format === "frag") {
    const fm = value.kind === "name" ? fragValueMask(value.name) : value.kind === "int" ? [Number(value.value), Number(value.mask ?? 3n)] as const : undefined;
    if (fm === undefined) return { item: name, reason: "bad nw_frag value" };
    return { parts: [{ word: W.NW_FRAG, mask: fm[1], value: fm[0] & fm[1] }], key: `nw_frag/${fm[1]}`, ethernet: true };
  }
  const vm = valueMask(f, value, portByName);
  if (typeof vm === "string") return { item: name, reason: vm };
  let [v, m] = vm;
  let parts: MatchPart[];
  switch (f.special) {
    case "dl_vlan":
      // match_set_dl_vlan: 0xffff means "no tag"; else the VID with the CFI bit.
      parts = v === 0xffffn ? [{ word: W.VLAN0_TCI, mask: 0xffff, value: 0 }] : [{ word: W.VLAN0_TCI, mask: 0x1fff, value: 0x1000 | Number(v & 0xfffn) }];
      break;
    case "vlan_vid":
      parts = [{ word: W.VLAN0_TCI, mask: Number(m & 0x1fffn), value: Number(v & m & 0x1fffn) }];
      break;
    case "vlan_pcp":
      parts = [{ word: W.VLAN0_TCI, mask: 0xf000, value: 0x1000 | (Number(v & 7n) << 13) }];
      break;
    case "nw_tos":
      parts = [{ word: W.NW_TOS, mask: 0xfc, value: Number(v & 0xfcn) }];
      break;
    case "in_port_oxm":
    case "actset_output": {
      const p = Number(v);
      const p16 = p >= 0xffffff00 ? p - 0xffff0000 : p;
      parts = [{ word: f.special === "in_port_oxm" ? W.IN_PORT : W.ACTSET_OUTPUT, mask: 0xffff, value: p16 }];
      break;
    }
    case "tun_metadata":
      if (f.tunIndex === undefined) return { item: name, reason: "tunnel metadata without index" };
      parts = fieldParts(f, v, m);
      // Present bit of the option.
      parts.push({ word: f.tunIndex >= 32 ? W.TUN_MD_PRESENT : W.TUN_MD_PRESENT + 1, mask: (1 << (f.tunIndex % 32)) >>> 0, value: (1 << (f.tunIndex % 32)) >>> 0 });
      break;
    default:
      if (f.format === "ipv4" && f.width === 32) m &= 0xffffffffn;
      parts = fieldParts(f, v, m);
  }
  const key = `${f.name}/${parts.map((p) => `${p.word}:${p.mask.toString(16)}`).join(";")}`;
  return { parts, key, ethernet: f.prereq !== "none" };
}

/**
 * Combines compiled items into one part list sorted by word (parts on one word are merged),
 * with the Ethernet packet type when an item needs it.
 *
 * @internal
 * @example
 * ```ts
 * import { mergeParts } from "./match-compile.js";
 * mergeParts([tcpItem, tpDstItem]); // [{ word: PACKET_TYPE... }, { word: DL_TYPE... }, ...]
 * ```
 */
export function mergeParts(items: readonly CompiledItem[]): MatchPart[] {
  const byWord = new Map<number, { mask: number; value: number }>();
  let ethernet = false;
  for (const it of items) {
    if (it.ethernet) ethernet = true;
    for (const p of it.parts) {
      const cur = byWord.get(p.word);
      if (cur === undefined) byWord.set(p.word, { mask: p.mask, value: p.value });
      else {
        cur.mask = (cur.mask | p.mask) >>> 0;
        cur.value = (cur.value | p.value) >>> 0;
      }
    }
  }
  if (ethernet && !byWord.has(W.PACKET_TYPE)) byWord.set(W.PACKET_TYPE, { mask: 0xffffffff, value: PT_ETH });
  return [...byWord].sort((a, b) => a[0] - b[0]).map(([word, x]) => ({ word, mask: x.mask, value: x.value }));
}

/** `IntValue` of a number, for building matches in code. @internal */
export const intValue = (n: bigint, mask?: bigint): IntValue => (mask === undefined ? { kind: "int", value: n, hex: true } : { kind: "int", value: n, mask, hex: true });
