/**
 * `commit_odp_actions` (lib/odp-util.c): before an output, a conntrack action or a
 * recirculation, the fields the OpenFlow actions changed become datapath actions, by comparing
 * the flow with the "base" flow (the packet as the datapath has it so far): `set(eth(...))`,
 * `set(ipv4(ttl=63))`, `set(arp(...))`, `push_vlan`, `pop_mpls`, `push_eth`, `pop_nsh()`...
 * A field is printed with its mask when the translation knew only some of its bits
 * (the wildcard mask, see {@link XlateMasks}).
 *
 * @module
 */
import { type FlowWords, readStorage } from "./flow-state.js";
import { BASE_WORDS, ETH_TYPE, IPPROTO, PT_ETH, PT_NSH, W } from "./layout.js";
import { ipv4Text, ipv6Text, macText } from "./net-text.js";
import { type OdpAction, leaf } from "./odp-actions.js";
import { isIpAny } from "./prereqs.js";

/** What a commit needs besides the flows: the wildcard masks and the pending encap/decap. */
export interface CommitState {
  readonly wc: FlowWords;
  pendingEncap: boolean;
  pendingDecap: boolean;
}

type Fmt = "eth" | "ipv4" | "u8u" | "u8x" | "be16" | "in6" | "label" | "frag";

interface KeyField {
  readonly name: string;
  readonly word: number;
  readonly words: number;
  readonly shift: number;
  readonly width: number;
  readonly fmt: Fmt;
  /** Not writable by a set action: its mask is always cleared. */
  readonly readOnly?: boolean;
}

const kf = (name: string, word: number, words: number, width: number, fmt: Fmt, readOnly = false, shift = 0): KeyField => ({ name, word, words, shift, width, fmt, ...(readOnly ? { readOnly } : {}) });

const ETH_KEY: readonly KeyField[] = [kf("src", W.ETH_SRC, 2, 48, "eth"), kf("dst", W.ETH_DST, 2, 48, "eth")];
const IPV4_KEY: readonly KeyField[] = [
  kf("src", W.NW_SRC, 1, 32, "ipv4"),
  kf("dst", W.NW_DST, 1, 32, "ipv4"),
  kf("proto", W.NW_PROTO, 1, 8, "u8u", true),
  kf("tos", W.NW_TOS, 1, 8, "u8x"),
  kf("ttl", W.NW_TTL, 1, 8, "u8u"),
  kf("frag", W.NW_FRAG, 1, 8, "frag", true),
];
const IPV6_KEY: readonly KeyField[] = [
  kf("src", W.IPV6_SRC, 4, 128, "in6"),
  kf("dst", W.IPV6_DST, 4, 128, "in6"),
  kf("label", W.IPV6_LABEL, 1, 20, "label"),
  kf("proto", W.NW_PROTO, 1, 8, "u8u", true),
  kf("tclass", W.NW_TOS, 1, 8, "u8x"),
  kf("hlimit", W.NW_TTL, 1, 8, "u8u"),
  kf("frag", W.NW_FRAG, 1, 8, "frag", true),
];
const ARP_KEY: readonly KeyField[] = [
  kf("sip", W.NW_SRC, 1, 32, "ipv4"),
  kf("tip", W.NW_DST, 1, 32, "ipv4"),
  kf("op", W.NW_PROTO, 1, 16, "be16"),
  kf("sha", W.ARP_SHA, 2, 48, "eth"),
  kf("tha", W.ARP_THA, 2, 48, "eth"),
];
const TP_KEY: readonly KeyField[] = [kf("src", W.TP_SRC, 1, 16, "be16"), kf("dst", W.TP_DST, 1, 16, "be16")];
const ICMP_KEY: readonly KeyField[] = [kf("type", W.TP_SRC, 1, 8, "u8u"), kf("code", W.TP_DST, 1, 8, "u8u")];
const ND_KEY: readonly KeyField[] = [kf("target", W.ND_TARGET, 4, 128, "in6"), kf("sll", W.ARP_SHA, 2, 48, "eth"), kf("tll", W.ARP_THA, 2, 48, "eth")];

const ones = (bits: number): bigint => (1n << BigInt(bits)) - 1n;
const FRAG_NAMES = ["no", "first", "later"];

function fieldText(f: KeyField, v: bigint, m: bigint): string {
  const full = m === ones(f.width);
  switch (f.fmt) {
    case "eth":
      return full ? `${f.name}=${macText(v)}` : `${f.name}=${macText(v)}/${macText(m)}`;
    case "ipv4":
      return full ? `${f.name}=${ipv4Text(Number(v))}` : `${f.name}=${ipv4Text(Number(v))}/${ipv4Text(Number(m))}`;
    case "in6":
      return full ? `${f.name}=${ipv6Text(v)}` : `${f.name}=${ipv6Text(v)}/${ipv6Text(m)}`;
    case "u8u":
      return full ? `${f.name}=${v}` : `${f.name}=${v}/0x${m.toString(16)}`;
    case "u8x":
      return `${f.name}=${v === 0n ? "0" : "0x" + v.toString(16)}${full ? "" : `/${m === 0n ? "0" : "0x" + m.toString(16)}`}`;
    case "be16":
      return full ? `${f.name}=${v}` : `${f.name}=${v}/0x${m.toString(16)}`;
    case "label":
      return `${f.name}=${v === 0n ? "0" : "0x" + v.toString(16)}${full ? "" : `/0x${m.toString(16)}`}`;
    case "frag":
      return `${f.name}=${FRAG_NAMES[Number(v)] ?? "<error>"}`;
  }
}

/**
 * `commit()` of one key attribute: if any field differs between `flow` and `base`, appends
 * `set(attr(...))` (only the changed fields, with their masks, when `useMasked` and not every
 * field changed), copies the fields into `base` and widens the masks.
 */
function commitKey(attr: string, key: readonly KeyField[], flow: FlowWords, base: FlowWords, st: CommitState, useMasked: boolean, out: OdpAction[]): boolean {
  const masks: bigint[] = [];
  let differ = false;
  let fully = true;
  for (const f of key) {
    const v = readStorage(flow, f.word, f.words, f.shift, f.width);
    const b = readStorage(base, f.word, f.words, f.shift, f.width);
    let m = f.readOnly ? 0n : readStorage(st.wc, f.word, f.words, f.shift, f.width);
    if (v === b) m = 0n;
    else differ = true;
    if (m !== ones(f.width)) fully = false;
    masks.push(m);
  }
  if (!differ) return false;
  const parts: string[] = [];
  key.forEach((f, i) => {
    let m = masks[i] as bigint;
    if (!useMasked || fully) m = ones(f.width);
    else if (m === 0n) return;
    const v = readStorage(flow, f.word, f.words, f.shift, f.width);
    parts.push(fieldText(f, useMasked && !fully ? v & m : v, m));
  });
  out.push(leaf(`set(${attr}(${parts.join(",")}))`));
  for (const f of key) {
    writeField(base, f, readStorage(flow, f.word, f.words, f.shift, f.width));
    // An unmasked set writes every field: the megaflow then depends on all of them.
    if (!useMasked || fully) writeField(st.wc, f, ones(f.width));
  }
  return true;
}

function writeField(flow: FlowWords, f: KeyField, v: bigint): void {
  if (f.words === 1) {
    const m = Number(ones(f.width)) << f.shift;
    flow[f.word] = ((flow[f.word]! & ~m) | (Number(v) << f.shift)) >>> 0;
    return;
  }
  let x = v;
  for (let i = f.words - 1; i >= 0; i--) {
    flow[f.word + i] = Number(x & 0xffffffffn);
    x >>= 32n;
  }
}

const isMpls = (t: number): boolean => t === ETH_TYPE.MPLS || t === ETH_TYPE.MPLS_MCAST;

/**
 * Number of MPLS labels (`flow_count_mpls_labels`).
 *
 * @internal
 * @example
 * ```ts
 * import { countMplsLabels } from "./odp-commit.js";
 * countMplsLabels(ctx.flow); // 0 for an IP packet
 * ```
 */
export function countMplsLabels(flow: FlowWords): number {
  if (!isMpls(flow[W.DL_TYPE]!)) return 0;
  let cnt = 0;
  for (let i = 0; i < 3; i++) {
    const lse = flow[W.MPLS_LSE + i]!;
    if (lse & 0x100) return i + 1;
    if (lse !== 0) cnt++;
  }
  return cnt;
}

/**
 * `flow_push_mpls`: a new top label (copied from the current top, or made from the IP header
 * for the first one), `dl_type` set to `ethertype`; with `clearL3` the L3/L4 fields are cleared.
 *
 * @internal
 * @example
 * ```ts
 * import { pushMpls } from "./odp-commit.js";
 * pushMpls(flow, 0, 0x8847, wc, true);
 * ```
 */
export function pushMpls(flow: FlowWords, n: number, ethertype: number, wc: FlowWords | undefined, clearL3: boolean): void {
  if (n > 0) {
    if (wc !== undefined) for (let i = 0; i < n; i++) wc[W.MPLS_LSE + i] = 0xffffffff;
    for (let i = n; i >= 1; i--) flow[W.MPLS_LSE + i] = flow[W.MPLS_LSE + i - 1]!;
    flow[W.MPLS_LSE] = (flow[W.MPLS_LSE + 1]! & ~0x100) >>> 0;
  } else {
    let label = 0;
    let tc = 0;
    let ttl = 64;
    if (flow[W.DL_TYPE] === ETH_TYPE.IPV6) label = 2;
    if (isIpAny(flow)) {
      tc = (flow[W.NW_TOS]! & 0xfc) >>> 2;
      if (wc !== undefined) {
        wc[W.NW_TOS] = (wc[W.NW_TOS]! | 0xfc) >>> 0;
        wc[W.NW_TTL] = 0xff;
      }
      if (flow[W.NW_TTL] !== 0) ttl = flow[W.NW_TTL]!;
    }
    flow[W.MPLS_LSE] = ((label << 12) | ((tc & 7) << 9) | 0x100 | (ttl & 0xff)) >>> 0;
    if (clearL3) {
      for (let w = W.NW_SRC; w < W.NSH_FLAGS; w++) flow[w] = 0;
      flow[W.DP_HASH] = 0;
    }
  }
  flow[W.DL_TYPE] = ethertype;
}

/**
 * `flow_pop_mpls`: removes the top label; false when there is nothing (or nothing known) to pop.
 *
 * @internal
 * @example
 * ```ts
 * import { popMpls } from "./odp-commit.js";
 * popMpls(flow, 1, 0x0800, wc); // true
 * ```
 */
export function popMpls(flow: FlowWords, n: number, ethertype: number, wc: FlowWords | undefined): boolean {
  if (n === 0) return false;
  if (n === 3) {
    if (wc !== undefined) wc[W.MPLS_LSE + 2] = (wc[W.MPLS_LSE + 2]! | 0x100) >>> 0;
    if ((flow[W.MPLS_LSE + 2]! & 0x100) === 0) return false;
  }
  if (wc !== undefined) for (let i = 1; i < n; i++) wc[W.MPLS_LSE + i] = 0xffffffff;
  for (let i = 1; i < n; i++) flow[W.MPLS_LSE + i - 1] = flow[W.MPLS_LSE + i]!;
  flow[W.MPLS_LSE + n - 1] = 0;
  flow[W.DL_TYPE] = ethertype;
  return true;
}

function lseText(lse: number): string {
  return `label=${lse >>> 12},tc=${(lse >>> 9) & 7},ttl=${lse & 0xff},bos=${(lse >>> 8) & 1}`;
}

/** `commit_mpls_action`. */
function commitMpls(flow: FlowWords, base: FlowWords, out: OdpAction[], pendingEncap: boolean): void {
  let baseN = countMplsLabels(base);
  const flowN = countMplsLabels(flow);
  let commonN = 0;
  const minN = Math.min(baseN, flowN);
  for (let i = 0; i < minN; i++) {
    if (flow[W.MPLS_LSE + flowN - 1 - i] !== base[W.MPLS_LSE + baseN - 1 - i]) break;
    commonN++;
  }
  while (baseN > commonN) {
    if (baseN - 1 === commonN && flowN > commonN) {
      const lse = flow[W.MPLS_LSE + flowN - baseN]!;
      out.push(leaf(`set(mpls(${lseText(lse)}))`));
      base[W.MPLS_LSE] = lse;
      commonN++;
    } else {
      const dlType = !isMpls(flow[W.DL_TYPE]!) && baseN > 1 ? ETH_TYPE.MPLS : flow[W.DL_TYPE]!;
      out.push(leaf(`pop_mpls(eth_type=0x${dlType.toString(16)})`));
      popMpls(base, baseN, flow[W.DL_TYPE]!, undefined);
      baseN--;
    }
  }
  while (baseN < flowN) {
    const lse = flow[W.MPLS_LSE + flowN - baseN - 1]!;
    out.push(leaf(`${pendingEncap ? "add_mpls" : "push_mpls"}(${lseText(lse)},eth_type=0x${flow[W.DL_TYPE]!.toString(16)})`));
    pushMpls(base, baseN, flow[W.DL_TYPE]!, undefined, false);
    base[W.MPLS_LSE] = lse;
    baseN++;
  }
}

function vlanCount(flow: FlowWords): number {
  let i = 0;
  for (; i < 2; i++) if ((flow[W.VLAN0_TCI + 2 * i]! & 0x1000) === 0) break;
  return i;
}

/** `commit_vlan_action`: pop the tags that differ, push the new ones. */
function commitVlan(flow: FlowWords, base: FlowWords, st: CommitState, out: OdpAction[]): void {
  let baseN = vlanCount(base) - 1;
  let flowN = vlanCount(flow) - 1;
  for (; baseN >= 0 && flowN >= 0; baseN--, flowN--) {
    if (base[W.VLAN0_TPID + 2 * baseN] !== flow[W.VLAN0_TPID + 2 * flowN] || base[W.VLAN0_TCI + 2 * baseN] !== flow[W.VLAN0_TCI + 2 * flowN]) break;
  }
  for (; baseN >= 0; baseN--) {
    out.push(leaf("pop_vlan"));
    st.wc[W.VLAN0_TPID + 2 * baseN] = 0xffff;
    st.wc[W.VLAN0_TCI + 2 * baseN] = 0xffff;
  }
  for (; flowN >= 0; flowN--) {
    const tpid = flow[W.VLAN0_TPID + 2 * flowN]!;
    const tci = flow[W.VLAN0_TCI + 2 * flowN]!;
    let s = "push_vlan(";
    if (tpid !== ETH_TYPE.VLAN) s += `tpid=0x${tpid.toString(16).padStart(4, "0")},`;
    // format_vlan_tci with an exact mask: vid and pcp always, cfi only when clear.
    const parts: string[] = [`vid=${tci & 0xfff}`, `pcp=${tci >>> 13}`];
    if ((tci & 0x1000) === 0) parts.push("cfi=0");
    out.push(leaf(s + parts.join(",") + ")"));
  }
  for (let i = 0; i < 4; i++) base[W.VLAN0_TPID + i] = flow[W.VLAN0_TPID + i]!;
}

function commitU32(name: string, word: number, flow: FlowWords, base: FlowWords, st: CommitState, out: OdpAction[]): void {
  const v = flow[word]!;
  if (v === base[word]) return;
  const m = st.wc[word]! >>> 0;
  const hex = (n: number): string => (n === 0 ? "0" : "0x" + (n >>> 0).toString(16));
  out.push(leaf(m === 0xffffffff || m === 0 ? `set(${name}(${hex(v)}))` : `set(${name}(${hex(v & m)}/${hex(m)}))`));
  base[word] = v;
  st.wc[word] = (st.wc[word]! | m) >>> 0;
}

/**
 * The NSH header of `flow` as `push_nsh(...)` prints it.
 *
 * @internal
 * @example
 * ```ts
 * import { nshText } from "./odp-commit.js";
 * nshText(flow); // "flags=0,ttl=63,mdtype=1,np=3,spi=0x1234,si=255,c1=0x11223344,c2=0x0,c3=0x0,c4=0x0"
 * ```
 */
export function nshText(flow: FlowWords): string {
  const path = flow[W.NSH_PATH]!;
  let s = `flags=${flow[W.NSH_FLAGS]},ttl=${flow[W.NSH_TTL]},mdtype=${flow[W.NSH_MDTYPE]},np=${flow[W.NSH_NP]},spi=0x${(path >>> 8).toString(16)},si=${path & 0xff}`;
  if (flow[W.NSH_MDTYPE] === 1) for (let i = 0; i < 4; i++) s += `,c${i + 1}=0x${flow[W.NSH_C + i]!.toString(16)}`;
  return s;
}

/** `commit_encap_decap_action`. */
function commitEncapDecap(flow: FlowWords, base: FlowWords, st: CommitState, out: OdpAction[]): void {
  const pt = flow[W.PACKET_TYPE]!;
  if (st.pendingEncap) {
    if (pt === PT_ETH) {
      out.push(leaf(`push_eth(src=${macText(readStorage(flow, W.ETH_SRC, 2, 0, 48))},dst=${macText(readStorage(flow, W.ETH_DST, 2, 0, 48))})`));
      base[W.PACKET_TYPE] = pt;
      for (let i = 0; i < 2; i++) {
        base[W.ETH_SRC + i] = flow[W.ETH_SRC + i]!;
        base[W.ETH_DST + i] = flow[W.ETH_DST + i]!;
      }
    } else if (pt === PT_NSH) {
      out.push(leaf(`push_nsh(${nshText(flow)})`));
      base[W.PACKET_TYPE] = pt;
      for (let w = W.ETH_SRC; w < BASE_WORDS; w++) base[w] = flow[w]!;
    } else {
      commitMpls(flow, base, out, true);
    }
  } else if (st.pendingDecap || pt !== base[W.PACKET_TYPE]) {
    if (pt >>> 16 === 1 && base[W.PACKET_TYPE] === PT_ETH) {
      out.push(leaf("pop_eth"));
      base[W.PACKET_TYPE] = pt;
      for (let i = 0; i < 2; i++) {
        base[W.ETH_SRC + i] = 0;
        base[W.ETH_DST + i] = 0;
      }
    } else if (base[W.PACKET_TYPE] === PT_NSH) {
      out.push(leaf("pop_nsh()"));
    } else {
      commitMpls(flow, base, out, false);
    }
  }
  st.wc[W.PACKET_TYPE] = 0xffffffff;
}

/**
 * `commit_odp_actions`: appends to `out` the datapath actions that turn `base` into `flow`,
 * updates `base`, and returns true when a change needs the slow path (ARP, ICMP and ND
 * fields have no datapath set action OVS trusts).
 *
 * @internal
 * @example
 * ```ts
 * import { commitOdpActions } from "./odp-commit.js";
 * const slow = commitOdpActions(flow, base, state, odp);
 * ```
 */
export function commitOdpActions(flow: FlowWords, base: FlowWords, st: CommitState, out: OdpAction[]): boolean {
  let slow = false;
  commitEncapDecap(flow, base, st, out);
  if (flow[W.PACKET_TYPE] === PT_ETH && base[W.PACKET_TYPE] === PT_ETH) commitKey("eth", ETH_KEY, flow, base, st, true, out);
  let mplsDone = false;
  if (isMpls(base[W.DL_TYPE]!) && !isMpls(flow[W.DL_TYPE]!)) {
    commitMpls(flow, base, out, false);
    mplsDone = true;
  }
  const proto = flow[W.NW_PROTO]!;
  if (proto !== 0) {
    const t = base[W.DL_TYPE];
    if (t === ETH_TYPE.IP) commitKey("ipv4", IPV4_KEY, flow, base, st, true, out);
    else if (t === ETH_TYPE.IPV6) {
      commitKey("ipv6", IPV6_KEY, flow, base, st, true, out);
      if (base[W.NW_PROTO] === IPPROTO.ICMPV6 && commitKey("nd", ND_KEY, flow, base, st, true, out)) slow = true;
    } else if (t === ETH_TYPE.ARP) {
      if (commitKey("arp", ARP_KEY, flow, base, st, true, out)) slow = true;
    }
    if (isIpAny(base)) {
      const attr = proto === IPPROTO.TCP ? "tcp" : proto === IPPROTO.UDP ? "udp" : proto === IPPROTO.SCTP ? "sctp" : undefined;
      if (attr !== undefined) commitKey(attr, TP_KEY, flow, base, st, true, out);
    }
  }
  const dl = flow[W.DL_TYPE];
  if (dl === ETH_TYPE.IP && proto === IPPROTO.ICMP) {
    if (commitKey("icmp", ICMP_KEY, flow, base, st, false, out)) slow = true;
  } else if (dl === ETH_TYPE.IPV6 && proto === IPPROTO.ICMPV6) {
    if (commitKey("icmpv6", ICMP_KEY, flow, base, st, false, out)) slow = true;
  }
  if (!mplsDone) commitMpls(flow, base, out, false);
  commitVlan(flow, base, st, out);
  commitU32("skb_priority", W.SKB_PRIORITY, flow, base, st, out);
  commitU32("skb_mark", W.PKT_MARK, flow, base, st, out);
  st.pendingEncap = false;
  st.pendingDecap = false;
  return slow;
}
