/**
 * Action lines: parsing (with sharing), and the nested action lines OVS prints right after a
 * `ct(...)` or `clone(...)` line (its NAT and `exec` actions, the cloned actions, or `drop` for
 * an empty list), which are marked with the line they belong to.
 *
 * @module
 */
import type { ParseCache } from "../core/parse-cache.js";
import { ownedSlice } from "../core/strings.js";
import { parseNatSpec } from "../openflow/actions/ct.js";
import { parseAction } from "../openflow/actions/parse.js";
import type { Action, NatSpec } from "../openflow/actions/types.js";
import { type Cached, type Frame, type MAction, type Nest, NONE } from "./frames.js";
import type { TraceActionLine } from "./types.js";

/** Kinds of the action lines OVS prints right after `a` for its nested actions (`drop` for none). */
function nestedKinds(a: Action | NatSpec): readonly string[] {
  let kinds: string[];
  if (a.kind === "ct") {
    kinds = a.nat === undefined ? [] : ["nat"];
    for (const x of a.exec ?? []) kinds.push(x.kind);
  } else if (a.kind === "clone") kinds = a.actions.map((x) => x.kind);
  else return NONE;
  return kinds.length > 0 ? kinds : DROP;
}
const DROP: readonly string[] = Object.freeze(["drop"]);

/**
 * Marks action line `node` (just read in list `f`) as nested in the open `ct(...)` / `clone(...)`
 * line that expected it, and opens its own nested lines.
 *
 * @internal
 * @example
 * ```ts
 * import { markNested } from "./action-lines.js";
 * markNested(f, node); // node.nestedIn is the clone line before it, if it was expected there
 * ```
 */
export function markNested(f: Frame, node: MAction): void {
  const kind = node.action.kind;
  const nest = f.nest;
  f.ctDone = undefined;
  if (nest !== undefined) {
    // A line that is not the expected one closes the guess (OVS printed something else).
    while (nest.length > 0 && (nest[nest.length - 1] as Nest).expected[(nest[nest.length - 1] as Nest).next] !== kind) nest.pop();
    const top = nest[nest.length - 1];
    if (top !== undefined) {
      (node as { nestedIn?: TraceActionLine }).nestedIn = top.head;
      top.next++;
    }
  }
  const kinds = nestedKinds(node.action);
  if (kinds.length > 0) (f.nest ??= []).push({ head: node, expected: kinds, next: 0 });
  const open = f.nest;
  if (open === undefined) return;
  while (open.length > 0 && (open[open.length - 1] as Nest).next === (open[open.length - 1] as Nest).expected.length) {
    const done = open.pop() as Nest;
    if (f.ctDone === undefined && done.head.action.kind === "ct") f.ctDone = done.head;
  }
  if (open.length === 0) f.nest = undefined;
}

/**
 * The action at `text[start, end)` with its owned text, from `cache` or parsed (a `nat` /
 * `nat(...)` line, the nested NAT of a `ct(...)`, as a {@link NatSpec}). Throws
 * {@link OvsParseError} on structural damage.
 *
 * @internal
 * @example
 * ```ts
 * import { actionAt } from "./action-lines.js";
 * actionAt(cache, "    nat(src)", 4, 12).value; // { kind: "nat", type: "src", flags: [] }
 * ```
 */
export function actionAt(cache: ParseCache, text: string, start: number, end: number): Cached<Action | NatSpec> {
  const hit = cache.get<Cached<Action | NatSpec>>(text, start, end);
  if (hit !== undefined) return hit;
  let a: Action | NatSpec;
  if (end - start === 3 && text.startsWith("nat", start)) a = { kind: "nat", flags: [] };
  else if (text.startsWith("nat(", start) && text.charCodeAt(end - 1) === 41) a = parseNatSpec(text, start + 4, end - 1);
  else a = parseAction(text, start, end);
  return cache.set(text, start, end, { text: ownedSlice(text, start, end), value: a });
}
