/**
 * `parseOvnActions`: the `actions` of an OVN logical flow → a list of {@link OvnAction}
 * statements. A recursive-descent parser over the tokens of OVN's lexer (the one the match
 * parser uses), following `parse_action` in OVN's `lib/actions.c`:
 *
 * ```text
 * actions   := ( statement ";" )*
 * statement := field ( "=" value | "=" name "(" args ")" | "<->" field )
 *            | "ip.ttl" "--"
 *            | "next" ( "(" int ")" | "(" "pipeline" "=" id "," "table" "=" int ")" )?
 *            | name ( "(" args ")" )? ( "{" actions "}" )?
 * value     := constant | "{" constants "}" | field
 * args      := ( ( id "=" )? tokens ( "," | ";" ) )*     `backends=` runs up to the next ";"
 * ```
 *
 * @module
 */
import { MAX_OVN_NESTING, type OvnTokens, TK, lexOvnMatch, tokenEnd, tokenName, tokenValue } from "../expr/lexer.js";
import type { OvnConstant, OvnField, OvnOperand, OvnSet } from "../expr/model.js";
import { type OvnFailure, type OvnParseResult, failedResult, okResult, ovnParseError, withoutBom } from "../expr/result.js";
import type { OvnAction, OvnActionArg, OvnCallAction, OvnNextAction } from "./model.js";

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
import { CT_LB_NAMES, CT_NAT_NAMES, OVN_ACTION_NAMES } from "./names.js";
import { decodeCtLb, decodeCtNat } from "./ct.js";

/**
 * Cursor over the tokens of one actions text. A failure is recorded (the first one wins) and the
 * rules return `undefined` up to the caller: no exceptions.
 */
class Cursor {
  i = 0;
  depth = 0;
  failure: OvnFailure | undefined;
  constructor(
    readonly text: string,
    readonly t: OvnTokens,
  ) {}
  kind(at = this.i): string {
    return this.t.kinds[at] ?? "";
  }
  /** The source text of a token. */
  src(at = this.i): string {
    return at < this.t.kinds.length ? this.text.slice(this.t.from[at], tokenEnd(this.t, at)) : "";
  }
  from(at = this.i): number {
    return at < this.t.kinds.length ? (this.t.from[at] as number) : this.text.length;
  }
  to(at: number): number {
    return tokenEnd(this.t, at);
  }
  is(kind: string, src?: string, at = this.i): boolean {
    return this.kind(at) === kind && (src === undefined || this.src(at) === src);
  }
  /** Records that `what` was expected at token `at`; returns undefined for the caller to return. */
  fail(what: string, at = this.i): undefined {
    if (this.failure !== undefined) return undefined;
    const found = at >= this.t.kinds.length ? "end of input" : `\`${this.src(at)}'`;
    const reason = this.kind(at) === TK.error ? (tokenValue(this.t, at) as string) : `expected ${what}, found ${found}`;
    this.failure = { reason, offset: this.from(at) };
    return undefined;
  }
  /** Consumes a token of `kind` (and text `src`), or fails with `what`. */
  expect(kind: string, what: string, src?: string): number | undefined {
    if (!this.is(kind, src)) return this.fail(what);
    return this.i++;
  }
}

const SEMI = ";";

function smallInt(c: Cursor, what: string): number | undefined {
  const v = tokenValue(c.t, c.i);
  if (c.kind() !== TK.constant || typeof v !== "object" || v.kind !== "int" || v.mask !== undefined || v.value > 0xffffn) {
    return c.fail(what);
  }
  c.i++;
  return Number(v.value);
}

function field(c: Cursor): OvnField | undefined {
  const at = c.expect(TK.id, "field name");
  if (at === undefined) return undefined;
  const name = tokenName(c.t, at);
  if (!c.is(TK.lsquare)) return { kind: "field", name, from: c.from(at), to: c.to(at) };
  c.i++;
  const start = smallInt(c, "bit index");
  if (start === undefined) return undefined;
  let end: number | undefined = start;
  if (c.is(TK.ellipsis)) {
    c.i++;
    end = smallInt(c, "bit index");
    if (end === undefined) return undefined;
  }
  const close = c.expect(TK.rsquare, '"]"');
  if (close === undefined) return undefined;
  return { kind: "field", name, start, end, from: c.from(at), to: c.to(close) };
}

function set(c: Cursor): OvnSet | undefined {
  const open = c.expect(TK.lcurly, '"{"');
  if (open === undefined) return undefined;
  const values: OvnConstant[] = [];
  while (!c.is(TK.rcurly)) {
    if (!c.is(TK.constant)) return c.fail("constant");
    values.push(tokenValue(c.t, c.i++) as OvnConstant);
    if (c.is(TK.comma)) c.i++;
  }
  if (values.length === 0) return c.fail("constant");
  const close = c.i++;
  return { kind: "set", values, from: c.from(open), to: c.to(close) };
}

function value(c: Cursor): OvnOperand | OvnField | undefined {
  if (c.is(TK.constant)) return tokenValue(c.t, c.i++) as OvnConstant;
  if (c.is(TK.lcurly)) return set(c);
  if (c.is(TK.id)) return field(c);
  return c.fail("constant, set or field");
}

/** Parses a whole argument's tokens as one value when they form one; else `undefined`. */
function argValue(c: Cursor, start: number, end: number): OvnOperand | OvnField | undefined {
  if (start >= end) return undefined;
  // A cursor of its own: an argument that is not a single value is no error.
  const sub = new Cursor(c.text, c.t);
  sub.i = start;
  const v = value(sub);
  return sub.failure === undefined && sub.i === end ? v : undefined;
}

function isSeparator(c: Cursor, at: number, key: string | undefined): boolean {
  return c.is(TK.other, SEMI, at) || (c.kind(at) === TK.comma && key !== "backends");
}

/** `(` args `)`: the cursor is on `(`. */
function args(c: Cursor): OvnActionArg[] | undefined {
  if (c.expect(TK.lparen, '"("') === undefined) return undefined;
  const out: OvnActionArg[] = [];
  for (;;) {
    if (c.is(TK.rparen)) break;
    const first = c.i;
    let key: string | undefined;
    if (c.is(TK.id) && c.is(TK.equals, undefined, c.i + 1)) {
      key = tokenName(c.t, c.i);
      c.i += 2;
    }
    const start = c.i;
    let depth = 0;
    while (c.i < c.t.kinds.length) {
      const k = c.kind();
      if (depth === 0 && (k === TK.rparen || isSeparator(c, c.i, key))) break;
      if (k === TK.lparen || k === TK.lcurly || k === TK.lsquare) depth++;
      else if (k === TK.rparen || k === TK.rcurly || k === TK.rsquare) depth--;
      else if (k === TK.error && c.src() !== "-") return c.fail("an argument");
      c.i++;
    }
    if (c.i >= c.t.kinds.length) return c.fail('")"');
    if (start === c.i) return c.fail("an argument");
    const from = c.from(first);
    const to = c.to(c.i - 1);
    const v = argValue(c, start, c.i);
    const text = c.text.slice(from, to);
    const valueText = c.text.slice(c.from(start), to);
    const sep = c.is(TK.rparen) ? undefined : c.kind() === TK.comma ? "," : ";";
    // Built without object spreads, which cost several times the node's size.
    const arg: Mutable<OvnActionArg> = { text, valueText, from, to };
    if (key !== undefined) arg.key = key;
    if (v !== undefined) arg.value = v;
    if (sep !== undefined) {
      arg.sep = sep;
      c.i++;
    }
    out.push(arg);
  }
  c.i++;
  return out;
}

/** `{` actions `}`: the cursor is on `{`. */
function body(c: Cursor): OvnAction[] | undefined {
  const open = c.expect(TK.lcurly, '"{"');
  if (open === undefined) return undefined;
  if (++c.depth > MAX_OVN_NESTING) {
    c.failure ??= { reason: `actions nested deeper than ${MAX_OVN_NESTING} levels`, offset: c.from(open) };
    return undefined;
  }
  const list = statements(c, TK.rcurly);
  if (list === undefined) return undefined;
  c.depth--;
  c.i++;
  return list;
}

function call(c: Cursor, result?: OvnField): OvnAction | undefined {
  const at = c.expect(TK.id, "action name");
  if (at === undefined) return undefined;
  const name = tokenName(c.t, at);
  let a: OvnActionArg[] | undefined;
  if (c.is(TK.lparen)) {
    a = args(c);
    if (a === undefined) return undefined;
  }
  let b: OvnAction[] | undefined;
  if (c.is(TK.lcurly)) {
    b = body(c);
    if (b === undefined) return undefined;
  }
  const node: Mutable<OvnCallAction> = { kind: "call", name, known: OVN_ACTION_NAMES.has(name), from: result?.from ?? c.from(at), to: c.to(c.i - 1) };
  if (a !== undefined) node.args = a;
  if (b !== undefined) node.body = b;
  if (result !== undefined) node.result = result;
  if (result === undefined && CT_LB_NAMES.has(name)) return decodeCtLb(node);
  if (result === undefined && CT_NAT_NAMES.has(name)) return decodeCtNat(node);
  return node;
}

function next(c: Cursor): OvnAction | undefined {
  const at = c.i++;
  if (!c.is(TK.lparen)) return { kind: "next", from: c.from(at), to: c.to(at) };
  c.i++;
  let table: number | undefined;
  let pipeline: "ingress" | "egress" | undefined;
  if (c.is(TK.constant)) {
    table = smallInt(c, "table number");
    if (table === undefined) return undefined;
  } else {
    for (;;) {
      const key = c.expect(TK.id, '"pipeline" or "table"');
      if (key === undefined || c.expect(TK.equals, '"="') === undefined) return undefined;
      const k = tokenName(c.t, key);
      if (k === "table") {
        table = smallInt(c, "table number");
        if (table === undefined) return undefined;
      } else if (k === "pipeline") {
        const v = c.expect(TK.id, '"ingress" or "egress"');
        if (v === undefined) return undefined;
        const p = tokenName(c.t, v);
        if (p !== "ingress" && p !== "egress") return c.fail('"ingress" or "egress"', c.i - 1);
        pipeline = p;
      } else return c.fail('"pipeline" or "table"', key);
      if (!c.is(TK.comma)) break;
      c.i++;
    }
  }
  const close = c.expect(TK.rparen, '")"');
  if (close === undefined) return undefined;
  const node: Mutable<OvnNextAction> = { kind: "next", from: c.from(at), to: c.to(close) };
  if (pipeline !== undefined) node.pipeline = pipeline;
  if (table !== undefined) node.table = table;
  return node;
}

function statement(c: Cursor): OvnAction | undefined {
  if (!c.is(TK.id)) return c.fail("action");
  const name = tokenName(c.t, c.i);
  const after = c.kind(c.i + 1);
  if (after === TK.equals || after === TK.lsquare || c.is(TK.other, "<->", c.i + 1)) {
    const dst = field(c);
    if (dst === undefined) return undefined;
    if (c.is(TK.other, "<->")) {
      c.i++;
      const b = field(c);
      if (b === undefined) return undefined;
      return { kind: "exchange", a: dst, b, from: dst.from, to: b.to };
    }
    if (c.expect(TK.equals, '"=" or "<->"') === undefined) return undefined;
    if (c.is(TK.id) && c.is(TK.lparen, undefined, c.i + 1)) return call(c, dst);
    const v = value(c);
    if (v === undefined) return undefined;
    return { kind: "assign", dst, value: v, from: dst.from, to: v.to };
  }
  if (name === "ip.ttl" && c.is(TK.other, "--", c.i + 1)) {
    c.i += 2;
    return { kind: "dec_ttl", from: c.from(c.i - 2), to: c.to(c.i - 1) };
  }
  if (name === "next") return next(c);
  if ((name === "output" || name === "drop") && (c.is(TK.other, SEMI, c.i + 1) || c.i + 1 >= c.t.kinds.length)) {
    const at = c.i++;
    return { kind: name, from: c.from(at), to: c.to(at) };
  }
  return call(c);
}

function statements(c: Cursor, until: string | undefined): OvnAction[] | undefined {
  const out: OvnAction[] = [];
  while (until === undefined ? c.i < c.t.kinds.length : !c.is(until)) {
    if (until !== undefined && c.i >= c.t.kinds.length) return c.fail(`"}"`);
    const s = statement(c);
    if (s === undefined || c.expect(TK.other, '";"', SEMI) === undefined) return undefined;
    out.push(s);
  }
  return out;
}

/** Parses, without throwing: the statements, or where and why it failed. */
function parse(text: string): { ok: true; actions: OvnAction[] } | { ok: false; failure: OvnFailure } {
  const tokens = lexOvnMatch(text);
  if (tokens.fatal !== undefined) return { ok: false, failure: { reason: tokens.fatal.reason, offset: tokens.fatal.at } };
  const c = new Cursor(text, tokens);
  const actions = statements(c, undefined);
  if (actions === undefined || c.failure !== undefined) {
    return { ok: false, failure: c.failure ?? { reason: "expected an action", offset: c.from() } };
  }
  return { ok: true, actions };
}

/**
 * Parses the actions of an OVN logical flow (ovn-sb(5), "Logical_Flow TABLE" → `actions`): the
 * `action=(...)` of `ovn-sbctl lflow-list`.
 *
 * Every statement must end with `;`, as OVN requires. Assignments, exchanges, `next`,
 * `output`, `drop` and `ip.ttl--` get their own nodes; everything else is a
 * {@link OvnCallAction} with its arguments, nested block and result field, and
 * `ct_lb` / `ct_lb_mark` / `ct_dnat` / `ct_snat` are decoded further. A name OVN does not
 * document parses too (`known: false`), so a newer OVN never breaks it. Comments are skipped.
 *
 * Throws {@link OvsParseError} (code `syntax`) with the line and column of the offending token.
 * Linear in the length of the text; a UTF-8 byte order mark at the start is ignored.
 *
 * @example
 * ```ts
 * import { parseOvnActions } from "ovskit";
 * const a = parseOvnActions("reg9[2] = lookup_arp(inport, arp.spa, arp.sha); next;");
 * // [ { kind: "call", name: "lookup_arp", result: { name: "reg9", start: 2, end: 2 }, args: [...] },
 * //   { kind: "next" } ]
 * parseOvnActions("ct_lb_mark(backends=10.244.1.3:8080,10.244.2.3:8080);")[0];
 * // { kind: "ct_lb", name: "ct_lb_mark", backends: [{ ip: "10.244.1.3", port: 8080 }, { ip: "10.244.2.3", port: 8080 }] }
 * ```
 */
export function parseOvnActions(text: string): OvnAction[] {
  const t = withoutBom(text);
  const r = parse(t);
  if (r.ok) return r.actions;
  throw ovnParseError(t, r.failure);
}

/**
 * Like {@link parseOvnActions}, but returns the result instead of throwing: `{ ok: true, value }`
 * or `{ ok: false, error }` with the error as plain data (`code`, `message`, `line`, `column`),
 * the shape `tryParseOvnMatch` returns.
 *
 * @example
 * ```ts
 * import { tryParseOvnActions } from "ovskit";
 * const r = tryParseOvnActions("next");
 * if (!r.ok) r.error.message; // "expected \";\", found end of input"
 * ```
 */
export function tryParseOvnActions(text: string): OvnParseResult<OvnAction[]> {
  const t = withoutBom(text);
  const r = parse(t);
  return r.ok ? okResult(r.actions, "actions") : failedResult(t, r.failure);
}
