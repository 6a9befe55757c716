/**
 * Table lookups during translation: `resubmit` and `goto_table` (`xlate_table_action`), the
 * lookup with OVS's table-miss behaviour (`rule_dpif_lookup_from_table`: the `No match.` and
 * packet-in pseudo rules, `continue` tables, IP fragments), the step line OVS prints for the
 * flow found (`xlate_report_table`), and the resubmit depth and count limits.
 *
 * @module
 */
import { formatMatchField } from "../openflow/match.js";
import { parseActions } from "../openflow/actions/parse.js";
import type { Action, ResubmitAction } from "../openflow/actions/types.js";
import { type IndexedRule, lookupTable } from "./classifier.js";
import { FRAG_ANY, OFPP, W, reservedPort } from "./layout.js";
import { conjunctionsOf, type RuleData } from "./pipeline.js";
import { isIpAny } from "./prereqs.js";
import { doXlateActions } from "./xlate-actions.js";
import { type XlateCtx, xreport } from "./xlate-context.js";
import { cloneXlateActions, ctxTriggerFreeze } from "./xlate-nest.js";
import { matchesLearned } from "./xlate-learn.js";

const MAX_DEPTH = 64;
const MAX_RESUBMITS = MAX_DEPTH * MAX_DEPTH;

/** OVS's built-in rules for a table miss. */
export type MissRule = "no-match" | "packet-in";

/** A lookup result: a flow of the pipeline, or one of OVS's miss rules. */
export type LookupResult = { readonly kind: "rule"; readonly rule: IndexedRule<RuleData> } | { readonly kind: "miss"; readonly miss: MissRule };

/**
 * The actions of an indexed flow (decoded now if its dump left them lazy; remembered for the
 * trace run).
 *
 * @internal
 * @example
 * ```ts
 * import { actionsOf } from "./xlate-table.js";
 * actionsOf(ctx, rule.data); // [{ kind: "resubmit", table: 9 }]
 * ```
 */
export function actionsOf(ctx: XlateCtx, data: RuleData): readonly Action[] {
  const cache = ctx.run.actionCache;
  const hit = cache.get(data.flow);
  if (hit !== undefined) return hit;
  let actions: readonly Action[];
  if (data.flow.actions !== undefined) actions = data.flow.actions;
  else {
    const text = data.flow.actionsText ?? "";
    try {
      actions = parseActions(text, 0, text.length);
    } catch (e) {
      actions = [{ kind: "unknown", name: "", text, reason: `actions do not decode: ${e instanceof Error ? e.message : String(e)}` }];
    }
  }
  cache.set(data.flow, actions);
  return actions;
}

/**
 * `xlate_resubmit_resource_check`: false (and an error reported) past the depth, resubmit or
 * stack limits.
 *
 * @internal
 * @example
 * ```ts
 * import { resourceCheck } from "./xlate-table.js";
 * if (!resourceCheck(ctx)) return;
 * ```
 */
export function resourceCheck(ctx: XlateCtx): boolean {
  if (ctx.depth >= MAX_DEPTH) {
    xreport(ctx, "error", `over max translation depth ${MAX_DEPTH}`);
    ctx.error = "Recursion too deep";
  } else if (ctx.resubmits >= MAX_RESUBMITS) {
    xreport(ctx, "error", `over ${MAX_RESUBMITS} resubmit actions`);
    ctx.error = "Too many resubmits";
  } else if (ctx.stack.length * 16 >= 65536) {
    xreport(ctx, "error", "resubmits yielded over 64 kB of stack");
    ctx.error = "Stack too deep";
  } else {
    return true;
  }
  return false;
}

/**
 * `resubmit([port],[table][,ct])`.
 *
 * @internal
 * @example
 * ```ts
 * import { xlateResubmit } from "./xlate-table.js";
 * xlateResubmit(ctx, { kind: "resubmit", table: 8 }, false);
 * ```
 */
export function xlateResubmit(ctx: XlateCtx, a: ResubmitAction, last: boolean): void {
  let inPort = ctx.flow[W.IN_PORT]!;
  if (a.port !== undefined) {
    const p = typeof a.port === "number" ? a.port : ctx.bridge.portByName.get(a.port) ?? reservedPort(a.port);
    if (p !== undefined && p !== OFPP.IN_PORT) inPort = p;
  }
  const table = a.table === undefined || a.table === 255 ? ctx.tableId : a.table;
  xlateTableAction(ctx, inPort, table, false, false, a.ct === true, last, false);
}

/** Swaps the packet's addresses and ports with the conntrack original tuple (`tuple_swap_flow`). */
function tupleSwap(ctx: XlateCtx): void {
  const f = ctx.flow;
  const swap = (a: number, b: number, n = 1): void => {
    for (let i = 0; i < n; i++) {
      const t = f[a + i]!;
      f[a + i] = f[b + i]!;
      f[b + i] = t;
    }
  };
  swap(W.NW_PROTO, W.CT_NW_PROTO);
  if (f[W.DL_TYPE] === 0x0800) {
    swap(W.NW_SRC, W.CT_NW_SRC);
    swap(W.NW_DST, W.CT_NW_DST);
  } else {
    swap(W.IPV6_SRC, W.CT_IPV6_SRC, 4);
    swap(W.IPV6_DST, W.CT_IPV6_DST, 4);
  }
  swap(W.TP_SRC, W.CT_TP_SRC);
  swap(W.TP_DST, W.CT_TP_DST);
}

/**
 * `xlate_table_action`: looks up `tableId` with `inPort` as the input port and translates the
 * flow found (with `clone` semantics for a patch port's peer bridge).
 *
 * @internal
 * @example
 * ```ts
 * import { xlateTableAction } from "./xlate-table.js";
 * xlateTableAction(ctx, inPort, 0, true, true, false, true, false);
 * ```
 */
export function xlateTableAction(ctx: XlateCtx, inPort: number, tableId: number, mayPacketIn: boolean, honorMiss: boolean, withCtOrig: boolean, last: boolean, asClone: boolean): void {
  if (ctx.wasMpls) {
    ctxTriggerFreeze(ctx);
    return;
  }
  if (!resourceCheck(ctx)) return;
  const oldTable = ctx.tableId;
  ctx.tableId = tableId;
  if (withCtOrig) {
    if (ctx.flow[W.CT_NW_PROTO] === 0 || !isIpAny(ctx.flow)) {
      xreport(ctx, "error", "resubmit(ct) with non-tracked or non-IP packet!");
      ctx.tableId = oldTable;
      return;
    }
    tupleSwap(ctx);
  }
  const found = lookupFromTable(ctx, inPort, mayPacketIn, honorMiss);
  if (withCtOrig) tupleSwap(ctx);
  const oldTrace = ctx.trace;
  reportTable(ctx, found, tableId);
  xlateRecursively(ctx, found, tableId <= oldTable, last, asClone);
  ctx.trace = oldTrace;
  ctx.tableId = oldTable;
}

/**
 * `rule_dpif_lookup_from_table` from `ctx.tableId` (advanced past `continue` tables).
 *
 * @internal
 * @example
 * ```ts
 * import { lookupFromTable } from "./xlate-table.js";
 * const found = lookupFromTable(ctx, ctx.flow[W.IN_PORT]!, true, true);
 * ```
 */
export function lookupFromTable(ctx: XlateCtx, inPort: number, mayPacketIn: boolean, honorMiss: boolean): LookupResult {
  const f = ctx.flow;
  const oldTpSrc = f[W.TP_SRC]!;
  const oldTpDst = f[W.TP_DST]!;
  const oldInPort = f[W.IN_PORT]!;
  if (f[W.NW_FRAG]! & FRAG_ANY) {
    // Fragment handling "normal": transport ports are unavailable.
    f[W.TP_SRC] = 0;
    f[W.TP_DST] = 0;
  }
  f[W.IN_PORT] = inPort;
  let result: LookupResult | undefined;
  let missConfig: string = "continue";
  for (let t = ctx.tableId; t < 255; t++) {
    if (t === 254) continue;
    ctx.tableId = t;
    const rule = lookupOne(ctx, t);
    if (rule !== undefined) {
      result = { kind: "rule", rule };
      break;
    }
    if (honorMiss) {
      missConfig = ctx.bridge.tableMiss[t] ?? "default";
      if (missConfig === "continue") continue;
    }
    break;
  }
  if (result === undefined) {
    let miss: MissRule = "no-match";
    if (mayPacketIn) {
      if (missConfig === "continue" || missConfig === "controller") {
        const port = ctx.bridge.ports.get(oldInPort);
        if (port !== undefined && !port.noPacketIn) miss = "packet-in";
      } else if (missConfig === "default" && ctx.bridge.missPacketIn) miss = "packet-in";
    }
    result = { kind: "miss", miss };
    const unindexed = ctx.bridge.unindexed.get(ctx.tableId);
    if (unindexed !== undefined) ctx.note("unindexed-flows", `table ${ctx.tableId} of ${ctx.bridge.name} has flows the simulator could not index (up to priority ${unindexed}); one of them might have matched`);
  } else if (result.kind === "rule") {
    const unindexed = ctx.bridge.unindexed.get(ctx.tableId);
    if (unindexed !== undefined && unindexed > result.rule.priority) ctx.note("unindexed-flows", `table ${ctx.tableId} of ${ctx.bridge.name} has flows the simulator could not index with a higher priority (${unindexed}) than the flow found (${result.rule.priority})`);
  }
  f[W.TP_SRC] = oldTpSrc;
  f[W.TP_DST] = oldTpDst;
  f[W.IN_PORT] = oldInPort;
  return result;
}

/** The best rule of table `t` of the current bridge (the index, and flows learned in this trace). */
function lookupOne(ctx: XlateCtx, t: number): IndexedRule<RuleData> | undefined {
  const index = ctx.bridge.tables.get(t);
  const softOf = (r: IndexedRule<RuleData>) => {
    const cache = ctx.run.softCache;
    let c = cache.get(r);
    if (c === undefined) {
      c = conjunctionsOf(actionsOf(ctx, r.data)) ?? null;
      cache.set(r, c);
    }
    return c ?? undefined;
  };
  let best = index === undefined ? undefined : lookupTable(index, ctx.flow, softOf);
  const learned = ctx.run.learned.get(ctx.bridge.name)?.get(t);
  if (learned !== undefined) {
    for (const r of learned) {
      if (best !== undefined && r.priority <= best.priority) break;
      if (matchesLearned(r, ctx.flow)) {
        best = r;
        break;
      }
    }
  }
  return best;
}

/** The match text of a flow as the trace prints it (port names as numbers, as OVS prints them). */
function matchText(ctx: XlateCtx, data: RuleData): string {
  const learnedText = (data as RuleData & { readonly matchText?: string }).matchText;
  if (learnedText !== undefined) return learnedText;
  const cached = ctx.run.textCache.get(data);
  if (cached !== undefined) return cached;
  let out = "";
  for (const m of data.flow.match) {
    let t: string;
    if (m.value?.kind === "name" && (m.name === "in_port" || m.name === "actset_output")) {
      const p = ctx.bridge.portByName.get(m.value.name);
      t = p === undefined ? formatMatchField(m) : `${m.name}=${p}`;
    } else t = formatMatchField(m);
    out += out === "" ? t : "," + t;
  }
  ctx.run.textCache.set(data, out);
  return out;
}

/**
 * `xlate_report_table`: the step line (` 8. metadata=0x1, priority 50, cookie 0x8dc8c7ba`) and
 * the trace list of its actions.
 *
 * @internal
 * @example
 * ```ts
 * import { reportTable } from "./xlate-table.js";
 * reportTable(ctx, found, 8);
 * ```
 */
export function reportTable(ctx: XlateCtx, found: LookupResult, tableId: number): void {
  // A rule's line is the same every time (its table, match, priority, cookie): printed once
  // per pipeline (the rule object is the key).
  const cacheable = found.kind === "rule" && found.rule.table === tableId;
  let s = cacheable ? ctx.run.textCache.get(found.rule) : undefined;
  if (s === undefined) {
    s = `${tableId < 10 ? " " : ""}${tableId}. `;
    if (found.kind === "miss") {
      s += found.miss === "packet-in" ? 'No match, and a "packet-in" is called for.' : "No match.";
    } else {
      s += matchText(ctx, found.rule.data);
      if (!s.endsWith(" ")) s += ", ";
      s += `priority ${found.rule.priority}`;
      if (found.rule.data.cookie !== 0n) s += `, cookie 0x${found.rule.data.cookie.toString(16)}`;
      if (cacheable) ctx.run.textCache.set(found.rule, s);
    }
  }
  ctx.trace = xreport(ctx, "table", s);
}

const MISS_CONTROLLER: readonly Action[] = [{ kind: "controller", reason: "" }];

/** `xlate_recursively`: translates the actions of the flow found. */
function xlateRecursively(ctx: XlateCtx, found: LookupResult, deepens: boolean, last: boolean, asClone: boolean): void {
  const oldRule = ctx.rule;
  const oldCookie = ctx.ruleCookie;
  ctx.resubmits++;
  if (deepens) ctx.depth++;
  let actions: readonly Action[];
  if (found.kind === "rule") {
    ctx.rule = found.rule;
    ctx.ruleCookie = found.rule.data.cookie;
    actions = actionsOf(ctx, found.rule.data);
  } else {
    ctx.rule = undefined;
    ctx.ruleCookie = 0n;
    actions = found.miss === "packet-in" ? MISS_CONTROLLER : [];
  }
  if (asClone) cloneXlateActions(ctx, actions, last);
  else doXlateActions(ctx, actions, last, false);
  ctx.ruleCookie = oldCookie;
  ctx.rule = oldRule;
  if (deepens) ctx.depth--;
}

/**
 * Translates the first lookup of a section (or a thawed one): the table step and its actions
 * with the trace list left inside the step, as `xlate_actions` does.
 *
 * @internal
 * @example
 * ```ts
 * import { translateInitialLookup } from "./xlate-table.js";
 * translateInitialLookup(ctx);
 * ```
 */
export function initialLookup(ctx: XlateCtx): LookupResult {
  const found = lookupFromTable(ctx, ctx.flow[W.IN_PORT]!, true, true);
  reportTable(ctx, found, ctx.tableId);
  return found;
}

/**
 * The actions of a lookup result (the miss rules' included) and its cookie.
 *
 * @internal
 * @example
 * ```ts
 * import { resultActions } from "./xlate-table.js";
 * const { actions, cookie } = resultActions(ctx, found);
 * ```
 */
export function resultActions(ctx: XlateCtx, found: LookupResult): { readonly actions: readonly Action[]; readonly cookie: bigint; readonly rule: IndexedRule<RuleData> | undefined } {
  if (found.kind === "rule") return { actions: actionsOf(ctx, found.rule.data), cookie: found.rule.data.cookie, rule: found.rule };
  return { actions: found.miss === "packet-in" ? MISS_CONTROLLER : [], cookie: 0n, rule: undefined };
}
