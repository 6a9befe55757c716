/**
 * The grammar of OVN match expressions (`expr_parse__` and friends in OVN's `lib/expr.c`), a
 * recursive-descent parser over the tokens of {@link lexOvnMatch}. It is LL(1): the token a
 * node starts with tells which rule it is, so each token is looked at a bounded number of times
 * and parsing is linear; nesting is bounded by the lexer ({@link MAX_OVN_NESTING}).
 *
 * ```text
 * expr     := unary ( ("&&" unary)+ | ("||" unary)+ )?      mixing && and || needs parentheses
 * unary    := "!" primary | primary                          the operand of ! must be atomic
 * primary  := "(" expr ")" | "is_chassis_resident" "(" string ")"
 *           | field ( relop operand )?                       a bare field is a predicate
 *           | operand relop field ( relop operand )?         `0`/`1` alone are booleans
 * operand  := constant | "{" ( constant ","? )+ "}"
 * field    := id ( "[" int ( ".." int )? "]" )?
 * ```
 *
 * Failures are values, not exceptions. A syntax error is reported at the furthest token any rule
 * reached, with every token kind that was expected there (what a PEG parser such as parsimmon
 * reports: an optional part that did not match still says what it would have accepted). Errors
 * OVN reports beyond the grammar but without knowing the fields (mixing `&&` and `||`, `!`
 * before a comparison, bad ranges, ordering a set, a string or a masked value, sets mixing
 * strings and integers, other function names) stop the parse at once.
 *
 * @module
 */
import { type OvnTokens, TK, tokenEnd, tokenName, tokenValue } from "./lexer.js";
import type { OvnConstant, OvnExpr, OvnField, OvnOperand, OvnRelOp, OvnSet } from "./model.js";

/** Why a parse failed: a syntax error (what was expected at a token) or OVN's own diagnosis. */
export type OvnGrammarFailure =
  | { readonly ok: false; readonly token: number; readonly expected: readonly string[] }
  | { readonly ok: false; readonly token: number; readonly reason: string };

/** The state of one parse. */
class Parser {
  /** The furthest token a rule failed at, and what was expected there. */
  furthest = -1;
  expected: string[] = [];
  /** OVN's diagnosis, which ends the parse. */
  fatal: { token: number; reason: string } | undefined;
  i = 0;
  readonly kinds: string;
  readonly n: number;

  constructor(readonly t: OvnTokens) {
    this.kinds = t.kinds;
    this.n = t.kinds.length;
  }

  /** Records that `label` was expected at token `at`. */
  miss(at: number, label: string): void {
    if (at > this.furthest) {
      this.furthest = at;
      this.expected = [label];
    } else if (at === this.furthest) this.expected.push(label);
  }

  die(reason: string, token: number): undefined {
    this.fatal ??= { token, reason };
    return undefined;
  }

  is(kind: string): boolean {
    return this.kinds[this.i] === kind;
  }

  /** Consumes a token of `kind`, or records `label` as expected. */
  take(kind: string, label: string): number | undefined {
    if (this.kinds[this.i] === kind) return this.i++;
    this.miss(this.i, label);
    return undefined;
  }

  from(token: number): number {
    return this.t.from[token] as number;
  }

  to(token: number): number {
    return tokenEnd(this.t, token);
  }
}

const RELOPS: Record<string, OvnRelOp> = { [TK.eq]: "==", [TK.ne]: "!=", [TK.lt]: "<", [TK.le]: "<=", [TK.gt]: ">", [TK.ge]: ">=" };
const TURN: Record<OvnRelOp, OvnRelOp> = { "==": "==", "!=": "!=", "<": ">", "<=": ">=", ">": "<", ">=": "<=" };
const PRIMARY_START = ["constant", "field name", '"("', '"{"'];
const UNARY_START = ['"!"', ...PRIMARY_START];

function relop(p: Parser): { op: OvnRelOp; at: number } | undefined {
  const op = RELOPS[p.kinds[p.i] as string];
  if (op === undefined) {
    p.miss(p.i, "relational operator");
    return undefined;
  }
  return { op, at: p.i++ };
}

function constant(p: Parser): OvnConstant | undefined {
  if (p.is(TK.constant)) return tokenValue(p.t, p.i++) as OvnConstant;
  p.miss(p.i, "constant");
  return undefined;
}

/** A decimal integer up to INT_MAX, for bit subscripts. */
function smallInt(p: Parser): number | undefined {
  const v = tokenValue(p.t, p.i);
  if (!p.is(TK.constant) || typeof v !== "object" || v.kind !== "int" || v.hex || v.mask !== undefined || v.value > 0x7fffffffn) {
    p.miss(p.i, "small integer");
    return undefined;
  }
  p.i++;
  return Number(v.value);
}

/** Integer-like (`i`), string-like (`s`) or unknown until expanded (`?`, templates). */
function typeOf(c: OvnConstant): string {
  return c.kind === "string" || c.kind === "portgroup" ? "s" : c.kind === "template" ? "?" : "i";
}

/** `{ c1, c2 }` (the parser is on `{`). */
function set(p: Parser): OvnSet | undefined {
  const open = p.i++;
  const values: OvnConstant[] = [];
  const at: number[] = [];
  for (;;) {
    const k = p.i;
    const c = constant(p);
    if (c === undefined) break;
    values.push(c);
    at.push(k);
    if (p.is(TK.comma)) p.i++;
    else p.miss(p.i, '","');
  }
  if (values.length === 0) return undefined;
  const close = p.take(TK.rcurly, '"}"');
  if (close === undefined) return undefined;
  // Checked once the set is complete (a set that does not close is a syntax error first).
  let type = "?";
  for (let k = 0; k < values.length; k++) {
    const t = typeOf(values[k] as OvnConstant);
    if (type === "?") type = t;
    else if (t !== "?" && t !== type) return p.die(`expected ${type === "s" ? "string" : "integer"} like the rest of the set`, at[k] as number);
  }
  return { kind: "set", values, from: p.from(open), to: p.to(close) };
}

function operand(p: Parser): OvnOperand | undefined {
  if (p.is(TK.constant)) return tokenValue(p.t, p.i++) as OvnConstant;
  p.miss(p.i, "constant");
  if (p.is(TK.lcurly)) return set(p);
  p.miss(p.i, '"{"');
  return undefined;
}

/** `id` and its optional `[lo]` / `[lo..hi]` subscript (the parser is on the id). */
function field(p: Parser): OvnField | undefined {
  const id = p.take(TK.id, "field name");
  if (id === undefined) return undefined;
  const name = tokenName(p.t, id);
  // `[` is not offered in messages: a subscript is rarely what is missing.
  if (!p.is(TK.lsquare)) return { kind: "field", name, from: p.from(id), to: p.to(id) };
  const open = p.i++;
  const lo = smallInt(p);
  if (lo === undefined) return undefined;
  let hi = lo;
  if (p.is(TK.ellipsis)) {
    p.i++;
    const h = smallInt(p);
    if (h === undefined) return undefined;
    hi = h;
  } else p.miss(p.i, '".."');
  const close = p.take(TK.rsquare, '"]"');
  if (close === undefined) return undefined;
  if (hi < lo) return p.die(`invalid bit range ${lo} to ${hi}`, open + 1);
  return { kind: "field", name, start: lo, end: hi, from: p.from(id), to: p.to(close) };
}

/** OVN allows only `==` and `!=` with a set, a masked value or a string. */
function orderingError(op: OvnRelOp, v: OvnOperand): string | undefined {
  if (op === "==" || op === "!=") return undefined;
  let why = "";
  if (v.kind === "set") why = "value sets";
  else if (v.kind === "string" || v.kind === "portgroup") why = "strings";
  else if ((v.kind === "int" || v.kind === "mac" || v.kind === "ipv4" || v.kind === "ipv6") && v.mask !== undefined) why = "masked constants";
  else if ((v.kind === "ipv4" || v.kind === "ipv6") && v.prefix !== undefined) why = "masked constants";
  return why === "" ? undefined : `only == and != may be used with ${why}`;
}

/** `field [relop operand]` (the parser is on an id not followed by `(`). */
function fieldFirst(p: Parser): OvnExpr | undefined {
  const f = field(p);
  if (f === undefined) return undefined;
  const r = relop(p);
  if (r === undefined) return { kind: "predicate", field: f, from: f.from, to: f.to };
  const v = operand(p);
  if (v === undefined) return undefined;
  const bad = orderingError(r.op, v);
  if (bad !== undefined) return p.die(bad, r.at);
  return { kind: "cmp", field: f, op: r.op, value: v, from: f.from, to: v.to };
}

function isBool(v: OvnOperand): boolean {
  return v.kind === "int" && !v.hex && v.mask === undefined && v.value <= 1n;
}

/** `operand [relop field [relop operand]]` (the parser is on a constant or `{`). */
function constFirst(p: Parser): OvnExpr | undefined {
  const low = operand(p);
  if (low === undefined) return undefined;
  const r = relop(p);
  if (r === undefined) {
    if (!isBool(low)) {
      p.miss(p.i, "relational operator");
      return undefined;
    }
    return { kind: "bool", value: (low as { value: bigint }).value === 1n, from: low.from, to: low.to };
  }
  const f = field(p);
  if (f === undefined) return undefined;
  const r2 = relop(p);
  if (r2 === undefined) {
    const bad = orderingError(r.op, low);
    if (bad !== undefined) return p.die(bad, r.at);
    return { kind: "cmp", field: f, op: TURN[r.op], value: low, reversed: true, from: low.from, to: f.to };
  }
  const high = operand(p);
  if (high === undefined) {
    // What OVN would say of `low relop field` alone comes first.
    const bad = orderingError(r.op, low);
    return bad === undefined ? undefined : p.die(bad, r.at);
  }
  const up = (op: OvnRelOp) => op === "<" || op === "<=";
  const down = (op: OvnRelOp) => op === ">" || op === ">=";
  if (!((up(r.op) && up(r2.op)) || (down(r.op) && down(r2.op)))) {
    return p.die("range expressions must have the form `x < field < y' or `x > field > y' (or with <=, >=)", r2.at);
  }
  const bad = orderingError(r.op, low) ?? orderingError(r2.op, high);
  if (bad !== undefined) return p.die(bad, orderingError(r.op, low) !== undefined ? r.at : r2.at);
  const lowOp = r.op as "<" | "<=" | ">" | ">=";
  const highOp = r2.op as "<" | "<=" | ">" | ">=";
  return { kind: "range", low, lowOp, field: f, highOp, high, from: low.from, to: high.to };
}

/** `is_chassis_resident("name")` (the parser is on an id followed by `(`). */
function call(p: Parser): OvnExpr | undefined {
  const at = p.i;
  const name = tokenName(p.t, at);
  if (name !== "is_chassis_resident") return p.die(`unknown function \`${name}' (OVN has only is_chassis_resident)`, at);
  p.i += 2;
  const v = tokenValue(p.t, p.i);
  if (!p.is(TK.constant) || typeof v !== "object" || v.kind !== "string") {
    p.miss(p.i, "string");
    return undefined;
  }
  p.i++;
  const close = p.take(TK.rparen, '")"');
  if (close === undefined) return undefined;
  return { kind: "call", name, args: [v], from: p.from(at), to: p.to(close) };
}

/** `( expr )` (the parser is on `(`). */
function paren(p: Parser): OvnExpr | undefined {
  const open = p.i++;
  const e = expr(p);
  if (e === undefined) return undefined;
  const close = p.take(TK.rparen, '")"');
  if (close === undefined) return undefined;
  // The node was made by this parse and is not shared yet: widen it in place (a spread copy
  // would cost several times its size).
  const m = e as { -readonly [K in keyof OvnExpr]: OvnExpr[K] };
  m.parens = (e.parens ?? 0) + 1;
  m.from = p.from(open);
  m.to = p.to(close);
  return e;
}

/** The rule a primary (or, `withNot`, a unary) starts with, by its first token. */
function primary(p: Parser, withNot: boolean): OvnExpr | undefined {
  switch (p.kinds[p.i]) {
    case TK.not: {
      if (!withNot) break;
      const not = p.i++;
      const at = p.i;
      const e = primary(p, false);
      if (e === undefined) return undefined;
      if ((e.kind === "cmp" || e.kind === "range") && e.parens === undefined) return p.die("missing parentheses around operand of !", at);
      return { kind: "not", expr: e, from: p.from(not), to: e.to };
    }
    case TK.lparen:
      return paren(p);
    case TK.id:
      return p.kinds[p.i + 1] === TK.lparen ? call(p) : fieldFirst(p);
    case TK.constant:
    case TK.lcurly:
      return constFirst(p);
  }
  for (const l of withNot ? UNARY_START : PRIMARY_START) p.miss(p.i, l);
  return undefined;
}

/** `unary (&& unary)*` or `unary (|| unary)*`. */
function expr(p: Parser): OvnExpr | undefined {
  const first = primary(p, true);
  if (first === undefined) return undefined;
  const op = p.kinds[p.i];
  if (op !== TK.and && op !== TK.or) {
    p.miss(p.i, '"&&"');
    p.miss(p.i, '"||"');
    return first;
  }
  const terms = [first];
  while (p.kinds[p.i] === op) {
    p.i++;
    const e = primary(p, true);
    if (e === undefined) return undefined;
    terms.push(e);
  }
  if (p.kinds[p.i] === (op === TK.and ? TK.or : TK.and)) return p.die("&& and || must be parenthesized when used together", p.i);
  p.miss(p.i, op === TK.and ? '"&&"' : '"||"');
  return { kind: op === TK.and ? "and" : "or", terms, from: first.from, to: (terms[terms.length - 1] as OvnExpr).to };
}

/**
 * Runs the grammar over lexed tokens: the tree, or why it failed (the token, and what was
 * expected there or OVN's diagnosis).
 *
 * @internal
 * @example
 * ```ts
 * import { runOvnGrammar } from "./grammar.js";
 * import { lexOvnMatch } from "./lexer.js";
 * runOvnGrammar(lexOvnMatch("ip4 && tcp.dst == 80")); // { ok: true, expr: { kind: "and", ... } }
 * ```
 */
export function runOvnGrammar(tokens: OvnTokens): { readonly ok: true; readonly expr: OvnExpr } | OvnGrammarFailure {
  const p = new Parser(tokens);
  const e = expr(p);
  if (e !== undefined && p.fatal === undefined) {
    if (p.i === p.n) return { ok: true, expr: e };
    p.miss(p.i, "end of input");
  }
  if (p.fatal !== undefined) return { ok: false, token: p.fatal.token, reason: p.fatal.reason };
  return { ok: false, token: p.furthest, expected: p.expected };
}
