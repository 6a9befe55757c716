/**
 * The state of one translation (OVS's `struct xlate_ctx`): the flow as the actions change it,
 * the "base" flow (what the datapath packet looks like so far) and the wildcard masks for
 * committing field changes, the datapath actions being composed, the trace list nodes go to,
 * resubmit depth and count, freezing (recirculation) state, conntrack state, the OpenFlow
 * action set and the register stack. Plus what lives across the sections of one trace
 * ({@link TraceRun}): the recirculation queue, recirculation ids, learned flows, caveats.
 *
 * @module
 */
import type { Action, ControllerAction, NatSpec } from "../openflow/actions/types.js";
import type { ConjClause, IndexedRule } from "./classifier.js";
import type { FieldDef } from "./fields.js";
import type { FlowWords } from "./flow-state.js";
import type { OdpAction } from "./odp-actions.js";
import type { Pipeline, PipelineBridge, PipelineFlow, RuleData } from "./pipeline.js";
import { type OfTraceNode, type OfTraceNodeType, type SharedText, report } from "./trace-nodes.js";

/** OVS's translation errors (`enum xlate_error`), by the text `xlate_strerror` gives them. */
export type XlateError =
  | "Recursion too deep"
  | "Too many resubmits"
  | "Stack too deep"
  | "No recirculation context"
  | "Recirculation conflict"
  | "Too many MPLS labels"
  | "Invalid tunnel metadata"
  | "Unsupported packet type"
  | "Bridge not found";

/** An action frozen for after a recirculation, or the marker that restores table and cookie. */
export type FrozenAction = Action | { readonly kind: "unroll_xlate"; readonly table: number; readonly cookie: bigint };

/** What a thawed (recirculated) translation resumes from (`struct frozen_state`). */
export interface FrozenState {
  readonly tableId: number;
  readonly bridge: string;
  readonly stack: readonly StackEntry[];
  readonly conntracked: boolean;
  readonly wasMpls: boolean;
  readonly actions: readonly FrozenAction[];
  readonly actionSet: readonly Action[];
}

/** A value on the register stack (`push`/`pop`). */
export interface StackEntry {
  readonly value: bigint;
  readonly bits: number;
}

/** A recirculation the trace follows (OVS follows only conntrack ones). */
export interface RecircNode {
  readonly recircId: number;
  readonly flow: FlowWords;
  readonly nat: NatSpec | undefined;
  readonly frozen: FrozenState;
}

/** Something the simulation could not know and assumed, said in the Trace. */
export interface Caveat {
  readonly code: string;
  readonly message: string;
  /** Section index it arose in. */
  readonly section: number;
}

/** How `learn` is handled. */
export type LearnMode = "ignore" | "apply";

/** State shared by the sections of one trace. */
export interface TraceRun {
  readonly pipeline: Pipeline;
  readonly queue: RecircNode[];
  nextRecircId: number;
  /** Recirculation ids by frozen state: OVS gives equal frozen states one id (`recirc_find_equal`). */
  readonly recircIds: Map<string, number>;
  readonly caveats: Caveat[];
  section: number;
  readonly learn: LearnMode;
  /** Flows added by `learn` (mode `apply`), by bridge and table, highest priority first. */
  readonly learned: Map<string, Map<number, IndexedRule<RuleData>[]>>;
  readonly softCache: Map<IndexedRule<RuleData>, readonly ConjClause[] | null>;
  readonly actionCache: Map<PipelineFlow, readonly Action[]>;
  /** Printed texts of rules' matches and of actions, by object (shared by a batch). */
  readonly textCache: WeakMap<object, string>;
  /** Node texts of rules' step lines and of actions, by object (shared by a batch). */
  readonly lineCache: WeakMap<object, SharedText>;
  readonly packetLength: number | undefined;
}

/** The state of one translation (one section). */
export interface XlateCtx {
  readonly run: TraceRun;
  bridge: PipelineBridge;
  flow: FlowWords;
  base: FlowWords;
  /** Wildcard masks (same layout as the flow), as far as committing changes needs them. */
  wc: FlowWords;
  /** An `encap` / `decap` waiting for the next commit. */
  pendingEncap: boolean;
  pendingDecap: boolean;
  odp: OdpAction[];
  /** The trace node list new nodes go to. */
  trace: OfTraceNode[];
  depth: number;
  resubmits: number;
  tableId: number;
  ruleCookie: bigint;
  rule: IndexedRule<RuleData> | undefined;
  exit: boolean;
  freezing: boolean;
  frozen: FrozenAction[];
  /** Index in `frozen` of the last unroll marker, or -1. */
  frozenHeader: number;
  recircUpdateDpHash: boolean;
  dpHashAlg: number;
  dpHashBasis: number;
  pause: ControllerAction | undefined;
  wasMpls: boolean;
  conntracked: boolean;
  ctNat: NatSpec | undefined;
  actionSet: Action[];
  actionSetHasGroup: boolean;
  stack: StackEntry[];
  error: XlateError | undefined;
  /** Slow path reasons (`SLOW_ACTION` etc.) as their explanations. */
  readonly slow: Set<string>;
  inActionSet: boolean;
  /** Tunnel destination the packet arrived with (not tunneled back to it). */
  readonly origTunnelDst: string;
  /** Caveats noted in this translation. */
  readonly note: (code: string, message: string) => void;
}

/**
 * Appends a trace node of `type` to the context's current list; returns the node's list.
 *
 * @internal
 * @example
 * ```ts
 * import { xreport } from "./xlate-context.js";
 * xreport(ctx, "detail", "no live bucket");
 * ```
 */
export function xreport(ctx: XlateCtx, type: OfTraceNodeType, text: string, shared?: SharedText): OfTraceNode[] {
  return report(ctx.trace, type, text, shared) as OfTraceNode[];
}

/**
 * The field named `name` in an action (a short name, an alias or an NXM/OXM name), or
 * undefined when the simulator does not know it.
 *
 * @internal
 * @example
 * ```ts
 * import { fieldOf } from "./xlate-context.js";
 * fieldOf(ctx, "NXM_NX_REG13")?.name; // "reg13"
 * ```
 */
export function fieldOf(ctx: XlateCtx, name: string): FieldDef | undefined {
  return ctx.run.pipeline.fields.byName.get(name) ?? ctx.run.pipeline.fields.byName.get(name.toLowerCase());
}

/**
 * `recirc_alloc_id_ctx`: the id of an equal frozen state allocated earlier in this trace, or a
 * new one. `key` describes the whole frozen state.
 *
 * @internal
 * @example
 * ```ts
 * import { allocRecircId } from "./xlate-context.js";
 * const id = allocRecircId(ctx.run, `ctl|${ctx.bridge.name}|${ctx.tableId}`);
 * ```
 */
export function allocRecircId(run: TraceRun, key: string): number {
  let id = run.recircIds.get(key);
  if (id === undefined) {
    id = run.nextRecircId++;
    run.recircIds.set(key, id);
  }
  return id;
}
