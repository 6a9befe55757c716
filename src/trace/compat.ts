/**
 * The 0.1 fields of a parsed trace, kept until 0.3.0 as non-enumerable properties: scripts
 * written against 0.1 keep reading `trace.flow`, `section.steps`, `step.children`,
 * `step.actions`, `action.notes` and the like, while JSON, `structuredClone` and deep equality
 * see only the plain tree (each node once).
 *
 * @module
 */
import { NestTracker } from "./action-lines.js";
import { sectionBridges, sectionFinalFlow, stepChildren, subItems } from "./nodes.js";
import type { Trace, TraceActionLine, TraceItem, TraceNote } from "./types.js";

function hidden(target: object, key: string, value: unknown): void {
  if (value !== undefined) Object.defineProperty(target, key, { value, enumerable: false, writable: false, configurable: true });
}

const NO_NOTES: readonly TraceNote[] = Object.freeze([]) as readonly TraceNote[];

/**
 * Gives every action line of `items` its 0.1 `notes`; returns the list's action lines and the
 * notes before any of them (a step's own).
 */
function actionsAndNotes(items: readonly TraceItem[]): { actions: TraceActionLine[]; own: TraceNote[] } {
  const actions: TraceActionLine[] = [];
  const own: TraceNote[] = [];
  let notes: TraceNote[][] | undefined;
  let nest: NestTracker | undefined;
  /** Index in `actions` of the ct line whose nested lines the last action line completed, or -1. */
  let ct = -1;
  for (const i of items) {
    if (i.kind === "action") {
      (nest ??= new NestTracker()).next(i);
      actions.push(i);
      // Once per ct line (when its nested lines are over): linear overall.
      ct = nest.ctDone === undefined ? -1 : actions.lastIndexOf(nest.ctDone);
    } else if (i.kind === "note" || i.kind === "warning" || i.kind === "error") {
      const k = ct >= 0 && !i.text.includes(" is now ") ? ct : actions.length - 1;
      if (k < 0) own.push(i);
      else ((notes ??= [])[k] ??= []).push(i);
    }
  }
  for (let k = 0; k < actions.length; k++) hidden(actions[k] as TraceActionLine, "notes", notes?.[k] ?? NO_NOTES);
  return { actions, own };
}

/**
 * Adds the deprecated 0.1 fields to a parsed trace (in place; linear in its size), and returns it.
 *
 * @internal
 * @example
 * ```ts
 * import { withDeprecatedFields } from "./compat.js";
 * const t = withDeprecatedFields(trace);
 * t.flow === t.sections[0].flow; // true, and not in JSON.stringify(t)
 * ```
 */
export function withDeprecatedFields(trace: Trace): Trace {
  const first = trace.sections[0];
  hidden(trace, "flow", first.flow);
  const final = sectionFinalFlow(first);
  const unchanged = first.finalFlow !== undefined && "unchanged" in first.finalFlow;
  hidden(trace, "finalFlow", final !== undefined && unchanged ? { ...final, unchanged: true } : final);
  hidden(trace, "megaflow", first.megaflow);
  hidden(trace, "datapathActions", first.datapathActions);
  hidden(trace, "datapathActionsText", first.datapathActionsText);
  for (const section of trace.sections) {
    hidden(section, "steps", stepChildren(section));
    hidden(section, "bridges", sectionBridges(section));
    const stack: [readonly TraceItem[], TraceItem | undefined][] = [[section.items, undefined]];
    for (let top = stack.pop(); top !== undefined; top = stack.pop()) {
      const [items, holder] = top;
      const { actions, own } = actionsAndNotes(items);
      if (holder?.kind === "step") {
        const prop = (value: unknown): PropertyDescriptor => ({ value, enumerable: false, writable: false, configurable: true });
        Object.defineProperties(holder, { actions: prop(actions), children: prop(stepChildren(holder)), notes: prop(own) });
      }
      for (const i of items) {
        const sub = subItems(i);
        if (sub !== undefined) stack.push([sub, i]);
      }
    }
  }
  return trace;
}
