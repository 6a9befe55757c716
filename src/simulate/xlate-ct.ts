/**
 * Conntrack: `ct(...)` (`compose_conntrack_action`: the nested NAT and `exec` actions first,
 * then the datapath `ct(commit,zone=N,mark=...,label=...,nat(...))`, the fork to the
 * recirculation table, and the conntrack fields cleared) and `ct_clear`.
 *
 * Conntrack state itself is not simulated: a recirculated section starts with the ct_state of
 * `--ct-next` (OVS's default `trk|new`), as `ofproto/trace` does.
 *
 * @module
 */
import type { Action, CtAction, NatSpec } from "../openflow/actions/types.js";
import { readBits, readStorage } from "./flow-state.js";
import { ETH_TYPE, W } from "./layout.js";
import { parseIpv4, parseIpv6 } from "./net-text.js";
import { leaf } from "./odp-actions.js";
import { doXlateActions } from "./xlate-actions.js";
import { commitNow } from "./xlate-commit.js";
import { type XlateCtx, xreport } from "./xlate-context.js";
import { subfieldOf, unwildcard } from "./xlate-fields.js";
import { composeRecirculateAndFork } from "./xlate-nest.js";
import { ipv6Text } from "./net-text.js";

/**
 * Clears the conntrack fields of a flow (`flow_clear_conntrack`).
 *
 * @internal
 * @example
 * ```ts
 * import { clearConntrack } from "./xlate-ct.js";
 * clearConntrack(ctx.flow);
 * ```
 */
export function clearConntrack(flow: Uint32Array): void {
  flow[W.CT_STATE] = 0;
  flow[W.CT_ZONE] = 0;
  flow[W.CT_MARK] = 0;
  for (let i = 0; i < 4; i++) flow[W.CT_LABEL + i] = 0;
  flow[W.CT_NW_PROTO] = 0;
  flow[W.CT_TP_SRC] = 0;
  flow[W.CT_TP_DST] = 0;
  if (flow[W.DL_TYPE] === ETH_TYPE.IP) {
    flow[W.CT_NW_SRC] = 0;
    flow[W.CT_NW_DST] = 0;
  } else if (flow[W.DL_TYPE] === ETH_TYPE.IPV6) {
    for (let i = 0; i < 4; i++) {
      flow[W.CT_IPV6_SRC + i] = 0;
      flow[W.CT_IPV6_DST + i] = 0;
    }
  }
}

const hex0 = (v: bigint): string => (v === 0n ? "0" : "0x" + v.toString(16));

/**
 * `format_odp_ct_nat` of a NAT action (as `put_ct_nat` encodes it).
 *
 * @internal
 * @example
 * ```ts
 * import { natText } from "./xlate-ct.js";
 * natText(natSpec); // "nat(src=10.0.0.100-10.0.0.110:2000-2100)"
 * ```
 */
export function natText(nat: NatSpec): string {
  if (nat.type === undefined) return "nat";
  let s = `nat(${nat.type}`;
  const v6 = nat.addrMin?.kind === "ipv6";
  const min = nat.addrMin === undefined ? undefined : v6 ? parseIpv6(nat.addrMin.value) : parseIpv4(nat.addrMin.value);
  const max = nat.addrMax === undefined ? undefined : v6 ? parseIpv6(nat.addrMax.value) : parseIpv4(nat.addrMax.value);
  if (nat.addrMin !== undefined && min !== undefined) {
    const bracket = v6 && nat.portMin !== undefined && nat.portMin !== 0;
    const addr = (a: string): string => (bracket ? `[${a}]` : a);
    s += "=" + addr(v6 ? ipv6Text(min as bigint) : nat.addrMin.value);
    if (nat.addrMax !== undefined && max !== undefined && BigInt(max) > BigInt(min)) s += "-" + addr(v6 ? ipv6Text(max as bigint) : nat.addrMax.value);
    if (nat.portMin !== undefined && nat.portMin !== 0) {
      s += `:${nat.portMin}`;
      if (nat.portMax !== undefined && nat.portMax > nat.portMin) s += `-${nat.portMax}`;
    }
  }
  if (nat.flags.includes("persistent")) s += ",persistent";
  if (nat.flags.includes("hash")) s += ",hash";
  else if (nat.flags.includes("random")) s += ",random";
  return s + ")";
}

/**
 * `compose_conntrack_action`.
 *
 * @internal
 * @example
 * ```ts
 * import { composeConntrack } from "./xlate-ct.js";
 * composeConntrack(ctx, ctAction, [ctAction.nat, ...ctAction.exec], last);
 * ```
 */
export function composeConntrack(ctx: XlateCtx, a: CtAction, nested: readonly (Action | NatSpec)[], last: boolean): void {
  let zone = 0;
  if (typeof a.zone === "object") {
    const sf = subfieldOf(ctx, a.zone);
    if (sf === undefined) ctx.note("unknown-field", `ct zone field ${a.zone.field} is not known to the simulator; zone 0 used`);
    else {
      zone = Number(readBits(ctx.flow, sf.field, sf.ofs, sf.nBits));
      unwildcard(ctx, sf);
    }
  } else if (a.zone !== undefined) zone = a.zone;
  const wc = ctx.wc;
  const oldMark = wc[W.CT_MARK]!;
  const oldLabel = wc.slice(W.CT_LABEL, W.CT_LABEL + 4);
  commitNow(ctx);
  ctx.ctNat = undefined;
  wc[W.CT_MARK] = 0;
  for (let i = 0; i < 4; i++) wc[W.CT_LABEL + i] = 0;
  doXlateActions(ctx, nested, last, false);
  const parts: string[] = [];
  if (a.commit) parts.push(a.force ? "force_commit" : "commit");
  if (zone !== 0) parts.push(`zone=${zone}`);
  const markMask = wc[W.CT_MARK]!;
  if (markMask !== 0) parts.push(`mark=${hex0(BigInt((ctx.flow[W.CT_MARK]! & markMask) >>> 0))}/${hex0(BigInt(markMask))}`);
  const labelMask = readStorage(wc, W.CT_LABEL, 4, 0, 128);
  if (labelMask !== 0n) {
    const v = readStorage(ctx.flow, W.CT_LABEL, 4, 0, 128) & labelMask;
    parts.push(labelMask === (1n << 128n) - 1n ? `label=${hex0(v)}` : `label=${hex0(v)}/${hex0(labelMask)}`);
  }
  if (a.alg === "ftp" || a.alg === "tftp") parts.push(`helper=${a.alg}`);
  if (ctx.ctNat !== undefined) parts.push(natText(ctx.ctNat));
  ctx.odp.push(leaf(parts.length === 0 ? "ct" : `ct(${parts.join(",")})`));
  wc[W.CT_MARK] = oldMark;
  wc.set(oldLabel, W.CT_LABEL);
  if (a.table !== undefined) {
    ctx.conntracked = true;
    composeRecirculateAndFork(ctx, a.table, zone);
  }
  ctx.ctNat = undefined;
  clearConntrack(ctx.flow);
  xreport(ctx, "detail", "Sets the packet to an untracked state, and clears all the conntrack fields.");
  ctx.conntracked = false;
}

/**
 * `compose_ct_clear_action` (emitted only after a conntrack action in this bridge).
 *
 * @internal
 * @example
 * ```ts
 * import { composeCtClear } from "./xlate-ct.js";
 * if (ctx.conntracked) composeCtClear(ctx);
 * ```
 */
export function composeCtClear(ctx: XlateCtx): void {
  ctx.conntracked = false;
  clearConntrack(ctx.flow);
  ctx.odp.push(leaf("ct_clear"));
}
