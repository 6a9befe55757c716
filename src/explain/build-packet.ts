/**
 * {@link buildPacket}: the `ofproto/trace` packet for "from this logical port to that IP, port or
 * service", from OVN's databases and OVS's conf.db: what people otherwise assemble by hand from
 * `ovn-sbctl find Port_Binding`, `ovs-vsctl --columns=ofport find Interface`, the router port's
 * MAC and the service VIP.
 *
 * @module
 */
import ipaddr from "ipaddr.js";
import type { NbView } from "../ovn/ovsdb/nb-types.js";
import { nbView } from "../ovn/ovsdb/nb-view.js";
import { type SbView, sbView } from "../ovn/ovsdb/sb-view.js";
import type { OvsdbDatabase } from "../ovn/ovsdb/types.js";
import { type VswitchView, vswitchView } from "../ovn/ovsdb/vswitch-view.js";
import { closeNames, type LogicalPortInfo, type LogicalTopology, topologyFromNb, topologyFromSb } from "./logical-ports.js";
import { PacketBuildError } from "./packet-build-error.js";

/** The protocols {@link buildPacket} makes packets of. */
export type BuildProtocol = "tcp" | "udp" | "icmp" | "arp";

/** What to build: from a logical port to an IP, a logical port or a service VIP. */
export interface PacketSpec {
  /** The logical port the packet enters from (a pod's `ns_pod-node`, a VM's Neutron port UUID...). */
  readonly from: string;
  /** `10.244.2.3`, `fd00::5`, a logical port name, or a VIP `10.96.0.11:80/tcp` (`[fd00::1]:80/udp`). */
  readonly to: string;
  /**
   * Default: the VIP's protocol, else `tcp` when `dstPort` is given, else `icmp` (an echo
   * request). `arp` is an ARP request for the target (IPv6: a neighbour solicitation).
   */
  readonly proto?: BuildProtocol;
  /** TCP / UDP destination port (default: the VIP's, else 80). */
  readonly dstPort?: number;
  /** TCP / UDP source port. Default 40000. */
  readonly srcPort?: number;
  /** IP TTL / hop limit. Default 64. */
  readonly ttl?: number;
  /** `tcp_flags`. Default `syn`. */
  readonly tcpFlags?: string;
  /** The OpenFlow in_port, when conf.db is not at hand (a number, or the interface name). */
  readonly inPort?: number | string;
}

/** The databases {@link buildPacket} reads: files (`readOvsdbFile`) or their views. */
export interface PacketSources {
  /** The Southbound database (Port_Binding MAC / IP / peer, chassis, load balancers). Preferred. */
  readonly sb?: OvsdbDatabase | SbView;
  /** The Northbound database: used when there is no `sb`. */
  readonly nb?: OvsdbDatabase | NbView;
  /** OVS's conf.db: the interface whose `external_ids:iface-id` is the port, and its ofport. */
  readonly confDb?: OvsdbDatabase | VswitchView;
}

/** What {@link buildPacket} returns: the packet text and how each field was found. */
export interface BuiltPacket {
  readonly kind: "built-packet";
  /** The `ofproto/trace` flow: `in_port=13,tcp,dl_src=...,nw_dst=...,tp_dst=80,tcp_flags=syn`. */
  readonly packet: string;
  /** The bridge to trace on: the integration bridge of conf.db (`external_ids:ovn-bridge`, else `br-int`). */
  readonly bridge: string;
  readonly protocol: BuildProtocol;
  readonly from: {
    readonly logicalPort: string;
    readonly datapath: string;
    readonly mac: string;
    readonly ip: string;
    readonly inPort: number | string;
    /** The conf.db interface bound to the port, when conf.db was given. */
    readonly interface?: string;
    readonly chassis?: string;
  };
  readonly to: {
    readonly kind: "logical-port" | "ip" | "vip";
    readonly ip: string;
    /** The `dl_dst` used, and why: the target's own MAC on the same switch, the router port's, or broadcast. */
    readonly mac: string;
    readonly via: "same-switch" | "router" | "broadcast";
    readonly logicalPort?: string;
    /** The router port whose MAC is `dl_dst` (`via: "router"`). */
    readonly routerPort?: string;
    readonly port?: number;
    /** The load balancer that has the VIP. */
    readonly loadBalancer?: string;
  };
  /** What was assumed or not found (e.g. no load balancer has the VIP). */
  readonly notes: readonly string[];
}

const isDb = (x: object): x is OvsdbDatabase => (x as { kind?: string }).kind === "ovsdb-database";

function family(ip: string): 4 | 6 | undefined {
  if (ipaddr.IPv4.isValidFourPartDecimal(ip)) return 4;
  return ipaddr.IPv6.isValid(ip) ? 6 : undefined;
}

interface Target {
  readonly kind: "logical-port" | "ip" | "vip";
  readonly ip?: string;
  readonly port?: number;
  readonly proto?: BuildProtocol;
  readonly logicalPort?: LogicalPortInfo;
}

function parseTarget(to: string, topo: LogicalTopology): Target {
  const vip = /^(?:\[([0-9a-fA-F:.]+)\]|(\d+\.\d+\.\d+\.\d+)):(\d+)(?:\/(tcp|udp|sctp))?$/.exec(to);
  if (vip !== null) {
    const ip = (vip[1] ?? vip[2]) as string;
    const port = Number(vip[3]);
    if (family(ip) === undefined || port < 1 || port > 65535) throw new PacketBuildError("bad-target", `${to}: not an IP:PORT[/PROTO] (port 1-65535)`);
    const proto = vip[4] as BuildProtocol | "sctp" | undefined;
    if (proto === "sctp") throw new PacketBuildError("bad-option", `${to}: sctp is not supported (tcp or udp)`);
    return { kind: "vip", ip, port, ...(proto !== undefined && { proto }) };
  }
  if (family(to) !== undefined) return { kind: "ip", ip: to };
  const lp = topo.ports.get(to);
  if (lp !== undefined) return { kind: "logical-port", logicalPort: lp };
  if (/^[0-9a-fA-F:.]+$/.test(to) || /^[\d.:/[\]]+$/.test(to)) throw new PacketBuildError("bad-target", `${to}: not an IPv4 / IPv6 address, IP:PORT/PROTO or logical port`);
  const near = closeNames(to, topo.ports.keys());
  throw new PacketBuildError("unknown-port", `${to}: no logical port of that name${near.length > 0 ? ` (did you mean ${near.join(", ")}?)` : ""}`, near);
}

function addressOf(p: LogicalPortInfo, fam: 4 | 6 | undefined): { mac: string; ip: string } | undefined {
  for (const a of p.addresses) {
    const ip = a.ips.find((x) => fam === undefined || family(x) === fam);
    if (ip !== undefined) return { mac: a.mac, ip };
  }
  return undefined;
}

function inSubnet(ip: string, prefix: string): boolean {
  try {
    const [net, len] = ipaddr.parseCIDR(prefix);
    const a = ipaddr.parse(ip);
    return a.kind() === net.kind() && a.match(net, len);
  } catch {
    return false;
  }
}

/** The router port of the source's switch: the peer of a router-type port on it (the one on the source's subnet first). */
function routerPortOf(topo: LogicalTopology, from: LogicalPortInfo, srcIp: string): LogicalPortInfo | undefined {
  const candidates: LogicalPortInfo[] = [];
  for (const p of topo.ports.values()) {
    if (p.datapath !== from.datapath || p.peer === undefined || p.name === from.name) continue;
    const r = topo.ports.get(p.peer);
    if (r !== undefined && r.datapath !== from.datapath) candidates.push(r);
  }
  return candidates.find((r) => r.addresses.some((a) => a.prefixes.some((pfx) => inSubnet(srcIp, pfx)))) ?? candidates[0];
}

function inPortOf(spec: PacketSpec, vs: VswitchView | undefined, from: LogicalPortInfo): { inPort: number | string; interface?: string; bridge?: string } {
  if (spec.inPort !== undefined) return { inPort: spec.inPort };
  if (vs === undefined) throw new PacketBuildError("missing-source", `the in_port of ${from.name} comes from conf.db (an interface with external_ids:iface-id=${from.name}): give confDb, or inPort`);
  const iface = vs.interfaces.find((i) => i.externalIds["iface-id"] === from.name && i.ofport !== undefined && i.ofport > 0);
  if (iface === undefined) {
    const where = from.chassis === undefined ? "it is not bound to any chassis" : `it is bound to chassis ${from.chassis}`;
    throw new PacketBuildError("not-bound-here", `${from.name}: no interface of this conf.db has external_ids:iface-id=${from.name} and an ofport (${where}); trace it on that node, or give inPort`);
  }
  return { inPort: iface.ofport as number, interface: iface.name, ...(iface.bridge !== undefined && { bridge: iface.bridge }) };
}

/** The solicited-node multicast address of an IPv6 address, and its MAC. */
function solicitedNode(ip: string): { ip: string; mac: string } {
  const b = ipaddr.IPv6.parse(ip).toByteArray();
  const [x, y, z] = [b[13] as number, b[14] as number, b[15] as number];
  const hex = (n: number) => n.toString(16).padStart(2, "0");
  const addr = ipaddr.IPv6.parse(`ff02::1:ff${hex(x)}:${hex(y)}${hex(z)}`).toString();
  return { ip: addr, mac: `33:33:ff:${hex(x)}:${hex(y)}:${hex(z)}` };
}

function port(n: number | undefined, what: string, dflt: number): number {
  const v = n ?? dflt;
  if (!Number.isInteger(v) || v < 0 || v > 65535) throw new PacketBuildError("bad-option", `${what} must be 0-65535, not ${String(n)}`);
  return v;
}

/**
 * Builds the `ofproto/trace` packet from OVN names: `in_port` from the conf.db interface whose
 * `external_ids:iface-id` is the `from` port (its ofport), `dl_src` / `nw_src` from the port's
 * Port_Binding MAC and IP (Logical_Switch_Port addresses without an SB), `dl_dst` from the
 * target port's MAC when it is on the same logical switch, else from the switch's router port
 * (broadcast for ARP), `nw_dst` / `tp_dst` from the target (an IP, a logical port's IP, or a
 * VIP `IP:PORT/PROTO`, checked against the load balancers). Fields come in the order
 * `ofproto/trace` users write them; the text goes to `simulateTrace` or to a live
 * `ovs-appctl ofproto/trace BRIDGE 'PACKET'`.
 *
 * Errors are {@link PacketBuildError}s: an unknown port says `did you mean ...`, a port bound
 * on another chassis names it.
 *
 * @example
 * ```ts
 * import { buildPacket, simulateTrace } from "ovskit";
 * const p = buildPacket({ from: "ns3_pod3-ovn-worker", to: "10.96.0.11:80/tcp" }, { sb, confDb });
 * p.packet; // "in_port=13,tcp,dl_src=0a:58:0a:f4:01:05,dl_dst=0a:58:0a:f4:01:01,nw_src=10.244.1.5,nw_dst=10.96.0.11,nw_ttl=64,tp_src=40000,tp_dst=80,tcp_flags=syn"
 * simulateTrace(pipeline, p.packet, { bridge: p.bridge });
 * ```
 */
export function buildPacket(spec: PacketSpec, sources: PacketSources): BuiltPacket {
  const sb = sources.sb === undefined ? undefined : isDb(sources.sb) ? sbView(sources.sb) : sources.sb;
  const nb = sources.nb === undefined ? undefined : isDb(sources.nb) ? nbView(sources.nb) : sources.nb;
  const vs = sources.confDb === undefined ? undefined : isDb(sources.confDb) ? vswitchView(sources.confDb) : sources.confDb;
  if (sb === undefined && nb === undefined) throw new PacketBuildError("missing-source", "buildPacket needs the Southbound (sb) or Northbound (nb) database to resolve logical port names");
  const topo = sb !== undefined ? topologyFromSb(sb) : topologyFromNb(nb as NbView);
  const from = topo.ports.get(spec.from);
  if (from === undefined) {
    const near = closeNames(spec.from, topo.ports.keys());
    throw new PacketBuildError("unknown-port", `${spec.from}: no logical port of that name${near.length > 0 ? ` (did you mean ${near.join(", ")}?)` : ""}`, near);
  }
  const notes: string[] = [];
  const target = parseTarget(spec.to, topo);
  const wantFamily = target.ip === undefined ? undefined : family(target.ip);
  const src = addressOf(from, wantFamily);
  if (src === undefined) throw new PacketBuildError("no-address", `${from.name} has no ${wantFamily === undefined ? "" : `IPv${wantFamily} `}address (MAC and IP) in the ${topo.source === "sb" ? "Port_Binding" : "Logical_Switch_Port"}`);
  const fam = family(src.ip) as 4 | 6;
  let dstIp = target.ip;
  let dstLp = target.logicalPort;
  if (dstLp !== undefined) {
    const a = addressOf(dstLp, fam);
    if (a === undefined) throw new PacketBuildError("no-address", `${dstLp.name} has no IPv${fam} address`);
    dstIp = a.ip;
  } else if (target.kind === "ip") {
    // The port with that IP: on the source's switch first (then dl_dst is its MAC), else anywhere (for the record).
    const holders = [...topo.ports.values()].filter((p) => p.peer === undefined && p.addresses.some((a) => a.ips.includes(dstIp as string)));
    dstLp = holders.find((p) => p.datapath === from.datapath) ?? holders[0];
  }
  const proto: BuildProtocol = target.proto ?? spec.proto ?? (target.port !== undefined || spec.dstPort !== undefined ? "tcp" : "icmp");
  if (target.proto !== undefined && spec.proto !== undefined && target.proto !== spec.proto) throw new PacketBuildError("bad-option", `${spec.to} says ${target.proto}, proto says ${spec.proto}`);
  if (target.kind === "vip" && proto !== "tcp" && proto !== "udp") throw new PacketBuildError("bad-option", `a VIP target takes tcp or udp, not ${proto}`);

  let mac: string;
  let via: "same-switch" | "router" | "broadcast";
  let routerPort: LogicalPortInfo | undefined;
  const sameSwitch = dstLp !== undefined && dstLp.datapath === from.datapath && dstLp.peer === undefined;
  if (proto === "arp") {
    via = "broadcast";
    mac = fam === 4 ? "ff:ff:ff:ff:ff:ff" : solicitedNode(dstIp as string).mac;
  } else if (sameSwitch) {
    via = "same-switch";
    mac = (addressOf(dstLp as LogicalPortInfo, fam) as { mac: string }).mac;
  } else {
    via = "router";
    routerPort = routerPortOf(topo, from, src.ip);
    const r = routerPort === undefined ? undefined : addressOf(routerPort, undefined);
    if (r === undefined) throw new PacketBuildError("no-address", `${from.datapath} (the switch of ${from.name}) has no router port with a MAC: ${dstIp} is not on it, so the packet would go to its router`);
    mac = r.mac;
  }
  let lb: string | undefined;
  if (target.kind === "vip") {
    const key = fam === 6 ? `[${dstIp}]:${target.port}` : `${dstIp}:${target.port}`;
    lb = topo.loadBalancers.find((l) => l.vips[key] !== undefined && (l.protocol ?? "tcp") === proto)?.name;
    if (lb === undefined) notes.push(`no ${proto} load balancer has the VIP ${key}`);
  }
  const inp = inPortOf(spec, vs, from);
  const ttl = spec.ttl ?? 64;
  if (!Number.isInteger(ttl) || ttl < 0 || ttl > 255) throw new PacketBuildError("bad-option", `ttl must be 0-255, not ${String(spec.ttl)}`);
  const l3 = fam === 4 ? `nw_src=${src.ip},nw_dst=${dstIp}` : `ipv6_src=${src.ip},ipv6_dst=${dstIp}`;
  const head = `in_port=${inp.inPort}`;
  let packet: string;
  const sp = port(spec.srcPort, "srcPort", 40000);
  const dp = port(spec.dstPort ?? target.port, "dstPort", 80);
  switch (proto) {
    case "tcp":
      packet = `${head},${fam === 4 ? "tcp" : "tcp6"},dl_src=${src.mac},dl_dst=${mac},${l3},nw_ttl=${ttl},tp_src=${sp},tp_dst=${dp},tcp_flags=${spec.tcpFlags ?? "syn"}`;
      break;
    case "udp":
      packet = `${head},${fam === 4 ? "udp" : "udp6"},dl_src=${src.mac},dl_dst=${mac},${l3},nw_ttl=${ttl},udp_src=${sp},udp_dst=${dp}`;
      break;
    case "icmp":
      packet = fam === 4 ? `${head},icmp,dl_src=${src.mac},dl_dst=${mac},${l3},nw_ttl=${ttl},icmp_type=8,icmp_code=0` : `${head},icmp6,dl_src=${src.mac},dl_dst=${mac},${l3},nw_ttl=${ttl},icmpv6_type=128,icmpv6_code=0`;
      break;
    case "arp":
      packet =
        fam === 4
          ? `${head},arp,dl_src=${src.mac},dl_dst=${mac},arp_op=1,arp_spa=${src.ip},arp_tpa=${dstIp},arp_sha=${src.mac},arp_tha=00:00:00:00:00:00`
          : `${head},icmp6,dl_src=${src.mac},dl_dst=${mac},ipv6_src=${src.ip},ipv6_dst=${solicitedNode(dstIp as string).ip},nw_ttl=255,icmpv6_type=135,icmpv6_code=0,nd_target=${dstIp},nd_sll=${src.mac}`;
      break;
  }
  const bridge = inp.bridge ?? vs?.root?.externalIds["ovn-bridge"] ?? "br-int";
  return {
    kind: "built-packet",
    packet,
    bridge,
    protocol: proto,
    from: {
      logicalPort: from.name,
      datapath: from.datapath,
      mac: src.mac,
      ip: src.ip,
      inPort: inp.inPort,
      ...(inp.interface !== undefined && { interface: inp.interface }),
      ...(from.chassis !== undefined && { chassis: from.chassis }),
    },
    to: {
      kind: target.kind,
      ip: dstIp as string,
      mac,
      via,
      ...(dstLp !== undefined && { logicalPort: dstLp.name }),
      ...(routerPort !== undefined && { routerPort: routerPort.name }),
      ...((proto === "tcp" || proto === "udp") && { port: dp }),
      ...(lb !== undefined && { loadBalancer: lb }),
    },
    notes,
  };
}
