/**
 * Printing flows and matches as OVS does: `match_format` (lib/match.c) over a flow and a mask
 * in the layout of {@link W}, and `flow_format` (the `Flow:` / `Final flow:` lines of a trace),
 * which prints a flow with the mask OVS derives from the packet
 * (`flow_wildcards_init_for_packet`, registers and metadata, zero context fields left out).
 *
 * @module
 */
import type { FieldTable } from "./fields.js";
import { isTunPresent, readStorage } from "./flow-state.js";
import { CS, CT_STATE_NAMES, ETH_TYPE, FRAG_ANY, FRAG_LATER, IPPROTO, PT_ETH, TCP_FLAG_NAMES, TUN_FLAG_NAMES, W, formatPortNumber } from "./layout.js";
import { hexBytesText, ipv4MaskedText, ipv6MaskedText, macText } from "./net-text.js";
import type { FlowWords } from "./flow-state.js";

const hex = (n: number): string => (n === 0 ? "0" : "0x" + (n >>> 0).toString(16));
// Most of these are zero (masks of fields a flow does not match): no BigInt made for those.
const u64 = (f: FlowWords, w: number): bigint => ((f[w]! | f[w + 1]!) === 0 ? 0n : (BigInt(f[w]!) << 32n) | BigInt(f[w + 1]!));
const u128 = (f: FlowWords, w: number): bigint => ((f[w]! | f[w + 1]! | f[w + 2]! | f[w + 3]!) === 0 ? 0n : readStorage(f, w, 4, 0, 128));
const mac = u64;

/**
 * `format_flags`: the names of the set bits joined with `|` (rightmost bit first), `0` for none.
 *
 * @internal
 * @example
 * ```ts
 * import { formatFlagBits } from "./flow-format.js";
 * formatFlagBits(0x21, ["new", "est", "rel", "rpl", "inv", "trk"]); // "new|trk"
 * ```
 */
export function formatFlagBits(flags: number, names: readonly string[]): string {
  if (flags === 0) return "0";
  const out: string[] = [];
  let bad = 0;
  for (let bit = 0; bit < 32; bit++) {
    if (((flags >>> bit) & 1) === 0) continue;
    const n = names[bit];
    if (n !== undefined) out.push(n);
    else bad |= 1 << bit;
  }
  if (bad !== 0) out.push(hex(bad));
  return out.join("|");
}

/** `format_flags_masked`. */
function flagsMasked(name: string, flags: number, mask: number, max: number, names: readonly string[]): string {
  if (mask === max) return `${name}=${formatFlagBits(flags, names)}`;
  if (mask === 0) return `${name}=0/0`;
  let s = `${name}=`;
  for (let bit = 0; bit < 32; bit++) {
    if (((mask >>> bit) & 1) === 0) continue;
    s += ((flags >>> bit) & 1 ? "+" : "-") + (names[bit] ?? "[Unknown]");
  }
  return s;
}

function be16Masked(out: string[], name: string, v: number, m: number): void {
  if (m === 0) return;
  out.push(m === 0xffff ? `${name}=${v}` : `${name}=0x${v.toString(16)}/0x${m.toString(16)}`);
}

function u32Masked(out: string[], name: string, v: number, m: number): void {
  if (m === 0) return;
  out.push(m >>> 0 === 0xffffffff ? `${name}=${hex(v)}` : `${name}=${hex(v)}/${hex(m)}`);
}

function be64Masked(out: string[], name: string, v: bigint, m: bigint): void {
  if (m === 0n) return;
  const t = v === 0n ? "0" : "0x" + v.toString(16);
  out.push(m === 0xffffffffffffffffn ? `${name}=${t}` : `${name}=${t}/0x${m.toString(16)}`);
}

function ipMasked(out: string[], name: string, v: number, m: number): void {
  if (m !== 0) out.push(`${name}=${ipv4MaskedText(v, m)}`);
}

function ipv6Masked(out: string[], name: string, v: bigint, m: bigint): void {
  if (m !== 0n) out.push(`${name}=${ipv6MaskedText(v, m)}`);
}

function ethMasked(out: string[], name: string, v: bigint, m: bigint): void {
  if (m === 0n) return;
  out.push(m === 0xffffffffffffn ? `${name}=${macText(v)}` : `${name}=${macText(v)}/${macText(m)}`);
}

function u8Masked(out: string[], name: string, v: number, m: number): void {
  if (m === 0) return;
  out.push(m === 255 ? `${name}=${v}` : `${name}=0x${v.toString(16).padStart(2, "0")}/0x${m.toString(16).padStart(2, "0")}`);
}

function packetTypeText(value: number, mask: number): string {
  if (value === PT_ETH && mask >>> 0 === 0xffffffff) return "eth";
  const part = (v: number, m: number): string => {
    if (m === 0) return "*";
    const t = v > 9 ? `0x${v.toString(16)}` : String(v);
    return m === 0xffff ? t : `${t}/0x${m.toString(16)}`;
  };
  return `packet_type=(${part(value >>> 16, mask >>> 16)},${part(value & 0xffff, mask & 0xffff)})`;
}

/** Options of {@link formatMatch}. */
export interface FormatMatchOptions {
  /** Port names by number, for `in_port` (OVS prints names only with `--names`). */
  readonly portNames?: ReadonlyMap<number, string>;
}

/**
 * OVS's `match_format` of the flow `f` under the mask `m` (same layout), at the default
 * priority (no `priority=`).
 *
 * @internal
 * @example
 * ```ts
 * import { formatMatch } from "./flow-format.js";
 * formatMatch(flow, mask, fields); // "tcp,in_port=13,nw_dst=10.96.0.11,tp_dst=80"
 * ```
 */
export function formatMatch(f: FlowWords, m: FlowWords, fields: FieldTable, options: FormatMatchOptions = {}): string {
  const out: string[] = [];
  u32Masked(out, "pkt_mark", f[W.PKT_MARK]!, m[W.PKT_MARK]!);
  let isMegaflow = false;
  if (m[W.RECIRC_ID] !== 0) {
    u32Masked(out, "recirc_id", f[W.RECIRC_ID]!, m[W.RECIRC_ID]!);
    isMegaflow = true;
  }
  if (m[W.DP_HASH] !== 0) u32Masked(out, "dp_hash", f[W.DP_HASH]!, m[W.DP_HASH]!);
  if (m[W.CONJ_ID] !== 0) out.push(`conj_id=${f[W.CONJ_ID]}`);
  if (m[W.SKB_PRIORITY] !== 0) out.push(`skb_priority=${hex(f[W.SKB_PRIORITY]!)}`);
  if (m[W.ACTSET_OUTPUT] !== 0) out.push(`actset_output=${portText(f[W.ACTSET_OUTPUT]!, options)}`);
  const cm = m[W.CT_STATE]!;
  if (cm !== 0) {
    if (cm === 0xff) out.push(`ct_state=${f[W.CT_STATE] === 0 ? "0" : formatFlagBits(f[W.CT_STATE]!, CT_STATE_NAMES)}`);
    else out.push(flagsMasked("ct_state", f[W.CT_STATE]!, cm, 0xff, CT_STATE_NAMES));
  }
  if (m[W.CT_ZONE] !== 0) {
    const z = f[W.CT_ZONE]!;
    const zm = m[W.CT_ZONE]!;
    out.push(zm === 0xffff ? `ct_zone=${z}` : `ct_zone=0x${z.toString(16).padStart(2, "0")}/0x${zm.toString(16).padStart(2, "0")}`);
  }
  if (m[W.CT_MARK] !== 0) u32Masked(out, "ct_mark", f[W.CT_MARK]!, m[W.CT_MARK]!);
  const lm = u128(m, W.CT_LABEL);
  if (lm !== 0n) {
    const lv = u128(f, W.CT_LABEL);
    out.push(lm === (1n << 128n) - 1n ? `ct_label=${hexBytesText(lv)}` : `ct_label=${hexBytesText(lv)}/${hexBytesText(lm)}`);
  }
  ipMasked(out, "ct_nw_src", f[W.CT_NW_SRC]!, m[W.CT_NW_SRC]!);
  ipv6Masked(out, "ct_ipv6_src", u128(f, W.CT_IPV6_SRC), u128(m, W.CT_IPV6_SRC));
  ipMasked(out, "ct_nw_dst", f[W.CT_NW_DST]!, m[W.CT_NW_DST]!);
  ipv6Masked(out, "ct_ipv6_dst", u128(f, W.CT_IPV6_DST), u128(m, W.CT_IPV6_DST));
  if (m[W.CT_NW_PROTO] !== 0) {
    out.push(`ct_nw_proto=${f[W.CT_NW_PROTO]}`);
    be16Masked(out, "ct_tp_src", f[W.CT_TP_SRC]!, m[W.CT_TP_SRC]!);
    be16Masked(out, "ct_tp_dst", f[W.CT_TP_DST]!, m[W.CT_TP_DST]!);
  }
  let dlType = f[W.DL_TYPE]!;
  const ptm = m[W.PACKET_TYPE]!;
  const pt = f[W.PACKET_TYPE]!;
  if (ptm !== 0 && (!(pt === PT_ETH && ptm >>> 0 === 0xffffffff) || isMegaflow)) {
    out.push(packetTypeText(pt, ptm));
    if (pt >>> 16 === 1) dlType = pt & 0xffff;
  }
  const proto = f[W.NW_PROTO]!;
  let skipType = false;
  let skipProto = false;
  if (m[W.DL_TYPE] !== 0) {
    skipType = true;
    const pm = m[W.NW_PROTO] !== 0;
    if (dlType === ETH_TYPE.IP || dlType === ETH_TYPE.IPV6) {
      const v6 = dlType === ETH_TYPE.IPV6;
      const names: Record<number, string> = v6
        ? { [IPPROTO.ICMPV6]: "icmp6", [IPPROTO.TCP]: "tcp6", [IPPROTO.UDP]: "udp6", [IPPROTO.SCTP]: "sctp6" }
        : { [IPPROTO.ICMP]: "icmp", [IPPROTO.TCP]: "tcp", [IPPROTO.UDP]: "udp", [IPPROTO.SCTP]: "sctp" };
      const n = pm ? names[proto] : undefined;
      out.push(n ?? (v6 ? "ipv6" : "ip"));
      skipProto = n !== undefined;
    } else if (dlType === ETH_TYPE.ARP) out.push("arp");
    else if (dlType === ETH_TYPE.RARP) out.push("rarp");
    else if (dlType === ETH_TYPE.MPLS) out.push("mpls");
    else if (dlType === ETH_TYPE.MPLS_MCAST) out.push("mplsm");
    else skipType = false;
  }
  for (let i = 0; i < 16; i++) u32Masked(out, `reg${i}`, f[W.REGS + i]!, m[W.REGS + i]!);
  formatTunnel(out, f, m, fields);
  be64Masked(out, "metadata", u64(f, W.METADATA), u64(m, W.METADATA));
  if (m[W.IN_PORT] !== 0) out.push(`in_port=${portText(f[W.IN_PORT]!, options)}`);
  formatVlans(out, f, m);
  ethMasked(out, "dl_src", mac(f, W.ETH_SRC), mac(m, W.ETH_SRC));
  ethMasked(out, "dl_dst", mac(f, W.ETH_DST), mac(m, W.ETH_DST));
  if (!skipType && m[W.DL_TYPE] !== 0) out.push(`dl_type=0x${dlType.toString(16).padStart(4, "0")}`);
  const arp = dlType === ETH_TYPE.ARP || dlType === ETH_TYPE.RARP;
  if (dlType === ETH_TYPE.IPV6) {
    ipv6Masked(out, "ipv6_src", u128(f, W.IPV6_SRC), u128(m, W.IPV6_SRC));
    ipv6Masked(out, "ipv6_dst", u128(f, W.IPV6_DST), u128(m, W.IPV6_DST));
    const lm2 = m[W.IPV6_LABEL]!;
    if (lm2 !== 0) {
      const lv = f[W.IPV6_LABEL]!.toString(16).padStart(5, "0");
      out.push(lm2 >>> 0 === 0xffffffff || lm2 === 0xfffff ? `ipv6_label=0x${lv}` : `ipv6_label=0x${lv}/0x${lm2.toString(16).padStart(5, "0")}`);
    }
  } else if (arp) {
    ipMasked(out, "arp_spa", f[W.NW_SRC]!, m[W.NW_SRC]!);
    ipMasked(out, "arp_tpa", f[W.NW_DST]!, m[W.NW_DST]!);
  } else if (dlType === ETH_TYPE.NSH) {
    formatNsh(out, f, m);
  } else {
    ipMasked(out, "nw_src", f[W.NW_SRC]!, m[W.NW_SRC]!);
    ipMasked(out, "nw_dst", f[W.NW_DST]!, m[W.NW_DST]!);
  }
  if (!skipProto && m[W.NW_PROTO] !== 0) out.push(`${arp ? "arp_op" : "nw_proto"}=${proto}`);
  if (arp) {
    ethMasked(out, "arp_sha", mac(f, W.ARP_SHA), mac(m, W.ARP_SHA));
    ethMasked(out, "arp_tha", mac(f, W.ARP_THA), mac(m, W.ARP_THA));
  }
  const tm = m[W.NW_TOS]!;
  if (tm & 0xfc) out.push(`nw_tos=${f[W.NW_TOS]! & 0xfc}`);
  if (tm & 3) out.push(`nw_ecn=${f[W.NW_TOS]! & 3}`);
  if (m[W.NW_TTL] !== 0) out.push(`nw_ttl=${f[W.NW_TTL]}`);
  formatMpls(out, f, m);
  formatFrag(out, f[W.NW_FRAG]!, m[W.NW_FRAG]!);
  if (dlType === ETH_TYPE.IP && proto === IPPROTO.ICMP) {
    be16Masked(out, "icmp_type", f[W.TP_SRC]!, m[W.TP_SRC]!);
    be16Masked(out, "icmp_code", f[W.TP_DST]!, m[W.TP_DST]!);
  } else if (dlType === ETH_TYPE.IPV6 && proto === IPPROTO.ICMPV6) {
    be16Masked(out, "icmp_type", f[W.TP_SRC]!, m[W.TP_SRC]!);
    be16Masked(out, "icmp_code", f[W.TP_DST]!, m[W.TP_DST]!);
    ipv6Masked(out, "nd_target", u128(f, W.ND_TARGET), u128(m, W.ND_TARGET));
    ethMasked(out, "nd_sll", mac(f, W.ARP_SHA), mac(m, W.ARP_SHA));
    ethMasked(out, "nd_tll", mac(f, W.ARP_THA), mac(m, W.ARP_THA));
    if (m[W.IGMP_GROUP] !== 0) {
      const v = f[W.IGMP_GROUP]!;
      const mm = m[W.IGMP_GROUP]!;
      out.push(mm >>> 0 === 0xffffffff ? `nd_reserved=${v}` : `nd_reserved=0x${v.toString(16).padStart(8, "0")}/0x${mm.toString(16).padStart(8, "0")}`);
    }
    if (m[W.TCP_FLAGS] !== 0) be16Masked(out, "nd_options_type", f[W.TCP_FLAGS]!, m[W.TCP_FLAGS]!);
  } else {
    be16Masked(out, "tp_src", f[W.TP_SRC]!, m[W.TP_SRC]!);
    be16Masked(out, "tp_dst", f[W.TP_DST]!, m[W.TP_DST]!);
  }
  if ((dlType === ETH_TYPE.IP || dlType === ETH_TYPE.IPV6) && proto === IPPROTO.TCP && m[W.TCP_FLAGS] !== 0) {
    out.push(flagsMasked("tcp_flags", f[W.TCP_FLAGS]!, m[W.TCP_FLAGS]! & 0xfff, 0xfff, TCP_FLAG_NAMES));
  }
  return out.join(",");
}

function portText(port: number, options: FormatMatchOptions): string {
  return options.portNames?.get(port) ?? formatPortNumber(port);
}

function formatTunnel(out: string[], f: FlowWords, m: FlowWords, fields: FieldTable): void {
  be64Masked(out, "tun_id", u64(f, W.TUN_ID), u64(m, W.TUN_ID));
  ipMasked(out, "tun_src", f[W.TUN_SRC]!, m[W.TUN_SRC]!);
  ipMasked(out, "tun_dst", f[W.TUN_DST]!, m[W.TUN_DST]!);
  ipv6Masked(out, "tun_ipv6_src", u128(f, W.TUN_IPV6_SRC), u128(m, W.TUN_IPV6_SRC));
  ipv6Masked(out, "tun_ipv6_dst", u128(f, W.TUN_IPV6_DST), u128(m, W.TUN_IPV6_DST));
  if (m[W.TUN_GBP_ID] !== 0) be16Masked(out, "tun_gbp_id", f[W.TUN_GBP_ID]!, m[W.TUN_GBP_ID]!);
  if (m[W.TUN_GBP_FLAGS] !== 0) out.push(`tun_gbp_flags=${hex(f[W.TUN_GBP_FLAGS]!)}`);
  if (m[W.TUN_TOS] !== 0) out.push(`tun_tos=${f[W.TUN_TOS]!.toString(16)}`);
  if (m[W.TUN_TTL] !== 0) out.push(`tun_ttl=${f[W.TUN_TTL]}`);
  const ver = f[W.TUN_ERSPAN_VER]!;
  if (m[W.TUN_ERSPAN_VER] !== 0) out.push(`tun_erspan_ver=${ver}`);
  if (m[W.TUN_ERSPAN_IDX] !== 0 && ver === 1) out.push(`tun_erspan_idx=${hex(f[W.TUN_ERSPAN_IDX]!)}`);
  if (m[W.TUN_ERSPAN_DIR] !== 0 && ver === 2) out.push(`tun_erspan_dir=${f[W.TUN_ERSPAN_DIR]}`);
  if (m[W.TUN_ERSPAN_HWID] !== 0 && ver === 2) out.push(`tun_erspan_hwid=${hex(f[W.TUN_ERSPAN_HWID]!)}`);
  if (m[W.TUN_GTPU_FLAGS] !== 0) out.push(`gtpu_flags=${hex(f[W.TUN_GTPU_FLAGS]!)}`);
  if (m[W.TUN_GTPU_MSGTYPE] !== 0) out.push(`gtpu_msgtype=${f[W.TUN_GTPU_MSGTYPE]}`);
  if ((m[W.TUN_FLAGS]! & 0xf) !== 0) out.push(flagsMasked("tun_flags", f[W.TUN_FLAGS]! & 0xf, m[W.TUN_FLAGS]! & 0xf, 0xf, TUN_FLAG_NAMES));
  for (const fd of fields.all) {
    if (fd.special !== "tun_metadata" || fd.tunIndex === undefined || !isTunPresent(m, fd.tunIndex)) continue;
    const mv = readStorage(m, fd.word, fd.words, 0, fd.width);
    if (!isTunPresent(f, fd.tunIndex)) {
      out.push(`tun_metadata${fd.tunIndex}=NP`);
      continue;
    }
    const v = readStorage(f, fd.word, fd.words, 0, fd.width);
    const all = (1n << BigInt(fd.width)) - 1n;
    if (mv === 0n) out.push(`tun_metadata${fd.tunIndex}`);
    else out.push(mv === all ? `tun_metadata${fd.tunIndex}=${hexBytesText(v)}` : `tun_metadata${fd.tunIndex}=${hexBytesText(v)}/${hexBytesText(mv)}`);
  }
}

function formatVlans(out: string[], f: FlowWords, m: FlowWords): void {
  for (let i = 0; i < 2; i++) {
    const tm = m[W.VLAN0_TCI + 2 * i]!;
    if (tm === 0) break;
    const tci = f[W.VLAN0_TCI + 2 * i]!;
    const suffix = i === 0 ? "" : String(i);
    const vidMask = tm & 0x0fff;
    const pcpMask = tm & 0xe000;
    const cfi = tm & 0x1000;
    if (cfi && tci & 0x1000 && (!vidMask || vidMask === 0x0fff) && (!pcpMask || pcpMask === 0xe000) && (vidMask || pcpMask)) {
      if (vidMask) out.push(`dl_vlan${suffix}=${tci & 0x0fff}`);
      if (pcpMask) out.push(`dl_vlan_pcp${suffix}=${tci >>> 13}`);
    } else if (tm === 0xffff) {
      out.push(`vlan_tci${suffix}=0x${tci.toString(16).padStart(4, "0")}`);
    } else {
      out.push(`vlan_tci${suffix}=0x${tci.toString(16).padStart(4, "0")}/0x${tm.toString(16).padStart(4, "0")}`);
    }
  }
}

function formatNsh(out: string[], f: FlowWords, m: FlowWords): void {
  let spiMask = m[W.NSH_PATH]! >>> 8;
  if (spiMask === 0xffffff) spiMask = 0xffffffff;
  u8Masked(out, "nsh_flags", f[W.NSH_FLAGS]!, m[W.NSH_FLAGS]!);
  u8Masked(out, "nsh_ttl", f[W.NSH_TTL]!, m[W.NSH_TTL]!);
  u8Masked(out, "nsh_mdtype", f[W.NSH_MDTYPE]!, m[W.NSH_MDTYPE]!);
  u8Masked(out, "nsh_np", f[W.NSH_NP]!, m[W.NSH_NP]!);
  if (spiMask !== 0) out.push(spiMask >>> 0 === 0xffffffff ? `nsh_spi=0x${(f[W.NSH_PATH]! >>> 8).toString(16)}` : `nsh_spi=0x${(f[W.NSH_PATH]! >>> 8).toString(16)}/0x${spiMask.toString(16)}`);
  u8Masked(out, "nsh_si", f[W.NSH_PATH]! & 0xff, m[W.NSH_PATH]! & 0xff);
  if (m[W.NSH_MDTYPE] === 255 && f[W.NSH_MDTYPE] === 1) {
    for (let i = 0; i < 4; i++) {
      const v = f[W.NSH_C + i]!;
      const mm = m[W.NSH_C + i]!;
      if (mm !== 0) out.push(mm >>> 0 === 0xffffffff ? `nsh_c${i + 1}=0x${v.toString(16)}` : `nsh_c${i + 1}=0x${v.toString(16)}/0x${mm.toString(16)}`);
    }
  }
}

function formatMpls(out: string[], f: FlowWords, m: FlowWords): void {
  const lse = f[W.MPLS_LSE]!;
  const lm = m[W.MPLS_LSE]!;
  if (lm & 0xfffff000) out.push(`mpls_label=${lse >>> 12}`);
  if (lm & 0xe00) out.push(`mpls_tc=${(lse >>> 9) & 7}`);
  if (lm & 0xff) out.push(`mpls_ttl=${lse & 0xff}`);
  if (lm & 0x100) out.push(`mpls_bos=${(lse >>> 8) & 1}`);
  for (let i = 1; i < 3; i++) {
    const v = f[W.MPLS_LSE + i]!;
    const mm = m[W.MPLS_LSE + i]!;
    if (mm !== 0) out.push(mm >>> 0 === 0xffffffff ? `mpls_lse${i}=${v >>> 0}` : `mpls_lse${i}=0x${v.toString(16).padStart(8, "0")}/0x${mm.toString(16).padStart(8, "0")}`);
  }
}

function formatFrag(out: string[], v: number, mask: number): void {
  switch (mask & 3) {
    case FRAG_ANY | FRAG_LATER:
      out.push(`nw_frag=${v & FRAG_ANY ? (v & FRAG_LATER ? "later" : "first") : v & FRAG_LATER ? "<error>" : "no"}`);
      break;
    case FRAG_ANY:
      out.push(`nw_frag=${v & FRAG_ANY ? "yes" : "no"}`);
      break;
    case FRAG_LATER:
      out.push(`nw_frag=${v & FRAG_LATER ? "later" : "not_later"}`);
      break;
  }
}

/**
 * The mask OVS prints a packet's flow with (`flow_format`): `flow_wildcards_init_for_packet`,
 * plus registers and metadata, minus the context fields that are zero.
 *
 * @internal
 * @example
 * ```ts
 * import { packetMask } from "./flow-format.js";
 * const mask = packetMask(flow, fields);
 * ```
 */
export function packetMask(f: FlowWords, fields: FieldTable): FlowWords {
  const m = new Uint32Array(f.length);
  const set = (w: number, n = 1, v = 0xffffffff): void => {
    for (let i = 0; i < n; i++) m[w + i] = v;
  };
  const tunDst = f[W.TUN_DST] !== 0 || f[W.TUN_IPV6_DST] !== 0 || f[W.TUN_IPV6_DST + 1] !== 0 || f[W.TUN_IPV6_DST + 2] !== 0 || f[W.TUN_IPV6_DST + 3] !== 0;
  if (tunDst) {
    if (f[W.TUN_FLAGS]! & 8) set(W.TUN_ID, 2);
    set(W.TUN_SRC);
    set(W.TUN_DST);
    set(W.TUN_IPV6_SRC, 4);
    set(W.TUN_IPV6_DST, 4);
    set(W.TUN_FLAGS, 1, 0xffff);
    set(W.TUN_TOS, 1, 0xff);
    set(W.TUN_TTL, 1, 0xff);
    set(W.TUN_TP_SRC, 1, 0xffff);
    set(W.TUN_TP_DST, 1, 0xffff);
    set(W.TUN_GBP_ID, 1, 0xffff);
    set(W.TUN_GBP_FLAGS, 1, 0xff);
    set(W.TUN_ERSPAN_VER, 1, 0xff);
    set(W.TUN_ERSPAN_IDX);
    set(W.TUN_ERSPAN_DIR, 1, 0xff);
    set(W.TUN_ERSPAN_HWID, 1, 0xff);
    set(W.TUN_GTPU_FLAGS, 1, 0xff);
    set(W.TUN_GTPU_MSGTYPE, 1, 0xff);
    m[W.TUN_MD_PRESENT] = f[W.TUN_MD_PRESENT]!;
    m[W.TUN_MD_PRESENT + 1] = f[W.TUN_MD_PRESENT + 1]!;
    for (const fd of fields.all) if (fd.special === "tun_metadata" && fd.tunIndex !== undefined && isTunPresent(f, fd.tunIndex)) set(fd.word, fd.words);
  } else if (f[W.TUN_ID] !== 0 || f[W.TUN_ID + 1] !== 0) {
    set(W.TUN_ID, 2);
  }
  if (f[W.SKB_PRIORITY] !== 0) set(W.SKB_PRIORITY);
  if (f[W.PKT_MARK] !== 0) set(W.PKT_MARK);
  if (f[W.CT_STATE] !== 0) set(W.CT_STATE, 1, 0xff);
  if (f[W.CT_ZONE] !== 0) set(W.CT_ZONE, 1, 0xffff);
  if (f[W.CT_MARK] !== 0) set(W.CT_MARK);
  if (u128(f, W.CT_LABEL) !== 0n) set(W.CT_LABEL, 4);
  if (f[W.RECIRC_ID] !== 0) set(W.RECIRC_ID);
  if (f[W.DP_HASH] !== 0) set(W.DP_HASH);
  if (f[W.IN_PORT] !== 0) set(W.IN_PORT, 1, 0xffff);
  set(W.PACKET_TYPE);
  for (let i = 0; i < 16; i++) if (f[W.REGS + i] !== 0) set(W.REGS + i);
  if (f[W.METADATA] !== 0 || f[W.METADATA + 1] !== 0) set(W.METADATA, 2);
  let dlType: number;
  if (f[W.PACKET_TYPE] === PT_ETH) {
    set(W.ETH_SRC, 2);
    m[W.ETH_SRC] = 0xffff;
    set(W.ETH_DST, 2);
    m[W.ETH_DST] = 0xffff;
    set(W.DL_TYPE, 1, 0xffff);
    for (let i = 0; i < 2; i++) {
      set(W.VLAN0_TPID + 2 * i, 1, 0xffff);
      set(W.VLAN0_TCI + 2 * i, 1, 0xffff);
      if (f[W.VLAN0_TCI + 2 * i] === 0) break;
    }
    dlType = f[W.DL_TYPE]!;
  } else {
    dlType = f[W.PACKET_TYPE]! & 0xffff;
  }
  // ct_nw_* / ct_tp_* are printed only with a valid conntrack state and a protocol.
  const st = f[W.CT_STATE]!;
  const ctValid = ((st & (CS.NEW | CS.EST | CS.REL | CS.RPL | CS.SNAT | CS.DNAT)) !== 0 || ((st & CS.TRK) !== 0 && (st & CS.INV) === 0)) && f[W.CT_NW_PROTO] !== 0;
  if (dlType === ETH_TYPE.IP) {
    set(W.NW_SRC);
    set(W.NW_DST);
    if (ctValid) {
      set(W.CT_NW_SRC);
      set(W.CT_NW_DST);
    }
  } else if (dlType === ETH_TYPE.IPV6) {
    set(W.IPV6_SRC, 4);
    set(W.IPV6_DST, 4);
    set(W.IPV6_LABEL, 1, 0xfffff);
    const proto = f[W.NW_PROTO];
    const nd = proto === IPPROTO.ICMPV6 && f[W.TP_DST] === 0 && (f[W.TP_SRC] === 135 || f[W.TP_SRC] === 136);
    if (nd) {
      set(W.ARP_SHA, 2);
      m[W.ARP_SHA] = 0xffff;
      set(W.ARP_THA, 2);
      m[W.ARP_THA] = 0xffff;
      set(W.ND_TARGET, 4);
    } else if (ctValid) {
      set(W.CT_IPV6_SRC, 4);
      set(W.CT_IPV6_DST, 4);
    }
  } else if (dlType === ETH_TYPE.ARP || dlType === ETH_TYPE.RARP) {
    set(W.NW_SRC);
    set(W.NW_DST);
    set(W.NW_PROTO, 1, 0xff);
    set(W.ARP_SHA, 2);
    m[W.ARP_SHA] = 0xffff;
    set(W.ARP_THA, 2);
    m[W.ARP_THA] = 0xffff;
    return m;
  } else if (dlType === ETH_TYPE.MPLS || dlType === ETH_TYPE.MPLS_MCAST) {
    for (let i = 0; i < 3; i++) {
      set(W.MPLS_LSE + i);
      if (f[W.MPLS_LSE + i]! & 0x100) break;
    }
    return m;
  } else if (f[W.DL_TYPE] === ETH_TYPE.NSH) {
    set(W.NSH_FLAGS, 1, 0xff);
    set(W.NSH_TTL, 1, 0xff);
    set(W.NSH_MDTYPE, 1, 0xff);
    set(W.NSH_NP, 1, 0xff);
    set(W.NSH_PATH);
    set(W.NSH_C, 4);
  } else {
    return m;
  }
  set(W.NW_FRAG, 1, 3);
  set(W.NW_TOS, 1, 0xff);
  set(W.NW_TTL, 1, 0xff);
  set(W.NW_PROTO, 1, 0xff);
  if (ctValid) {
    set(W.CT_NW_PROTO, 1, 0xff);
    set(W.CT_TP_SRC, 1, 0xffff);
    set(W.CT_TP_DST, 1, 0xffff);
  }
  const proto = f[W.NW_PROTO]!;
  if (!(f[W.NW_FRAG]! & FRAG_LATER) && [IPPROTO.ICMP, IPPROTO.ICMPV6, IPPROTO.TCP, IPPROTO.UDP, IPPROTO.SCTP, IPPROTO.IGMP].includes(proto as 1)) {
    set(W.TP_SRC, 1, 0xffff);
    set(W.TP_DST, 1, 0xffff);
    if (proto === IPPROTO.TCP) set(W.TCP_FLAGS, 1, 0xffff);
    else if (proto === IPPROTO.IGMP) set(W.IGMP_GROUP);
  }
  return m;
}

/**
 * OVS's `flow_format`: the text of a `Flow:` / `Final flow:` line.
 *
 * @internal
 * @example
 * ```ts
 * import { formatFlowWords } from "./flow-format.js";
 * formatFlowWords(flow, fields); // "tcp,in_port=13,vlan_tci=0x0000,dl_src=..."
 * ```
 */
export function formatFlowWords(f: FlowWords, fields: FieldTable, options: FormatMatchOptions = {}): string {
  return formatMatch(f, packetMask(f, fields), fields, options);
}
