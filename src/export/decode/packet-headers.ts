/**
 * Decoding of a captured packet header (as sFlow's raw-header records carry it): Ethernet with
 * 802.1Q / 802.1ad tags, ARP, IPv4, IPv6 (and its common extension headers), TCP, UDP, ICMP and
 * ICMPv6. Headers are cut short by design (sFlow `header=128`), so this never throws: it
 * decodes as many layers as the bytes hold and says where it stopped.
 *
 * @module
 */
import { ipv4Text, ipv6Text, macText } from "./reader.js";

/** An Ethernet header, with its VLAN tags (outermost first). */
export interface EthernetHeader {
  readonly src: string;
  readonly dst: string;
  /** The EtherType after the VLAN tags (0x0800 IPv4, 0x86dd IPv6, 0x0806 ARP). */
  readonly ethType: number;
  readonly vlans: readonly { readonly tpid: number; readonly vid: number; readonly pcp: number }[];
}

/** An IPv4 or IPv6 header. */
export interface IpHeader {
  readonly version: 4 | 6;
  readonly src: string;
  readonly dst: string;
  /** IP protocol number of the payload (6 TCP, 17 UDP, 1 ICMP, 58 ICMPv6), after IPv6 extension headers. */
  readonly protocol: number;
  readonly ttl: number;
  /** IPv4 TOS / IPv6 traffic class. */
  readonly tos: number;
  /** IPv4 total length, or IPv6 payload length + 40. */
  readonly totalLength: number;
  /** IPv4: a fragment other than the first (no L4 header follows). */
  readonly laterFragment: boolean;
}

/** A transport header (TCP / UDP: ports; ICMP: type and code). */
export type L4Header =
  | { readonly kind: "tcp"; readonly srcPort: number; readonly dstPort: number; readonly flags: number }
  | { readonly kind: "udp"; readonly srcPort: number; readonly dstPort: number; readonly length: number }
  | { readonly kind: "icmp" | "icmpv6"; readonly type: number; readonly code: number };

/** An ARP header (Ethernet / IPv4). */
export interface ArpHeader {
  readonly op: number;
  readonly senderMac: string;
  readonly senderIp: string;
  readonly targetMac: string;
  readonly targetIp: string;
}

/** The layers found in a packet header; absent layers are undefined. */
export interface PacketHeaders {
  readonly ethernet?: EthernetHeader;
  readonly arp?: ArpHeader;
  readonly ip?: IpHeader;
  readonly l4?: L4Header;
  /** The header ended in the middle of a layer (the name of that layer), else undefined. */
  readonly truncatedAt?: "ethernet" | "vlan" | "arp" | "ipv4" | "ipv6" | "tcp" | "udp" | "icmp" | "icmpv6";
}

const IPV6_EXT = new Set([0, 43, 60]); // hop-by-hop, routing, destination options

/**
 * Decodes an Ethernet frame's headers. Never throws: a short buffer gives the layers that fit
 * and `truncatedAt`.
 *
 * @example
 * ```ts
 * import { decodeEthernet } from "ovskit";
 * const h = decodeEthernet(sample.header);
 * if (h.ip?.version === 4 && h.l4?.kind === "udp") console.log(h.ip.src, h.l4.dstPort);
 * ```
 */
export function decodeEthernet(b: Uint8Array): PacketHeaders {
  if (b.length < 14) return { truncatedAt: "ethernet" };
  const dst = macText(b, 0);
  const src = macText(b, 6);
  let at = 12;
  let ethType = u16(b, at);
  const vlans: { tpid: number; vid: number; pcp: number }[] = [];
  while (ethType === 0x8100 || ethType === 0x88a8) {
    if (at + 6 > b.length) return { ethernet: { src, dst, ethType, vlans }, truncatedAt: "vlan" };
    const tci = u16(b, at + 2);
    vlans.push({ tpid: ethType, vid: tci & 0xfff, pcp: tci >> 13 });
    at += 4;
    ethType = u16(b, at);
  }
  at += 2;
  const ethernet: EthernetHeader = { src, dst, ethType, vlans };
  if (ethType === 0x0806) return { ethernet, ...decodeArp(b, at) };
  if (ethType === 0x0800 || ethType === 0x86dd) return { ethernet, ...decodeIp(b, at) };
  return { ethernet };
}

/**
 * Decodes an IPv4 or IPv6 packet's headers (the version is read from the first nibble). Never
 * throws.
 *
 * @example
 * ```ts
 * import { decodeIp } from "ovskit";
 * decodeIp(ipv4Bytes).ip?.src; // "10.0.0.1"
 * ```
 */
export function decodeIp(b: Uint8Array, at = 0): Pick<PacketHeaders, "ip" | "l4" | "truncatedAt"> {
  const version = at < b.length ? (b[at] ?? 0) >> 4 : 0;
  if (version === 6) return decodeIpv6(b, at);
  if (at + 20 > b.length || version !== 4) return { truncatedAt: "ipv4" };
  const ihl = ((b[at] ?? 0) & 0x0f) * 4;
  const fragOffset = u16(b, at + 6) & 0x1fff;
  const ip: IpHeader = {
    version: 4,
    tos: b[at + 1] ?? 0,
    totalLength: u16(b, at + 2),
    ttl: b[at + 8] ?? 0,
    protocol: b[at + 9] ?? 0,
    src: ipv4Text(b, at + 12),
    dst: ipv4Text(b, at + 16),
    laterFragment: fragOffset !== 0,
  };
  if (ihl < 20) return { ip, truncatedAt: "ipv4" };
  if (ip.laterFragment) return { ip };
  return { ip, ...decodeL4(b, at + ihl, ip.protocol, false) };
}

function decodeIpv6(b: Uint8Array, at: number): Pick<PacketHeaders, "ip" | "l4" | "truncatedAt"> {
  if (at + 40 > b.length) return { truncatedAt: "ipv6" };
  let next = b[at + 6] ?? 0;
  let p = at + 40;
  let laterFragment = false;
  while (IPV6_EXT.has(next) || next === 44) {
    if (p + 8 > b.length) break;
    const hdrNext = b[p] ?? 0;
    if (next === 44) {
      laterFragment = (u16(b, p + 2) & 0xfff8) !== 0;
      p += 8;
    } else p += ((b[p + 1] ?? 0) + 1) * 8;
    next = hdrNext;
  }
  const ip: IpHeader = {
    version: 6,
    tos: (u16(b, at) >> 4) & 0xff,
    totalLength: u16(b, at + 4) + 40,
    ttl: b[at + 7] ?? 0,
    protocol: next,
    src: ipv6Text(b, at + 8),
    dst: ipv6Text(b, at + 24),
    laterFragment,
  };
  if (laterFragment) return { ip };
  if (p > b.length || IPV6_EXT.has(next) || next === 44) return { ip, truncatedAt: "ipv6" };
  return { ip, ...decodeL4(b, p, next, true) };
}

function decodeL4(b: Uint8Array, at: number, protocol: number, v6: boolean): Pick<PacketHeaders, "l4" | "truncatedAt"> {
  if (protocol === 6) {
    if (at + 14 > b.length) return { truncatedAt: "tcp" };
    return { l4: { kind: "tcp", srcPort: u16(b, at), dstPort: u16(b, at + 2), flags: u16(b, at + 12) & 0x1ff } };
  }
  if (protocol === 17) {
    if (at + 8 > b.length) return { truncatedAt: "udp" };
    return { l4: { kind: "udp", srcPort: u16(b, at), dstPort: u16(b, at + 2), length: u16(b, at + 4) } };
  }
  if (protocol === 1 || protocol === 58) {
    const kind = v6 ? "icmpv6" : "icmp";
    if (at + 2 > b.length) return { truncatedAt: kind };
    return { l4: { kind, type: b[at] ?? 0, code: b[at + 1] ?? 0 } };
  }
  return {};
}

function decodeArp(b: Uint8Array, at: number): Pick<PacketHeaders, "arp" | "truncatedAt"> {
  if (at + 28 > b.length) return { truncatedAt: "arp" };
  return {
    arp: {
      op: u16(b, at + 6),
      senderMac: macText(b, at + 8),
      senderIp: ipv4Text(b, at + 14),
      targetMac: macText(b, at + 18),
      targetIp: ipv4Text(b, at + 24),
    },
  };
}

function u16(b: Uint8Array, at: number): number {
  return ((b[at] ?? 0) << 8) | (b[at + 1] ?? 0);
}
