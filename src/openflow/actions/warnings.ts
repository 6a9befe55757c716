/**
 * Warnings about actions that parsed but could not be typed.
 *
 * @module
 */
import type { DumpIssue } from "../../core/dump-lines.js";
import type { Action } from "./types.js";

/**
 * Emits an `unknown-action` warning for every `unknown` action, nested ones included
 * (clone, write_actions, ct exec), pointing at its column in `text`.
 *
 * @example
 * ```ts
 * import { parseActions, warnUnknownActions } from "ovskit";
 * const text = "frob(1),output:1";
 * warnUnknownActions(parseActions(text), text, 1, (i) => console.warn(i.column, i.message)); // 1
 * ```
 */
export function warnUnknownActions(actions: readonly Action[], text: string, lineNo: number, emit: (i: DumpIssue) => void): void {
  for (const a of actions) {
    if (a.kind === "unknown") {
      const at = text.indexOf(a.text);
      emit({
        severity: "warning",
        code: "unknown-action",
        message: `${a.reason}: ${a.text}`,
        line: lineNo,
        column: at < 0 ? 1 : at + 1,
        lineCount: 0,
        text,
      });
    } else if (a.kind === "clone" || a.kind === "write_actions") {
      warnUnknownActions(a.actions, text, lineNo, emit);
    } else if (a.kind === "ct" && a.exec !== undefined) {
      warnUnknownActions(a.exec, text, lineNo, emit);
    }
  }
}
