/**
 * The word layout of a simulated packet's flow (OVS's `struct flow`): every field lives in
 * 32-bit words of one `Uint32Array`, most significant word first, right-aligned. Fields that
 * share storage in OVS share it here too (`reg0`..`reg3` are `xxreg0`; `arp_spa` is `nw_src`;
 * `icmp_type` is the low byte of `tp_src`; `nd_sll` is `arp_sha`), so aliasing is free.
 *
 * A flow is copied with `slice()` (about 130 words), which is what OVS does with
 * `struct flow` when a resubmit, a clone, a group bucket or a patch port saves and restores it.
 * Tunnel metadata options (`tun_metadata0..63`) get words after the fixed fields, only for the
 * options a pipeline's TLV maps declare.
 *
 * @module
 */

/** Word offsets of the fixed fields. @internal */
export const W = {
  RECIRC_ID: 0,
  DP_HASH: 1,
  PACKET_TYPE: 2,
  CONJ_ID: 3,
  TUN_ID: 4, // 2 words
  TUN_SRC: 6,
  TUN_DST: 7,
  TUN_IPV6_SRC: 8, // 4 words
  TUN_IPV6_DST: 12, // 4 words
  TUN_FLAGS: 16,
  TUN_TTL: 17,
  TUN_TOS: 18,
  TUN_GBP_ID: 19,
  TUN_GBP_FLAGS: 20,
  TUN_TP_SRC: 21,
  TUN_TP_DST: 22,
  /** Presence map of tun_metadata0..63: word 23 holds options 32..63, word 24 options 0..31. */
  TUN_MD_PRESENT: 23, // 2 words
  TUN_ERSPAN_IDX: 25,
  TUN_ERSPAN_VER: 26,
  TUN_ERSPAN_DIR: 27,
  TUN_ERSPAN_HWID: 28,
  TUN_GTPU_FLAGS: 29,
  TUN_GTPU_MSGTYPE: 30,
  METADATA: 31, // 2 words
  IN_PORT: 33,
  ACTSET_OUTPUT: 34,
  SKB_PRIORITY: 35,
  PKT_MARK: 36,
  CT_STATE: 37,
  CT_ZONE: 38,
  CT_MARK: 39,
  CT_LABEL: 40, // 4 words
  CT_NW_PROTO: 44,
  CT_NW_SRC: 45,
  CT_NW_DST: 46,
  CT_IPV6_SRC: 47, // 4 words
  CT_IPV6_DST: 51, // 4 words
  CT_TP_SRC: 55,
  CT_TP_DST: 56,
  REGS: 57, // 16 words
  ETH_SRC: 73, // 2 words (16 + 32 bits)
  ETH_DST: 75, // 2 words
  DL_TYPE: 77,
  VLAN0_TPID: 78,
  VLAN0_TCI: 79,
  VLAN1_TPID: 80,
  VLAN1_TCI: 81,
  MPLS_LSE: 82, // 3 words
  NW_SRC: 85,
  NW_DST: 86,
  IPV6_SRC: 87, // 4 words
  IPV6_DST: 91, // 4 words
  IPV6_LABEL: 95,
  NW_PROTO: 96,
  NW_TOS: 97,
  NW_TTL: 98,
  NW_FRAG: 99,
  ARP_SHA: 100, // 2 words
  ARP_THA: 102, // 2 words
  ND_TARGET: 104, // 4 words
  TP_SRC: 108,
  TP_DST: 109,
  TCP_FLAGS: 110,
  IGMP_GROUP: 111,
  NSH_FLAGS: 112,
  NSH_TTL: 113,
  NSH_MDTYPE: 114,
  NSH_NP: 115,
  NSH_PATH: 116,
  NSH_C: 117, // 4 words
} as const;

/** Number of words of the fixed fields; tunnel metadata options follow. @internal */
export const BASE_WORDS = 121;

/** OVS's packet types (`packet_type`, namespace << 16 | type). @internal */
export const PT_ETH = 0;
/** @internal */
export const PT_NSH = 0x1894f;

/** Ethertypes. @internal */
export const ETH_TYPE = {
  IP: 0x0800,
  ARP: 0x0806,
  RARP: 0x8035,
  VLAN: 0x8100,
  IPV6: 0x86dd,
  MPLS: 0x8847,
  MPLS_MCAST: 0x8848,
  NSH: 0x894f,
} as const;

/** IP protocols. @internal */
export const IPPROTO = { ICMP: 1, IGMP: 2, TCP: 6, UDP: 17, GRE: 47, ICMPV6: 58, SCTP: 132 } as const;

/** Conntrack state bits (`ct_state`), in OVS's order. @internal */
export const CS = { NEW: 1, EST: 2, REL: 4, RPL: 8, INV: 16, TRK: 32, SNAT: 64, DNAT: 128 } as const;

/** Names of the `ct_state` bits, bit 0 first. @internal */
export const CT_STATE_NAMES: readonly string[] = ["new", "est", "rel", "rpl", "inv", "trk", "snat", "dnat"];

/** Names of the `tcp_flags` bits, bit 0 first (bits 9-11 print as `[200]`...). @internal */
export const TCP_FLAG_NAMES: readonly string[] = ["fin", "syn", "rst", "psh", "ack", "urg", "ece", "cwr", "ns", "[200]", "[400]", "[800]"];

/** Names of the internal tunnel flag bits (oam = 1, df = 2, csum = 4, key = 8). @internal */
export const TUN_FLAG_NAMES: readonly string[] = ["oam", "df", "csum", "key"];

/** `nw_frag` bits. @internal */
export const FRAG_ANY = 1;
/** @internal */
export const FRAG_LATER = 2;

/** OpenFlow 1.0 reserved port numbers (OVS's 16-bit `ofp_port_t`). @internal */
export const OFPP = {
  MAX: 0xff00,
  UNSET: 0xfff7,
  IN_PORT: 0xfff8,
  TABLE: 0xfff9,
  NORMAL: 0xfffa,
  FLOOD: 0xfffb,
  ALL: 0xfffc,
  CONTROLLER: 0xfffd,
  LOCAL: 0xfffe,
  NONE: 0xffff,
} as const;

const PORT_NAMES: ReadonlyMap<number, string> = new Map([
  [OFPP.UNSET, "UNSET"],
  [OFPP.IN_PORT, "IN_PORT"],
  [OFPP.TABLE, "TABLE"],
  [OFPP.NORMAL, "NORMAL"],
  [OFPP.FLOOD, "FLOOD"],
  [OFPP.ALL, "ALL"],
  [OFPP.CONTROLLER, "CONTROLLER"],
  [OFPP.LOCAL, "LOCAL"],
  [OFPP.NONE, "ANY"],
]);

/**
 * Prints an OpenFlow port number as OVS does (`ofputil_format_port`): a reserved name or the
 * decimal number.
 *
 * @internal
 * @example
 * ```ts
 * import { formatPortNumber } from "./layout.js";
 * formatPortNumber(0xfffe); // "LOCAL"
 * ```
 */
export function formatPortNumber(port: number): string {
  return PORT_NAMES.get(port) ?? String(port);
}

/**
 * The 16-bit port number of a reserved port name (`LOCAL`, `IN_PORT`, `ANY`/`NONE`...), or
 * undefined.
 *
 * @internal
 * @example
 * ```ts
 * import { reservedPort } from "./layout.js";
 * reservedPort("LOCAL"); // 0xfffe
 * ```
 */
export function reservedPort(name: string): number | undefined {
  switch (name.toUpperCase()) {
    case "UNSET":
      return OFPP.UNSET;
    case "IN_PORT":
      return OFPP.IN_PORT;
    case "TABLE":
      return OFPP.TABLE;
    case "NORMAL":
      return OFPP.NORMAL;
    case "FLOOD":
      return OFPP.FLOOD;
    case "ALL":
      return OFPP.ALL;
    case "CONTROLLER":
      return OFPP.CONTROLLER;
    case "LOCAL":
      return OFPP.LOCAL;
    case "ANY":
    case "NONE":
      return OFPP.NONE;
  }
  return undefined;
}

/** Interface types that are tunnels (their ports encapsulate; `dpif/show` gives their options). @internal */
export const TUNNEL_TYPES: ReadonlySet<string> = new Set(["geneve", "vxlan", "gre", "ip6gre", "erspan", "ip6erspan", "stt", "lisp", "gtpu", "bareudp"]);
