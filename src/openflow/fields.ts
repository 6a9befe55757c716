/**
 * The match fields of ovs-fields(7), as Open vSwitch 3.1 defines them in
 * `include/openvswitch/meta-flow.h` (`enum mf_field_id`: name, `aka` alias, type, maskable,
 * formatting) with the titles of `lib/meta-flow.xml`. One table for the match parser (how a
 * value is typed) and the filter language (which keys exist, what they hold).
 *
 * @module
 */

/** How OVS prints a field's value (`Formatting:` in meta-flow.h). @internal */
export type OpenFlowFieldFormat =
  | "dec"
  | "hex"
  | "mac"
  | "ipv4"
  | "ipv6"
  | "port"
  | "ct_state"
  | "tcp_flags"
  | "tun_flags"
  | "frag"
  | "packet_type";

/** One OpenFlow match field. @internal */
export interface OpenFlowFieldInfo {
  /** The name of ovs-fields(7) (`eth_src`, `reg13`, `tun_metadata0`). */
  readonly name: string;
  /** Other names OVS accepts and prints (`dl_src`). */
  readonly aliases: readonly string[];
  /** What it is (`Ethernet Source`). */
  readonly title: string;
  readonly format: OpenFlowFieldFormat;
  /** Width in bits (992 for tunnel metadata, whatever its TLV length). */
  readonly bits: number;
  /** True when a flow may match it with a bitwise mask (`value/mask`). */
  readonly maskable: boolean;
  /** For numbered families (`reg<N>`): the family, as ovs-fields(7) names it. */
  readonly family?: string;
}

type Row = readonly [names: string, title: string, format: OpenFlowFieldFormat, bits: number, maskable: boolean, count?: number];

// names: "name alias"; `<N>` rows are families of `count` fields numbered from 0 (nsh_c from 1).
const ROWS: readonly Row[] = [
  ["dp_hash", "Datapath Hash", "hex", 32, true],
  ["recirc_id", "Datapath Recirculation ID", "dec", 32, false],
  ["packet_type", "Packet Type", "packet_type", 32, false],
  ["conj_id", "Conjunction ID", "dec", 32, false],
  ["tun_id tunnel_id", "Tunnel ID", "hex", 64, true],
  ["tun_src", "Tunnel IPv4 Source", "ipv4", 32, true],
  ["tun_dst", "Tunnel IPv4 Destination", "ipv4", 32, true],
  ["tun_ipv6_src", "Tunnel IPv6 Source", "ipv6", 128, true],
  ["tun_ipv6_dst", "Tunnel IPv6 Destination", "ipv6", 128, true],
  ["tun_flags", "Tunnel Flags", "tun_flags", 1, true],
  ["tun_ttl", "Tunnel IPv4 Time-to-Live", "dec", 8, false],
  ["tun_tos", "Tunnel IPv4 Type of Service", "dec", 8, false],
  ["tun_gbp_id", "VXLAN Group-Based Policy ID", "dec", 16, true],
  ["tun_gbp_flags", "VXLAN Group-Based Policy Flags", "hex", 8, true],
  ["tun_erspan_idx", "ERSPAN Index", "hex", 20, true],
  ["tun_erspan_ver", "ERSPAN Version", "dec", 4, true],
  ["tun_erspan_dir", "ERSPAN Direction", "dec", 1, true],
  ["tun_erspan_hwid", "ERSPAN Hardware ID", "hex", 6, true],
  ["tun_gtpu_flags", "GTP-U Flags", "hex", 8, true],
  ["tun_gtpu_msgtype", "GTP-U Message Type", "dec", 8, true],
  ["tun_metadata<N>", "Generic Tunnel Option", "hex", 992, true, 64],
  ["metadata", "OpenFlow Metadata", "hex", 64, true],
  ["in_port", "Ingress Port", "port", 16, false],
  ["in_port_oxm", "OXM Ingress Port", "port", 32, false],
  ["actset_output", "Action Set Output Port", "port", 32, false],
  ["skb_priority", "Output Queue", "hex", 32, false],
  ["pkt_mark", "Packet Mark", "hex", 32, true],
  ["ct_state", "Connection Tracking State", "ct_state", 32, true],
  ["ct_zone", "Connection Tracking Zone", "hex", 16, false],
  ["ct_mark", "Connection Tracking Mark", "hex", 32, true],
  ["ct_label", "Connection Tracking Label", "hex", 128, true],
  ["ct_nw_proto", "Connection Tracking Original Direction IP Protocol", "dec", 8, false],
  ["ct_nw_src", "Connection Tracking Original Direction IPv4 Source Address", "ipv4", 32, true],
  ["ct_nw_dst", "Connection Tracking Original Direction IPv4 Destination Address", "ipv4", 32, true],
  ["ct_ipv6_src", "Connection Tracking Original Direction IPv6 Source Address", "ipv6", 128, true],
  ["ct_ipv6_dst", "Connection Tracking Original Direction IPv6 Destination Address", "ipv6", 128, true],
  ["ct_tp_src", "Connection Tracking Original Direction Transport Layer Source Port", "dec", 16, true],
  ["ct_tp_dst", "Connection Tracking Original Direction Transport Layer Destination Port", "dec", 16, true],
  ["reg<N>", "Register", "hex", 32, true, 16],
  ["xreg<N>", "Extended Register", "hex", 64, true, 8],
  ["xxreg<N>", "Double-Extended Register", "hex", 128, true, 4],
  ["eth_src dl_src", "Ethernet Source", "mac", 48, true],
  ["eth_dst dl_dst", "Ethernet Destination", "mac", 48, true],
  ["eth_type dl_type", "Ethernet Type", "hex", 16, false],
  ["vlan_tci", "VLAN TCI", "hex", 16, true],
  ["dl_vlan", "OpenFlow 1.0 VLAN ID", "dec", 12, false],
  ["vlan_vid", "OpenFlow 1.2+ VLAN ID", "dec", 12, true],
  ["dl_vlan_pcp", "OpenFlow 1.0 VLAN Priority", "dec", 3, false],
  ["vlan_pcp", "OpenFlow 1.2+ VLAN Priority", "dec", 3, false],
  ["mpls_label", "MPLS Label", "dec", 20, false],
  ["mpls_tc", "MPLS Traffic Class", "dec", 3, false],
  ["mpls_bos", "MPLS Bottom of Stack", "dec", 1, false],
  ["mpls_ttl", "MPLS Time-to-Live", "dec", 8, false],
  ["ip_src nw_src", "IPv4 Source Address", "ipv4", 32, true],
  ["ip_dst nw_dst", "IPv4 Destination Address", "ipv4", 32, true],
  ["ipv6_src", "IPv6 Source Address", "ipv6", 128, true],
  ["ipv6_dst", "IPv6 Destination Address", "ipv6", 128, true],
  ["ipv6_label", "IPv6 Flow Label", "hex", 20, true],
  ["nw_proto ip_proto", "IPv4/v6 Protocol", "dec", 8, false],
  ["nw_tos", "IPv4/v6 DSCP (Bits 2-7)", "dec", 8, false],
  ["ip_dscp", "IPv4/v6 DSCP (Bits 0-5)", "dec", 6, false],
  ["nw_ecn ip_ecn", "IPv4/v6 ECN", "dec", 2, false],
  ["nw_ttl", "IPv4/v6 TTL/Hop Limit", "dec", 8, false],
  ["ip_frag nw_frag", "IPv4/v6 Fragment Bitmask", "frag", 2, true],
  ["arp_op", "ARP Opcode", "dec", 16, false],
  ["arp_spa", "ARP Source IPv4 Address", "ipv4", 32, true],
  ["arp_tpa", "ARP Target IPv4 Address", "ipv4", 32, true],
  ["arp_sha", "ARP Source Ethernet Address", "mac", 48, true],
  ["arp_tha", "ARP Target Ethernet Address", "mac", 48, true],
  ["tcp_src tp_src", "TCP Source Port", "dec", 16, true],
  ["tcp_dst tp_dst", "TCP Destination Port", "dec", 16, true],
  ["tcp_flags", "TCP Flags", "tcp_flags", 12, true],
  ["udp_src", "UDP Source Port", "dec", 16, true],
  ["udp_dst", "UDP Destination Port", "dec", 16, true],
  ["sctp_src", "SCTP Source Port", "dec", 16, true],
  ["sctp_dst", "SCTP Destination Port", "dec", 16, true],
  ["icmp_type", "ICMPv4 Type", "dec", 8, false],
  ["icmp_code", "ICMPv4 Code", "dec", 8, false],
  ["icmpv6_type", "ICMPv6 Type", "dec", 8, false],
  ["icmpv6_code", "ICMPv6 Code", "dec", 8, false],
  ["nd_target", "ICMPv6 Neighbor Discovery Target IPv6", "ipv6", 128, true],
  ["nd_sll", "ICMPv6 Neighbor Discovery Source Ethernet Address", "mac", 48, true],
  ["nd_tll", "ICMPv6 Neighbor Discovery Target Ethernet Address", "mac", 48, true],
  ["nd_reserved", "ICMPv6 Neighbor Discovery Reserved Field", "dec", 32, false],
  ["nd_options_type", "ICMPv6 Neighbor Discovery Options Type Field", "dec", 8, false],
  ["nsh_flags", "NSH Flags", "dec", 8, true],
  ["nsh_mdtype", "NSH Metadata Type", "dec", 8, false],
  ["nsh_np", "NSH Next Protocol", "dec", 8, false],
  ["nsh_spi nsp", "NSH Service Path Identifier", "hex", 24, false],
  ["nsh_si nsi", "NSH Service Index", "dec", 8, false],
  ["nsh_c<N> nshc<N>", "NSH Context", "hex", 32, true, 4],
  ["nsh_ttl", "NSH Time-to-Live", "dec", 8, false],
];

function expand(rows: readonly Row[]): OpenFlowFieldInfo[] {
  const out: OpenFlowFieldInfo[] = [];
  for (const [names, title, format, bits, maskable, count] of rows) {
    const [name, ...aliases] = names.split(" ") as [string, ...string[]];
    if (count === undefined) {
      out.push({ name, aliases, title, format, bits, maskable });
      continue;
    }
    const first = name.startsWith("nsh_c") ? 1 : 0;
    for (let n = first; n < first + count; n++) {
      const at = (s: string): string => s.replace("<N>", String(n));
      out.push({ name: at(name), aliases: aliases.map(at), title: `${title} ${n}`, format, bits, maskable, family: name });
    }
  }
  return out;
}

/**
 * Every match field of ovs-fields(7) (OVS 3.1), families expanded (`reg0` ... `reg15`).
 *
 * @internal
 * @example
 * ```ts
 * OPENFLOW_FIELDS.find((f) => f.name === "eth_src")?.aliases; // ["dl_src"]
 * ```
 */
export const OPENFLOW_FIELDS: readonly OpenFlowFieldInfo[] = expand(ROWS);

/**
 * The field a name (or alias) denotes.
 *
 * @internal
 * @example
 * ```ts
 * openflowField("nw_dst")?.name; // "ip_dst"
 * ```
 */
export function openflowField(name: string): OpenFlowFieldInfo | undefined {
  return BY_NAME.get(name);
}

const BY_NAME: ReadonlyMap<string, OpenFlowFieldInfo> = new Map(OPENFLOW_FIELDS.flatMap((f) => [f.name, ...f.aliases].map((n) => [n, f] as const)));
