/**
 * Translation that nests or pauses: freezing (the translation stops and the datapath
 * recirculates: `ctx_trigger_freeze`, `freeze_unroll_actions`, `finish_freezing`, the
 * conntrack fork `compose_recirculate_and_fork`), `clone` (inline when its actions are
 * reversible, else a datapath `clone(...)`), `check_pkt_larger` (both branches under
 * `check_pkt_len`), and the OpenFlow 1.1+ action set (`write_actions`, executed at the end).
 *
 * @module
 */
import type { Action, CheckPktLargerAction, NatSpec } from "../openflow/actions/types.js";
import { writeBits } from "./flow-state.js";
import { BASE_WORDS, W } from "./layout.js";
import { type OdpAction, leaf, recircAction } from "./odp-actions.js";
import { doXlateActions } from "./xlate-actions.js";
import { commitNow } from "./xlate-commit.js";
import { allocRecircId, type FrozenAction, type FrozenState, type XlateCtx, xreport } from "./xlate-context.js";
import { subfieldOf } from "./xlate-fields.js";

/**
 * `ctx_trigger_freeze`: stop translating, recirculate with what follows.
 *
 * @internal
 * @example
 * ```ts
 * import { ctxTriggerFreeze } from "./xlate-nest.js";
 * ctxTriggerFreeze(ctx);
 * ```
 */
export function ctxTriggerFreeze(ctx: XlateCtx): void {
  ctx.exit = true;
  ctx.freezing = true;
}

/**
 * `ctx_trigger_recirculate_with_hash`: freeze, and compute a datapath hash before the
 * recirculation (a `dp_hash` select group).
 *
 * @internal
 * @example
 * ```ts
 * import { ctxTriggerRecirculateWithHash } from "./xlate-nest.js";
 * ctxTriggerRecirculateWithHash(ctx, 1, 0); // hash(sym_l4(0)),recirc(...)
 * ```
 */
export function ctxTriggerRecirculateWithHash(ctx: XlateCtx, alg: number, basis: number): void {
  ctx.exit = true;
  ctx.freezing = true;
  ctx.recircUpdateDpHash = true;
  ctx.dpHashAlg = alg;
  ctx.dpHashBasis = basis;
}

function cancelFreeze(ctx: XlateCtx): void {
  if (ctx.freezing) {
    ctx.freezing = false;
    ctx.recircUpdateDpHash = false;
    ctx.frozen = [];
    ctx.frozenHeader = -1;
    ctx.pause = undefined;
  }
}

function putUnroll(ctx: XlateCtx): void {
  const h = ctx.frozenHeader >= 0 ? ctx.frozen[ctx.frozenHeader] : undefined;
  if (h === undefined || h.kind !== "unroll_xlate" || h.table !== ctx.tableId || h.cookie !== ctx.ruleCookie) {
    ctx.frozen.push({ kind: "unroll_xlate", table: ctx.tableId, cookie: ctx.ruleCookie });
    ctx.frozenHeader = ctx.frozen.length - 1;
  }
}

/**
 * `freeze_unroll_actions`: keeps `actions` for after the recirculation, with the markers that
 * restore the table and cookie before actions that report them.
 *
 * @internal
 * @example
 * ```ts
 * import { freezeUnrollActions } from "./xlate-nest.js";
 * freezeUnrollActions(ctx, actions.slice(i));
 * ```
 */
export function freezeUnrollActions(ctx: XlateCtx, actions: readonly (Action | NatSpec | FrozenAction)[]): void {
  for (const a of actions) {
    switch (a.kind) {
      case "output":
      case "group":
      case "controller":
      case "dec_mpls_ttl":
      case "dec_nsh_ttl":
      case "dec_ttl":
        putUnroll(ctx);
        break;
      case "resubmit":
        if (a.table === undefined || a.table === 255) putUnroll(ctx);
        break;
      case "goto_table":
        ctx.frozen.push({ kind: "resubmit", table: Number(a.value.kind === "int" ? a.value.value : 0n) });
        continue;
      case "note":
      case "conjunction":
        continue;
    }
    if (a.kind !== "nat") ctx.frozen.push(a as FrozenAction);
  }
}

const bigintText = (_k: string, v: unknown): unknown => (typeof v === "bigint" ? `${v}n` : v);

/** `finish_freezing__`: records the frozen state, emits the recirculation; returns both. */
function finishFreezing_(ctx: XlateCtx, table: number): { readonly id: number; readonly state: FrozenState } {
  const state: FrozenState = {
    tableId: table,
    bridge: ctx.bridge.name,
    stack: [...ctx.stack],
    conntracked: ctx.conntracked,
    wasMpls: ctx.wasMpls,
    actions: ctx.frozen,
    actionSet: [...ctx.actionSet],
  };
  const f = ctx.flow;
  let key = `frz|${ctx.bridge.name}|${table}|`;
  for (let i = W.TUN_ID; i <= W.IN_PORT; i++) key += `${f[i]},`;
  for (let i = W.REGS; i < W.REGS + 16; i++) key += `${f[i]},`;
  for (let i = BASE_WORDS; i < f.length; i++) key += `${f[i]},`;
  const rest = state.stack.length === 0 && state.actions.length === 0 && state.actionSet.length === 0 ? `${state.conntracked}|${state.wasMpls}` : JSON.stringify([state.stack, state.conntracked, state.wasMpls, state.actions, state.actionSet], bigintText);
  const id = allocRecircId(ctx.run, key + "|" + rest);
  if (ctx.pause !== undefined) {
    ctx.note("controller-pause", "a controller(pause) action hands the packet to the controller; the trace stops there as ofproto/trace's does");
  } else {
    if (ctx.recircUpdateDpHash) ctx.odp.push(leaf(`hash(${ctx.dpHashAlg === 1 ? "sym_l4" : "l4"}(${ctx.dpHashBasis}))`));
    ctx.odp.push(recircAction(id));
  }
  cancelFreeze(ctx);
  return { id, state };
}

/**
 * `finish_freezing`: commits, then recirculates.
 *
 * @internal
 * @example
 * ```ts
 * import { finishFreezing } from "./xlate-nest.js";
 * if (ctx.freezing) finishFreezing(ctx);
 * ```
 */
export function finishFreezing(ctx: XlateCtx): void {
  commitNow(ctx);
  const why =
    ctx.pause !== undefined ? undefined : ctx.recircUpdateDpHash ? "to hash the packet for a dp_hash select group" : "to parse the packet again (MPLS pop, decap or debug_recirc)";
  finishFreezing_(ctx, 0);
  if (why !== undefined) ctx.note("recirculation-not-followed", `the datapath recirculates ${why}; ofproto/trace does not follow such a recirculation and neither does the simulation`);
}

/**
 * `compose_recirculate_and_fork`: the conntrack fork. A clone of the packet recirculates and
 * resumes at `table` (queued for a later section); the current packet goes on.
 *
 * @internal
 * @example
 * ```ts
 * import { composeRecirculateAndFork } from "./xlate-nest.js";
 * composeRecirculateAndFork(ctx, 15, 22);
 * ```
 */
export function composeRecirculateAndFork(ctx: XlateCtx, table: number, zone: number): void {
  ctx.freezing = true;
  const { id, state: frozen } = finishFreezing_(ctx, table);
  const flow = ctx.flow.slice();
  flow[W.RECIRC_ID] = id;
  flow[W.CT_ZONE] = zone;
  ctx.run.queue.push({ recircId: id, flow, nat: ctx.ctNat, frozen });
  xreport(ctx, "detail", `A clone of the packet is forked to recirculate. The forked pipeline will be resumed at table ${table}.`);
}

/** Whether every action can be undone without a datapath clone (`reversible_actions`). */
function reversible(actions: readonly Action[]): boolean {
  for (const a of actions) {
    switch (a.kind) {
      case "ct":
      case "meter":
      case "encap":
      case "decap":
      case "dec_nsh_ttl":
        return false;
      case "output":
        if (a.maxLen !== undefined && typeof a.port !== "object") return false;
        break;
    }
  }
  return true;
}

/**
 * `clone_xlate_actions`: `clone(...)`, a patch port's peer bridge, a group bucket... The flow,
 * stack and action set are restored afterwards; a datapath `clone(...)` is emitted only when
 * the actions cannot be undone and are not the last ones.
 *
 * @internal
 * @example
 * ```ts
 * import { cloneXlateActions } from "./xlate-nest.js";
 * cloneXlateActions(ctx, a.actions, last);
 * ```
 */
export function cloneXlateActions(ctx: XlateCtx, actions: readonly Action[], last: boolean): void {
  const oldStack = ctx.stack;
  ctx.stack = [...oldStack];
  const oldActionSet = ctx.actionSet;
  ctx.actionSet = [...oldActionSet];
  const oldFlow = ctx.flow.slice();
  if (reversible(actions) || last) {
    doXlateActions(ctx, actions, last, false);
    if (!ctx.freezing) xlateActionSet(ctx);
    if (ctx.freezing) finishFreezing(ctx);
  } else {
    commitNow(ctx);
    const oldBase = ctx.base.slice();
    const oldWasMpls = ctx.wasMpls;
    const oldConntracked = ctx.conntracked;
    const outer = ctx.odp;
    const nested: OdpAction[] = [];
    ctx.odp = nested;
    doXlateActions(ctx, actions, true, false);
    if (!ctx.freezing) xlateActionSet(ctx);
    if (ctx.freezing) finishFreezing(ctx);
    ctx.odp = outer;
    if (nested.length > 0) outer.push({ t: "clone", actions: nested });
    ctx.conntracked = oldConntracked;
    ctx.wasMpls = oldWasMpls;
    ctx.base = oldBase;
  }
  ctx.actionSet = oldActionSet;
  ctx.stack = oldStack;
  ctx.flow = oldFlow;
}

/**
 * `xlate_check_pkt_larger`: the remaining actions translated twice, under `gt(...)` with the
 * result bit 1 and `le(...)` with it 0. Returns true (the caller stops: both branches ran
 * them).
 *
 * @internal
 * @example
 * ```ts
 * import { xlateCheckPktLarger } from "./xlate-nest.js";
 * if (xlateCheckPktLarger(ctx, a, rest)) return;
 * ```
 */
export function xlateCheckPktLarger(ctx: XlateCtx, a: CheckPktLargerAction, rest: readonly (Action | NatSpec | FrozenAction)[]): boolean {
  const sf = subfieldOf(ctx, a.dst);
  if (sf === undefined) return false;
  const oldStack = ctx.stack;
  ctx.stack = [...oldStack];
  const oldActionSet = ctx.actionSet;
  ctx.actionSet = [...oldActionSet];
  const oldFlow = ctx.flow.slice();
  commitNow(ctx);
  const oldBase = ctx.base.slice();
  const oldWasMpls = ctx.wasMpls;
  const oldConntracked = ctx.conntracked;
  const outer = ctx.odp;
  const branch = (bit: bigint): OdpAction[] => {
    const list: OdpAction[] = [];
    ctx.odp = list;
    writeBits(ctx.flow, sf.field, sf.ofs, 1, bit);
    doXlateActions(ctx, rest, true, false);
    if (!ctx.freezing) xlateActionSet(ctx);
    if (ctx.freezing) finishFreezing(ctx);
    return list;
  };
  const gt = branch(1n);
  ctx.base = oldBase.slice();
  ctx.wasMpls = oldWasMpls;
  ctx.conntracked = oldConntracked;
  ctx.flow = oldFlow.slice();
  const oldExit = ctx.exit;
  ctx.exit = false;
  const le = branch(0n);
  ctx.odp = outer;
  outer.push({ t: "check_pkt_len", size: a.size, gt, le });
  ctx.actionSet = oldActionSet;
  ctx.stack = oldStack;
  ctx.base = oldBase;
  ctx.wasMpls = oldWasMpls;
  ctx.conntracked = oldConntracked;
  ctx.flow = oldFlow;
  ctx.exit = oldExit;
  return true;
}

type SetClass = "slot" | "final" | "set" | "invalid";

const SLOT_ORDER = ["strip_vlan", "pop_mpls", "decap", "encap", "push_mpls", "push_vlan", "dec_ttl", "dec_mpls_ttl", "dec_nsh_ttl"];
const FINAL_ORDER = ["ct", "ct_clear", "resubmit", "output", "group"];
const SET_KINDS = new Set([
  "set_field",
  "load",
  "move",
  "mod_dl_dst",
  "mod_dl_src",
  "mod_nw_tos",
  "mod_nw_ecn",
  "mod_nw_ttl",
  "mod_nw_dst",
  "mod_nw_src",
  "mod_tp_dst",
  "mod_tp_src",
  "set_mpls_label",
  "set_mpls_tc",
  "set_mpls_ttl",
  "set_queue",
  "set_tunnel",
  "set_tunnel64",
  "mod_vlan_pcp",
  "mod_vlan_vid",
  "set_vlan_pcp",
  "set_vlan_vid",
]);

function classify(a: Action): { readonly cls: SetClass; readonly rank: number } {
  const kind = a.kind === "pop_vlan" ? "strip_vlan" : a.kind;
  const s = SLOT_ORDER.indexOf(kind);
  if (s >= 0) return { cls: "slot", rank: s };
  if (kind === "output" && typeof a.kind === "string" && (a as { port: unknown }).port !== undefined && typeof (a as { port: unknown }).port === "object") return { cls: "invalid", rank: 0 };
  const f = FINAL_ORDER.indexOf(kind);
  if (f >= 0) return { cls: "final", rank: f };
  if (SET_KINDS.has(kind)) return { cls: "set", rank: 0 };
  return { cls: "invalid", rank: 0 };
}

/**
 * `ofpacts_execute_action_set`: the actions of an action set (or a group bucket) in the order
 * OpenFlow executes them; nothing when there is no final action (output, group, resubmit, ct).
 *
 * @internal
 * @example
 * ```ts
 * import { executeActionSetOrder } from "./xlate-nest.js";
 * executeActionSetOrder(bucket.actions);
 * ```
 */
export function executeActionSetOrder(set: readonly Action[]): Action[] {
  const slots: (Action | undefined)[] = new Array<Action | undefined>(SLOT_ORDER.length).fill(undefined);
  const sets: Action[] = [];
  let final: Action | undefined;
  let finalRank = -1;
  for (const a of set) {
    const c = classify(a);
    if (c.cls === "slot") slots[c.rank] = a;
    else if (c.cls === "final") {
      if (c.rank >= finalRank) {
        final = a;
        finalRank = c.rank;
      }
    } else if (c.cls === "set") sets.push(a);
  }
  if (final === undefined) return [];
  return [...(slots.filter((x) => x !== undefined) as Action[]), ...sets, final];
}

/**
 * `xlate_write_actions`: adds actions to the action set (and keeps `actset_output` in step).
 *
 * @internal
 * @example
 * ```ts
 * import { xlateWriteActions } from "./xlate-nest.js";
 * xlateWriteActions(ctx, a.actions);
 * ```
 */
export function xlateWriteActions(ctx: XlateCtx, actions: readonly Action[]): void {
  if (!ctx.actionSetHasGroup) {
    for (const a of actions) {
      if (a.kind === "output" && typeof a.port === "number") ctx.flow[W.ACTSET_OUTPUT] = a.port;
      else if (a.kind === "group") {
        ctx.flow[W.ACTSET_OUTPUT] = 0xfff7;
        ctx.actionSetHasGroup = true;
        break;
      }
    }
  }
  ctx.actionSet.push(...actions);
}

/**
 * `xlate_action_set`: runs the action set at the end of the pipeline, under a
 * `--. Executing action set:` node.
 *
 * @internal
 * @example
 * ```ts
 * import { xlateActionSet } from "./xlate-nest.js";
 * if (!ctx.freezing) xlateActionSet(ctx);
 * ```
 */
export function xlateActionSet(ctx: XlateCtx): void {
  const list = executeActionSetOrder(ctx.actionSet);
  ctx.actionSet = [];
  if (list.length === 0) return;
  ctx.inActionSet = true;
  const oldTrace = ctx.trace;
  ctx.trace = xreport(ctx, "table", "--. Executing action set:");
  doXlateActions(ctx, list, true, false);
  ctx.trace = oldTrace;
  ctx.inActionSet = false;
}
