/**
 * A walk over one trace section that keeps, for every action line and note, the table step
 * that holds it and what follows it in its list (the notes OVS prints after an action).
 *
 * @module
 * @internal
 */
import type { TraceActionLine, TraceItem, TraceNote, TraceSection, TraceStep } from "../trace/types.js";

/** An action line or note with the step it belongs to. @internal */
export interface WalkedLine {
  readonly item: TraceActionLine | TraceNote;
  /** The nearest enclosing table step (undefined before the first step, e.g. a thaw's lines). */
  readonly step: TraceStep | undefined;
  /** The items after it in its list, up to the next action line (its notes, a patch port's bridge). */
  readonly following: readonly TraceItem[];
  /** True inside the underlay bridge of a native tunnel output (`-> output to native tunnel`). */
  readonly underlay: boolean;
}

/** Everything a section executed, in order. @internal */
export interface SectionWalk {
  readonly steps: readonly TraceStep[];
  readonly lines: readonly WalkedLine[];
}

function followingOf(list: readonly TraceItem[], index: number): TraceItem[] {
  const out: TraceItem[] = [];
  for (let i = index + 1; i < list.length; i++) {
    const x = list[i] as TraceItem;
    if (x.kind === "action" || x.kind === "step") break;
    out.push(x);
  }
  return out;
}

/** True when the item at `index` (a bridge) follows an output into a native tunnel: the underlay. */
function afterNativeTunnel(list: readonly TraceItem[], index: number): boolean {
  for (let i = index - 1; i >= 0; i--) {
    const x = list[i] as TraceItem;
    if (x.kind === "action" || x.kind === "step") return false;
    if (x.kind === "note" && /native tunnel|^tunneling /.test(x.text)) return true;
  }
  return false;
}

/**
 * The steps and the action / note lines of a section, depth first in printed (execution)
 * order. Iterative, so a deep resubmit chain is fine.
 *
 * @internal
 * @example
 * ```ts
 * import { walkSection } from "./walk.js";
 * const w = walkSection(trace.sections[0]);
 * w.lines.filter((l) => l.item.kind === "action").length;
 * ```
 */
export function walkSection(section: TraceSection): SectionWalk {
  const steps: TraceStep[] = [];
  const lines: WalkedLine[] = [];
  type Frame = { list: readonly TraceItem[]; i: number; step: TraceStep | undefined; underlay: boolean };
  const stack: Frame[] = [{ list: section.items, i: 0, step: undefined, underlay: false }];
  while (stack.length > 0) {
    const top = stack[stack.length - 1] as Frame;
    const index = top.i++;
    const item = top.list[index];
    if (item === undefined) {
      stack.pop();
      continue;
    }
    if (item.kind === "step") {
      steps.push(item);
      if (item.items.length > 0) stack.push({ list: item.items, i: 0, step: item, underlay: top.underlay });
      continue;
    }
    if (item.kind === "action" || item.kind === "note" || item.kind === "warning" || item.kind === "error") {
      lines.push({ item, step: top.step, following: item.kind === "action" ? followingOf(top.list, index) : [], underlay: top.underlay });
      if (item.kind === "action" && item.items !== undefined && item.items.length > 0) stack.push({ list: item.items, i: 0, step: top.step, underlay: top.underlay });
      continue;
    }
    if ("items" in item && item.items.length > 0) {
      const underlay = top.underlay || (item.kind === "bridge" && afterNativeTunnel(top.list, index));
      stack.push({ list: item.items, i: 0, step: top.step, underlay });
    }
  }
  return { steps, lines };
}
