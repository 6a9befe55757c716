/**
 * Field prerequisites as OVS checks them on a packet (`mf_are_prereqs_ok`): `tp_src` needs TCP,
 * UDP or SCTP over IP, `arp_spa` an ARP packet, `nd_target` an ICMPv6 neighbour solicitation
 * or advertisement, `ct_nw_src` a valid conntrack state.
 *
 * @module
 */
import type { FieldDef, Prereq } from "./fields.js";
import type { FlowWords } from "./flow-state.js";
import { CS, ETH_TYPE, FRAG_LATER, IPPROTO, PT_ETH, W } from "./layout.js";

/**
 * The Ethertype of a flow whatever its packet type (`get_dl_type`).
 *
 * @internal
 * @example
 * ```ts
 * import { dlTypeOf } from "./prereqs.js";
 * dlTypeOf(flow); // 0x800
 * ```
 */
export function dlTypeOf(flow: FlowWords): number {
  const pt = flow[W.PACKET_TYPE]!;
  if (pt === PT_ETH) return flow[W.DL_TYPE]!;
  return pt >>> 16 === 1 ? pt & 0xffff : 0;
}

/**
 * True for IPv4 and IPv6 (`is_ip_any`).
 *
 * @internal
 * @example
 * ```ts
 * import { isIpAny } from "./prereqs.js";
 * isIpAny(flow); // true
 * ```
 */
export function isIpAny(flow: FlowWords): boolean {
  const t = dlTypeOf(flow);
  return t === ETH_TYPE.IP || t === ETH_TYPE.IPV6;
}

/**
 * True when `flow` meets prerequisite `p`.
 *
 * @internal
 * @example
 * ```ts
 * import { prereqHolds } from "./prereqs.js";
 * prereqHolds("tcp", flow); // true for a TCP packet
 * ```
 */
export function prereqHolds(p: Prereq, flow: FlowWords): boolean {
  const t = dlTypeOf(flow);
  const proto = flow[W.NW_PROTO]!;
  const ip = t === ETH_TYPE.IP || t === ETH_TYPE.IPV6;
  const notLater = (flow[W.NW_FRAG]! & FRAG_LATER) === 0;
  switch (p) {
    case "none":
      return true;
    case "ethernet":
      return flow[W.PACKET_TYPE] === PT_ETH;
    case "arp":
      return t === ETH_TYPE.ARP || t === ETH_TYPE.RARP;
    case "ipv4":
      return t === ETH_TYPE.IP;
    case "ipv6":
      return t === ETH_TYPE.IPV6;
    case "vlan_vid":
      return flow[W.PACKET_TYPE] === PT_ETH && (flow[W.VLAN0_TCI]! & 0x1000) !== 0;
    case "mpls":
      return t === ETH_TYPE.MPLS || t === ETH_TYPE.MPLS_MCAST;
    case "ip_any":
      return ip;
    case "nsh":
      return t === ETH_TYPE.NSH;
    case "ct_valid":
      return (flow[W.CT_STATE]! & (CS.NEW | CS.EST | CS.RPL)) !== 0;
    case "tcp":
      return ip && proto === IPPROTO.TCP && notLater;
    case "udp":
      return ip && proto === IPPROTO.UDP && notLater;
    case "sctp":
      return ip && proto === IPPROTO.SCTP && notLater;
    case "icmpv4":
      return t === ETH_TYPE.IP && proto === IPPROTO.ICMP;
    case "icmpv6":
      return t === ETH_TYPE.IPV6 && proto === IPPROTO.ICMPV6;
    case "nd":
    case "nd_solicit":
    case "nd_advert": {
      if (!(t === ETH_TYPE.IPV6 && proto === IPPROTO.ICMPV6) || flow[W.TP_DST] !== 0) return false;
      const type = flow[W.TP_SRC];
      if (p === "nd_solicit") return type === 135;
      if (p === "nd_advert") return type === 136;
      return type === 135 || type === 136;
    }
  }
}

/**
 * True when `flow` meets the prerequisites of field `f`.
 *
 * @internal
 * @example
 * ```ts
 * import { prereqsOk } from "./prereqs.js";
 * prereqsOk(fields.byName.get("tp_src")!, flow);
 * ```
 */
export function prereqsOk(f: FieldDef, flow: FlowWords): boolean {
  return prereqHolds(f.prereq, flow);
}
