/**
 * `formatOvnActions`: {@link OvnAction} list → actions text, in the form ovn-northd writes:
 * every statement followed by `;`, statements separated by one space, nested blocks as
 * `name { a; b; };`, arguments as written.
 *
 * @module
 */
import { formatOvnField, formatOvnOperand } from "../expr/format.js";
import type { OvnField, OvnOperand } from "../expr/model.js";
import type { OvnAction, OvnActionArg } from "./model.js";

function operand(v: OvnOperand | OvnField): string {
  return v.kind === "field" ? formatOvnField(v) : formatOvnOperand(v);
}

function args(list: readonly OvnActionArg[]): string {
  let out = "(";
  for (const a of list) out += a.text + (a.sep === undefined ? "" : `${a.sep} `);
  return out + ")";
}

/**
 * Prints one action statement, without its `;`.
 *
 * @example
 * ```ts
 * import { formatOvnAction, parseOvnActions } from "ovskit";
 * formatOvnAction(parseOvnActions("reg0[1]  =  1;")[0]!); // "reg0[1] = 1"
 * ```
 */
export function formatOvnAction(a: OvnAction): string {
  switch (a.kind) {
    case "next":
      if (a.pipeline !== undefined) return `next(pipeline=${a.pipeline}${a.table === undefined ? "" : `, table=${a.table}`})`;
      return a.table === undefined ? "next" : `next(${a.table})`;
    case "output":
    case "drop":
      return a.kind;
    case "dec_ttl":
      return "ip.ttl--";
    case "assign":
      return `${formatOvnField(a.dst)} = ${operand(a.value)}`;
    case "exchange":
      return `${formatOvnField(a.a)} <-> ${formatOvnField(a.b)}`;
    default: {
      let out = a.result === undefined ? a.name : `${formatOvnField(a.result)} = ${a.name}`;
      if (a.args !== undefined) out += args(a.args);
      if (a.body !== undefined) out += a.body.length === 0 ? " { }" : ` { ${formatOvnActions(a.body)} }`;
      return out;
    }
  }
}

/**
 * Prints a list of actions: each statement followed by `;`, separated by single spaces.
 *
 * @example
 * ```ts
 * import { formatOvnActions, parseOvnActions } from "ovskit";
 * formatOvnActions(parseOvnActions("ct_commit{ct_mark.blocked=0;};next;")); // "ct_commit { ct_mark.blocked = 0; }; next;"
 * ```
 */
export function formatOvnActions(list: readonly OvnAction[]): string {
  let out = "";
  for (const a of list) out += (out === "" ? "" : " ") + formatOvnAction(a) + ";";
  return out;
}
