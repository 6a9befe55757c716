/**
 * Field references: `NXM_NX_REG13[0..15]`, `OXM_OF_METADATA[]`, `reg0[5]`, `xxreg1`, as used
 * by `load`, `move`, `set_field`, `push`, `pop`, `output`, `ct(zone=...)`, `learn` and friends.
 *
 * @module
 */
import { OvsParseError } from "./parse-error.js";
import { internSlice } from "./intern.js";
import { parseSmallInt } from "./values.js";

/**
 * A reference to a field or to a bit range of it.
 *
 * - `NXM_NX_REG13[0..15]` → `{ field: "NXM_NX_REG13", start: 0, end: 15 }`
 * - `NXM_NX_REG0[5]`      → `{ field: "NXM_NX_REG0", start: 5, end: 5 }`
 * - `OXM_OF_METADATA[]`   → `{ field: "OXM_OF_METADATA", whole: true }`
 * - `reg13`               → `{ field: "reg13" }`
 *
 * `field` is the name as written; {@link canonicalFieldName} maps NXM / OXM names to the short
 * names of ovs-fields(7).
 */
export interface FieldRef {
  readonly kind: "field";
  readonly field: string;
  /** First bit (inclusive), when a range or a single bit is given. */
  readonly start?: number;
  /** Last bit (inclusive). */
  readonly end?: number;
  /** True for the `[]` form (the whole field, written with brackets). */
  readonly whole?: boolean;
}

/**
 * Parses a field reference in `text[start, end)`. Throws {@link OvsParseError} on a malformed
 * bit range.
 *
 * @example
 * ```ts
 * import { parseFieldRef } from "ovskit";
 * parseFieldRef("NXM_NX_REG13[0..15]"); // { kind: "field", field: "NXM_NX_REG13", start: 0, end: 15 }
 * ```
 */
export function parseFieldRef(text: string, start = 0, end = text.length): FieldRef {
  const ref = readFieldRef(text, start, end);
  if (typeof ref !== "string") return ref;
  const open = text.indexOf("[", start);
  const code = end <= start ? "missing" : "syntax";
  throw new OvsParseError(code, ref, text, ref === BAD_RANGE && open >= 0 ? open : start);
}

const BAD_RANGE = "bad bit range in field reference";

/**
 * The field reference in `text[start, end)`, or the reason it is not one (the parsers that type
 * a value as "field or something else" use it: a reason is not an error there).
 *
 * @internal
 */
export function readFieldRef(text: string, start: number, end: number): FieldRef | string {
  let open = -1;
  for (let i = start; i < end; i++) {
    if (text.charCodeAt(i) === 91) {
      open = i;
      break;
    }
  }
  if (open < 0) {
    if (end <= start) return "missing field name";
    return { kind: "field", field: internSlice(text, start, end) };
  }
  const field = internSlice(text, start, open);
  if (field.length === 0 || text.charCodeAt(end - 1) !== 93) return "bad field reference";
  if (open + 1 === end - 1) return { kind: "field", field, whole: true };
  let dots = -1;
  for (let i = open + 1; i < end - 1; i++) {
    if (text.charCodeAt(i) === 46 && text.charCodeAt(i + 1) === 46) {
      dots = i;
      break;
    }
  }
  const from = parseSmallInt(text, open + 1, dots < 0 ? end - 1 : dots);
  const to = dots < 0 ? from : parseSmallInt(text, dots + 2, end - 1);
  if (from < 0 || to < 0 || to < from) return BAD_RANGE;
  return { kind: "field", field, start: from, end: to };
}

/**
 * Prints a {@link FieldRef} as OVS does.
 *
 * @example
 * ```ts
 * import { formatFieldRef } from "ovskit";
 * formatFieldRef({ kind: "field", field: "NXM_NX_REG0", start: 5, end: 5 }); // "NXM_NX_REG0[5]"
 * ```
 */
export function formatFieldRef(ref: FieldRef): string {
  if (ref.start === undefined || ref.end === undefined) {
    return ref.whole ? `${ref.field}[]` : ref.field;
  }
  return ref.start === ref.end
    ? `${ref.field}[${ref.start}]`
    : `${ref.field}[${ref.start}..${ref.end}]`;
}

const NXM_ALIASES: Record<string, string> = {
  NXM_OF_IN_PORT: "in_port",
  OXM_OF_IN_PORT: "in_port",
  NXM_OF_ETH_SRC: "eth_src",
  NXM_OF_ETH_DST: "eth_dst",
  OXM_OF_ETH_SRC: "eth_src",
  OXM_OF_ETH_DST: "eth_dst",
  NXM_OF_ETH_TYPE: "eth_type",
  OXM_OF_ETH_TYPE: "eth_type",
  NXM_OF_VLAN_TCI: "vlan_tci",
  OXM_OF_VLAN_VID: "vlan_vid",
  OXM_OF_VLAN_PCP: "vlan_pcp",
  NXM_OF_IP_TOS: "nw_tos",
  NXM_NX_IP_ECN: "nw_ecn",
  NXM_NX_IP_TTL: "nw_ttl",
  NXM_OF_IP_PROTO: "nw_proto",
  OXM_OF_IP_PROTO: "nw_proto",
  NXM_OF_IP_SRC: "ip_src",
  NXM_OF_IP_DST: "ip_dst",
  OXM_OF_IPV4_SRC: "ip_src",
  OXM_OF_IPV4_DST: "ip_dst",
  NXM_NX_IPV6_SRC: "ipv6_src",
  NXM_NX_IPV6_DST: "ipv6_dst",
  OXM_OF_IPV6_SRC: "ipv6_src",
  OXM_OF_IPV6_DST: "ipv6_dst",
  NXM_NX_IPV6_LABEL: "ipv6_label",
  NXM_OF_TCP_SRC: "tcp_src",
  NXM_OF_TCP_DST: "tcp_dst",
  NXM_OF_UDP_SRC: "udp_src",
  NXM_OF_UDP_DST: "udp_dst",
  OXM_OF_TCP_SRC: "tcp_src",
  OXM_OF_TCP_DST: "tcp_dst",
  OXM_OF_UDP_SRC: "udp_src",
  OXM_OF_UDP_DST: "udp_dst",
  NXM_NX_TCP_FLAGS: "tcp_flags",
  NXM_OF_ICMP_TYPE: "icmp_type",
  NXM_OF_ICMP_CODE: "icmp_code",
  NXM_NX_ICMPV6_TYPE: "icmpv6_type",
  NXM_NX_ICMPV6_CODE: "icmpv6_code",
  NXM_OF_ARP_OP: "arp_op",
  NXM_OF_ARP_SPA: "arp_spa",
  NXM_OF_ARP_TPA: "arp_tpa",
  NXM_NX_ARP_SHA: "arp_sha",
  NXM_NX_ARP_THA: "arp_tha",
  NXM_NX_ND_TARGET: "nd_target",
  NXM_NX_ND_SLL: "nd_sll",
  NXM_NX_ND_TLL: "nd_tll",
  NXM_NX_TUN_ID: "tun_id",
  OXM_OF_TUNNEL_ID: "tun_id",
  NXM_NX_TUN_IPV4_SRC: "tun_src",
  NXM_NX_TUN_IPV4_DST: "tun_dst",
  NXM_NX_PKT_MARK: "pkt_mark",
  NXM_NX_CT_STATE: "ct_state",
  NXM_NX_CT_ZONE: "ct_zone",
  NXM_NX_CT_MARK: "ct_mark",
  NXM_NX_CT_LABEL: "ct_label",
  NXM_NX_CT_NW_PROTO: "ct_nw_proto",
  NXM_NX_CT_NW_SRC: "ct_nw_src",
  NXM_NX_CT_NW_DST: "ct_nw_dst",
  NXM_NX_CT_TP_SRC: "ct_tp_src",
  NXM_NX_CT_TP_DST: "ct_tp_dst",
  OXM_OF_METADATA: "metadata",
  NXM_NX_RECIRC_ID: "recirc_id",
  NXM_NX_DP_HASH: "dp_hash",
  NXM_NX_CONJ_ID: "conj_id",
  OXM_OF_MPLS_LABEL: "mpls_label",
  OXM_OF_MPLS_TC: "mpls_tc",
  OXM_OF_MPLS_BOS: "mpls_bos",
  OXM_OF_PKT_REG0: "xreg0",
  OXM_OF_PKT_REG1: "xreg1",
  OXM_OF_PKT_REG2: "xreg2",
  OXM_OF_PKT_REG3: "xreg3",
  OXM_OF_PKT_REG4: "xreg4",
  OXM_OF_PKT_REG5: "xreg5",
  OXM_OF_PKT_REG6: "xreg6",
  OXM_OF_PKT_REG7: "xreg7",
};

const SHORT_ALIASES: Record<string, string> = {
  dl_src: "eth_src",
  dl_dst: "eth_dst",
  dl_type: "eth_type",
  nw_src: "ip_src",
  nw_dst: "ip_dst",
  tun_id: "tun_id",
  tunnel_id: "tun_id",
  tp_src: "tp_src",
};

/**
 * Maps an NXM / OXM field name (or an older short alias) to the short name of ovs-fields(7):
 * `NXM_NX_REG13` → `reg13`, `NXM_NX_XXREG0` → `xxreg0`, `OXM_OF_METADATA` → `metadata`,
 * `dl_src` → `eth_src`. Unknown names come back lower-cased.
 *
 * @example
 * ```ts
 * import { canonicalFieldName } from "ovskit";
 * canonicalFieldName("NXM_NX_REG13"); // "reg13"
 * ```
 */
export function canonicalFieldName(name: string): string {
  let known = CANONICAL.get(name);
  if (known === undefined) {
    known = computeCanonical(name);
    if (CANONICAL.size < 4096) CANONICAL.set(name, known);
  }
  return known;
}

const CANONICAL = new Map<string, string>();

function computeCanonical(name: string): string {
  const alias = NXM_ALIASES[name] ?? SHORT_ALIASES[name];
  if (alias !== undefined) return alias;
  const m = /^NXM_NX_(X{0,2}REG\d+|TUN_METADATA\d+)$/.exec(name);
  if (m?.[1] !== undefined) return m[1].toLowerCase();
  return name.toLowerCase();
}
