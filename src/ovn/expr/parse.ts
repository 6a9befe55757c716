/**
 * `parseOvnMatch`: OVN match expression text → {@link OvnExpr} tree, or an
 * {@link OvsParseError} with the line and column of the problem; `tryParseOvnMatch`, the same as
 * a result.
 *
 * @module
 */
import { type OvnGrammarFailure, runOvnGrammar } from "./grammar.js";
import { type OvnTokens, TK, lexOvnMatch, tokenEnd, tokenValue } from "./lexer.js";
import type { OvnExpr } from "./model.js";
import { type OvnFailure, type OvnParseResult, failedResult, okResult, ovnParseError, withoutBom } from "./result.js";

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
  const t = text.slice(tokens.from[i], tokenEnd(tokens, i));
  return `\`${t.length > 40 ? t.slice(0, 37) + "..." : t}'`;
}

/** Where and why a failed parse failed. */
function failure(text: string, tokens: OvnTokens, f: OvnGrammarFailure): OvnFailure {
  const i = f.token;
  const offset = i < tokens.kinds.length ? (tokens.from[i] as number) : text.length;
  if ("reason" in f) return { reason: f.reason, offset };
  if (tokens.kinds[i] === TK.error) return { reason: tokenValue(tokens, i) as string, offset };
  return { reason: `expected ${list(f.expected)}, found ${shown(text, tokens, i)}`, offset };
}

/** Parses, without throwing: the tree, or where and why it failed. */
function parse(text: string): { ok: true; expr: OvnExpr } | { ok: false; failure: OvnFailure } {
  const tokens = lexOvnMatch(text);
  if (tokens.fatal !== undefined) return { ok: false, failure: { reason: tokens.fatal.reason, offset: tokens.fatal.at } };
  const r = runOvnGrammar(tokens);
  return r.ok ? r : { ok: false, failure: failure(text, tokens, r) };
}

/**
 * Parses an OVN match expression (ovn-sb(5), "Logical_Flow TABLE" → `match`): the `match=(...)`
 * of `ovn-sbctl lflow-list`, an ACL, a logical router policy, a QoS rule.
 *
 * It accepts what OVN's `expr_parse` accepts, checked against ovn-trace of OVN 23.03, except
 * the checks that need OVN's field table (field names, widths, which fields may be ordered or
 * negated): any identifier is a field. `^name` template variables are accepted as constants.
 * Comments (`//`, `/* *\/`) are skipped. Parentheses may nest {@link MAX_OVN_NESTING} deep.
 * Linear in the length of the text. A UTF-8 byte order mark at the start is ignored (spans
 * then count from after it).
 *
 * Throws {@link OvsParseError} (code `syntax`) with the line and column of the offending token
 * (a match may span lines) and a message saying what was expected, or OVN's own diagnosis
 * (`&& and || must be parenthesized when used together`, `invalid numeric constant`, ...).
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
  const t = withoutBom(text);
  const r = parse(t);
  if (r.ok) return r.expr;
  throw ovnParseError(t, r.failure);
}

/**
 * Like {@link parseOvnMatch}, but returns the result instead of throwing: `{ ok: true, value }`
 * or `{ ok: false, error }` with the error as plain data (`code`, `message`, `line`, `column`).
 * `tryParseOvnActions` returns the same shape.
 *
 * @example
 * ```ts
 * import { tryParseOvnMatch } from "ovskit";
 * const r = tryParseOvnMatch("ip4 && tcp || udp");
 * if (r.ok) console.log(r.value.kind);
 * else console.log(r.error.line, r.error.column, r.error.message); // 1 12 "&& and || must be parenthesized when used together"
 * ```
 */
export function tryParseOvnMatch(text: string): OvnParseResult<OvnExpr> {
  const t = withoutBom(text);
  const r = parse(t);
  return r.ok ? okResult(r.expr, "expr") : failedResult(t, r.failure);
}
