/**
 * Warnings about actions that parsed but could not be typed.
 *
 * @module
 */
import type { Issue } from "../../core/dump-lines.js";
import { findTopLevel } from "../../core/scanner.js";
import type { Action, UnknownAction } from "./types.js";

/**
 * One `unknown` action of an action list: where it starts (0-based, relative to the start the
 * list was parsed from) and the warning text.
 *
 * @internal
 */
export interface ActionWarning {
  readonly offset: number;
  readonly message: string;
}

/**
 * The `unknown` actions of a list parsed from `text` at `start`, nested ones included (clone,
 * write_actions, ct exec), in text order, with their offsets relative to `start`. Linear in the
 * text: each action is searched for from where the previous one was found.
 *
 * @internal
 */
export function actionWarnings(actions: readonly Action[], text: string, start: number): ActionWarning[] {
  const out: ActionWarning[] = [];
  collect(actions, text, start, start, text.length, out);
  return out;
}

/**
 * The warnings of a top-level action list parsed from `text[start, end)` (one action per
 * top-level item, as {@link parseActions} returns them): each action's `unknown` parts are
 * searched for within its own item, offsets relative to `start`. Lazy parsing computes the same
 * per distinct item ({@link itemWarnings}), so both report the same columns.
 *
 * @internal
 */
export function listActionWarnings(actions: readonly Action[], text: string, start: number, end: number): ActionWarning[] {
  const out: ActionWarning[] = [];
  let pos = start;
  for (let k = 0; k < actions.length && pos < end; k++) {
    let itemEnd = findTopLevel(text, 44, pos, end);
    if (itemEnd < 0) itemEnd = end;
    collect([actions[k] as Action], text, start, pos, itemEnd, out);
    pos = itemEnd + 1;
  }
  return out;
}

/**
 * The warnings of one top-level action parsed from the item `text[start, end)`, offsets relative
 * to `start` (they depend on the item's text only, so they can be cached per item).
 *
 * @internal
 */
export function itemWarnings(action: Action, text: string, start: number, end: number): ActionWarning[] {
  const out: ActionWarning[] = [];
  collect([action], text, start, start, end, out);
  return out;
}

/** Searches each `unknown` action's text from `from`, within `text[.., limit)`. */
function collect(actions: readonly Action[], text: string, base: number, from: number, limit: number, out: ActionWarning[]): number {
  for (let i = 0; i < actions.length; i++) {
    const a = actions[i] as Action;
    if (a.kind === "unknown") {
      let at = text.indexOf(a.text, from);
      if (at + a.text.length > limit) at = -1;
      out.push({ offset: (at < 0 ? from : at) - base, message: unknownMessage(a) });
      if (at >= 0) from = at + a.text.length;
    } else if (a.kind === "clone" || a.kind === "write_actions") {
      from = collect(a.actions, text, base, from, limit, out);
    } else if (a.kind === "ct" && a.exec !== undefined) {
      from = collect(a.exec, text, base, from, limit, out);
    }
  }
  return from;
}

function unknownMessage(a: UnknownAction): string {
  return `${a.reason}: ${a.text.length > 200 ? `${a.text.slice(0, 200)}...` : a.text}`;
}

/**
 * Emits an `unknown-action` warning for every `unknown` action, nested ones included
 * (clone, write_actions, ct exec), pointing at its column in `text` (the actions are searched
 * in order, so an action repeated in the list is found at each of its places).
 *
 * @example
 * ```ts
 * import { parseActions, warnUnknownActions } from "ovskit";
 * const text = "frob(1),output:1";
 * warnUnknownActions(parseActions(text), text, 1, (i) => console.warn(i.column, i.message)); // 1
 * ```
 */
export function warnUnknownActions(actions: readonly Action[], text: string, lineNo: number, emit: (i: Issue) => void): void {
  emitActionWarnings(actionWarnings(actions, text, 0), 0, text, lineNo, emit);
}

/**
 * Unknown-action warnings listed one by one for a line; the rest are counted in one more
 * warning. Each issue carries its line, so a line of thousands of unknown actions would
 * otherwise give issues quadratic in its length (found by the fuzz suite: a 68 KB line, 2,732
 * warnings, 180 MB of JSON).
 *
 * @internal
 */
export const MAX_LINE_WARNINGS = 10;

/**
 * Emits the warnings found by {@link actionWarnings} for a list parsed at `start` of line `text`:
 * the first {@link MAX_LINE_WARNINGS}, then one warning that counts the others.
 *
 * @internal
 */
export function emitActionWarnings(
  warnings: readonly ActionWarning[],
  start: number,
  text: string,
  lineNo: number,
  emit: (i: Issue) => void,
): void {
  const shown = Math.min(warnings.length, MAX_LINE_WARNINGS);
  for (let k = 0; k < shown; k++) {
    const w = warnings[k] as ActionWarning;
    emit({ severity: "warning", code: "unknown-action", message: w.message, line: lineNo, column: start + w.offset + 1, lineCount: 0, text });
  }
  const rest = warnings[shown];
  if (rest !== undefined) {
    const more = warnings.length - shown;
    const message = `${more} more unknown action${more === 1 ? "" : "s"} on this line (not listed one by one), the first: ${rest.message}`;
    emit({ severity: "warning", code: "unknown-action", message, line: lineNo, column: start + rest.offset + 1, lineCount: 0, text });
  }
}
