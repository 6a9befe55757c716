/**
 * Output to a tunnel port: the tunnel header fields from the port's options (`tnl_port_send`:
 * `remote_ip`, `local_ip`, `key`, `dst_port`, `ttl`, `tos`, `csum`, `df_default`), then either
 *
 * - the userspace datapath's native tunnelling (`native_tunnel_output`): a route lookup in the
 *   underlay routes, the source MAC of the output bridge, the neighbour's MAC, the
 *   `tnl_push(tnl_port(N),header(...),out_port(M))` action, and the underlay bridge's own
 *   pipeline for the encapsulated packet; or
 * - the kernel datapath: `set(tunnel(...))` and an output to the tunnel's datapath port.
 *
 * @module
 */
import { readStorage, isTunPresent } from "./flow-state.js";
import { ETH_TYPE, IPPROTO, OFPP, PT_ETH, TUNNEL_TYPES, W } from "./layout.js";
import { ipv4Text, ipv6Text, hexBytesText, parseIpv4, parseIpv6, parseMac } from "./net-text.js";
import { type OdpAction, leaf } from "./odp-actions.js";
import type { PipelineBridge, PipelinePort } from "./pipeline.js";
import { isIpAny } from "./prereqs.js";
import type { UnderlayRoute } from "./underlay.js";
import { type XlateCtx, xreport } from "./xlate-context.js";
import { patchPortOutput } from "./xlate-output.js";

const DEFAULT_DST_PORT: Readonly<Record<string, number>> = { geneve: 6081, vxlan: 4789, lisp: 4341, stt: 7471, gtpu: 2152 };
const TNL_TYPE_CODE: Readonly<Record<string, number>> = { gre: 3, vxlan: 4, geneve: 5, lisp: 105, stt: 106, ip6gre: 109, erspan: 107, ip6erspan: 108, gtpu: 110, bareudp: 111 };

/**
 * True for tunnel interface types.
 *
 * @internal
 * @example
 * ```ts
 * import { isTunnelType } from "./xlate-tunnel.js";
 * isTunnelType("geneve"); // true
 * ```
 */
export function isTunnelType(type: string): boolean {
  return TUNNEL_TYPES.has(type);
}

function setU64(f: Uint32Array, w: number, v: bigint): void {
  f[w] = Number((v >> 32n) & 0xffffffffn);
  f[w + 1] = Number(v & 0xffffffffn);
}

function setIp(f: Uint32Array, v4: number, v6: number, text: string): boolean {
  const a = parseIpv4(text);
  if (a !== undefined) {
    f[v4] = a;
    f.fill(0, v6, v6 + 4);
    return true;
  }
  const b = parseIpv6(text);
  if (b === undefined) return false;
  f[v4] = 0;
  for (let i = 0; i < 4; i++) f[v6 + i] = Number((b >> BigInt(96 - 32 * i)) & 0xffffffffn);
  return true;
}

/**
 * `tnl_port_send`: sets the tunnel fields of the flow from the port's options and returns the
 * tunnel's datapath port, or undefined when the port is not a usable tunnel.
 *
 * @internal
 * @example
 * ```ts
 * import { tunnelSend } from "./xlate-tunnel.js";
 * const odp = tunnelSend(ctx, port); // 6081 for a native geneve port
 * ```
 */
export function tunnelSend(ctx: XlateCtx, port: PipelinePort): number | undefined {
  const o = port.options;
  const f = ctx.flow;
  const remote = o.remote_ip;
  if (remote === undefined) return undefined;
  if (remote !== "flow" && !setIp(f, W.TUN_DST, W.TUN_IPV6_DST, remote)) return undefined;
  if (o.local_ip !== undefined && o.local_ip !== "flow") setIp(f, W.TUN_SRC, W.TUN_IPV6_SRC, o.local_ip);
  else if (o.local_ip === undefined) {
    f[W.TUN_SRC] = 0;
    f.fill(0, W.TUN_IPV6_SRC, W.TUN_IPV6_SRC + 4);
  }
  f[W.TUN_TP_DST] = o.dst_port !== undefined ? Number(o.dst_port) : DEFAULT_DST_PORT[port.type] ?? 0;
  const key = o.out_key ?? o.key;
  if (key !== undefined && key !== "flow") setU64(f, W.TUN_ID, BigInt(key));
  else if (key === undefined) setU64(f, W.TUN_ID, 0n);
  const ttl = o.ttl;
  if (ttl === "inherit" && isIpAny(f)) {
    ctx.wc[W.NW_TTL] = 0xff;
    f[W.TUN_TTL] = f[W.NW_TTL]!;
  } else f[W.TUN_TTL] = ttl !== undefined && ttl !== "inherit" && Number(ttl) > 0 ? Number(ttl) : 64;
  const tos = o.tos;
  if (tos === "inherit" && isIpAny(f)) {
    ctx.wc[W.NW_TOS] = (ctx.wc[W.NW_TOS]! | 0xfc) >>> 0;
    f[W.TUN_TOS] = f[W.NW_TOS]! & 0xfc;
  } else f[W.TUN_TOS] = tos !== undefined && tos !== "inherit" ? Number(tos) & 0xfc : 0;
  if (isIpAny(f)) {
    ctx.wc[W.NW_TOS] = (ctx.wc[W.NW_TOS]! | 3) >>> 0;
    const ecn = f[W.NW_TOS]! & 3;
    f[W.TUN_TOS] = (f[W.TUN_TOS]! | (ecn === 3 ? 2 : ecn)) >>> 0;
  }
  let flags = f[W.TUN_FLAGS]! & 1;
  if (o.df_default !== "false") flags |= 2;
  if (o.csum === "true") flags |= 4;
  if (key !== undefined) flags |= 8;
  f[W.TUN_FLAGS] = flags;
  if (o.egress_pkt_mark !== undefined) {
    f[W.PKT_MARK] = Number(o.egress_pkt_mark) >>> 0;
    ctx.wc[W.PKT_MARK] = 0xffffffff;
  }
  if (port.odpPort === undefined) ctx.note("no-odp-port", `tunnel port ${port.name} has no datapath port number in the port list; OpenFlow port ${port.ofport} is printed instead`);
  return port.odpPort ?? port.ofport;
}

/** The Geneve options of the flow's present tunnel metadata (`{class=0x102,type=0x80,len=4,0x80009}`). */
function geneveOptions(ctx: XlateCtx): { readonly text: string; readonly bytes: number; readonly crit: boolean } {
  const parts: string[] = [];
  let bytes = 0;
  let crit = false;
  for (const fd of ctx.run.pipeline.fields.all) {
    if (fd.special !== "tun_metadata" || fd.tunIndex === undefined || !isTunPresent(ctx.flow, fd.tunIndex)) continue;
    const map = ctx.run.pipeline.tlv.get(fd.tunIndex);
    if (map === undefined) {
      ctx.note("tlv-map", `tun_metadata${fd.tunIndex} has no class/type in the TLV map; it is left out of the Geneve header`);
      continue;
    }
    const len = fd.width / 8;
    const v = readStorage(ctx.flow, fd.word, fd.words, 0, fd.width);
    parts.push(`{class=0x${map.optClass.toString(16)},type=0x${map.type.toString(16)},len=${len},${hexBytesText(v)}}`);
    bytes += 4 + len;
    if (map.type & 0x80) crit = true;
  }
  return { text: parts.join(","), bytes, crit };
}

/** The route `ovs_router_lookup` finds for `dst` (longest prefix, local routes first). */
function routeLookup(routes: readonly UnderlayRoute[], dst: bigint, v6: boolean, mark: number): UnderlayRoute | undefined {
  let best: UnderlayRoute | undefined;
  let bestPri = -1;
  for (const r of routes) {
    if ((r.mark ?? 0) !== mark) continue;
    const r4 = parseIpv4(r.prefix);
    const isV6 = r4 === undefined;
    if (isV6 !== v6) continue;
    const net = isV6 ? parseIpv6(r.prefix) : BigInt(r4 as number);
    if (net === undefined) continue;
    const bits = isV6 ? 128 : 32;
    const mask = r.plen === 0 ? 0n : (((1n << BigInt(bits)) - 1n) >> BigInt(bits - r.plen)) << BigInt(bits - r.plen);
    if ((dst & mask) !== (net & mask)) continue;
    const pri = r.plen + (r.local === true ? 64 : 0);
    if (pri > bestPri) {
      best = r;
      bestPri = pri;
    }
  }
  return best;
}

/** The port named `dev`: a bridge's own port of that name first (`tnl_route_lookup_flow`). */
function routeDevice(ctx: XlateCtx, dev: string): { readonly bridge: PipelineBridge; readonly port: PipelinePort } | undefined {
  const bridges = [...ctx.run.pipeline.bridges.values()];
  const named = bridges.find((b) => b.name === dev);
  const order = named === undefined ? bridges : [named, ...bridges.filter((b) => b !== named)];
  for (const b of order) {
    const n = b.portByName.get(dev);
    if (n !== undefined) return { bridge: b, port: b.ports.get(n) as PipelinePort };
  }
  return undefined;
}

/**
 * `native_tunnel_output`.
 *
 * @internal
 * @example
 * ```ts
 * import { nativeTunnelOutput } from "./xlate-tunnel.js";
 * nativeTunnelOutput(ctx, geneveport, 6081, false, last);
 * ```
 */
export function nativeTunnelOutput(ctx: XlateCtx, xport: PipelinePort, tnlOdpPort: number, truncate: boolean, last: boolean): void {
  const f = ctx.flow;
  const v6 = f[W.TUN_DST] === 0;
  const dst = v6 ? readStorage(f, W.TUN_IPV6_DST, 4, 0, 128) : BigInt(f[W.TUN_DST]!);
  const route = routeLookup(ctx.run.pipeline.routes, dst, v6, f[W.PKT_MARK]!);
  const dev = route === undefined ? undefined : routeDevice(ctx, route.dev);
  if (route === undefined || dev === undefined) {
    xreport(ctx, "warn", "native tunnel routing failed");
    if (ctx.run.pipeline.routes.length === 0) ctx.note("no-underlay", "the pipeline has no underlay routes (ovs-appctl ovs/route/show): native tunnel output cannot be composed");
    return;
  }
  const gw = route.gateway;
  const nextHop = gw !== undefined && gw !== "0.0.0.0" && gw !== "::" ? gw : v6 ? ipv6Text(dst) : ipv4Text(Number(dst));
  xreport(ctx, "detail", `tunneling to ${nextHop} via ${dev.port.name}`);
  const smac = dev.port.mac;
  if (smac === undefined) {
    xreport(ctx, "warn", "tunnel output device lacks Ethernet address");
    ctx.note("no-mac", `the MAC address of ${dev.port.name} is not known (ovs-ofctl show ${dev.bridge.name})`);
    return;
  }
  const srcIp = f[W.TUN_SRC] !== 0 ? ipv4Text(f[W.TUN_SRC]!) : route.src ?? "0.0.0.0";
  const neigh = ctx.run.pipeline.neighbors.find((n) => n.ip === nextHop && n.bridge === dev.bridge.name);
  if (neigh === undefined) {
    xreport(ctx, "detail", `neighbor cache miss for ${nextHop} on bridge ${dev.bridge.name}, sending ${v6 ? "ND" : "ARP"} request`);
    ctx.note("neighbor-miss", `no neighbour entry for ${nextHop} on ${dev.bridge.name} (ovs-appctl tnl/neigh/show): OVS would send an ARP/ND request and drop the packet`);
    return;
  }
  xreport(ctx, "detail", `tunneling from ${smac} ${srcIp} to ${neigh.mac} ${nextHop}`);
  const opts = xport.type === "geneve" ? geneveOptions(ctx) : { text: "", bytes: 0, crit: false };
  const tos = f[W.TUN_TOS]!;
  const ttl = f[W.TUN_TTL]!;
  const df = (f[W.TUN_FLAGS]! & 2) !== 0;
  const csum = (f[W.TUN_FLAGS]! & 4) !== 0;
  const tunId = (BigInt(f[W.TUN_ID]!) << 32n) | BigInt(f[W.TUN_ID + 1]!);
  const udpDst = f[W.TUN_TP_DST]!;
  let l4: string;
  let size = 14 + 20;
  switch (xport.type) {
    case "geneve":
      l4 = `udp(src=0,dst=${udpDst},csum=0x${csum ? "ffff" : "0"}),geneve(${opts.crit ? "crit," : ""}vni=0x${(tunId & 0xffffffn).toString(16)}${opts.bytes > 0 ? `,options(${opts.text})` : ""})`;
      size += 8 + 8 + opts.bytes;
      break;
    case "vxlan":
      l4 = `udp(src=0,dst=${udpDst},csum=0x${csum ? "ffff" : "0"}),vxlan(flags=0x8000000,vni=0x${(tunId & 0xffffffn).toString(16)})`;
      size += 8 + 8;
      break;
    default:
      ctx.note("tunnel-type", `native ${xport.type} tunnel headers are not simulated`);
      return;
  }
  const header = `header(size=${size},type=${TNL_TYPE_CODE[xport.type] ?? 0},eth(dst=${neigh.mac},src=${smac},dl_type=0x0800),ipv4(src=${srcIp},dst=${ipv4Text(Number(dst))},proto=17,tos=${tos === 0 ? "0" : "0x" + tos.toString(16)},ttl=${ttl},frag=0x${df ? "4000" : "0"}),${l4})`;
  const push = leaf(`tnl_push(tnl_port(${tnlOdpPort}),${header},out_port(${dev.port.odpPort ?? dev.port.ofport}))`);
  // The encapsulated packet enters the underlay bridge: its flow is the outer header.
  const oldFlow = f.slice();
  const oldBase = ctx.base.slice();
  const oldWc = ctx.wc;
  for (const fl of [ctx.base, f]) {
    const mac = (w: number, m: string): void => {
      const v = parseMac(m) ?? 0n;
      fl[w] = Number(v >> 32n);
      fl[w + 1] = Number(v & 0xffffffffn);
    };
    mac(W.ETH_DST, neigh.mac);
    mac(W.ETH_SRC, smac);
    fl.fill(0, W.VLAN0_TPID, W.VLAN1_TCI + 1);
    fl[W.PACKET_TYPE] = PT_ETH;
    fl[W.NW_DST] = f === fl ? oldFlow[W.TUN_DST]! : oldFlow[W.TUN_DST]!;
    fl[W.NW_SRC] = oldFlow[W.TUN_SRC] !== 0 ? oldFlow[W.TUN_SRC]! : parseIpv4(srcIp) ?? 0;
    fl[W.NW_FRAG] = 0;
    fl[W.NW_TOS] = tos;
    fl[W.NW_TTL] = ttl;
    fl[W.TP_DST] = udpDst;
    fl[W.TP_SRC] = oldFlow[W.TUN_TP_SRC]!;
    fl[W.DL_TYPE] = ETH_TYPE.IP;
    fl[W.NW_PROTO] = IPPROTO.UDP;
  }
  const outer = ctx.odp;
  const inner: OdpAction[] = [push];
  ctx.odp = inner;
  ctx.wc = new Uint32Array(f.length);
  if (!truncate) {
    patchPortOutput(ctx, xport, last, dev);
  } else {
    inner.push(leaf("recirc(0)"));
  }
  ctx.odp = outer;
  ctx.wc = oldWc;
  if (inner.length > 1 || truncate) {
    if (last) outer.push(...inner);
    else outer.push({ t: "clone", actions: inner });
  }
  ctx.flow = oldFlow;
  ctx.base = oldBase;
  void OFPP;
}

/**
 * The kernel datapath's tunnel output: `set(tunnel(tun_id=...,dst=...,ttl=...,tp_dst=...,
 * geneve(...),flags(...)))` before the output to the tunnel's datapath port
 * (`commit_odp_tunnel_action`). Not checked against a kernel datapath (the fixture sandbox has
 * none).
 *
 * @internal
 * @example
 * ```ts
 * import { kernelTunnelOutput } from "./xlate-tunnel.js";
 * kernelTunnelOutput(ctx, geneveport);
 * ```
 */
export function kernelTunnelOutput(ctx: XlateCtx, xport: PipelinePort): void {
  const f = ctx.flow;
  const parts: string[] = [];
  const tunId = (BigInt(f[W.TUN_ID]!) << 32n) | BigInt(f[W.TUN_ID + 1]!);
  const flags = f[W.TUN_FLAGS]!;
  if (tunId !== 0n || flags & 8) parts.push(`tun_id=0x${tunId.toString(16)}`);
  if (f[W.TUN_SRC] !== 0) parts.push(`src=${ipv4Text(f[W.TUN_SRC]!)}`);
  if (f[W.TUN_DST] !== 0) parts.push(`dst=${ipv4Text(f[W.TUN_DST]!)}`);
  const s6 = readStorage(f, W.TUN_IPV6_SRC, 4, 0, 128);
  const d6 = readStorage(f, W.TUN_IPV6_DST, 4, 0, 128);
  if (s6 !== 0n) parts.push(`ipv6_src=${ipv6Text(s6)}`);
  if (d6 !== 0n) parts.push(`ipv6_dst=${ipv6Text(d6)}`);
  if (f[W.TUN_TOS] !== 0) parts.push(`tos=0x${f[W.TUN_TOS]!.toString(16)}`);
  parts.push(`ttl=${f[W.TUN_TTL]}`);
  if (f[W.TUN_TP_SRC] !== 0) parts.push(`tp_src=${f[W.TUN_TP_SRC]}`);
  if (f[W.TUN_TP_DST] !== 0) parts.push(`tp_dst=${f[W.TUN_TP_DST]}`);
  if (xport.type === "geneve") {
    const opts = geneveOptions(ctx);
    if (opts.bytes > 0) parts.push(`geneve(${opts.text})`);
  }
  const names = ["oam", "df", "csum", "key"].filter((_, i) => (flags >> i) & 1);
  parts.push(`flags(${names.length === 0 ? "0" : names.join("|")})`);
  ctx.odp.push(leaf(`set(tunnel(${parts.join(",")}))`));
  ctx.base.set(f.slice(W.TUN_ID, W.METADATA), W.TUN_ID);
  ctx.note("kernel-tunnel", "the kernel datapath's set(tunnel(...)) form is composed from OVS's source but was not checked against a kernel datapath");
}
