/**
 * The fields of ovs-fields(7), as OVS 3.1's `lib/meta-flow.c` defines them (`mf_field`):
 * names and aliases, the NXM/OXM name a subfield prints with (`NXM_NX_XXREG0[111]`), width,
 * where each lives in the flow words ({@link W}), prerequisites, whether it is maskable and
 * writable, and how its value prints.
 *
 * Aliasing is by storage: `xxreg0` is the words of `reg0`..`reg3`, `xreg1` those of
 * `reg2`/`reg3` (the lower-numbered register is the more significant half, as in OVS);
 * `tp_src` is `tcp_src`/`udp_src`/`sctp_src` and, in its low byte, `icmp_type`; `arp_spa` is
 * `nw_src`. A few fields need arithmetic on read or write (`dl_vlan`, `vlan_vid`, `vlan_pcp`,
 * `nw_tos`, `in_port_oxm`): their `special` says which.
 *
 * @module
 */
import { W } from "./layout.js";

/** A field's prerequisites (`enum mf_prereqs`). */
export type Prereq =
  | "none"
  | "ethernet"
  | "arp"
  | "vlan_vid"
  | "ipv4"
  | "ipv6"
  | "ip_any"
  | "nsh"
  | "mpls"
  | "tcp"
  | "udp"
  | "sctp"
  | "icmpv4"
  | "icmpv6"
  | "ct_valid"
  | "nd"
  | "nd_solicit"
  | "nd_advert";

/** How a field's value prints (`enum mf_string`). */
export type FieldFormat = "hex" | "dec" | "mac" | "ipv4" | "ipv6" | "port" | "port32" | "ct_state" | "tcp_flags" | "tun_flags" | "frag" | "packet_type";

/** Fields whose value is not a plain bit range of their storage. */
export type FieldSpecial = "dl_vlan" | "vlan_vid" | "vlan_pcp" | "nw_tos" | "in_port_oxm" | "actset_output" | "tun_metadata";

/** One field of the simulator's field table. */
export interface FieldDef {
  /** The canonical name (`reg0`, `eth_src`, `nw_tos`). */
  readonly name: string;
  /** Other names accepted in packet text and actions (`dl_src`, `tunnel_id`). */
  readonly aliases: readonly string[];
  /** The name a subfield prints with (`NXM_NX_REG0`), as OVS's `mf_format_subfield`. */
  readonly nxm: string;
  /** NXM/OXM names that refer to this field in actions (`NXM_OF_ETH_SRC`, `OXM_OF_ETH_SRC`). */
  readonly wireNames: readonly string[];
  /** Width in bits (`mf->n_bits`); tunnel metadata is 992 whatever its TLV length. */
  readonly bits: number;
  /** Size of the value in bytes (`mf->n_bytes`): 2 for `vlan_vid`, 6 for a MAC, 124 for tunnel metadata. */
  readonly bytes: number;
  /** First storage word and number of words. */
  readonly word: number;
  readonly words: number;
  /** Bit offset of the value inside its storage (0 for whole-word fields). */
  readonly shift: number;
  /** Stored bits (the TLV length for tunnel metadata, else `bits`). */
  readonly width: number;
  readonly maskable: boolean;
  readonly writable: boolean;
  readonly prereq: Prereq;
  readonly format: FieldFormat;
  readonly special?: FieldSpecial;
  /** For `tun_metadataN`: N. */
  readonly tunIndex?: number;
}

type Row = readonly [
  names: string,
  nxm: string,
  bits: number,
  word: number,
  words: number,
  shift: number,
  flags: string,
  prereq: Prereq,
  format: FieldFormat,
  special?: FieldSpecial,
];

// flags: m = maskable, w = writable. names: "canonical alias alias". nxm: "NXM_NAME OXM_NAME" (first prints).
const ROWS: readonly Row[] = [
  ["dp_hash", "NXM_NX_DP_HASH NXOXM_ET_DP_HASH", 32, W.DP_HASH, 1, 0, "m", "none", "hex"],
  ["recirc_id", "NXM_NX_RECIRC_ID", 32, W.RECIRC_ID, 1, 0, "", "none", "dec"],
  ["packet_type", "OXM_OF_PACKET_TYPE", 32, W.PACKET_TYPE, 1, 0, "", "none", "packet_type"],
  ["conj_id", "NXM_NX_CONJ_ID", 32, W.CONJ_ID, 1, 0, "", "none", "dec"],
  ["tun_id tunnel_id", "NXM_NX_TUN_ID OXM_OF_TUNNEL_ID", 64, W.TUN_ID, 2, 0, "mw", "none", "hex"],
  ["tun_src", "NXM_NX_TUN_IPV4_SRC", 32, W.TUN_SRC, 1, 0, "mw", "none", "ipv4"],
  ["tun_dst", "NXM_NX_TUN_IPV4_DST", 32, W.TUN_DST, 1, 0, "mw", "none", "ipv4"],
  ["tun_ipv6_src", "NXM_NX_TUN_IPV6_SRC", 128, W.TUN_IPV6_SRC, 4, 0, "mw", "none", "ipv6"],
  ["tun_ipv6_dst", "NXM_NX_TUN_IPV6_DST", 128, W.TUN_IPV6_DST, 4, 0, "mw", "none", "ipv6"],
  ["tun_flags", "NXM_NX_TUN_FLAGS", 1, W.TUN_FLAGS, 1, 0, "mw", "none", "tun_flags"],
  ["tun_ttl", "", 8, W.TUN_TTL, 1, 0, "", "none", "dec"],
  ["tun_tos", "", 8, W.TUN_TOS, 1, 0, "", "none", "dec"],
  ["tun_gbp_id", "NXM_NX_TUN_GBP_ID", 16, W.TUN_GBP_ID, 1, 0, "mw", "none", "dec"],
  ["tun_gbp_flags", "NXM_NX_TUN_GBP_FLAGS", 8, W.TUN_GBP_FLAGS, 1, 0, "mw", "none", "hex"],
  ["tun_erspan_idx", "NXOXM_ET_ERSPAN_IDX", 20, W.TUN_ERSPAN_IDX, 1, 0, "mw", "none", "hex"],
  ["tun_erspan_ver", "NXOXM_ET_ERSPAN_VER", 4, W.TUN_ERSPAN_VER, 1, 0, "mw", "none", "dec"],
  ["tun_erspan_dir", "NXOXM_ET_ERSPAN_DIR", 1, W.TUN_ERSPAN_DIR, 1, 0, "mw", "none", "dec"],
  ["tun_erspan_hwid", "NXOXM_ET_ERSPAN_HWID", 6, W.TUN_ERSPAN_HWID, 1, 0, "mw", "none", "hex"],
  ["tun_gtpu_flags", "NXOXM_ET_GTPU_FLAGS", 8, W.TUN_GTPU_FLAGS, 1, 0, "m", "none", "hex"],
  ["tun_gtpu_msgtype", "NXOXM_ET_GTPU_MSGTYPE", 8, W.TUN_GTPU_MSGTYPE, 1, 0, "m", "none", "dec"],
  ["metadata", "OXM_OF_METADATA", 64, W.METADATA, 2, 0, "mw", "none", "hex"],
  ["in_port", "NXM_OF_IN_PORT", 16, W.IN_PORT, 1, 0, "w", "none", "port"],
  ["in_port_oxm", "OXM_OF_IN_PORT", 32, W.IN_PORT, 1, 0, "w", "none", "port32", "in_port_oxm"],
  ["actset_output", "ONFOXM_ET_ACTSET_OUTPUT", 32, W.ACTSET_OUTPUT, 1, 0, "", "none", "port32", "actset_output"],
  ["skb_priority", "", 32, W.SKB_PRIORITY, 1, 0, "", "none", "hex"],
  ["pkt_mark", "NXM_NX_PKT_MARK", 32, W.PKT_MARK, 1, 0, "mw", "none", "hex"],
  ["ct_state", "NXM_NX_CT_STATE", 32, W.CT_STATE, 1, 0, "m", "none", "ct_state"],
  ["ct_zone", "NXM_NX_CT_ZONE", 16, W.CT_ZONE, 1, 0, "", "none", "hex"],
  ["ct_mark", "NXM_NX_CT_MARK", 32, W.CT_MARK, 1, 0, "mw", "none", "hex"],
  ["ct_label", "NXM_NX_CT_LABEL", 128, W.CT_LABEL, 4, 0, "mw", "none", "hex"],
  ["ct_nw_proto", "NXM_NX_CT_NW_PROTO", 8, W.CT_NW_PROTO, 1, 0, "", "ct_valid", "dec"],
  ["ct_nw_src", "NXM_NX_CT_NW_SRC", 32, W.CT_NW_SRC, 1, 0, "m", "ct_valid", "ipv4"],
  ["ct_nw_dst", "NXM_NX_CT_NW_DST", 32, W.CT_NW_DST, 1, 0, "m", "ct_valid", "ipv4"],
  ["ct_ipv6_src", "NXM_NX_CT_IPV6_SRC", 128, W.CT_IPV6_SRC, 4, 0, "m", "ct_valid", "ipv6"],
  ["ct_ipv6_dst", "NXM_NX_CT_IPV6_DST", 128, W.CT_IPV6_DST, 4, 0, "m", "ct_valid", "ipv6"],
  ["ct_tp_src", "NXM_NX_CT_TP_SRC", 16, W.CT_TP_SRC, 1, 0, "m", "ct_valid", "dec"],
  ["ct_tp_dst", "NXM_NX_CT_TP_DST", 16, W.CT_TP_DST, 1, 0, "m", "ct_valid", "dec"],
  ["eth_src dl_src", "NXM_OF_ETH_SRC OXM_OF_ETH_SRC", 48, W.ETH_SRC, 2, 0, "mw", "ethernet", "mac"],
  ["eth_dst dl_dst", "NXM_OF_ETH_DST OXM_OF_ETH_DST", 48, W.ETH_DST, 2, 0, "mw", "ethernet", "mac"],
  ["eth_type dl_type", "NXM_OF_ETH_TYPE OXM_OF_ETH_TYPE", 16, W.DL_TYPE, 1, 0, "", "ethernet", "hex"],
  ["vlan_tci", "NXM_OF_VLAN_TCI", 16, W.VLAN0_TCI, 1, 0, "mw", "ethernet", "hex"],
  ["dl_vlan", "", 12, W.VLAN0_TCI, 1, 0, "w", "ethernet", "dec", "dl_vlan"],
  ["vlan_vid", "OXM_OF_VLAN_VID", 12, W.VLAN0_TCI, 1, 0, "mw", "ethernet", "dec", "vlan_vid"],
  ["dl_vlan_pcp", "", 3, W.VLAN0_TCI, 1, 13, "w", "ethernet", "dec", "vlan_pcp"],
  ["vlan_pcp", "OXM_OF_VLAN_PCP", 3, W.VLAN0_TCI, 1, 13, "w", "vlan_vid", "dec", "vlan_pcp"],
  ["mpls_label", "OXM_OF_MPLS_LABEL", 20, W.MPLS_LSE, 1, 12, "w", "mpls", "dec"],
  ["mpls_tc", "OXM_OF_MPLS_TC", 3, W.MPLS_LSE, 1, 9, "w", "mpls", "dec"],
  ["mpls_bos", "OXM_OF_MPLS_BOS", 1, W.MPLS_LSE, 1, 8, "", "mpls", "dec"],
  ["mpls_ttl", "NXM_NX_MPLS_TTL", 8, W.MPLS_LSE, 1, 0, "w", "mpls", "dec"],
  ["ip_src nw_src", "NXM_OF_IP_SRC OXM_OF_IPV4_SRC", 32, W.NW_SRC, 1, 0, "mw", "ipv4", "ipv4"],
  ["ip_dst nw_dst", "NXM_OF_IP_DST OXM_OF_IPV4_DST", 32, W.NW_DST, 1, 0, "mw", "ipv4", "ipv4"],
  ["ipv6_src", "NXM_NX_IPV6_SRC OXM_OF_IPV6_SRC", 128, W.IPV6_SRC, 4, 0, "mw", "ipv6", "ipv6"],
  ["ipv6_dst", "NXM_NX_IPV6_DST OXM_OF_IPV6_DST", 128, W.IPV6_DST, 4, 0, "mw", "ipv6", "ipv6"],
  ["ipv6_label", "NXM_NX_IPV6_LABEL OXM_OF_IPV6_FLABEL", 20, W.IPV6_LABEL, 1, 0, "mw", "ipv6", "hex"],
  ["nw_proto ip_proto", "NXM_OF_IP_PROTO OXM_OF_IP_PROTO", 8, W.NW_PROTO, 1, 0, "", "ip_any", "dec"],
  ["nw_tos", "NXM_OF_IP_TOS", 8, W.NW_TOS, 1, 0, "w", "ip_any", "dec", "nw_tos"],
  ["ip_dscp", "OXM_OF_IP_DSCP", 6, W.NW_TOS, 1, 2, "w", "ip_any", "dec"],
  ["nw_ecn ip_ecn", "NXM_NX_IP_ECN OXM_OF_IP_ECN", 2, W.NW_TOS, 1, 0, "w", "ip_any", "dec"],
  ["nw_ttl", "NXM_NX_IP_TTL", 8, W.NW_TTL, 1, 0, "w", "ip_any", "dec"],
  ["ip_frag nw_frag", "NXM_NX_IP_FRAG", 2, W.NW_FRAG, 1, 0, "m", "ip_any", "frag"],
  ["arp_op", "NXM_OF_ARP_OP OXM_OF_ARP_OP", 16, W.NW_PROTO, 1, 0, "w", "arp", "dec"],
  ["arp_spa", "NXM_OF_ARP_SPA OXM_OF_ARP_SPA", 32, W.NW_SRC, 1, 0, "mw", "arp", "ipv4"],
  ["arp_tpa", "NXM_OF_ARP_TPA OXM_OF_ARP_TPA", 32, W.NW_DST, 1, 0, "mw", "arp", "ipv4"],
  ["arp_sha", "NXM_NX_ARP_SHA OXM_OF_ARP_SHA", 48, W.ARP_SHA, 2, 0, "mw", "arp", "mac"],
  ["arp_tha", "NXM_NX_ARP_THA OXM_OF_ARP_THA", 48, W.ARP_THA, 2, 0, "mw", "arp", "mac"],
  ["tcp_src tp_src", "NXM_OF_TCP_SRC OXM_OF_TCP_SRC", 16, W.TP_SRC, 1, 0, "mw", "tcp", "dec"],
  ["tcp_dst tp_dst", "NXM_OF_TCP_DST OXM_OF_TCP_DST", 16, W.TP_DST, 1, 0, "mw", "tcp", "dec"],
  ["tcp_flags", "NXM_NX_TCP_FLAGS ONFOXM_ET_TCP_FLAGS", 12, W.TCP_FLAGS, 1, 0, "m", "tcp", "tcp_flags"],
  ["udp_src", "NXM_OF_UDP_SRC OXM_OF_UDP_SRC", 16, W.TP_SRC, 1, 0, "mw", "udp", "dec"],
  ["udp_dst", "NXM_OF_UDP_DST OXM_OF_UDP_DST", 16, W.TP_DST, 1, 0, "mw", "udp", "dec"],
  ["sctp_src", "OXM_OF_SCTP_SRC", 16, W.TP_SRC, 1, 0, "mw", "sctp", "dec"],
  ["sctp_dst", "OXM_OF_SCTP_DST", 16, W.TP_DST, 1, 0, "mw", "sctp", "dec"],
  ["icmp_type", "NXM_OF_ICMP_TYPE OXM_OF_ICMPV4_TYPE", 8, W.TP_SRC, 1, 0, "w", "icmpv4", "dec"],
  ["icmp_code", "NXM_OF_ICMP_CODE OXM_OF_ICMPV4_CODE", 8, W.TP_DST, 1, 0, "w", "icmpv4", "dec"],
  ["icmpv6_type", "NXM_NX_ICMPV6_TYPE OXM_OF_ICMPV6_TYPE", 8, W.TP_SRC, 1, 0, "w", "icmpv6", "dec"],
  ["icmpv6_code", "NXM_NX_ICMPV6_CODE OXM_OF_ICMPV6_CODE", 8, W.TP_DST, 1, 0, "w", "icmpv6", "dec"],
  ["nd_target", "NXM_NX_ND_TARGET OXM_OF_IPV6_ND_TARGET", 128, W.ND_TARGET, 4, 0, "mw", "nd", "ipv6"],
  ["nd_sll", "NXM_NX_ND_SLL OXM_OF_IPV6_ND_SLL", 48, W.ARP_SHA, 2, 0, "mw", "nd_solicit", "mac"],
  ["nd_tll", "NXM_NX_ND_TLL OXM_OF_IPV6_ND_TLL", 48, W.ARP_THA, 2, 0, "mw", "nd_advert", "mac"],
  ["nd_reserved", "ERICOXM_OF_ICMPV6_ND_RESERVED", 32, W.IGMP_GROUP, 1, 0, "w", "nd", "dec"],
  ["nd_options_type", "ERICOXM_OF_ICMPV6_ND_OPTIONS_TYPE", 8, W.TCP_FLAGS, 1, 0, "w", "nd", "dec"],
  ["nsh_flags", "NXOXM_NSH_FLAGS", 8, W.NSH_FLAGS, 1, 0, "mw", "nsh", "dec"],
  ["nsh_ttl", "NXOXM_NSH_TTL", 6, W.NSH_TTL, 1, 0, "w", "nsh", "dec"],
  ["nsh_mdtype", "NXOXM_NSH_MDTYPE", 8, W.NSH_MDTYPE, 1, 0, "", "nsh", "dec"],
  ["nsh_np", "NXOXM_NSH_NP", 8, W.NSH_NP, 1, 0, "", "nsh", "dec"],
  ["nsh_spi nsp", "NXOXM_NSH_SPI", 24, W.NSH_PATH, 1, 8, "w", "nsh", "hex"],
  ["nsh_si nsi", "NXOXM_NSH_SI", 8, W.NSH_PATH, 1, 0, "w", "nsh", "dec"],
];

function byteSize(name: string, format: FieldFormat, bits: number): number {
  if (name === "tun_flags") return 2;
  if (format === "mac") return 6;
  return bits <= 8 ? 1 : bits <= 16 ? 2 : bits <= 32 ? 4 : bits <= 64 ? 8 : 16;
}

function def(row: Row): FieldDef {
  const [names, nxm, bits, word, words, shift, flags, prereq, format, special] = row;
  const [name, ...aliases] = names.split(" ") as [string, ...string[]];
  const wireNames = nxm === "" ? [] : nxm.split(" ");
  const out: FieldDef = {
    name,
    aliases,
    nxm: wireNames[0] ?? name,
    wireNames,
    bits,
    bytes: byteSize(name, format, bits),
    word,
    words,
    shift,
    width: bits,
    maskable: flags.includes("m"),
    writable: flags.includes("w"),
    prereq,
    format,
  };
  return special === undefined ? out : { ...out, special };
}

function registerFields(): FieldDef[] {
  // OVS's enum order (MFF_*): it decides the order a select group hashes its fields in.
  const out: FieldDef[] = [];
  for (const row of ROWS) {
    const f = def(row);
    out.push(f);
    if (f.name === "ct_tp_dst") {
      for (let i = 0; i < 16; i++) {
        out.push({ name: `reg${i}`, aliases: [], nxm: `NXM_NX_REG${i}`, wireNames: [`NXM_NX_REG${i}`], bits: 32, bytes: 4, word: W.REGS + i, words: 1, shift: 0, width: 32, maskable: true, writable: true, prereq: "none", format: "hex" });
      }
      for (let i = 0; i < 8; i++) {
        out.push({ name: `xreg${i}`, aliases: [], nxm: `OXM_OF_PKT_REG${i}`, wireNames: [`OXM_OF_PKT_REG${i}`], bits: 64, bytes: 8, word: W.REGS + 2 * i, words: 2, shift: 0, width: 64, maskable: true, writable: true, prereq: "none", format: "hex" });
      }
      for (let i = 0; i < 4; i++) {
        out.push({ name: `xxreg${i}`, aliases: [], nxm: `NXM_NX_XXREG${i}`, wireNames: [`NXM_NX_XXREG${i}`], bits: 128, bytes: 16, word: W.REGS + 4 * i, words: 4, shift: 0, width: 128, maskable: true, writable: true, prereq: "none", format: "hex" });
      }
    }
  }
  for (let i = 1; i <= 4; i++) {
    out.push({ name: `nsh_c${i}`, aliases: [`nshc${i}`], nxm: `NXOXM_NSH_C${i}`, wireNames: [`NXOXM_NSH_C${i}`], bits: 32, bytes: 4, word: W.NSH_C + i - 1, words: 1, shift: 0, width: 32, maskable: true, writable: true, prereq: "nsh", format: "hex" });
  }
  return out;
}

/**
 * Every fixed field (tunnel metadata options come from a pipeline's TLV maps, see
 * {@link tunMetadataField}).
 *
 * @internal
 * @example
 * ```ts
 * import { FIXED_FIELDS } from "./fields.js";
 * FIXED_FIELDS.find((f) => f.name === "xxreg0")?.words; // 4
 * ```
 */
export const FIXED_FIELDS: readonly FieldDef[] = Object.freeze(registerFields());

/**
 * The field `tun_metadataN` stored in `len` bytes from word `word` (the TLV map gives `len`).
 *
 * @internal
 * @example
 * ```ts
 * import { tunMetadataField } from "./fields.js";
 * tunMetadataField(0, 4, 121).width; // 32
 * ```
 */
export function tunMetadataField(index: number, len: number, word: number): FieldDef {
  return {
    name: `tun_metadata${index}`,
    aliases: [],
    nxm: `NXM_NX_TUN_METADATA${index}`,
    wireNames: [`NXM_NX_TUN_METADATA${index}`],
    bits: 992,
    bytes: 124,
    word,
    words: Math.max(1, Math.ceil(len / 4)),
    shift: 0,
    width: len * 8,
    maskable: true,
    writable: true,
    prereq: "none",
    format: "hex",
    special: "tun_metadata",
    tunIndex: index,
  };
}

/** The fields of a pipeline by every name they answer to. */
export interface FieldTable {
  /** Canonical names, aliases and NXM/OXM names (as written; NXM/OXM names are upper case). */
  readonly byName: ReadonlyMap<string, FieldDef>;
  /** Every field, in OVS's `enum mf_field_id` order. */
  readonly all: readonly FieldDef[];
  /** Total words of a flow: the fixed fields, then the tunnel metadata options. */
  readonly words: number;
}

/**
 * Builds the field table of a pipeline: the fixed fields plus `tun_metadataN` for every TLV
 * option (index → length in bytes) the pipeline's bridges map.
 *
 * @internal
 * @example
 * ```ts
 * import { buildFieldTable } from "./fields.js";
 * const t = buildFieldTable(new Map([[0, 4]]));
 * t.byName.get("NXM_NX_TUN_METADATA0")?.width; // 32
 * ```
 */
export function buildFieldTable(tunLengths: ReadonlyMap<number, number>, baseWords: number): FieldTable {
  const tun: FieldDef[] = [];
  let word = baseWords;
  for (const [index, len] of [...tunLengths].sort((a, b) => a[0] - b[0])) {
    const f = tunMetadataField(index, len, word);
    tun.push(f);
    word += f.words;
  }
  // Enum order: the tunnel metadata options come right after tun_gtpu_msgtype.
  const at = FIXED_FIELDS.findIndex((f) => f.name === "metadata");
  const all: FieldDef[] = [...FIXED_FIELDS.slice(0, at), ...tun, ...FIXED_FIELDS.slice(at)];
  const byName = new Map<string, FieldDef>();
  for (const f of all) {
    for (const n of [f.name, ...f.aliases, ...f.wireNames]) if (!byName.has(n)) byName.set(n, f);
  }
  return { byName, all, words: word };
}
