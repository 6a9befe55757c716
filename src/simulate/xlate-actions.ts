/**
 * The action interpreter: OVS's `do_xlate_actions` over the typed actions of a flow. Each
 * action is first reported as an action line of the trace (its text as `ovs-ofctl` prints it,
 * which is what OVS's `ofpacts_format` prints too), then applied to the flow or turned into
 * datapath actions, in OVS's order, with its checks (prerequisites of `set_field`, TTL 1, the
 * MPLS recirculation, freezing after a recirculation point).
 *
 * @module
 */
import { formatAction, formatActions } from "../openflow/actions/format.js";
import { formatNat } from "../openflow/actions/ct.js";
import type { Action, ArgAction, NatSpec } from "../openflow/actions/types.js";
import { applyWordWrite, getField, readBits, setField, wordWrite, writeBits } from "./flow-state.js";
import { ETH_TYPE, FRAG_LATER, OFPP, W } from "./layout.js";
import { leaf } from "./odp-actions.js";
import { countMplsLabels, popMpls, pushMpls } from "./odp-commit.js";
import { isIpAny, prereqsOk } from "./prereqs.js";
import { type FrozenAction, type XlateCtx, xreport } from "./xlate-context.js";
import { actionValueMask, subfieldNowText, subfieldOf, unwildcard } from "./xlate-fields.js";
import { composeConntrack, composeCtClear } from "./xlate-ct.js";
import { xlateGroupAction } from "./xlate-group.js";
import { xlateBundleAction, xlateMultipathAction } from "./xlate-hashing.js";
import { xlateLearnAction } from "./xlate-learn.js";
import { cloneXlateActions, ctxTriggerFreeze, freezeUnrollActions, xlateCheckPktLarger, xlateWriteActions } from "./xlate-nest.js";
import { xlateControllerAction, xlateOutputAction, xlateOutputRegAction, xlateOutputTruncAction, xlateSampleAction, xlateEncapAction, xlateDecapAction } from "./xlate-output.js";
import { xlateResubmit, xlateTableAction } from "./xlate-table.js";

/** Actions that, after an MPLS pop, do not need the inner headers (`recirc_for_mpls`). */
function needsMplsRecirc(ctx: XlateCtx, a: Action): boolean {
  switch (a.kind) {
    case "output":
    case "enqueue":
    case "set_queue":
    case "group":
    case "mod_vlan_vid":
    case "mod_vlan_pcp":
    case "set_vlan_vid":
    case "set_vlan_pcp":
    case "mod_dl_src":
    case "mod_dl_dst":
    case "set_tunnel":
    case "set_tunnel64":
      return false;
    case "set_field": {
      const f = subfieldOf(ctx, a.dst)?.field;
      return f !== undefined && isL3OrHigher(f.word);
    }
    default:
      return true;
  }
}

const isL3OrHigher = (word: number): boolean => word >= W.NW_SRC;

/** The nested actions OVS runs for a `ct(...)`: its NAT, then its `exec` actions. */
function ctNested(a: Extract<Action, { kind: "ct" }>): (Action | NatSpec)[] {
  const out: (Action | NatSpec)[] = [];
  if (a.nat !== undefined) out.push(a.nat);
  if (a.exec !== undefined) out.push(...a.exec);
  return out;
}

/**
 * The text OVS prints for an action line (`ofpacts_format` of one action).
 *
 * @internal
 * @example
 * ```ts
 * import { actionText } from "./xlate-actions.js";
 * actionText({ kind: "resubmit", table: 8 }); // "resubmit(,8)"
 * ```
 */
export function actionText(a: Action | NatSpec | FrozenAction): string {
  if (a.kind === "nat") return formatNat(a as NatSpec);
  if (a.kind === "unroll_xlate") return `unroll_xlate(table=${a.table}, cookie=0x${a.cookie.toString(16)})`;
  return formatAction(a as Action);
}

/**
 * OVS's `do_xlate_actions`: translates `actions` in the current context. `isLastAction` says
 * whether nothing follows them (OVS optimizes some outputs then); `groupBucket` that they are a
 * group bucket's.
 *
 * @internal
 * @example
 * ```ts
 * import { doXlateActions } from "./xlate-actions.js";
 * doXlateActions(ctx, rule.actions, true, false);
 * ```
 */
export function doXlateActions(ctx: XlateCtx, actionsIn: readonly (Action | NatSpec | FrozenAction)[], isLastAction: boolean, groupBucket: boolean): void {
  const actions = actionsIn.length === 1 && actionsIn[0]!.kind === "drop" ? [] : actionsIn;
  if (actions.length === 0) {
    xreport(ctx, "action", "drop");
    return;
  }
  let exit = false;
  for (let i = 0; i < actions.length; i++) {
    const a = actions[i] as Action | NatSpec | FrozenAction;
    const last = isLastAction && i === actions.length - 1 && ctx.actionSet.length === 0;
    if (ctx.error !== undefined) break;
    if (!ctx.exit && ctx.wasMpls && a.kind !== "nat" && a.kind !== "unroll_xlate" && needsMplsRecirc(ctx, a as Action)) ctxTriggerFreeze(ctx);
    if (ctx.exit || exit) {
      if (ctx.freezing) freezeUnrollActions(ctx, actions.slice(i));
      break;
    }
    let line = ctx.run.lineCache.get(a);
    if (line === undefined) {
      line = { text: actionText(a), model: undefined };
      ctx.run.lineCache.set(a, line);
    }
    xreport(ctx, "action", line.text, line);
    let skipFreezeCheck = false;
    let nextIndex = i;
    switch (a.kind) {
      case "output":
        if (typeof a.port === "object") xlateOutputRegAction(ctx, a.port, a.maxLen ?? 0, last, groupBucket);
        else if (a.maxLen !== undefined && !(typeof a.port === "string" && a.port.toUpperCase() === "CONTROLLER")) xlateOutputTruncAction(ctx, a.port, a.maxLen, last, groupBucket);
        else xlateOutputAction(ctx, a.port, a.maxLen ?? 0xffff, true, last, false, groupBucket);
        break;
      case "group": {
        if (xlateGroupAction(ctx, Number((a as ArgAction).value.kind === "int" ? (a as ArgAction & { value: { value: bigint } }).value.value : -1n), last)) return;
        break;
      }
      case "controller":
        if (a.pause === true) {
          ctx.pause = a;
          ctxTriggerFreeze(ctx);
          nextIndex = i + 1;
        } else {
          xlateControllerAction(ctx, a.maxLen ?? 0xffff, reasonCode(a.reason), a.id ?? 0, a.meterId, a.userdata);
        }
        break;
      case "enqueue":
        xlateOutputAction(ctx, a.port, 0, false, last, false, groupBucket);
        break;
      case "mod_vlan_vid":
      case "set_vlan_vid":
        setVlanVid(ctx, Number(intArg(a)), a.kind === "set_vlan_vid");
        break;
      case "mod_vlan_pcp":
      case "set_vlan_pcp":
        setVlanPcp(ctx, Number(intArg(a)), a.kind === "set_vlan_pcp");
        break;
      case "strip_vlan":
      case "pop_vlan":
        popVlan(ctx);
        break;
      case "push_vlan":
        pushVlan(ctx, Number(intArg(a)));
        break;
      case "mod_dl_src":
      case "mod_dl_dst":
        setPacketField(ctx, a.kind === "mod_dl_src" ? "eth_src" : "eth_dst", a.value, false);
        break;
      case "mod_nw_src":
      case "mod_nw_dst":
        if (ctx.flow[W.DL_TYPE] === ETH_TYPE.IP) setPacketField(ctx, a.kind === "mod_nw_src" ? "ip_src" : "ip_dst", a.value, false);
        break;
      case "mod_nw_tos":
        if (isIpAny(ctx.flow)) {
          ctx.wc[W.NW_TOS] = (ctx.wc[W.NW_TOS]! | 0xfc) >>> 0;
          ctx.flow[W.NW_TOS] = ((ctx.flow[W.NW_TOS]! & 3) | (Number(intArg(a)) & 0xfc)) >>> 0;
        }
        break;
      case "mod_nw_ecn":
        if (isIpAny(ctx.flow)) {
          ctx.wc[W.NW_TOS] = (ctx.wc[W.NW_TOS]! | 3) >>> 0;
          ctx.flow[W.NW_TOS] = ((ctx.flow[W.NW_TOS]! & 0xfc) | (Number(intArg(a)) & 3)) >>> 0;
        }
        break;
      case "mod_nw_ttl":
        if (isIpAny(ctx.flow)) {
          ctx.wc[W.NW_TTL] = 0xff;
          ctx.flow[W.NW_TTL] = Number(intArg(a)) & 0xff;
        }
        break;
      case "mod_tp_src":
      case "mod_tp_dst":
        if (isIpAny(ctx.flow) && (ctx.flow[W.NW_FRAG]! & FRAG_LATER) === 0) {
          const w = a.kind === "mod_tp_src" ? W.TP_SRC : W.TP_DST;
          ctx.wc[W.NW_PROTO] = 0xff;
          ctx.wc[w] = 0xffff;
          ctx.flow[w] = Number(intArg(a)) & 0xffff;
        }
        break;
      case "resubmit":
        xlateResubmit(ctx, a, last);
        skipFreezeCheck = true;
        break;
      case "goto_table":
        xlateTableAction(ctx, ctx.flow[W.IN_PORT]!, Number(intArg(a)), true, true, false, last, false);
        skipFreezeCheck = true;
        break;
      case "set_tunnel":
      case "set_tunnel64": {
        const v = intArg(a);
        ctx.flow[W.TUN_ID] = Number((v >> 32n) & 0xffffffffn);
        ctx.flow[W.TUN_ID + 1] = Number(v & 0xffffffffn);
        break;
      }
      case "set_queue":
      case "pop_queue":
        ctx.wc[W.SKB_PRIORITY] = 0xffffffff;
        break;
      case "move":
        xlateMove(ctx, a);
        break;
      case "load":
        xlateLoad(ctx, a);
        break;
      case "set_field":
        xlateSetField(ctx, a);
        break;
      case "push": {
        const sf = subfieldOf(ctx, a.field);
        if (sf === undefined) unknownField(ctx, a.field.field);
        else {
          unwildcard(ctx, sf);
          ctx.stack.push({ value: readBits(ctx.flow, sf.field, sf.ofs, sf.nBits), bits: Math.ceil(sf.nBits / 8) * 8 });
        }
        break;
      }
      case "pop": {
        const sf = subfieldOf(ctx, a.field);
        const top = ctx.stack.pop();
        if (sf === undefined) unknownField(ctx, a.field.field);
        else if (top === undefined) xreport(ctx, "error", "stack underflow");
        else {
          unwildcard(ctx, sf);
          writeBits(ctx.flow, sf.field, sf.ofs, sf.nBits, top.value);
          xreport(ctx, "detail", subfieldNowText(ctx.flow, sf));
        }
        break;
      }
      case "push_mpls": {
        const n = countMplsLabels(ctx.flow);
        if (n === 0) commitNow(ctx);
        else if (n >= 3) {
          ctx.error = "Too many MPLS labels";
          break;
        }
        pushMpls(ctx.flow, n, Number(intArg(a)), ctx.wc, true);
        break;
      }
      case "pop_mpls": {
        const n = countMplsLabels(ctx.flow);
        const type = Number(intArg(a));
        if (popMpls(ctx.flow, n, type, ctx.wc)) {
          if (type !== ETH_TYPE.MPLS && type !== ETH_TYPE.MPLS_MCAST) ctx.wasMpls = true;
        } else if (n >= 3) {
          ctx.error = "Too many MPLS labels";
          ctx.odp.length = 0;
        }
        break;
      }
      case "set_mpls_label":
      case "set_mpls_tc":
      case "set_mpls_ttl":
        setMplsField(ctx, a.kind, Number(intArg(a)));
        break;
      case "dec_mpls_ttl":
        if (decMplsTtl(ctx)) return;
        break;
      case "dec_nsh_ttl":
        if (decNshTtl(ctx)) return;
        break;
      case "dec_ttl":
        ctx.wc[W.NW_TTL] = 0xff;
        // `dec_ttl` without ids notifies controller 0 (parse_DEC_TTL).
        if (decTtl(ctx, a.ids ?? [0])) return;
        break;
      case "note":
        break;
      case "multipath":
        xlateMultipathAction(ctx, a);
        break;
      case "bundle":
      case "bundle_load":
        xlateBundleAction(ctx, a, last, groupBucket);
        break;
      case "learn":
        xlateLearnAction(ctx, a);
        break;
      case "conjunction":
        xreport(ctx, "error", "executing no-op conjunction action");
        break;
      case "exit":
        ctx.exit = true;
        break;
      case "unroll_xlate":
        ctx.tableId = a.table;
        ctx.ruleCookie = a.cookie;
        xreport(ctx, "thaw", `restored state: table=${a.table}, cookie=0x${a.cookie.toString(16)}`);
        break;
      case "fin_timeout":
        ctx.wc[W.NW_PROTO] = 0xff;
        break;
      case "delete_field": {
        const sf = subfieldOf(ctx, a.field);
        if (sf !== undefined) {
          setField(ctx.flow, sf.field, 0n);
          const idx = sf.field.tunIndex;
          if (idx !== undefined) {
            const w = idx >= 32 ? W.TUN_MD_PRESENT : W.TUN_MD_PRESENT + 1;
            ctx.flow[w] = (ctx.flow[w]! & ~(1 << (idx % 32))) >>> 0;
          }
          xreport(ctx, "detail", `delete ${sf.field.name}`);
        }
        break;
      }
      case "clear_actions":
        xlateReportActionSet(ctx, "was");
        ctx.actionSet = [];
        ctx.flow[W.ACTSET_OUTPUT] = OFPP.UNSET;
        ctx.actionSetHasGroup = false;
        break;
      case "write_actions":
        xlateWriteActions(ctx, a.actions);
        xlateReportActionSet(ctx, "is");
        break;
      case "write_metadata": {
        const v = a.value.kind === "int" ? a.value : undefined;
        if (v !== undefined) {
          const mask = v.mask ?? 0xffffffffffffffffn;
          const md = (getField(ctx.flow, fieldMetadata(ctx)) & ~mask) | (v.value & mask);
          setField(ctx.flow, fieldMetadata(ctx), md);
        }
        break;
      }
      case "meter":
        xlateMeterAction(ctx, a.value.kind === "int" ? Number(a.value.value) : undefined);
        break;
      case "sample":
        xlateSampleAction(ctx, a);
        break;
      case "clone":
        cloneXlateActions(ctx, a.actions, last);
        break;
      case "encap":
        xlateEncapAction(ctx, a);
        break;
      case "decap":
        if (xlateDecapAction(ctx) && ctx.error === undefined) {
          ctxTriggerFreeze(ctx);
          nextIndex = i + 1;
        }
        break;
      case "ct":
        composeConntrack(ctx, a, ctNested(a), last);
        break;
      case "ct_clear":
        if (ctx.conntracked) composeCtClear(ctx);
        break;
      case "nat":
        ctx.ctNat = a as NatSpec;
        break;
      case "debug_recirc":
        ctxTriggerFreeze(ctx);
        nextIndex = i + 1;
        break;
      case "debug_slow":
        ctx.slow.add("Uses action(s) not supported by datapath.");
        break;
      case "check_pkt_larger":
        if (xlateCheckPktLarger(ctx, a, actions.slice(i + 1))) exit = true;
        break;
      case "drop":
        break;
      case "unknown":
        ctx.note("unknown-action", `action ${a.text} is not known to the simulator; it was skipped (${a.reason})`);
        break;
    }
    if (!skipFreezeCheck && ctx.error === undefined && ctx.exit && ctx.frozen.length === 0) {
      freezeUnrollActions(ctx, actions.slice(nextIndex));
      break;
    }
  }
}

function fieldMetadata(ctx: XlateCtx) {
  return ctx.run.pipeline.fields.byName.get("metadata")!;
}

function intArg(a: Action): bigint {
  const v = (a as ArgAction).value;
  return v !== undefined && v.kind === "int" ? v.value : 0n;
}

function reasonCode(reason: string | undefined): number {
  switch (reason) {
    case undefined:
    case "action":
      return 1;
    case "no_match":
      return 0;
    case "invalid_ttl":
      return 2;
    case "action_set":
      return 3;
    case "group":
      return 4;
    case "packet_out":
      return 5;
  }
  return 1;
}

function unknownField(ctx: XlateCtx, name: string): void {
  ctx.note("unknown-field", `field ${name} is not known to the simulator; the action using it was skipped`);
}

/**
 * Commits pending field changes to the datapath actions now (`xlate_commit_actions`).
 *
 * @internal
 * @example
 * ```ts
 * import { commitNow } from "./xlate-actions.js";
 * commitNow(ctx);
 * ```
 */
export { commitNow } from "./xlate-commit.js";
import { commitNow } from "./xlate-commit.js";

function xlateSetField(ctx: XlateCtx, a: Extract<Action, { kind: "set_field" }>): void {
  const sf = subfieldOf(ctx, a.dst);
  if (sf === undefined) return unknownField(ctx, a.dst.field);
  const f = sf.field;
  const memo = ctx.run.pipeline.memo;
  const plans = memo.writeCache.get(a);
  if (plans !== undefined) {
    // A plain field and a constant: the writes as word operations, made once per action.
    if (prereqsOk(f, ctx.flow)) {
      applyWordWrite(ctx.wc, plans[0]);
      applyWordWrite(ctx.flow, plans[1]);
    } else xreport(ctx, "warn", `unmet prerequisites for ${f.name}, set_field ignored`);
    return;
  }
  const cache = memo.valueCache;
  let vm = cache.get(a);
  if (vm === undefined) {
    vm = actionValueMask(f, a.value, ctx.bridge.portByName);
    if (a.value.kind !== "name") cache.set(a, vm);
  }
  if (typeof vm === "string") {
    ctx.note("bad-set-field", `set_field to ${f.name}: ${vm}; skipped`);
    return;
  }
  if (prereqsOk(f, ctx.flow)) {
    if (f.special === undefined && a.value.kind !== "name") memo.writeCache.set(a, [wordWrite(f, vm[1], vm[1]), wordWrite(f, vm[0], vm[1])]);
    setField(ctx.wc, f, vm[1], vm[1]);
    setField(ctx.flow, f, vm[0], vm[1]);
  } else {
    xreport(ctx, "warn", `unmet prerequisites for ${f.name}, set_field ignored`);
  }
}

function xlateLoad(ctx: XlateCtx, a: Extract<Action, { kind: "load" }>): void {
  // OVS decodes NXAST_REG_LOAD into a (masked) set_field of the destination bits.
  const sf = subfieldOf(ctx, a.dst);
  if (sf === undefined) return unknownField(ctx, a.dst.field);
  if (!prereqsOk(sf.field, ctx.flow)) {
    xreport(ctx, "warn", `unmet prerequisites for ${sf.field.name}, set_field ignored`);
    return;
  }
  const mask = ((1n << BigInt(sf.nBits)) - 1n) << BigInt(sf.ofs);
  setField(ctx.wc, sf.field, mask, mask);
  setField(ctx.flow, sf.field, a.value.value << BigInt(sf.ofs), mask);
}

function xlateMove(ctx: XlateCtx, a: Extract<Action, { kind: "move" }>): void {
  const src = subfieldOf(ctx, a.src);
  const dst = subfieldOf(ctx, a.dst);
  if (src === undefined || dst === undefined) return unknownField(ctx, (src === undefined ? a.src : a.dst).field);
  if (prereqsOk(dst.field, ctx.flow) && prereqsOk(src.field, ctx.flow)) {
    unwildcard(ctx, src);
    unwildcard(ctx, dst);
    const n = Math.min(src.nBits, dst.nBits);
    writeBits(ctx.flow, dst.field, dst.ofs, n, readBits(ctx.flow, src.field, src.ofs, n));
  }
  xreport(ctx, "detail", subfieldNowText(ctx.flow, dst));
}

function setPacketField(ctx: XlateCtx, name: string, value: import("../core/values.js").Value, _masked: boolean): void {
  const f = ctx.run.pipeline.fields.byName.get(name);
  if (f === undefined) return;
  const vm = actionValueMask(f, value, ctx.bridge.portByName);
  if (typeof vm === "string") return;
  setField(ctx.wc, f, (1n << BigInt(f.width)) - 1n, (1n << BigInt(f.width)) - 1n);
  setField(ctx.flow, f, vm[0]);
}

function setVlanVid(ctx: XlateCtx, vid: number, pushIfNeeded: boolean): void {
  ctx.wc[W.VLAN0_TCI] = (ctx.wc[W.VLAN0_TCI]! | 0x1fff) >>> 0;
  const tci = ctx.flow[W.VLAN0_TCI]!;
  if (tci & 0x1000 || pushIfNeeded) {
    if (ctx.flow[W.VLAN0_TPID] === 0) ctx.flow[W.VLAN0_TPID] = ETH_TYPE.VLAN;
    ctx.flow[W.VLAN0_TCI] = ((tci & ~0xfff) | (vid & 0xfff) | 0x1000) >>> 0;
  }
}

function setVlanPcp(ctx: XlateCtx, pcp: number, pushIfNeeded: boolean): void {
  ctx.wc[W.VLAN0_TCI] = (ctx.wc[W.VLAN0_TCI]! | 0xf000) >>> 0;
  const tci = ctx.flow[W.VLAN0_TCI]!;
  if (tci & 0x1000 || pushIfNeeded) {
    if (ctx.flow[W.VLAN0_TPID] === 0) ctx.flow[W.VLAN0_TPID] = ETH_TYPE.VLAN;
    ctx.flow[W.VLAN0_TCI] = ((tci & ~0xe000) | ((pcp & 7) << 13) | 0x1000) >>> 0;
  }
}

function vlanCount(ctx: XlateCtx): number {
  let n = 0;
  while (n < 2 && (ctx.flow[W.VLAN0_TCI + 2 * n]! & 0x1000) !== 0) n++;
  return n;
}

function popVlan(ctx: XlateCtx): void {
  const n = vlanCount(ctx);
  const f = ctx.flow;
  if (n > 1) {
    ctx.wc[W.VLAN1_TPID] = 0xffff;
    ctx.wc[W.VLAN1_TCI] = 0xffff;
    f[W.VLAN0_TPID] = f[W.VLAN1_TPID]!;
    f[W.VLAN0_TCI] = f[W.VLAN1_TCI]!;
  }
  if (n > 0) {
    f[W.VLAN0_TPID + 2 * (n - 1)] = 0;
    f[W.VLAN0_TCI + 2 * (n - 1)] = 0;
  }
}

function pushVlan(ctx: XlateCtx, tpid: number): void {
  const f = ctx.flow;
  const n = vlanCount(ctx);
  for (let i = 0; i < n; i++) {
    ctx.wc[W.VLAN0_TPID + 2 * i] = 0xffff;
    ctx.wc[W.VLAN0_TCI + 2 * i] = 0xffff;
  }
  f[W.VLAN1_TPID] = f[W.VLAN0_TPID]!;
  f[W.VLAN1_TCI] = f[W.VLAN0_TCI]!;
  f[W.VLAN0_TPID] = tpid;
  f[W.VLAN0_TCI] = 0x1000;
}

function setMplsField(ctx: XlateCtx, kind: "set_mpls_label" | "set_mpls_tc" | "set_mpls_ttl", v: number): void {
  const t = ctx.flow[W.DL_TYPE]!;
  if (t !== ETH_TYPE.MPLS && t !== ETH_TYPE.MPLS_MCAST) return;
  const lse = ctx.flow[W.MPLS_LSE]!;
  const [mask, shift, width] = kind === "set_mpls_label" ? [0xfffff000, 12, 20] : kind === "set_mpls_tc" ? [0xe00, 9, 3] : [0xff, 0, 8];
  ctx.wc[W.MPLS_LSE] = (ctx.wc[W.MPLS_LSE]! | mask) >>> 0;
  ctx.flow[W.MPLS_LSE] = ((lse & ~mask) | ((v & ((1 << width) - 1)) << shift)) >>> 0;
}

/** `compose_dec_ttl`: true when the TTL was 1 or less (the table's processing stops). */
function decTtl(ctx: XlateCtx, ids: readonly number[]): boolean {
  const f = ctx.flow;
  if (!isIpAny(f)) return false;
  ctx.wc[W.NW_TTL] = 0xff;
  if (f[W.NW_TTL]! > 1) {
    f[W.NW_TTL] = f[W.NW_TTL]! - 1;
    return false;
  }
  for (const id of ids) xlateControllerAction(ctx, 0xffff, 2, id, undefined, undefined);
  xreport(ctx, "warn", `IPv${f[W.DL_TYPE] === ETH_TYPE.IP ? 4 : 6} decrement TTL exception`);
  return true;
}

function decMplsTtl(ctx: XlateCtx): boolean {
  const t = ctx.flow[W.DL_TYPE]!;
  if (t === ETH_TYPE.MPLS || t === ETH_TYPE.MPLS_MCAST) {
    const lse = ctx.flow[W.MPLS_LSE]!;
    const ttl = lse & 0xff;
    ctx.wc[W.MPLS_LSE] = (ctx.wc[W.MPLS_LSE]! | 0xff) >>> 0;
    if (ttl > 1) {
      ctx.flow[W.MPLS_LSE] = ((lse & ~0xff) | (ttl - 1)) >>> 0;
      return false;
    }
    xlateControllerAction(ctx, 0xffff, 2, 0, undefined, undefined);
  }
  xreport(ctx, "warn", "MPLS decrement TTL exception");
  return true;
}

function decNshTtl(ctx: XlateCtx): boolean {
  const f = ctx.flow;
  if (f[W.DL_TYPE] === ETH_TYPE.NSH) {
    ctx.wc[W.NSH_TTL] = 0xff;
    if (f[W.NSH_TTL]! > 1) {
      f[W.NSH_TTL] = f[W.NSH_TTL]! - 1;
      return false;
    }
    xlateControllerAction(ctx, 0xffff, 2, 0, undefined, undefined);
  }
  xreport(ctx, "warn", "NSH decrement TTL exception");
  return true;
}

/** `xlate_report_action_set`: `action set was/is: ...` or `... empty`. */
function xlateReportActionSet(ctx: XlateCtx, verb: "was" | "is"): void {
  const list = executeActionSetOrder(ctx.actionSet);
  xreport(ctx, "detail", list.length > 0 ? `action set ${verb}: ${formatActions(list)}` : `action set ${verb} empty`);
}

import { executeActionSetOrder } from "./xlate-nest.js";

/** `xlate_meter_action`: `meter(M)` with the meter's datapath id, when the pipeline knows it. */
function xlateMeterAction(ctx: XlateCtx, id: number | undefined): void {
  const provider = id === undefined ? undefined : ctx.bridge.meters?.get(id);
  if (provider === undefined) {
    ctx.note("meter-unknown", `meter ${id ?? "?"} of ${ctx.bridge.name}: no meter list was given, so its datapath meter id is unknown and meter() is left out of the datapath actions`);
    return;
  }
  ctx.odp.push(leaf(`meter(${provider})`));
  ctx.note("meter-id", `meter ${id ?? "?"} prints as meter(${provider}): datapath meter ids are allocated at run time, from 0 in creation order (assumed: bridge by bridge, by meter id)`);
}
