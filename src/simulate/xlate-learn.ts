/**
 * `learn(...)`. `ofproto/trace` without a packet has no side effects: it prints
 * `suppressing side effects, so learn action ignored` and the flow is not learned. That is the
 * default here too (`learn: "ignore"`). With `learn: "apply"` the learned flow is built as
 * OVS's `learn_execute` builds it, printed as OVS prints it with side effects on
 * (`table=10 ip,dl_dst=...,nw_dst=... priority=200 cookie=0xa40 idle=60 actions=...`), and added
 * to this trace's copy of the pipeline: later lookups, in this section and the next ones,
 * can match it.
 *
 * @module
 */
import type { FieldRef } from "../core/field-ref.js";
import { formatFieldRef } from "../core/field-ref.js";
import type { IntValue, Value } from "../core/values.js";
import type { Action, LearnAction, LearnArg } from "../openflow/actions/types.js";
import type { IndexedRule } from "./classifier.js";
import { formatMatch } from "./flow-format.js";
import { type FlowWords, readBits, setField } from "./flow-state.js";
import { PT_ETH, W } from "./layout.js";
import type { RuleData } from "./pipeline.js";
import { type XlateCtx, xreport } from "./xlate-context.js";
import { type Subfield, actionValueMask, subfieldNowText, subfieldOf } from "./xlate-fields.js";

/** A learned flow: the rule data plus its compiled match. */
export interface LearnedRuleData extends RuleData {
  readonly matchText: string;
  readonly values: FlowWords;
  readonly mask: FlowWords;
}

/**
 * True when `flow` matches a learned rule.
 *
 * @internal
 * @example
 * ```ts
 * import { matchesLearned } from "./xlate-learn.js";
 * matchesLearned(rule, ctx.flow);
 * ```
 */
export function matchesLearned(rule: IndexedRule<RuleData>, flow: FlowWords): boolean {
  const d = rule.data as LearnedRuleData;
  for (let i = 0; i < d.mask.length; i++) {
    const m = d.mask[i]!;
    if (m !== 0 && ((flow[i]! & m) >>> 0) !== d.values[i]) return false;
  }
  return true;
}

function option(args: readonly LearnArg[], name: string): string | undefined {
  for (const a of args) if (a.kind === "option" && a.name === name) return a.value ?? "";
  return undefined;
}

/** The value of a learn spec's source: a subfield of the flow, or an immediate for `dst`. */
function sourceValue(ctx: XlateCtx, dst: Subfield, src: FieldRef | Value | undefined): bigint | undefined {
  if (src === undefined) return readBits(ctx.flow, dst.field, dst.ofs, dst.nBits);
  if (src.kind === "field") {
    const s = subfieldOf(ctx, src);
    return s === undefined ? undefined : readBits(ctx.flow, s.field, s.ofs, s.nBits);
  }
  const vm = actionValueMask(dst.field, src, ctx.bridge.portByName);
  return typeof vm === "string" ? undefined : vm[0];
}

/**
 * `xlate_learn_action`.
 *
 * @internal
 * @example
 * ```ts
 * import { xlateLearnAction } from "./xlate-learn.js";
 * xlateLearnAction(ctx, a);
 * ```
 */
export function xlateLearnAction(ctx: XlateCtx, a: LearnAction): void {
  if (ctx.run.learn !== "apply") {
    xreport(ctx, "warn", "suppressing side effects, so learn action ignored");
    ctx.note("learn-ignored", "learn actions are ignored, as ofproto/trace ignores them without a packet; simulate with { learn: \"apply\" } to add the learned flows to the trace's copy of the pipeline");
    return;
  }
  const words = ctx.flow.length;
  const values = new Uint32Array(words);
  const mask = new Uint32Array(words);
  const actions: Action[] = [];
  let ethernet = false;
  for (const spec of a.args) {
    if (spec.kind === "option") continue;
    if (spec.kind === "match") {
      const dst = subfieldOf(ctx, spec.dst);
      if (dst === undefined) return unknown(ctx, spec.dst.field);
      const v = sourceValue(ctx, dst, spec.src);
      if (v === undefined) return unknown(ctx, spec.dst.field);
      const m = ((1n << BigInt(dst.nBits)) - 1n) << BigInt(dst.ofs);
      setField(values, dst.field, v << BigInt(dst.ofs), m);
      setField(mask, dst.field, m, m);
      if (dst.field.prereq !== "none") ethernet = true;
    } else if (spec.kind === "load") {
      const dst = subfieldOf(ctx, spec.dst);
      if (dst === undefined) return unknown(ctx, spec.dst.field);
      const v = spec.src.kind === "field" ? sourceValue(ctx, dst, spec.src) : (spec.src as IntValue).value;
      if (v === undefined) return unknown(ctx, spec.dst.field);
      actions.push({ kind: "load", value: { kind: "int", value: v, hex: true }, dst: spec.dst.start === undefined ? { ...spec.dst, whole: true } : spec.dst });
    } else {
      const src = subfieldOf(ctx, spec.port);
      if (src === undefined) return unknown(ctx, spec.port.field);
      const port = Number(readBits(ctx.flow, src.field, src.ofs, src.nBits));
      if (port < 0xff00 || port === 0xfff8 || port === 0xfffb || port === 0xfffe || port === 0xfffc) actions.push({ kind: "output", port });
    }
  }
  if (ethernet && mask[W.PACKET_TYPE] === 0) {
    values[W.PACKET_TYPE] = PT_ETH;
    mask[W.PACKET_TYPE] = 0xffffffff;
  }
  const table = Number(option(a.args, "table") ?? "1");
  const priority = Number(option(a.args, "priority") ?? "32768");
  const cookieText = option(a.args, "cookie");
  const cookie = cookieText === undefined ? 0n : BigInt(cookieText);
  const idle = Number(option(a.args, "idle_timeout") ?? "0");
  const hard = Number(option(a.args, "hard_timeout") ?? "0");
  const matchText = formatMatch(values, mask, ctx.run.pipeline.fields);
  let text = `table=${table}${matchText === "" ? "" : " " + matchText} priority=${priority}`;
  if (cookie !== 0n) text += ` cookie=0x${cookie.toString(16)}`;
  if (idle !== 0) text += ` idle=${idle}`;
  if (hard !== 0) text += ` hard=${hard}`;
  if (option(a.args, "send_flow_rem") !== undefined) text += " send_flow_rem";
  text += ` actions=${actions.length === 0 ? "drop" : actions.map(learnedActionText).join(",")}`;
  xreport(ctx, "detail", text);
  const data: LearnedRuleData = { flow: { match: [], actions, priority, cookie, table }, table, priority, cookie, matchText, values, mask };
  const rule: IndexedRule<RuleData> = { table, priority, order: -1, data };
  let byTable = ctx.run.learned.get(ctx.bridge.name);
  if (byTable === undefined) {
    byTable = new Map();
    ctx.run.learned.set(ctx.bridge.name, byTable);
  }
  const list = (byTable.get(table) ?? []).filter((r) => !(r.priority === priority && sameMatch(r.data as LearnedRuleData, data)));
  list.push(rule);
  list.sort((x, y) => y.priority - x.priority);
  byTable.set(table, list);
  ctx.note("learn-applied", `learn added a flow to table ${table} of ${ctx.bridge.name} for the rest of this trace (ofproto/trace itself ignores learn without a packet)`);
  const resultDst = option(a.args, "result_dst");
  if (resultDst !== undefined) {
    const ref = /^([A-Za-z0-9_]+)(?:\[(\d+)(?:\.\.(\d+))?\])?$/.exec(resultDst);
    if (ref !== null) {
      const sf = subfieldOf(ctx, { kind: "field", field: ref[1] as string, ...(ref[2] !== undefined ? { start: Number(ref[2]), end: Number(ref[3] ?? ref[2]) } : {}) });
      if (sf !== undefined) {
        setField(ctx.flow, sf.field, 1n << BigInt(sf.ofs), ((1n << BigInt(sf.nBits)) - 1n) << BigInt(sf.ofs));
        xreport(ctx, "detail", subfieldNowText(ctx.flow, sf));
      }
    }
  }
}

function sameMatch(a: LearnedRuleData, b: LearnedRuleData): boolean {
  for (let i = 0; i < a.mask.length; i++) if (a.mask[i] !== b.mask[i] || a.values[i] !== b.values[i]) return false;
  return true;
}

function learnedActionText(a: Action): string {
  if (a.kind === "load") return `load:0x${a.value.value.toString(16)}->${formatFieldRef(a.dst)}`;
  if (a.kind === "output") return `output:${String(a.port)}`;
  return a.kind;
}

function unknown(ctx: XlateCtx, field: string): void {
  ctx.note("learn", `learn uses field ${field}, unknown to the simulator; no flow was learned`);
}
