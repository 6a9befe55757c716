/**
 * The lists a trace's tree implies, as functions over it: a step's action lines, notes and child
 * steps, an action's notes, a section's bridges and final flow. The model keeps each node once
 * (in the `items` of its holder); these walk the tree when asked.
 *
 * @module
 */
import { NestTracker } from "./action-lines.js";
import type { TraceActionLine, TraceBridge, TraceFlow, TraceItem, TraceNote, TraceSection, TraceStep } from "./types.js";

/** Anything that holds a list of trace nodes: a section, a step, a bridge, a bucket, ... */
export interface TraceHolder {
  readonly items?: readonly TraceItem[] | undefined;
}

/**
 * The sub-nodes of a node (none for notes).
 *
 * @internal
 * @example
 * ```ts
 * import { subItems } from "./nodes.js";
 * subItems(step); // step.items
 * ```
 */
export function subItems(n: TraceItem): readonly TraceItem[] | undefined {
  return "items" in n ? n.items : undefined;
}

/**
 * The action lines of a step, in order: those printed directly under it (not those of its
 * buckets, nor of the steps it led to). Nested lines (the `nat` of a `ct(...)`, the actions of a
 * `clone(...)`) are included; they have `nestedIn`.
 *
 * @example
 * ```ts
 * import { parseTrace, stepActions, traceSteps } from "ovskit";
 * const [first] = traceSteps(parseTrace(text));
 * stepActions(first!).map((a) => a.text); // ["set_field:0x16->reg13", ..., "resubmit(,8)"]
 * ```
 */
export function stepActions(step: TraceHolder): TraceActionLine[] {
  const out: TraceActionLine[] = [];
  for (const i of step.items ?? []) if (i.kind === "action") out.push(i);
  return out;
}

/**
 * The steps a step's actions led to (resubmit, goto_table, clone, group buckets, patch ports),
 * in order: the nearest steps under it, through buckets, bridges and thaw nodes but not through
 * other steps. For a section, its outermost steps (usually one: table 0, or the table resumed
 * from). Iterative: arbitrarily deep trees are fine.
 *
 * @example
 * ```ts
 * import { parseTrace, stepChildren } from "ovskit";
 * const t = parseTrace(text);
 * const [t0] = stepChildren(t.sections[0]);
 * stepChildren(t0!).map((s) => s.table); // [8]
 * ```
 */
export function stepChildren(parent: TraceStep | TraceSection): TraceStep[] {
  const out: TraceStep[] = [];
  const stack: [readonly TraceItem[], number][] = [[parent.items, 0]];
  while (stack.length > 0) {
    const top = stack[stack.length - 1] as [readonly TraceItem[], number];
    const item = top[0][top[1]++];
    if (item === undefined) stack.pop();
    else if (item.kind === "step") out.push(item);
    else {
      const sub = subItems(item);
      if (sub !== undefined && sub.length > 0) stack.push([sub, 0]);
    }
  }
  return out;
}

/**
 * Calls `fn(note, owner)` for every note, warning and error of one list, with the action line it
 * is about: the last action line before it, except that the notes OVS prints after the nested
 * lines of a `ct(...)` (`A clone of the packet is forked to recirculate...`) are the `ct` line's,
 * while a note on a field's new value (`... is now ...`) stays with the nested action that set
 * it. `owner` is undefined for a note before any action line.
 */
function attributeNotes(items: readonly TraceItem[], fn: (note: TraceNote, owner: TraceActionLine | undefined) => void): void {
  const nest = new NestTracker();
  let last: TraceActionLine | undefined;
  for (const i of items) {
    if (i.kind === "action") {
      nest.next(i);
      last = i;
    } else if (i.kind === "note" || i.kind === "warning" || i.kind === "error") {
      const ct = nest.ctDone;
      fn(i, ct !== undefined && !i.text.includes(" is now ") ? ct : last);
    }
  }
}

/**
 * The notes, warnings and errors about one action line of `holder` (the step, bucket or other
 * node whose `items` hold it): those printed after it, before the next action line of its list.
 * The notes a `ct(...)` prints after its nested actions are the `ct` line's; a note on a field's
 * new value (`... is now ...`) stays with the nested action that set it.
 *
 * @example
 * ```ts
 * import { actionNotes, parseTrace, stepActions, traceSteps } from "ovskit";
 * const step = traceSteps(parseTrace(text)).find((s) => s.table === 8)!;
 * const move = stepActions(step).find((a) => a.action.kind === "move")!;
 * actionNotes(step, move).map((n) => n.text); // ["NXM_NX_XXREG0[111] is now 0"]
 * ```
 */
export function actionNotes(holder: TraceHolder, action: TraceActionLine): TraceNote[] {
  const out: TraceNote[] = [];
  attributeNotes(holder.items ?? [], (note, owner) => {
    if (owner === action) out.push(note);
  });
  return out;
}

/**
 * The notes, warnings and errors printed under a step before any of its action lines (a
 * `conj.` detail, `no live bucket`, ...).
 *
 * @example
 * ```ts
 * import { parseTrace, stepNotes, traceSteps } from "ovskit";
 * for (const s of traceSteps(parseTrace(text))) for (const n of stepNotes(s)) console.log(s.table, n.text);
 * ```
 */
export function stepNotes(step: TraceHolder): TraceNote[] {
  const out: TraceNote[] = [];
  attributeNotes(step.items ?? [], (note, owner) => {
    if (owner === undefined) out.push(note);
  });
  return out;
}

/**
 * Every action line of a list with its notes (as {@link actionNotes} gives them), in one pass.
 *
 * @example
 * ```ts
 * import { actionsWithNotes, parseTrace, traceSteps } from "ovskit";
 * for (const { action, notes } of actionsWithNotes(traceSteps(parseTrace(text))[0]!)) console.log(action.text, notes.length);
 * ```
 */
export function actionsWithNotes(holder: TraceHolder): { readonly action: TraceActionLine; readonly notes: TraceNote[] }[] {
  const out: { action: TraceActionLine; notes: TraceNote[] }[] = [];
  const byAction = new Map<TraceActionLine, TraceNote[]>();
  for (const i of holder.items ?? []) {
    if (i.kind !== "action") continue;
    const notes: TraceNote[] = [];
    byAction.set(i, notes);
    out.push({ action: i, notes });
  }
  attributeNotes(holder.items ?? [], (note, owner) => {
    if (owner !== undefined) byAction.get(owner)?.push(note);
  });
  return out;
}

/**
 * Every bridge header of a section, nested ones (the peers of patch ports) included, in order.
 *
 * @example
 * ```ts
 * import { parseTrace, sectionBridges } from "ovskit";
 * sectionBridges(parseTrace(text).sections[0]).map((b) => b.name); // ["br-int", "breth0"]
 * ```
 */
export function sectionBridges(section: TraceHolder): TraceBridge[] {
  const out: TraceBridge[] = [];
  const stack: [readonly TraceItem[], number][] = [[section.items ?? [], 0]];
  while (stack.length > 0) {
    const top = stack[stack.length - 1] as [readonly TraceItem[], number];
    const item = top[0][top[1]++];
    if (item === undefined) {
      stack.pop();
      continue;
    }
    if (item.kind === "bridge") out.push(item);
    const sub = subItems(item);
    if (sub !== undefined && sub.length > 0) stack.push([sub, 0]);
  }
  return out;
}

/**
 * The flow a section ended with: its `Final flow:`, or its `Flow:` (with the `Final flow:` line's
 * number) when OVS printed `Final flow: unchanged`; undefined when the section has no
 * `Final flow:` line (a truncated trace).
 *
 * @example
 * ```ts
 * import { parseTrace, sectionFinalFlow } from "ovskit";
 * const t = parseTrace(text);
 * sectionFinalFlow(t.sections[0])?.match.find((f) => f.name === "reg13");
 * ```
 */
export function sectionFinalFlow(section: TraceSection): TraceFlow | undefined {
  const f = section.finalFlow;
  if (f === undefined) return undefined;
  if ("unchanged" in f) return { text: section.flow.text, match: section.flow.match, line: f.line };
  return f;
}
