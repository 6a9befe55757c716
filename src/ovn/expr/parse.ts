/**
 * `parseOvnMatch`: OVN match expression text → {@link OvnExpr} tree, or an
 * {@link OvsParseError} with the column of the problem.
 *
 * @module
 */
import { OvsParseError } from "../../core/parse-error.js";
import { runOvnGrammar } from "./grammar.js";
import { type OvnTokens, TK, lexOvnMatch } from "./lexer.js";
import type { OvnExpr } from "./model.js";

/** Order of the expectations in messages: what a reader looks for first. */
const RANK: Record<string, number> = {
  constant: 0,
  "field name": 1,
  "relational operator": 2,
  "small integer": 3,
  string: 4,
  '"&&"': 10,
  '"||"': 11,
  '")"': 12,
  "end of input": 20,
};

function list(items: readonly string[]): string {
  const sorted = [...new Set(items)].sort((a, b) => (RANK[a] ?? 15) - (RANK[b] ?? 15) || (a < b ? -1 : 1));
  if (sorted.length <= 1) return sorted[0] ?? "something else";
  return `${sorted.slice(0, -1).join(", ")} or ${sorted[sorted.length - 1]}`;
}

function shown(text: string, tokens: OvnTokens, i: number): string {
  if (i >= tokens.kinds.length) return "end of input";
  const t = text.slice(tokens.from[i], tokens.to[i]);
  return `\`${t.length > 40 ? t.slice(0, 37) + "..." : t}'`;
}

function syntaxError(text: string, tokens: OvnTokens, i: number, expected: readonly string[]): OvsParseError {
  const at = i < tokens.kinds.length ? (tokens.from[i] as number) : text.length;
  if (tokens.kinds[i] === TK.error) return new OvsParseError("syntax", tokens.vals[i] as string, text, at);
  return new OvsParseError("syntax", `expected ${list(expected)}, found ${shown(text, tokens, i)}`, text, at);
}

/**
 * Parses an OVN match expression (ovn-sb(5), "Logical_Flow TABLE" → `match`): the `match=(...)`
 * of `ovn-sbctl lflow-list`, an ACL, a logical router policy, a QoS rule.
 *
 * It accepts what OVN's `expr_parse` accepts, checked against ovn-trace of OVN 23.03, except
 * the checks that need OVN's field table (field names, widths, which fields may be ordered or
 * negated): any identifier is a field. `^name` template variables are accepted as constants.
 * Comments (`//`, `/* *\/`) are skipped. Parentheses may nest {@link MAX_OVN_NESTING} deep.
 *
 * Throws {@link OvsParseError} (code `syntax`) with the column of the offending token and a
 * message saying what was expected, or OVN's own diagnosis (`&& and || must be parenthesized
 * when used together`, `invalid numeric constant`, ...).
 *
 * @example
 * ```ts
 * import { parseOvnMatch } from "ovskit";
 * const m = parseOvnMatch('inport == "lsp1" && ip4.dst == 10.0.0.0/8 && !ct.est');
 * // { kind: "and", terms: [ { kind: "cmp", field: { name: "inport" }, op: "==", value: { kind: "string", value: "lsp1" } },
 * //   { kind: "cmp", field: { name: "ip4.dst" }, value: { kind: "ipv4", value: "10.0.0.0", prefix: 8 } },
 * //   { kind: "not", expr: { kind: "predicate", field: { name: "ct.est" } } } ] }  (spans omitted)
 * ```
 */
export function parseOvnMatch(text: string): OvnExpr {
  const tokens = lexOvnMatch(text);
  let r: ReturnType<typeof runOvnGrammar>;
  try {
    r = runOvnGrammar(text, tokens);
  } catch (e) {
    if (e instanceof RangeError) {
      throw new OvsParseError("syntax", "expression nested too deeply for the available stack", text, 0);
    }
    throw e;
  }
  if (r.ok) return r.expr;
  throw syntaxError(text, tokens, r.token, r.expected);
}

/**
 * Like {@link parseOvnMatch}, but returns the error instead of throwing it.
 *
 * @example
 * ```ts
 * import { tryParseOvnMatch } from "ovskit";
 * const r = tryParseOvnMatch("ip4 && tcp || udp");
 * if (!r.ok) console.log(r.error.column, r.error.reason); // 12 "&& and || must be parenthesized when used together"
 * ```
 */
export function tryParseOvnMatch(text: string): { ok: true; expr: OvnExpr } | { ok: false; error: OvsParseError } {
  try {
    return { ok: true, expr: parseOvnMatch(text) };
  } catch (e) {
    if (e instanceof OvsParseError) return { ok: false, error: e };
    throw e;
  }
}
