/**
 * The grammar of OVN match expressions (`expr_parse__` and friends in OVN's `lib/expr.c`),
 * written with parsimmon over the token-kind string made by {@link lexOvnMatch}: one character
 * per token, so every step is a one-character test and the failure index is a token index.
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
 * Errors OVN reports beyond the grammar but without knowing the fields (mixing `&&` and `||`,
 * `!` before a comparison, bad ranges, ordering a set, a string or a masked value, sets mixing
 * strings and integers, other function names) are thrown as {@link OvsParseError} at once:
 * the grammar has no alternative that could still succeed.
 *
 * @module
 */
import P from "parsimmon";
import { OvsParseError } from "../../core/parse-error.js";
import { type OvnTokens, TK } from "./lexer.js";
import type { OvnConstant, OvnExpr, OvnField, OvnOperand, OvnRelOp, OvnSet } from "./model.js";

/** The tokens and text being parsed (parsing is synchronous, so one slot is enough). */
const EMPTY: OvnTokens = { kinds: "", from: [], to: [], vals: [] };
let T: OvnTokens = EMPTY;
let SRC = "";

function fail(reason: string, token: number): never {
  throw new OvsParseError("syntax", reason, SRC, T.from[token] ?? SRC.length);
}

/** One token of the given kind; the value is its index. */
function tok(kind: string, label: string): P.Parser<number> {
  const code = kind.charCodeAt(0);
  return P((s, i) => (s.charCodeAt(i) === code ? P.makeSuccess(i + 1, i) : P.makeFailure(i, label)));
}

/** The current token index, without consuming anything. */
const pos: P.Parser<number> = P((_s, i) => P.makeSuccess(i, i));

const C_CONST = TK.constant.charCodeAt(0);

const constant: P.Parser<OvnConstant> = P((s, i) =>
  s.charCodeAt(i) === C_CONST ? P.makeSuccess(i + 1, T.vals[i] as OvnConstant) : P.makeFailure(i, "constant"),
);

const stringConstant: P.Parser<OvnConstant> = P((s, i) => {
  const v = T.vals[i];
  return s.charCodeAt(i) === C_CONST && typeof v === "object" && v.kind === "string"
    ? P.makeSuccess(i + 1, v)
    : P.makeFailure(i, "string");
});

const RELOPS: Record<string, OvnRelOp> = { [TK.eq]: "==", [TK.ne]: "!=", [TK.lt]: "<", [TK.le]: "<=", [TK.gt]: ">", [TK.ge]: ">=" };
const TURN: Record<OvnRelOp, OvnRelOp> = { "==": "==", "!=": "!=", "<": ">", "<=": ">=", ">": "<", ">=": "<=" };

const relop: P.Parser<{ op: OvnRelOp; at: number }> = P((s, i) => {
  const op = RELOPS[s[i] as string];
  return op === undefined ? P.makeFailure(i, "relational operator") : P.makeSuccess(i + 1, { op, at: i });
});

/** A decimal integer up to INT_MAX, for bit subscripts. */
const smallInt: P.Parser<number> = P((s, i) => {
  const v = T.vals[i];
  if (s.charCodeAt(i) !== C_CONST || typeof v !== "object" || v.kind !== "int" || v.hex || v.mask !== undefined) {
    return P.makeFailure(i, "small integer");
  }
  return v.value > 0x7fffffffn ? P.makeFailure(i, "small integer") : P.makeSuccess(i + 1, Number(v.value));
});

/** Integer-like (`i`), string-like (`s`) or unknown until expanded (`?`, templates). */
function typeOf(c: OvnConstant): string {
  return c.kind === "string" || c.kind === "portgroup" ? "s" : c.kind === "template" ? "?" : "i";
}

const set: P.Parser<OvnSet> = P.seqMap(
  tok(TK.lcurly, '"{"'),
  P.seqMap(pos, constant, tok(TK.comma, '","').atMost(1), (at, c) => ({ at, c })).atLeast(1),
  tok(TK.rcurly, '"}"'),
  (open, items, close) => {
    let type = "?";
    for (const { at, c } of items) {
      const t = typeOf(c);
      if (type === "?") type = t;
      else if (t !== "?" && t !== type) fail(`expected ${type === "s" ? "string" : "integer"} like the rest of the set`, at);
    }
    return { kind: "set", values: items.map((x) => x.c), from: T.from[open] as number, to: T.to[close] as number };
  },
);

const operand: P.Parser<OvnOperand> = P.alt(constant, set);

const C_LSQUARE = TK.lsquare.charCodeAt(0);

/** `[`, without offering it in messages (a subscript is rarely what is missing). */
const lsquare: P.Parser<number> = P((s, i) => (s.charCodeAt(i) === C_LSQUARE ? P.makeSuccess(i + 1, i) : P.makeFailure(-1, [])));

const subscript: P.Parser<[number, number, number]> = P.seqMap(
  lsquare,
  smallInt,
  P.alt(tok(TK.ellipsis, '".."').then(smallInt), P.succeed(-1)),
  tok(TK.rsquare, '"]"'),
  (open, lo, hi, close) => {
    const end = hi < 0 ? lo : hi;
    if (end < lo) fail(`invalid bit range ${lo} to ${end}`, open + 1);
    return [lo, end, close];
  },
);

const field: P.Parser<OvnField> = P.seqMap(tok(TK.id, "field name"), subscript.atMost(1), (i, sub) => {
  const name = T.vals[i] as string;
  const from = T.from[i] as number;
  const s = sub[0];
  if (s === undefined) return { kind: "field", name, from, to: T.to[i] as number };
  return { kind: "field", name, start: s[0], end: s[1], from, to: T.to[s[2]] as number };
});

/** OVN allows only `==` and `!=` with a set, a masked value or a string. */
function checkOrdering(op: OvnRelOp, at: number, v: OvnOperand): void {
  if (op === "==" || op === "!=") return;
  let why = "";
  if (v.kind === "set") why = "value sets";
  else if (v.kind === "string" || v.kind === "portgroup") why = "strings";
  else if ((v.kind === "int" || v.kind === "mac" || v.kind === "ipv4" || v.kind === "ipv6") && v.mask !== undefined) {
    why = "masked constants";
  } else if ((v.kind === "ipv4" || v.kind === "ipv6") && v.prefix !== undefined) why = "masked constants";
  if (why !== "") fail(`only == and != may be used with ${why}`, at);
}

const fieldFirst: P.Parser<OvnExpr> = P.seqMap(
  field,
  P.alt(P.seqMap(relop, operand, (r, v) => ({ r, v })), P.succeed(undefined)),
  (f, rest): OvnExpr => {
    if (rest === undefined) return { kind: "predicate", field: f, from: f.from, to: f.to };
    checkOrdering(rest.r.op, rest.r.at, rest.v);
    return { kind: "cmp", field: f, op: rest.r.op, value: rest.v, from: f.from, to: rest.v.to };
  },
);

function isBool(v: OvnOperand): boolean {
  return v.kind === "int" && !v.hex && v.mask === undefined && v.value <= 1n;
}

const constFirst: P.Parser<OvnExpr> = P.seqMap(
  operand,
  P.alt(
    P.seqMap(relop, field, P.alt(P.seqMap(relop, operand, (r, v) => ({ r, v })), P.succeed(undefined)), (r, f, hi) => ({ r, f, hi })),
    P.succeed(undefined),
  ),
  (low, rest) => ({ low, rest }),
).chain(({ low, rest }): P.Parser<OvnExpr> => {
  if (rest === undefined) {
    if (!isBool(low)) return P.fail("relational operator");
    return P.succeed({ kind: "bool", value: (low as { value: bigint }).value === 1n, from: low.from, to: low.to });
  }
  const { r, f, hi } = rest;
  if (hi === undefined) {
    checkOrdering(r.op, r.at, low);
    return P.succeed({ kind: "cmp", field: f, op: TURN[r.op], value: low, reversed: true, from: low.from, to: f.to });
  }
  const up = (op: OvnRelOp) => op === "<" || op === "<=";
  const down = (op: OvnRelOp) => op === ">" || op === ">=";
  if (!((up(r.op) && up(hi.r.op)) || (down(r.op) && down(hi.r.op)))) {
    fail("range expressions must have the form `x < field < y' or `x > field > y' (or with <=, >=)", hi.r.at);
  }
  checkOrdering(r.op, r.at, low);
  checkOrdering(hi.r.op, hi.r.at, hi.v);
  const lowOp = r.op as "<" | "<=" | ">" | ">=";
  const highOp = hi.r.op as "<" | "<=" | ">" | ">=";
  return P.succeed({ kind: "range", low, lowOp, field: f, highOp, high: hi.v, from: low.from, to: hi.v.to });
});

/** The name of a function call: OVN knows only `is_chassis_resident`. */
const functionName: P.Parser<number> = P((_s, i) => {
  const name = T.vals[i] as string;
  if (name !== "is_chassis_resident") fail(`unknown function \`${name}' (OVN has only is_chassis_resident)`, i);
  return P.makeSuccess(i + 1, i);
});

const call: P.Parser<OvnExpr> = P.seqMap(
  functionName,
  tok(TK.lparen, '"("'),
  stringConstant,
  tok(TK.rparen, '")"'),
  (name, _open, arg, close): OvnExpr => ({
    kind: "call",
    name: T.vals[name] as string,
    args: [arg],
    from: T.from[name] as number,
    to: T.to[close] as number,
  }),
);

const expr: P.Parser<OvnExpr> = P.lazy(() =>
  P.seqMap(unary, P.alt(chain(TK.and, TK.or), chain(TK.or, TK.and), P.succeed(undefined)), (first, tail): OvnExpr => {
    if (tail === undefined) return first;
    const terms = [first, ...tail.terms];
    const to = (terms[terms.length - 1] as OvnExpr).to;
    return { kind: tail.kind === TK.and ? "and" : "or", terms, from: first.from, to };
  }),
);

/** `(op unary)+` followed by anything but the other operator. */
function chain(op: string, other: string): P.Parser<{ kind: string; terms: OvnExpr[] }> {
  const label = op === TK.and ? '"&&"' : '"||"';
  const otherCode = other.charCodeAt(0);
  const noMix = P((s, i) => {
    if (s.charCodeAt(i) === otherCode) fail("&& and || must be parenthesized when used together", i);
    return P.makeSuccess(i, null);
  });
  return P.seqMap(tok(op, label), unary, (_, e) => e)
    .atLeast(1)
    .skip(noMix)
    .map((terms) => ({ kind: op, terms }));
}

const paren: P.Parser<OvnExpr> = P.seqMap(tok(TK.lparen, '"("'), expr, tok(TK.rparen, '")"'), (open, e, close) => ({
  ...e,
  parens: (e.parens ?? 0) + 1,
  from: T.from[open] as number,
  to: T.to[close] as number,
}));

const notExpr: P.Parser<OvnExpr> = P.lazy(() =>
  P.seqMap(tok(TK.not, '"!"'), pos, primary, (not, at, e): OvnExpr => {
    if ((e.kind === "cmp" || e.kind === "range") && e.parens === undefined) {
      fail("missing parentheses around operand of !", at);
    }
    return { kind: "not", expr: e, from: T.from[not] as number, to: e.to };
  }),
);

const PRIMARY_START = ["constant", "field name", '"("', '"{"'];
const UNARY_START = ['"!"', ...PRIMARY_START];

/**
 * The grammar is LL(1): the token a primary (or unary) starts with tells which alternative it
 * is, so only that one is run (`P.alt` would try them in turn).
 */
function dispatch(withNot: boolean): P.Parser<OvnExpr> {
  const labels = withNot ? UNARY_START : PRIMARY_START;
  return P((s, i): P.Reply<P.Parser<OvnExpr>> => {
    switch (s[i]) {
      case TK.not:
        return withNot ? P.makeSuccess(i, notExpr) : P.makeFailure(i, labels);
      case TK.lparen:
        return P.makeSuccess(i, paren);
      case TK.id:
        return P.makeSuccess(i, s[i + 1] === TK.lparen ? call : fieldFirst);
      case TK.constant:
      case TK.lcurly:
        return P.makeSuccess(i, constFirst);
      default:
        return P.makeFailure(i, labels);
    }
  }).chain((p) => p);
}

const primary: P.Parser<OvnExpr> = dispatch(false);
const unary: P.Parser<OvnExpr> = dispatch(true);

const end: P.Parser<null> = P((s, i) => (i === s.length ? P.makeSuccess(i, null) : P.makeFailure(i, "end of input")));

const grammar = expr.skip(end);

/**
 * Runs the grammar over lexed tokens. Returns the tree, or the failing token index and what
 * was expected there; throws {@link OvsParseError} for the errors described in the module doc.
 *
 * @internal
 * @example
 * ```ts
 * import { runOvnGrammar } from "./grammar.js";
 * import { lexOvnMatch } from "./lexer.js";
 * const text = "ip4 && tcp.dst == 80";
 * runOvnGrammar(text, lexOvnMatch(text)); // { ok: true, expr: { kind: "and", ... } }
 * ```
 */
export function runOvnGrammar(
  text: string,
  tokens: OvnTokens,
): { ok: true; expr: OvnExpr } | { ok: false; token: number; expected: string[] } {
  T = tokens;
  SRC = text;
  try {
    const r = grammar.parse(tokens.kinds);
    return r.status ? { ok: true, expr: r.value } : { ok: false, token: r.index.offset, expected: r.expected };
  } finally {
    T = EMPTY;
    SRC = "";
  }
}
