/**
 * Action lines: parsing, and the nested action lines OVS prints right after a `ct(...)` or
 * `clone(...)` line (its NAT and `exec` actions, the cloned actions, or `drop` for an empty
 * list). Which line is nested in which follows from the kinds of the actions alone, so the
 * parser (which records it in `nestedIn`) and the note queries (which need to know when a `ct`'s
 * nested lines are over) run the same {@link NestTracker}.
 *
 * @module
 */
import { parseNatSpec } from "../openflow/actions/ct.js";
import { parseAction } from "../openflow/actions/parse.js";
import type { Action, NatSpec } from "../openflow/actions/types.js";
import type { TraceActionLine } from "./types.js";

/** Kinds of the action lines OVS prints right after `a` for its nested actions (`drop` for none). */
function nestedKinds(a: Action | NatSpec): readonly string[] {
  let kinds: string[];
  if (a.kind === "ct") {
    kinds = a.nat === undefined ? [] : ["nat"];
    for (const x of a.exec ?? []) kinds.push(x.kind);
  } else if (a.kind === "clone") kinds = a.actions.map((x) => x.kind);
  else return NO_KINDS;
  return kinds.length > 0 ? kinds : DROP;
}
const NO_KINDS: readonly string[] = [];
const DROP: readonly string[] = ["drop"];

/** A `ct(...)` or `clone(...)` line and the kinds of the nested action lines OVS prints after it. */
interface Nest {
  readonly head: TraceActionLine;
  readonly expected: readonly string[];
  next: number;
}

/**
 * Follows the action lines of one list, in order, and tells for each the `ct(...)` /
 * `clone(...)` line it is nested in. A line that is not the one expected closes the guess (OVS
 * printed something else).
 *
 * @internal
 * @example
 * ```ts
 * import { NestTracker } from "./action-lines.js";
 * const t = new NestTracker();
 * t.next(cloneLine); // t.holder === undefined
 * t.next(setLine);   // t.holder === cloneLine
 * ```
 */
export class NestTracker {
  private nest: Nest[] | undefined;
  /** The line the last line given to {@link next} is nested in. */
  holder: TraceActionLine | undefined;
  /** The `ct(...)` line whose nested lines the last line completed (the notes that follow are its). */
  ctDone: TraceActionLine | undefined;

  /** Feeds the next action line of the list. */
  next(node: TraceActionLine): void {
    const kind = node.action.kind;
    const nest = this.nest;
    this.ctDone = undefined;
    this.holder = undefined;
    if (nest !== undefined) {
      while (nest.length > 0 && (nest[nest.length - 1] as Nest).expected[(nest[nest.length - 1] as Nest).next] !== kind) nest.pop();
      const top = nest[nest.length - 1];
      if (top !== undefined) {
        this.holder = top.head;
        top.next++;
      }
    }
    const kinds = nestedKinds(node.action);
    if (kinds.length > 0) (this.nest ??= []).push({ head: node, expected: kinds, next: 0 });
    const open = this.nest;
    if (open === undefined) return;
    while (open.length > 0 && (open[open.length - 1] as Nest).next === (open[open.length - 1] as Nest).expected.length) {
      const done = open.pop() as Nest;
      if (this.ctDone === undefined && done.head.action.kind === "ct") this.ctDone = done.head;
    }
    if (open.length === 0) this.nest = undefined;
  }
}

/**
 * The action at `text[start, end)` (a `nat` / `nat(...)` line, the nested NAT of a `ct(...)`, as
 * a {@link NatSpec}). Throws {@link OvsParseError} on structural damage.
 *
 * @internal
 * @example
 * ```ts
 * import { actionAt } from "./action-lines.js";
 * actionAt("    nat(src)", 4, 12); // { kind: "nat", type: "src", flags: [] }
 * ```
 */
export function actionAt(text: string, start: number, end: number): Action | NatSpec {
  if (end - start === 3 && text.startsWith("nat", start)) return { kind: "nat", flags: [] };
  if (text.startsWith("nat(", start) && text.charCodeAt(end - 1) === 41) return parseNatSpec(text, start + 4, end - 1);
  return parseAction(text, start, end);
}
