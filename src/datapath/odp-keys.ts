/**
 * The datapath (ODP) flow keys Open vSwitch 3.1 prints and parses (`lib/odp-util.c`:
 * `ovs_key_attr_to_string`, `format_odp_key_attr__`, `parse_odp_key_mask_attr`), with the
 * names of their fields: `ipv4(src=..,dst=..,proto=..)`, `tunnel(tun_id=..,geneve(..))`. The
 * filter language validates its datapath keys (`ipv4.src`, `tunnel.vxlan.gbp.id`) against it.
 *
 * @module
 */

/** What an ODP key or field holds, as OVS prints it. @internal */
export type OdpKeyType = "int" | "hex" | "ipv4" | "ipv6" | "mac" | "flags" | "port" | "frag" | "text" | "keys" | "group";

/** One ODP key (`ipv4`) or field of a key (`src`). @internal */
export interface OdpKeyInfo {
  readonly title: string;
  readonly type: OdpKeyType;
  /** A value, for documentation. */
  readonly example?: string;
  /** The fields inside `key(...)`, by name (for `type: "group"`). */
  readonly fields?: Readonly<Record<string, OdpKeyInfo>>;
}

const f = (type: OdpKeyType, title: string, fields?: Readonly<Record<string, OdpKeyInfo>>): OdpKeyInfo =>
  fields === undefined ? { type, title } : { type, title, fields };

const ex = (info: OdpKeyInfo, example: string): OdpKeyInfo => ({ ...info, example });

const L4 = { src: ex(f("int", "Source port"), "80"), dst: ex(f("int", "Destination port"), "80") };

/**
 * Every ODP flow key by name.
 *
 * @internal
 * @example
 * ```ts
 * Object.keys(ODP_KEYS.ipv4?.fields ?? {}); // ["src", "dst", "proto", "tos", "ttl", "frag"]
 * ```
 */
export const ODP_KEYS: Readonly<Record<string, OdpKeyInfo>> = {
  encap: f("keys", "Keys of the encapsulated (VLAN-tagged) packet"),
  skb_priority: f("hex", "Queue priority (skb priority)"),
  skb_mark: f("hex", "Packet mark (skb mark)"),
  ct_state: ex(f("flags", "Connection tracking state"), "+trk+est"),
  ct_zone: ex(f("int", "Connection tracking zone"), "0"),
  ct_mark: f("hex", "Connection tracking mark"),
  ct_label: f("hex", "Connection tracking label"),
  ct_tuple4: f("group", "Original direction IPv4 tuple of the connection", {
    src: f("ipv4", "Source address"),
    dst: f("ipv4", "Destination address"),
    proto: f("int", "IP protocol"),
    tp_src: f("int", "Source port"),
    tp_dst: f("int", "Destination port"),
  }),
  ct_tuple6: f("group", "Original direction IPv6 tuple of the connection", {
    src: f("ipv6", "Source address"),
    dst: f("ipv6", "Destination address"),
    proto: f("int", "IP protocol"),
    src_port: f("int", "Source port (as OVS prints it)"),
    dst_port: f("int", "Destination port (as OVS prints it)"),
    tp_src: f("int", "Source port (as OVS parses it)"),
    tp_dst: f("int", "Destination port (as OVS parses it)"),
  }),
  tunnel: f("group", "Tunnel metadata of a packet received on a tunnel", {
    tun_id: ex(f("hex", "Tunnel ID (VNI, key)"), "0x1"),
    src: f("ipv4", "Outer IPv4 source"),
    dst: f("ipv4", "Outer IPv4 destination"),
    ipv6_src: f("ipv6", "Outer IPv6 source"),
    ipv6_dst: f("ipv6", "Outer IPv6 destination"),
    tos: f("hex", "Outer type of service"),
    ttl: f("int", "Outer time-to-live"),
    tp_src: f("int", "Outer transport source port"),
    tp_dst: f("int", "Outer transport destination port"),
    geneve: f("text", "Geneve options ({class=..,type=..,len=..,value})"),
    vxlan: f("group", "VXLAN options", {
      gbp: f("group", "VXLAN group-based policy", { id: f("int", "Policy ID"), flags: f("hex", "Policy flags") }),
    }),
    erspan: f("group", "ERSPAN options", {
      ver: f("int", "Version"),
      idx: f("hex", "Index"),
      dir: f("int", "Direction"),
      hwid: f("hex", "Hardware ID"),
    }),
    gtpu: f("group", "GTP-U options", { flags: f("hex", "Flags"), msgtype: f("int", "Message type") }),
    flags: ex(f("flags", "Tunnel flags (df, csum, key, oam)"), "+csum"),
  }),
  in_port: f("port", "Datapath input port"),
  eth: f("group", "Ethernet header", { src: f("mac", "Source"), dst: f("mac", "Destination") }),
  vlan: f("group", "802.1Q header", { vid: f("int", "VLAN ID"), pcp: f("int", "Priority"), cfi: f("int", "CFI bit") }),
  eth_type: ex(f("hex", "Ethertype"), "0x0800"),
  mpls: f("group", "MPLS label stack entry", {
    label: f("int", "Label"),
    tc: f("int", "Traffic class"),
    ttl: f("int", "Time-to-live"),
    bos: f("int", "Bottom of stack"),
  }),
  ipv4: f("group", "IPv4 header", {
    src: f("ipv4", "Source address"),
    dst: f("ipv4", "Destination address"),
    proto: ex(f("int", "Protocol"), "17"),
    tos: f("hex", "Type of service"),
    ttl: f("int", "Time-to-live"),
    frag: f("frag", "Fragment type (no, first, later)"),
  }),
  ipv6: f("group", "IPv6 header", {
    src: f("ipv6", "Source address"),
    dst: f("ipv6", "Destination address"),
    label: f("hex", "Flow label"),
    proto: f("int", "Next header"),
    tclass: f("hex", "Traffic class"),
    hlimit: f("int", "Hop limit"),
    frag: f("frag", "Fragment type (no, first, later)"),
  }),
  tcp: f("group", "TCP ports", L4),
  tcp_flags: ex(f("flags", "TCP flags matched"), "+syn"),
  udp: f("group", "UDP ports", L4),
  sctp: f("group", "SCTP ports", L4),
  icmp: f("group", "ICMPv4 type and code", { type: f("int", "Type"), code: f("int", "Code") }),
  icmpv6: f("group", "ICMPv6 type and code", { type: f("int", "Type"), code: f("int", "Code") }),
  arp: f("group", "ARP header", {
    sip: f("ipv4", "Sender IP address"),
    tip: f("ipv4", "Target IP address"),
    op: f("int", "Opcode"),
    sha: f("mac", "Sender hardware address"),
    tha: f("mac", "Target hardware address"),
  }),
  nd: f("group", "IPv6 neighbor discovery", {
    target: f("ipv6", "Target address"),
    sll: f("mac", "Source link-layer address"),
    tll: f("mac", "Target link-layer address"),
  }),
  nd_ext: f("group", "IPv6 neighbor discovery extensions", {
    nd_reserved: f("int", "Reserved field"),
    nd_options_type: f("int", "Options type"),
  }),
  dp_hash: f("hex", "Datapath hash"),
  recirc_id: f("hex", "Recirculation ID"),
  packet_type: f("group", "Packet type", { ns: f("int", "Namespace"), id: f("hex", "Type") }),
  nsh: f("group", "NSH header", {
    flags: f("int", "Flags"),
    ttl: f("int", "Time-to-live"),
    mdtype: f("int", "Metadata type"),
    np: f("int", "Next protocol"),
    spi: f("hex", "Service path identifier"),
    si: f("int", "Service index"),
    c1: f("hex", "Context 1"),
    c2: f("hex", "Context 2"),
    c3: f("hex", "Context 3"),
    c4: f("hex", "Context 4"),
    md2: f("text", "Metadata type 2 TLVs"),
  }),
};
