import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  MAX_OVN_NESTING,
  type OvnConstant,
  type OvnExpr,
  type OvnField,
  type OvnOperand,
  type OvnRelOp,
  formatOvnMatch,
  parseOvnMatch,
  tryParseOvnMatch,
} from "../src/ovn/expr/index.js";
import { total } from "./helpers/bounded.js";
import { fixture, linesOf } from "./helpers/fixtures.js";

const real = linesOf(fixture("ovn-expr", "matches.txt"));

/** The tree without source spans. */
function shape(x: unknown): unknown {
  if (Array.isArray(x)) return x.map(shape);
  if (typeof x !== "object" || x === null) return x;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(x)) if (k !== "from" && k !== "to") out[k] = shape(v);
  return out;
}

// ---- Random valid text, from the grammar, with free spacing, comments and set separators. ----

const ws = fc.constantFrom("", " ", " ", " ", "  ", "\t", "\n", " /* c */ ");
const ident = fc.constantFrom("ip4", "tcp", "ct.est", "eth.mcast", "reg0", "xxreg0", "inport", "is_chassis_resident", "x_1.y", "A");
const fieldText = fc.oneof(
  ident,
  fc.tuple(ident, fc.nat(200), ws).map(([f, b, w]) => `${f}${w}[${w}${b}${w}]`),
  fc.tuple(ident, fc.nat(100), fc.nat(100), ws).map(([f, a, b, w]) => `${f}[${w}${a}${w}..${w}${a + b}${w}]`),
);
const ip4 = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)).map((a) => a.join("."));
const ip6 = fc.constantFrom("::", "::1", "fe80::1", "FE80::A:b", "1:2:3:4:5:6:7:8", "::ffff:10.0.0.1", "2001:db8::/32", "fe80::/ffc0::");
const mac = fc.array(fc.nat(255), { minLength: 6, maxLength: 6 }).map((b) => b.map((x) => x.toString(16).padStart(2, "0")).join(":"));
const strText = fc
  .string({ unit: fc.constantFrom("a", "-", " ", "é", "\\\"", "\\\\", "\\n", "\\t", "\\/", "\\u0041", "\\ud83d\\ude00", "'"), maxLength: 8 })
  .map((s) => `"${s}"`);
const intConstText = fc.oneof(
  fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }).map(String),
  fc.bigInt({ min: 0n, max: (1n << 128n) - 1n }).map((n) => "0x" + n.toString(16)),
  fc.tuple(fc.nat(0xffff), fc.nat(0xffff)).map(([v, m]) => `0x${(v & m).toString(16)}/0x${m.toString(16)}`),
  fc.tuple(fc.nat(0xffff), fc.nat(0xffff)).map(([v, m]) => `${v & m}/${m}`),
  fc.nat(0xffff).map((m) => `0/0x${m.toString(16)}`),
  fc.constantFrom("0x0800", "0x0", "0X1F"),
);
const orderable = fc.oneof(fc.nat(100000).map(String), fc.nat(0xffff).map((n) => "0x" + n.toString(16)), ip4, mac);
const constText = fc.oneof(
  intConstText,
  ip4,
  fc.tuple(ip4, fc.nat(32)).map(([a, p]) => `${a}/${p}`),
  fc.tuple(ip4, ip4).map(([a, m]) => `${a}/${m}`),
  ip6,
  mac,
  fc.tuple(mac, mac).map(([a, m]) => `${a}/${m}`),
  fc.constantFrom("$as_pol1", "$_x.y1", "^vip", "@pg_pol1"),
  strText,
);
const intSetText = fc
  .tuple(fc.array(fc.oneof(intConstText, ip4, mac, fc.constant("$as")), { minLength: 1, maxLength: 5 }), fc.constantFrom(", ", ",", " ", " ,"), fc.boolean(), ws)
  .map(([xs, sep, trailing, w]) => `{${w}${xs.join(sep)}${trailing ? "," : ""}${w}}`);
const strSetText = fc
  .tuple(fc.array(fc.oneof(strText, fc.constant("@pg")), { minLength: 1, maxLength: 5 }), ws)
  .map(([xs, w]) => `{${w}${xs.join(`,${w}`)}${w}}`);
const relop = fc.constantFrom("==", "!=", "<", "<=", ">", ">=");
const eqop = fc.constantFrom("==", "!=");
const up = fc.constantFrom("<", "<=");
const down = fc.constantFrom(">", ">=");

const atomText: fc.Arbitrary<{ text: string; atomic: boolean }> = fc.oneof(
  fieldText.map((text) => ({ text, atomic: true })),
  fc.constantFrom("0", "1").map((text) => ({ text, atomic: true })),
  fc.tuple(strText, ws).map(([s, w]) => ({ text: `is_chassis_resident${w}(${w}${s}${w})`, atomic: true })),
  fc.tuple(fieldText, eqop, fc.oneof(constText, intSetText, strSetText), ws).map(([f, o, v, w]) => ({ text: `${f}${w}${o}${w}${v}`, atomic: false })),
  fc.tuple(fieldText, relop, orderable, ws).map(([f, o, v, w]) => ({ text: `${f}${w}${o}${w}${v}`, atomic: false })),
  fc.tuple(orderable, relop, fieldText, ws).map(([v, o, f, w]) => ({ text: `${v}${w}${o}${w}${f}`, atomic: false })),
  fc.tuple(orderable, fc.boolean(), fieldText, orderable, ws).chain(([a, isUp, f, b, w]) =>
    fc.tuple(isUp ? up : down, isUp ? up : down).map(([o1, o2]) => ({ text: `${a}${w}${o1}${w}${f}${w}${o2}${w}${b}`, atomic: false })),
  ),
);

const exprText: fc.Arbitrary<string> = fc.letrec<{ e: string; term: string; andor: string }>((tie) => ({
  e: fc.oneof({ depthSize: "small", withCrossShrink: true }, tie("term"), tie("andor")),
  term: fc.oneof(
    { depthSize: "small" },
    atomText.map((a) => a.text),
    fc.tuple(tie("e"), ws).map(([e, w]) => `(${w}${e}${w})`),
    fc.tuple(atomText.filter((a) => a.atomic), ws).map(([a, w]) => `!${w}${a.text}`),
    fc.tuple(tie("e"), ws).map(([e, w]) => `!${w}(${e})`),
  ),
  andor: fc
    .tuple(fc.constantFrom("&&", "||"), fc.array(tie("term"), { minLength: 2, maxLength: 5 }), ws)
    .map(([op, ts, w]) => ts.join(`${w}${op}${w}`)),
})).e;

describe("random valid expressions from the grammar", () => {
  it("parse, and print to a canonical form that parses to the same tree", () => {
    fc.assert(
      fc.property(exprText, (text) => {
        const r = tryParseOvnMatch(text);
        if (!r.ok) throw new Error(`${JSON.stringify(text)}: ${r.error.message}`);
        const printed = formatOvnMatch(r.value);
        expect(shape(parseOvnMatch(printed))).toEqual(shape(r.value));
        expect(formatOvnMatch(parseOvnMatch(printed))).toBe(printed);
      }),
      { numRuns: 3000 },
    );
  });

  it("spans of the top node cover the text without surrounding blanks and comments", () => {
    fc.assert(
      fc.property(exprText, ws, ws, (text, a, b) => {
        const t = a + text + b;
        const e = parseOvnMatch(t);
        expect(shape(parseOvnMatch(t.slice(e.from, e.to)))).toEqual(shape(e));
      }),
      { numRuns: 1000 },
    );
  });
});

// ---- Random trees in canonical form: print, parse, get the same tree. ----

const at = { from: 0, to: 0 };
const fieldArb: fc.Arbitrary<OvnField> = fc.oneof(
  fc.constantFrom("ip4", "tcp.dst", "reg0", "ct.est").map((name) => ({ kind: "field" as const, name, ...at })),
  fc.tuple(fc.constantFrom("reg0", "xxreg0"), fc.nat(127), fc.nat(10)).map(([name, s, n]) => ({ kind: "field" as const, name, start: s, end: s + n, ...at })),
);
const intLikeArb: fc.Arbitrary<OvnConstant> = fc.oneof(
  fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }).map((value) => ({ kind: "int" as const, value, hex: false, ...at })),
  fc.bigInt({ min: 1n, max: (1n << 128n) - 1n }).map((value) => ({ kind: "int" as const, value, hex: true, ...at })),
  fc.tuple(fc.nat(0xff), fc.integer({ min: 1, max: 0xff })).map(([v, m]) => ({ kind: "int" as const, value: BigInt(v & m), hex: true, digits: 4, mask: BigInt(m), ...at })),
  fc.tuple(ip4, fc.nat(32)).map(([value, prefix]) => ({ kind: "ipv4" as const, value, prefix, ...at })),
  mac.map((value) => ({ kind: "mac" as const, value, ...at })),
  fc.constantFrom("as1", "as.x_2").map((name) => ({ kind: "addrset" as const, name, ...at })),
  fc.constantFrom("v_1").map((name) => ({ kind: "template" as const, name, ...at })),
);
const stringLikeArb: fc.Arbitrary<OvnConstant> = fc.oneof(
  fc.string({ maxLength: 6 }).map((value) => ({ kind: "string" as const, value, ...at })),
  fc.constantFrom("pg.x", "pg1").map((name) => ({ kind: "portgroup" as const, name, ...at })),
);
const operandArb: fc.Arbitrary<OvnOperand> = fc.oneof(
  intLikeArb,
  stringLikeArb,
  fc.array(intLikeArb, { minLength: 1, maxLength: 4 }).map((values) => ({ kind: "set" as const, values, ...at })),
  fc.array(stringLikeArb, { minLength: 1, maxLength: 4 }).map((values) => ({ kind: "set" as const, values, ...at })),
);

const treeArb: fc.Arbitrary<OvnExpr> = fc.letrec<{ e: OvnExpr; leaf: OvnExpr }>((tie) => ({
  leaf: fc.oneof(
    fieldArb.map((field): OvnExpr => ({ kind: "predicate", field, ...at })),
    fc.boolean().map((value): OvnExpr => ({ kind: "bool", value, ...at })),
    fc.string({ maxLength: 5 }).map((value): OvnExpr => ({ kind: "call", name: "is_chassis_resident", args: [{ kind: "string", value, ...at }], ...at })),
    fc.tuple(fieldArb, fc.constantFrom<OvnRelOp>("==", "!="), operandArb, fc.boolean()).map(
      ([field, op, value, rev]): OvnExpr => (rev ? { kind: "cmp", field, op, value, reversed: true, ...at } : { kind: "cmp", field, op, value, ...at }),
    ),
    fc.tuple(fieldArb, fc.constantFrom<OvnRelOp>("<", "<=", ">", ">="), fc.nat(9999)).map(
      ([field, op, n]): OvnExpr => ({ kind: "cmp", field, op, value: { kind: "int", value: BigInt(n), hex: false, ...at }, ...at }),
    ),
  ),
  e: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    tie("leaf"),
    fc.tuple(fc.constantFrom("and" as const, "or" as const), fc.array(tie("e"), { minLength: 2, maxLength: 4 })).map(
      ([kind, terms]): OvnExpr => ({ kind, terms: terms.map((t) => (t.kind === "and" || t.kind === "or" ? { ...t, parens: 1 } : t)), ...at }),
    ),
    tie("e").map((e): OvnExpr => ({ kind: "not", expr: e.kind === "predicate" || e.kind === "bool" || e.kind === "call" ? e : { ...e, parens: 1 }, ...at })),
    fc.tuple(tie("e"), fc.integer({ min: 1, max: 3 })).map(([e, n]): OvnExpr => ({ ...e, parens: (e.parens ?? 0) + n })),
  ),
})).e;

describe("random trees", () => {
  it("print, then parse to the same tree", () => {
    fc.assert(
      fc.property(treeArb, (tree) => {
        const text = formatOvnMatch(tree);
        expect(shape(parseOvnMatch(text))).toEqual(shape(tree));
      }),
      { numRuns: 3000 },
    );
  });
});

// ---- Totality: any input gives a tree or an OvsParseError, quickly. ----

const ovnAlphabet = fc.string({
  unit: fc.constantFrom(..." \t()[]{},.&|!=<>-;:$@^\"\\/*0123456789abcdefxXipt_ré".split(""), "&&", "||", "==", "..", "ip4", "reg0", "0x", "::"),
  maxLength: 120,
});

describe("any string gives a tree or an OvsParseError", () => {
  it("random unicode strings", () => {
    fc.assert(fc.property(fc.string({ unit: "grapheme", maxLength: 300 }), (s) => total(() => parseOvnMatch(s))), { numRuns: 2000 });
  });

  it("strings from the alphabet of matches", () => {
    fc.assert(fc.property(ovnAlphabet, (s) => total(() => parseOvnMatch(s))), { numRuns: 10_000 });
  });

  it("real matches with random damage; errors point inside the text", () => {
    const damaged = fc
      .tuple(fc.constantFrom(...real), fc.nat(), fc.nat(), fc.string({ unit: fc.constantFrom(..."(){}&|!=<>\"$@/. ,0x".split("")), maxLength: 3 }))
      .map(([l, a, b, ins]) => {
        const i = a % (l.length + 1);
        return l.slice(0, i) + ins + l.slice(Math.min(l.length, i + (b % 6)));
      });
    fc.assert(
      fc.property(damaged, (s) => {
        total(() => parseOvnMatch(s));
        const r = tryParseOvnMatch(s);
        if (!r.ok) expect(r.error.column).toBeLessThanOrEqual(s.length + 1);
      }),
      { numRuns: 5000 },
    );
  });

  it("long pathological inputs give a tree or a syntax error (their time: bench/run-scaling.ts)", () => {
    const nest = (n: number, inner = "ip4") => "(".repeat(n) + inner + ")".repeat(n);
    const terms = (n: number, op: string) => Array.from({ length: n }, (_, i) => `reg0 == ${i}`).join(` ${op} `);
    const cases: [string, string, boolean][] = [
      ["10k nested parentheses", nest(10_000), false],
      ["10k unclosed parentheses", "(".repeat(10_000), false],
      ["10k nested !(", "!(".repeat(10_000) + "ip4" + ")".repeat(10_000), false],
      ["parentheses at the limit", nest(MAX_OVN_NESTING), true],
      ["!( at the limit", "!(".repeat(MAX_OVN_NESTING) + "ip4" + ")".repeat(MAX_OVN_NESTING), true],
      ["50k-term conjunction", terms(50_000, "&&"), true],
      ["50k-term disjunction", terms(50_000, "||"), true],
      ["50k-term conjunction then ||", terms(50_000, "&&") + " || ip4", false],
      ["50k-element set", "reg0 == {" + Array.from({ length: 50_000 }, (_, i) => i).join(", ") + "}", true],
      ["50k !", "!".repeat(50_000) + "ip4", false],
      ["50k &&", "&&".repeat(50_000), false],
      ["1M-character string", `inport == "${"a".repeat(1_000_000)}"`, true],
      ["unterminated string of escapes", `inport == "${"\\\\".repeat(100_000)}`, false],
      ["1M-character identifier", "a".repeat(1_000_000), true],
      ["100k hex digits", "reg0 == 0x" + "f".repeat(100_000), false],
      ["50k comments", "ip4" + " /* x */".repeat(50_000), true],
      ["50k unterminated comments", "ip4 " + "/* x ".repeat(50_000), false],
    ];
    for (const [name, text, ok] of cases) {
      const r = tryParseOvnMatch(text);
      expect({ name, ok: r.ok }).toEqual({ name, ok });
      if (!r.ok) expect(r.error.code).toBe("syntax");
    }
  });
});

// Throughput (matches per second) and growth with the input are measured in bench/ (run-ovn.ts,
// run-scaling.ts), not asserted here: a unit test never asserts wall-clock time.

