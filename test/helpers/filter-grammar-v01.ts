/**
 * The filter grammar of ovskit 0.1 (parsimmon), kept as the reference the hand-written parser
 * of 0.2 is compared with (test/filter-grammar.test.ts). Not part of the library.
 *
 * ```text
 * filter  := ws or ws EOF
 * or      := and ( ("||" | "or") and )*
 * and     := unary ( ("&&" | "and") unary )*
 * unary   := ("!" | "not") unary | "(" or ")" | cmp
 * cmp     := key ( op value )?
 * key     := word ( "." word )*            word = [A-Za-z_][A-Za-z0-9_-]*
 * op      := "~=" | "!=" | "<=" | ">=" | "=" | "<" | ">"
 * value   := '"' chars '"' | "'" chars "'" | bare     bare = [^\s()"'&|!<>=~]+
 * ```
 *
 * `and`, `or` and `not` are keywords only as whole words.
 *
 * @module
 */
import P from "parsimmon";
import type { FilterComparison, FilterExpr, FilterOp } from "../../src/filter/ast.js";

const ws = P.regexp(/\s*/);
const word = (w: string): P.Parser<string> => P.regexp(new RegExp(`${w}(?![A-Za-z0-9_.-])`)).desc(w);

const KEY = /[A-Za-z_][A-Za-z0-9_-]*(?:\.[A-Za-z_][A-Za-z0-9_-]*)*/y;
const KEYWORDS: ReadonlySet<string> = new Set(["and", "or", "not"]);

/** A dotted key that is not a keyword. */
const keyP: P.Parser<{ key: string; at: number }> = P((s, i) => {
  KEY.lastIndex = i;
  const m = KEY.exec(s);
  if (m === null || KEYWORDS.has(m[0])) return P.makeFailure(i, "key");
  return P.makeSuccess(i + m[0].length, { key: m[0], at: i });
});

const opP: P.Parser<FilterOp> = P.alt(
  P.string("~="),
  P.string("!="),
  P.string("<="),
  P.string(">="),
  P.string("="),
  P.string("<"),
  P.string(">"),
).desc("operator") as P.Parser<FilterOp>;

const quoted = (q: string): P.Parser<string> =>
  P.string(q)
    .then(P.regexp(new RegExp(`(?:\\\\.|[^\\\\${q}])*`)))
    .skip(P.string(q).desc(`closing ${q}`))
    .map((s) => s.replace(/\\(.)/g, "$1"));

const valueP: P.Parser<{ value: string; quoted: boolean; at: number }> = P.seqMap(
  P.index,
  P.alt(
    quoted('"').map((v) => ({ value: v, quoted: true })),
    quoted("'").map((v) => ({ value: v, quoted: true })),
    P.regexp(/[^\s()"'&|!<>=~]+/)
      .desc("value")
      .map((v) => ({ value: v, quoted: false })),
  ),
  (i, v) => ({ ...v, at: i.offset }),
);

const cmpP: P.Parser<FilterComparison> = P.seqMap(
  keyP,
  P.seq(ws.then(opP), ws.then(valueP)).atMost(1),
  ({ key, at }, rest): FilterComparison => {
    const path = key.split(".");
    const r = rest[0];
    if (r === undefined) return { kind: "cmp", key, path, at };
    const [op, v] = r;
    return { kind: "cmp", key, path, op, value: v.value, quoted: v.quoted, at, valueAt: v.at };
  },
);

const orP: P.Parser<FilterExpr> = P.lazy(() =>
  P.sepBy1(andP, ws.then(P.alt(P.string("||"), word("or"))).skip(ws)).map((xs) =>
    xs.length === 1 ? (xs[0] as FilterExpr) : { kind: "or", exprs: xs },
  ),
);

const unaryP: P.Parser<FilterExpr> = P.lazy(() =>
  P.alt(
    P.alt(P.string("!"), word("not"))
      .then(ws)
      .then(unaryP)
      .map((expr): FilterExpr => ({ kind: "not", expr })),
    P.string("(").then(ws).then(orP).skip(ws).skip(P.string(")").desc(")")),
    cmpP,
  ),
);

const andP: P.Parser<FilterExpr> = P.sepBy1(unaryP, ws.then(P.alt(P.string("&&"), word("and"))).skip(ws)).map((xs) =>
  xs.length === 1 ? (xs[0] as FilterExpr) : { kind: "and", exprs: xs },
);

const filterP: P.Parser<FilterExpr> = ws.then(orP).skip(ws).skip(P.eof.desc("end of filter"));

/** The 0.1 parse: the tree, or the offset of the error. */
export function parseFilterV01(expression: string): { ok: true; value: FilterExpr } | { ok: false; offset: number; expected: string[] } {
  const r = filterP.parse(expression);
  if (r.status) return { ok: true, value: r.value };
  return { ok: false, offset: r.index.offset, expected: [...new Set(r.expected)].sort() };
}
