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
import { OvsParseError } from "../../core/parse-error.js";
import { MAX_OVN_NESTING, type OvnTokens, TK, lexOvnMatch } from "../expr/lexer.js";
import type { OvnConstant, OvnField, OvnOperand, OvnSet } from "../expr/model.js";
import type { OvnAction, OvnActionArg, OvnCallAction } from "./model.js";
import { CT_LB_NAMES, CT_NAT_NAMES, OVN_ACTION_NAMES } from "./names.js";
import { decodeCtLb, decodeCtNat } from "./ct.js";

/** Cursor over the tokens of one actions text. */
class Cursor {
  i = 0;
  depth = 0;
  constructor(
    readonly text: string,
    readonly t: OvnTokens,
  ) {}
  kind(at = this.i): string {
    return this.t.kinds[at] ?? "";
  }
  /** The source text of a token. */
  src(at = this.i): string {
    return at < this.t.kinds.length ? this.text.slice(this.t.from[at], this.t.to[at]) : "";
  }
  from(at = this.i): number {
    return at < this.t.kinds.length ? (this.t.from[at] as number) : this.text.length;
  }
  to(at: number): number {
    return this.t.to[at] as number;
  }
  is(kind: string, src?: string, at = this.i): boolean {
    return this.kind(at) === kind && (src === undefined || this.src(at) === src);
  }
  fail(what: string, at = this.i): never {
    if (this.kind(at) === TK.error) throw new OvsParseError("syntax", this.t.vals[at] as string, this.text, this.from(at));
    const found = at >= this.t.kinds.length ? "end of input" : `\`${this.src(at)}'`;
    throw new OvsParseError("syntax", `expected ${what}, found ${found}`, this.text, this.from(at));
  }
  expect(kind: string, what: string, src?: string): number {
    if (!this.is(kind, src)) this.fail(what);
    return this.i++;
  }
}

const SEMI = ";";

function smallInt(c: Cursor, what: string): number {
  const v = c.t.vals[c.i];
  if (c.kind() !== TK.constant || typeof v !== "object" || v.kind !== "int" || v.mask !== undefined || v.value > 0xffffn) {
    c.fail(what);
  }
  c.i++;
  return Number(v.value);
}

function field(c: Cursor): OvnField {
  const at = c.expect(TK.id, "field name");
  const name = c.t.vals[at] as string;
  if (!c.is(TK.lsquare)) return { kind: "field", name, from: c.from(at), to: c.to(at) };
  c.i++;
  const start = smallInt(c, "bit index");
  let end = start;
  if (c.is(TK.ellipsis)) {
    c.i++;
    end = smallInt(c, "bit index");
  }
  const close = c.expect(TK.rsquare, '"]"');
  return { kind: "field", name, start, end, from: c.from(at), to: c.to(close) };
}

function set(c: Cursor): OvnSet {
  const open = c.expect(TK.lcurly, '"{"');
  const values: OvnConstant[] = [];
  while (!c.is(TK.rcurly)) {
    if (!c.is(TK.constant)) c.fail("constant");
    values.push(c.t.vals[c.i++] as OvnConstant);
    if (c.is(TK.comma)) c.i++;
  }
  if (values.length === 0) c.fail("constant");
  const close = c.i++;
  return { kind: "set", values, from: c.from(open), to: c.to(close) };
}

function value(c: Cursor): OvnOperand | OvnField {
  if (c.is(TK.constant)) return c.t.vals[c.i++] as OvnConstant;
  if (c.is(TK.lcurly)) return set(c);
  if (c.is(TK.id)) return field(c);
  return c.fail("constant, set or field");
}

/** Parses a whole argument's tokens as one value when they form one; else `undefined`. */
function argValue(c: Cursor, start: number, end: number): OvnOperand | OvnField | undefined {
  if (start >= end) return undefined;
  const sub = new Cursor(c.text, c.t);
  sub.i = start;
  try {
    const v = value(sub);
    return sub.i === end ? v : undefined;
  } catch {
    return undefined;
  }
}

function isSeparator(c: Cursor, at: number, key: string | undefined): boolean {
  return c.is(TK.other, SEMI, at) || (c.kind(at) === TK.comma && key !== "backends");
}

/** `(` args `)`: the cursor is on `(`. */
function args(c: Cursor): OvnActionArg[] {
  c.expect(TK.lparen, '"("');
  const out: OvnActionArg[] = [];
  for (;;) {
    if (c.is(TK.rparen)) break;
    const first = c.i;
    let key: string | undefined;
    if (c.is(TK.id) && c.is(TK.equals, undefined, c.i + 1)) {
      key = c.t.vals[c.i] as string;
      c.i += 2;
    }
    const start = c.i;
    let depth = 0;
    while (c.i < c.t.kinds.length) {
      const k = c.kind();
      if (depth === 0 && (k === TK.rparen || isSeparator(c, c.i, key))) break;
      if (k === TK.lparen || k === TK.lcurly || k === TK.lsquare) depth++;
      else if (k === TK.rparen || k === TK.rcurly || k === TK.rsquare) depth--;
      else if (k === TK.error && c.src() !== "-") c.fail("an argument");
      c.i++;
    }
    if (c.i >= c.t.kinds.length) c.fail('")"');
    if (start === c.i) c.fail("an argument");
    const from = c.from(first);
    const to = c.to(c.i - 1);
    const v = argValue(c, start, c.i);
    const text = c.text.slice(from, to);
    const valueText = c.text.slice(c.from(start), to);
    const sep = c.is(TK.rparen) ? undefined : c.kind() === TK.comma ? "," : ";";
    out.push({
      ...(key !== undefined && { key }),
      text,
      valueText,
      ...(v !== undefined && { value: v }),
      ...(sep !== undefined && { sep }),
      from,
      to,
    } as OvnActionArg);
    if (sep !== undefined) c.i++;
  }
  c.i++;
  return out;
}

/** `{` actions `}`: the cursor is on `{`. */
function body(c: Cursor): OvnAction[] {
  const open = c.expect(TK.lcurly, '"{"');
  if (++c.depth > MAX_OVN_NESTING) {
    throw new OvsParseError("syntax", `actions nested deeper than ${MAX_OVN_NESTING} levels`, c.text, c.from(open));
  }
  const list = statements(c, TK.rcurly);
  c.depth--;
  c.i++;
  return list;
}

function call(c: Cursor, result?: OvnField): OvnAction {
  const at = c.expect(TK.id, "action name");
  const name = c.t.vals[at] as string;
  const a = c.is(TK.lparen) ? args(c) : undefined;
  const b = c.is(TK.lcurly) ? body(c) : undefined;
  const node: OvnCallAction = {
    kind: "call",
    name,
    ...(a !== undefined && { args: a }),
    ...(b !== undefined && { body: b }),
    ...(result !== undefined && { result }),
    known: OVN_ACTION_NAMES.has(name),
    from: result?.from ?? c.from(at),
    to: c.to(c.i - 1),
  };
  if (result === undefined && CT_LB_NAMES.has(name)) return decodeCtLb(node);
  if (result === undefined && CT_NAT_NAMES.has(name)) return decodeCtNat(node);
  return node;
}

function next(c: Cursor): OvnAction {
  const at = c.i++;
  if (!c.is(TK.lparen)) return { kind: "next", from: c.from(at), to: c.to(at) };
  c.i++;
  let table: number | undefined;
  let pipeline: "ingress" | "egress" | undefined;
  if (c.is(TK.constant)) table = smallInt(c, "table number");
  else {
    for (;;) {
      const key = c.expect(TK.id, '"pipeline" or "table"');
      c.expect(TK.equals, '"="');
      const k = c.t.vals[key] as string;
      if (k === "table") table = smallInt(c, "table number");
      else if (k === "pipeline") {
        const p = c.t.vals[c.expect(TK.id, '"ingress" or "egress"')];
        if (p !== "ingress" && p !== "egress") c.fail('"ingress" or "egress"', c.i - 1);
        pipeline = p;
      } else c.fail('"pipeline" or "table"', key);
      if (!c.is(TK.comma)) break;
      c.i++;
    }
  }
  const close = c.expect(TK.rparen, '")"');
  return {
    kind: "next",
    ...(pipeline !== undefined && { pipeline }),
    ...(table !== undefined && { table }),
    from: c.from(at),
    to: c.to(close),
  };
}

function statement(c: Cursor): OvnAction {
  if (!c.is(TK.id)) c.fail("action");
  const name = c.t.vals[c.i] as string;
  const after = c.kind(c.i + 1);
  if (after === TK.equals || after === TK.lsquare || c.is(TK.other, "<->", c.i + 1)) {
    const dst = field(c);
    if (c.is(TK.other, "<->")) {
      c.i++;
      const b = field(c);
      return { kind: "exchange", a: dst, b, from: dst.from, to: b.to };
    }
    c.expect(TK.equals, '"=" or "<->"');
    if (c.is(TK.id) && c.is(TK.lparen, undefined, c.i + 1)) return call(c, dst);
    const v = value(c);
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

function statements(c: Cursor, until: string | undefined): OvnAction[] {
  const out: OvnAction[] = [];
  while (until === undefined ? c.i < c.t.kinds.length : !c.is(until)) {
    if (until !== undefined && c.i >= c.t.kinds.length) c.fail(`"}"`);
    out.push(statement(c));
    c.expect(TK.other, '";"', SEMI);
  }
  return out;
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
 * Throws {@link OvsParseError} (code `syntax`) with the column of the offending token.
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
  const c = new Cursor(text, lexOvnMatch(text));
  return statements(c, undefined);
}

/**
 * Like {@link parseOvnActions}, but returns the error instead of throwing it.
 *
 * @example
 * ```ts
 * import { tryParseOvnActions } from "ovskit";
 * const r = tryParseOvnActions("next");
 * if (!r.ok) r.error.reason; // "expected \";\", found end of input"
 * ```
 */
export function tryParseOvnActions(text: string): { ok: true; actions: OvnAction[] } | { ok: false; error: OvsParseError } {
  try {
    return { ok: true, actions: parseOvnActions(text) };
  } catch (e) {
    if (e instanceof OvsParseError) return { ok: false, error: e };
    throw e;
  }
}
