/**
 * `formatOvnMatch`: {@link OvnExpr} tree → OVN match text, in the canonical form ovn-northd
 * writes: single spaces around binary operators, `{a, b}` sets, no space after `!`, the
 * parentheses of the source kept (and added where OVN requires them).
 *
 * @module
 */
import { formatOvnConstant } from "./constants.js";
import type { OvnConstant, OvnExpr, OvnField, OvnOperand, OvnRelOp } from "./model.js";

const TURN: Record<OvnRelOp, OvnRelOp> = { "==": "==", "!=": "!=", "<": ">", "<=": ">=", ">": "<", ">=": "<=" };

/**
 * Prints a field reference: `reg0`, `reg0[5]`, `reg0[0..15]`.
 *
 * @example
 * ```ts
 * import { formatOvnField } from "ovskit";
 * formatOvnField({ kind: "field", name: "reg0", start: 0, end: 15, from: 0, to: 11 }); // "reg0[0..15]"
 * ```
 */
export function formatOvnField(f: OvnField): string {
  if (f.start === undefined) return f.name;
  const end = f.end ?? f.start;
  return end === f.start ? `${f.name}[${f.start}]` : `${f.name}[${f.start}..${end}]`;
}

/**
 * Prints the right-hand side of a comparison: a constant, or a set as `{a, b, c}`.
 *
 * @example
 * ```ts
 * import { formatOvnOperand, parseOvnMatch } from "ovskit";
 * const m = parseOvnMatch("tcp.dst == {80,443}");
 * if (m.kind === "cmp") formatOvnOperand(m.value); // "{80, 443}"
 * ```
 */
export function formatOvnOperand(v: OvnOperand): string {
  if (v.kind !== "set") return formatOvnConstant(v);
  let out = "{";
  for (let i = 0; i < v.values.length; i++) out += (i === 0 ? "" : ", ") + formatOvnConstant(v.values[i] as OvnConstant);
  return out + "}";
}

/** Where a node is printed: at the top, as a term of `&&`/`||`, or as the operand of `!`. */
type Place = 0 | 1 | 2;
const TOP: Place = 0;
const TERM: Place = 1;
const NOT: Place = 2;

function required(e: OvnExpr, place: Place): number {
  if (place === TOP) return 0;
  if (e.kind === "and" || e.kind === "or") return 1;
  if (place === NOT && (e.kind === "not" || e.kind === "cmp" || e.kind === "range")) return 1;
  return 0;
}

function print(e: OvnExpr, place: Place): string {
  const n = Math.max(e.parens ?? 0, required(e, place));
  const body = bodyOf(e);
  return n === 0 ? body : "(".repeat(n) + body + ")".repeat(n);
}

function bodyOf(e: OvnExpr): string {
  switch (e.kind) {
    case "and":
    case "or": {
      const op = e.kind === "and" ? " && " : " || ";
      let out = "";
      for (let i = 0; i < e.terms.length; i++) out += (i === 0 ? "" : op) + print(e.terms[i] as OvnExpr, TERM);
      return out;
    }
    case "not":
      return "!" + print(e.expr, NOT);
    case "cmp":
      return e.reversed === true
        ? `${formatOvnOperand(e.value)} ${TURN[e.op]} ${formatOvnField(e.field)}`
        : `${formatOvnField(e.field)} ${e.op} ${formatOvnOperand(e.value)}`;
    case "range":
      return `${formatOvnOperand(e.low)} ${e.lowOp} ${formatOvnField(e.field)} ${e.highOp} ${formatOvnOperand(e.high)}`;
    case "bool":
      return e.value ? "1" : "0";
    case "predicate":
      return formatOvnField(e.field);
    case "call":
      return `${e.name}(${e.args.map(formatOvnConstant).join(", ")})`;
  }
}

/**
 * Prints a match expression back as OVN text.
 *
 * The output is canonical: one space around `&&`, `||` and comparison operators, `{a, b}` for
 * sets, lower-case hexadecimal and MAC addresses, strings re-escaped the way OVN does, comments
 * dropped. Parentheses written in the source are kept (the tree records them), and added where
 * OVN needs them in a hand-built tree. ovn-northd writes this form, so for `lflow-list` matches
 * `formatOvnMatch(parseOvnMatch(m)) === m` byte for byte, except where the match text came from
 * the user (ACLs, router policies: their spacing and comments) and one flow where northd itself
 * writes `ip4.src_mcast ||ip4.src == ...` (OVN 23.03, `lr_in_ip_input`).
 *
 * @example
 * ```ts
 * import { formatOvnMatch, parseOvnMatch } from "ovskit";
 * formatOvnMatch(parseOvnMatch('ip4.src==10.0.0.0/8&&outport=={"a","b"}'));
 * // 'ip4.src == 10.0.0.0/8 && outport == {"a", "b"}'
 * ```
 */
export function formatOvnMatch(e: OvnExpr): string {
  return print(e, TOP);
}
