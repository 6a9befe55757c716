/**
 * The 0.1 fields of a parsed trace, kept until 0.3.0 as non-enumerable properties, so that JSON,
 * `structuredClone` and deep equality see only the plain tree (each node once):
 *
 * - the renamed ones (`trace.flow`, `finalFlow`, `megaflow`, `datapathActions`,
 *   `datapathActionsText`, now on `trace.sections[0]`): a handful per trace, always added;
 * - the derived lists that became functions (`section.steps` / `bridges`, `step.children` /
 *   `actions` / `notes`, `action.notes`): one property per node and list, added on request
 *   (`{ deprecatedFields: true }`), as defining thousands of them costs most of a parse.
 *
 * @module
 */
import { NestTracker } from "./action-lines.js";
import { sectionFinalFlow, subItems } from "./nodes.js";
import type { Trace, TraceActionLine, TraceBridge, TraceItem, TraceNote, TraceStep } from "./types.js";

/** Defines non-enumerable data properties, with one descriptor reused for all (no garbage per property). */
class Hider {
  private readonly d: PropertyDescriptor = { value: undefined, enumerable: false, writable: false, configurable: true };

  set(target: object, key: string, value: unknown): void {
    if (value === undefined) return;
    this.d.value = value;
    Object.defineProperty(target, key, this.d);
  }
}

const NO_NOTES: readonly TraceNote[] = Object.freeze([]) as readonly TraceNote[];

/** One open list of the walk: its nodes, the node that holds it, and the nearest step's child list. */
interface Open {
  readonly items: readonly TraceItem[];
  readonly holder: TraceItem | undefined;
  readonly children: TraceStep[];
}

/**
 * Adds the renamed 0.1 fields of a parsed trace (`trace.flow` and the like, from its first
 * section), in place, and returns it.
 *
 * @internal
 * @example
 * ```ts
 * import { withRenamedFields } from "./compat.js";
 * const t = withRenamedFields(trace);
 * t.flow === t.sections[0].flow; // true, and not in JSON.stringify(t)
 * ```
 */
export function withRenamedFields(trace: Trace): Trace {
  const h = new Hider();
  const first = trace.sections[0];
  h.set(trace, "flow", first.flow);
  const final = sectionFinalFlow(first);
  const unchanged = first.finalFlow !== undefined && "unchanged" in first.finalFlow;
  h.set(trace, "finalFlow", final !== undefined && unchanged ? { ...final, unchanged: true } : final);
  h.set(trace, "megaflow", first.megaflow);
  h.set(trace, "datapathActions", first.datapathActions);
  h.set(trace, "datapathActionsText", first.datapathActionsText);
  return trace;
}

/**
 * Adds the 0.1 derived lists to a parsed trace (`section.steps` / `bridges`, `step.children` /
 * `actions` / `notes`, `action.notes`), in place and in one walk of its tree, and returns it.
 *
 * @internal
 * @example
 * ```ts
 * import { withDerivedLists } from "./compat.js";
 * const t = withDerivedLists(trace);
 * t.sections[0].steps[0] === stepChildren(t.sections[0])[0]; // true, and not in JSON.stringify(t)
 * ```
 */
export function withDerivedLists(trace: Trace): Trace {
  const h = new Hider();
  for (const section of trace.sections) {
    const roots: TraceStep[] = [];
    const bridges: TraceBridge[] = [];
    // Depth-first, in order (a stack of list cursors), so that children and bridges come in order.
    const stack: { open: Open; i: number }[] = [{ open: { items: section.items, holder: undefined, children: roots }, i: 0 }];
    listNotes(h, section.items, undefined);
    while (stack.length > 0) {
      const top = stack[stack.length - 1] as { open: Open; i: number };
      const item = top.open.items[top.i++];
      if (item === undefined) {
        stack.pop();
        continue;
      }
      const sub = subItems(item);
      let children = top.open.children;
      if (item.kind === "step") {
        children.push(item);
        children = [];
        h.set(item, "children", children);
      } else if (item.kind === "bridge") bridges.push(item);
      if (sub !== undefined) {
        listNotes(h, sub, item.kind === "step" ? item : undefined);
        if (sub.length > 0) stack.push({ open: { items: sub, holder: item, children }, i: 0 });
      }
    }
    h.set(section, "steps", roots);
    h.set(section, "bridges", bridges);
  }
  return trace;
}

/**
 * Gives every action line of a list its 0.1 `notes`, and the step that holds the list its
 * `actions` and `notes` (those before any action).
 */
function listNotes(h: Hider, items: readonly TraceItem[], step: TraceStep | undefined): void {
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
  for (let k = 0; k < actions.length; k++) h.set(actions[k] as TraceActionLine, "notes", notes?.[k] ?? NO_NOTES);
  if (step !== undefined) {
    h.set(step, "actions", actions);
    h.set(step, "notes", own);
  }
}
