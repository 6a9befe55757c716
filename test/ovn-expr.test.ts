import { describe, expect, it } from "vitest";
import { type OvsParseError, isOvsParseError } from "../src/core/parse-error.js";
import {
  MAX_OVN_NESTING,
  type OvnExpr,
  formatOvnConstant,
  formatOvnField,
  formatOvnMatch,
  formatOvnOperand,
  formatOvnString,
  parseOvnMatch,
  tryParseOvnMatch,
} from "../src/ovn/expr/index.js";
import { fixture, linesOf } from "./helpers/fixtures.js";

/** Distinct `match=(...)` texts of a real `ovn-sbctl lflow-list` (see fixtures/ovn-expr/README.md). */
const real = linesOf(fixture("ovn-expr", "matches.txt"));

/** The tree without source spans, for readable assertions. */
function shape(x: unknown): unknown {
  if (Array.isArray(x)) return x.map(shape);
  if (typeof x !== "object" || x === null) return x;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(x)) if (k !== "from" && k !== "to") out[k] = shape(v);
  return out;
}

const p = (s: string) => shape(parseOvnMatch(s));
const f = (name: string, start?: number, end?: number) =>
  start === undefined ? { kind: "field", name } : { kind: "field", name, start, end: end ?? start };
const pred = (name: string, start?: number, end?: number) => ({ kind: "predicate", field: f(name, start, end) });

describe("real lflow-list matches", () => {
  it("has a few hundred distinct matches", () => {
    expect(real.length).toBeGreaterThan(500);
  });

  it("parses every one of them", () => {
    const failed = real.filter((m) => !tryParseOvnMatch(m).ok);
    expect(failed).toEqual([]);
  });

  it("prints every one back byte for byte, except the two known non-canonical forms", () => {
    const differ = real.filter((m) => formatOvnMatch(parseOvnMatch(m)) !== m);
    // A comment in a router policy, which the tree does not keep, and a missing space that
    // ovn-northd writes itself (`ip4.src_mcast ||ip4.src == ...`, lr_in_ip_input).
    expect(differ).toEqual([
      'inport == "rtos-ovn-worker" && ip4.dst == 10.244.1.2 /* k8s */',
      "ip4.src_mcast ||ip4.src == 255.255.255.255 || ip4.src == 127.0.0.0/8 || ip4.dst == 127.0.0.0/8 || ip4.src == 0.0.0.0/8 || ip4.dst == 0.0.0.0/8",
    ]);
    expect(formatOvnMatch(parseOvnMatch(differ[0] as string))).toBe('inport == "rtos-ovn-worker" && ip4.dst == 10.244.1.2');
    expect(formatOvnMatch(parseOvnMatch(differ[1] as string))).toBe((differ[1] as string).replace("||ip4", "|| ip4"));
  });

  it("printing is idempotent: the printed form parses to the same tree and prints the same", () => {
    for (const m of real) {
      const once = formatOvnMatch(parseOvnMatch(m));
      expect(shape(parseOvnMatch(once))).toEqual(shape(parseOvnMatch(m)));
      expect(formatOvnMatch(parseOvnMatch(once))).toBe(once);
    }
  });

  it("keeps spans: the text of every node parses back to that node", () => {
    const check = (m: string, e: OvnExpr) => {
      expect(shape(parseOvnMatch(m.slice(e.from, e.to)))).toEqual(shape(e));
      if (e.kind === "and" || e.kind === "or") e.terms.forEach((t) => check(m, t));
      if (e.kind === "not") check(m, e.expr);
      if (e.kind === "cmp" || e.kind === "range" || e.kind === "predicate") {
        expect(m.slice(e.field.from, e.field.to)).toBe(formatOvnField(e.field));
      }
      if (e.kind === "cmp") expect(m.slice(e.value.from, e.value.to)).toBe(formatOvnOperand(e.value));
      if (e.kind === "range") expect(m.slice(e.high.from, e.high.to)).toBe(formatOvnOperand(e.high));
    };
    for (const m of real) {
      const e = parseOvnMatch(m);
      expect([e.from, e.to]).toEqual([0, m.endsWith(" /* k8s */") ? m.length - 10 : m.length]);
      check(m, e);
    }
  });

  it("finds the constructs ovn-northd writes", () => {
    const kinds = new Set<string>();
    const walk = (e: OvnExpr) => {
      kinds.add(e.kind + ((e.parens ?? 0) > 0 ? "()" : ""));
      if (e.kind === "and" || e.kind === "or") e.terms.forEach(walk);
      if (e.kind === "not") walk(e.expr);
      if (e.kind === "cmp" || e.kind === "range") {
        const v = e.kind === "cmp" ? e.value : e.low;
        kinds.add(`${e.kind}:${v.kind}`);
        if (v.kind === "set") v.values.forEach((c) => kinds.add(`set:${c.kind}`));
        if (e.kind === "cmp" && e.reversed) kinds.add("reversed");
      }
    };
    real.forEach((m) => walk(parseOvnMatch(m)));
    for (const k of ["and", "or()", "not", "cmp", "range", "bool", "predicate", "call", "reversed"]) expect(kinds).toContain(k);
    for (const k of ["int", "ipv4", "ipv6", "mac", "string", "addrset", "portgroup", "template", "set"]) expect(kinds).toContain(`cmp:${k}`);
    for (const k of ["ipv4", "ipv6", "mac", "string", "addrset", "int"]) expect(kinds).toContain(`set:${k}`);
  });
});

describe("the tree", () => {
  it("&&, || and parentheses", () => {
    expect(p("ip4 && tcp && ct.new")).toEqual({ kind: "and", terms: [pred("ip4"), pred("tcp"), pred("ct.new")] });
    expect(p("eth.src == {02:42:ac:12:00:02} && (arp.op == 1 || nd_ns)")).toEqual({
      kind: "and",
      terms: [
        { kind: "cmp", field: f("eth.src"), op: "==", value: { kind: "set", values: [{ kind: "mac", value: "02:42:ac:12:00:02" }] } },
        {
          kind: "or",
          parens: 1,
          terms: [{ kind: "cmp", field: f("arp.op"), op: "==", value: { kind: "int", value: 1n, hex: false } }, pred("nd_ns")],
        },
      ],
    });
    expect(p("((ip4))")).toEqual({ ...pred("ip4"), parens: 2 });
  });

  it("! applies to an atomic operand", () => {
    expect(p("!ct.est")).toEqual({ kind: "not", expr: pred("ct.est") });
    expect(p("!(ip4.src == $as_pol1)")).toEqual({
      kind: "not",
      expr: { kind: "cmp", parens: 1, field: f("ip4.src"), op: "==", value: { kind: "addrset", name: "as_pol1" } },
    });
    expect(p("!is_chassis_resident(\"cr-lrp\")")).toEqual({
      kind: "not",
      expr: { kind: "call", name: "is_chassis_resident", args: [{ kind: "string", value: "cr-lrp" }] },
    });
  });

  it("comparisons with every operator, and turned around", () => {
    for (const op of ["==", "!=", "<", "<=", ">", ">="] as const) {
      expect(p(`tcp.dst ${op} 80`)).toEqual({ kind: "cmp", field: f("tcp.dst"), op, value: { kind: "int", value: 80n, hex: false } });
    }
    expect(p("1000 < tcp.dst")).toEqual({
      kind: "cmp",
      field: f("tcp.dst"),
      op: ">",
      value: { kind: "int", value: 1000n, hex: false },
      reversed: true,
    });
    expect(formatOvnMatch(parseOvnMatch("1000 < tcp.dst"))).toBe("1000 < tcp.dst");
    expect(p("0x8100 == eth.type")).toMatchObject({ kind: "cmp", op: "==", reversed: true, value: { value: 0x8100n, hex: true } });
  });

  it("ranges", () => {
    expect(p("1000 <= udp.dst <= 2000")).toEqual({
      kind: "range",
      low: { kind: "int", value: 1000n, hex: false },
      lowOp: "<=",
      field: f("udp.dst"),
      highOp: "<=",
      high: { kind: "int", value: 2000n, hex: false },
    });
    expect(p("9 > reg0 >= 1")).toMatchObject({ kind: "range", lowOp: ">", highOp: ">=" });
  });

  it("fields with subscripts", () => {
    expect(p("eth.src[40]")).toEqual(pred("eth.src", 40));
    expect(p("reg10[1]")).toEqual(pred("reg10", 1));
    expect(p("xxreg0[96]")).toEqual(pred("xxreg0", 96));
    expect(p("reg0[0..15] == 0x10")).toMatchObject({ field: f("reg0", 0, 15) });
    expect(p("reg0 [ 3 .. 4 ] == 1")).toMatchObject({ field: f("reg0", 3, 4) });
    expect(formatOvnMatch(parseOvnMatch("reg0[5..5] == 1"))).toBe("reg0[5] == 1");
  });

  it("integers: decimal, hex, masks", () => {
    const v = (s: string) => (p(`reg0 == ${s}`) as { value: unknown }).value;
    expect(v("8080")).toEqual({ kind: "int", value: 8080n, hex: false });
    expect(v("0x8/0x8")).toEqual({ kind: "int", value: 8n, hex: true, mask: 8n });
    expect(v("0x0800")).toEqual({ kind: "int", value: 0x800n, hex: true, digits: 4 });
    expect(v("0x0/0x1000")).toEqual({ kind: "int", value: 0n, hex: true, digits: 1, mask: 0x1000n });
    expect(v("5/7")).toEqual({ kind: "int", value: 5n, hex: false, mask: 7n, maskDecimal: true });
    expect(v("0/0xff")).toEqual({ kind: "int", value: 0n, hex: false, mask: 0xffn });
    expect(v("0xffffffffffffffffffffffffffffffff")).toMatchObject({ value: (1n << 128n) - 1n });
    for (const s of ["0x8/0x8", "0x0800", "0x0/0x1000", "5/7", "0/0xff", "18446744073709551615"]) {
      expect(formatOvnMatch(parseOvnMatch(`reg0 == ${s}`))).toBe(`reg0 == ${s}`);
    }
    expect(formatOvnMatch(parseOvnMatch("reg0 == 0XFF"))).toBe("reg0 == 0xff");
  });

  it("addresses with prefix or mask", () => {
    const v = (s: string) => (p(`x == ${s}`) as { value: unknown }).value;
    expect(v("10.0.0.0/8")).toEqual({ kind: "ipv4", value: "10.0.0.0", prefix: 8 });
    expect(v("10.0.0.0/255.0.0.0")).toEqual({ kind: "ipv4", value: "10.0.0.0", mask: "255.0.0.0" });
    expect(v("fe80::/10")).toEqual({ kind: "ipv6", value: "fe80::", prefix: 10 });
    expect(v("fe80::/ffc0::")).toEqual({ kind: "ipv6", value: "fe80::", mask: "ffc0::" });
    expect(v("::ffff:10.0.0.1")).toEqual({ kind: "ipv6", value: "::ffff:10.0.0.1" });
    expect(v("0a:58:0a:f4:01:07")).toEqual({ kind: "mac", value: "0a:58:0a:f4:01:07" });
    expect(v("01:00:00:00:00:00/01:00:00:00:00:00")).toEqual({ kind: "mac", value: "01:00:00:00:00:00", mask: "01:00:00:00:00:00" });
    expect(v("0A:58:0A:F4:01:07")).toEqual({ kind: "mac", value: "0a:58:0a:f4:01:07" });
  });

  it("strings, address sets, port groups, templates, sets", () => {
    expect(p('inport == "rtos-ovn-worker"')).toMatchObject({ value: { kind: "string", value: "rtos-ovn-worker" } });
    expect(p('inport == "a\\"b\\\\c\\u0041\\/\\n"')).toMatchObject({ value: { kind: "string", value: 'a"b\\cA/\n' } });
    expect(p("outport == @pg_pol1")).toMatchObject({ value: { kind: "portgroup", name: "pg_pol1" } });
    expect(p("ip4.dst == ^vip")).toMatchObject({ value: { kind: "template", name: "vip" } });
    expect(p("ip6.dst == {fd00::/8, $as_pol2}")).toMatchObject({
      value: { kind: "set", values: [{ kind: "ipv6", value: "fd00::", prefix: 8 }, { kind: "addrset", name: "as_pol2" }] },
    });
    expect(p('outport == {"a" "b",}')).toMatchObject({ value: { kind: "set", values: [{ value: "a" }, { value: "b" }] } });
    expect(formatOvnMatch(parseOvnMatch('outport == {"a" "b",}'))).toBe('outport == {"a", "b"}');
  });

  it("the constants 1 and 0, and the function is_chassis_resident", () => {
    expect(p("1")).toEqual({ kind: "bool", value: true });
    expect(p("!0")).toEqual({ kind: "not", expr: { kind: "bool", value: false } });
    expect(p("ip4 && 1")).toEqual({ kind: "and", terms: [pred("ip4"), { kind: "bool", value: true }] });
    expect(p('is_chassis_resident ( "cr-lrp" )')).toEqual({ kind: "call", name: "is_chassis_resident", args: [{ kind: "string", value: "cr-lrp" }] });
  });

  it("spans", () => {
    const m = 'inport == "a" && !(reg0[1..2] == {1, 2})';
    const e = parseOvnMatch(m) as Extract<OvnExpr, { kind: "and" }>;
    const [a, b] = e.terms as [Extract<OvnExpr, { kind: "cmp" }>, Extract<OvnExpr, { kind: "not" }>];
    expect(m.slice(a.from, a.to)).toBe('inport == "a"');
    expect(m.slice(a.value.from, a.value.to)).toBe('"a"');
    expect(m.slice(b.from, b.to)).toBe("!(reg0[1..2] == {1, 2})");
    const c = b.expr as Extract<OvnExpr, { kind: "cmp" }>;
    expect(m.slice(c.from, c.to)).toBe("(reg0[1..2] == {1, 2})");
    expect(m.slice(c.field.from, c.field.to)).toBe("reg0[1..2]");
    expect(m.slice(c.value.from, c.value.to)).toBe("{1, 2}");
  });

  it("whitespace and comments are skipped, the printed form is canonical", () => {
    expect(formatOvnMatch(parseOvnMatch("ip4&&ip4.src==1.2.3.4&&\ttcp // c"))).toBe("ip4 && ip4.src == 1.2.3.4 && tcp");
    expect(formatOvnMatch(parseOvnMatch("! ( ct.est /* x */ )"))).toBe("!(ct.est)");
  });
});

describe("printing hand-built trees", () => {
  const at = { from: 0, to: 0 };
  const ip4: OvnExpr = { kind: "predicate", field: { kind: "field", name: "ip4", ...at }, ...at };
  const cmp: OvnExpr = {
    kind: "cmp",
    field: { kind: "field", name: "tcp.dst", ...at },
    op: "==",
    value: { kind: "int", value: 80n, hex: false, ...at },
    ...at,
  };

  it("adds the parentheses OVN requires", () => {
    const or: OvnExpr = { kind: "or", terms: [ip4, cmp], ...at };
    expect(formatOvnMatch({ kind: "and", terms: [or, ip4], ...at })).toBe("(ip4 || tcp.dst == 80) && ip4");
    expect(formatOvnMatch({ kind: "not", expr: cmp, ...at })).toBe("!(tcp.dst == 80)");
    expect(formatOvnMatch({ kind: "not", expr: { kind: "not", expr: ip4, ...at }, ...at })).toBe("!(!ip4)");
    expect(formatOvnMatch({ kind: "and", terms: [{ kind: "and", terms: [ip4, ip4], ...at }, ip4], ...at })).toBe("(ip4 && ip4) && ip4");
  });

  it("escapes strings the way OVN does", () => {
    expect(formatOvnString('a"b\\c\n\u0001é/')).toBe('"a\\"b\\\\c\\n\\u0001é/"');
    expect(formatOvnConstant({ kind: "string", value: "x", ...at })).toBe('"x"');
    expect(formatOvnConstant({ kind: "ipv6", value: "fe80::", prefix: 10, ...at })).toBe("fe80::/10");
  });
});

describe("errors carry the column of the problem", () => {
  const cases: [string, number, string][] = [
    ["ip4 && tcp || udp", 12, "&& and || must be parenthesized when used together"],
    ["(ip4 || tcp) && udp || ip6", 21, "&& and || must be parenthesized"],
    ["!ip4.src == 1.2.3.4", 2, "missing parentheses around operand of !"],
    ["!!ip4", 2, "expected constant, field name"],
    ["1 < tcp.dst > 3", 13, "range expressions must have the form"],
    ["foo(1)", 1, "unknown function `foo'"],
    ["is_chassis_resident(x)", 21, "expected string, found `x'"],
    ['is_chassis_resident("x", "y")', 24, 'expected ")", found `,\''],
    ["ip4.src == {}", 13, "expected constant, found `}'"],
    ["reg0 == {1,,2}", 12, "expected constant"],
    ["ip4.src = 1.2.3.4", 9, "expected relational operator"],
    ["reg0 == 1 == 2", 11, 'expected "&&", "||" or end of input, found `=='],
    ["2", 2, "expected relational operator, found end of input"],
    ["{1}", 4, "expected relational operator"],
    ["1 == 1", 6, "expected field name, found `1'"],
    ["reg0 == reg1", 9, "expected constant"],
    ["reg0[15..0] == 5", 6, "invalid bit range 15 to 0"],
    ["reg0[0x1] == 5", 6, "expected small integer"],
    ["reg0 < {1}", 6, "only == and != may be used with value sets"],
    ["reg0 < 0x1/0x1", 6, "only == and != may be used with masked constants"],
    ['inport < "a"', 8, "only == and != may be used with strings"],
    ['inport == {"a", 1}', 17, "expected string like the rest of the set"],
    ["ip4.src == 01.2.3.4", 12, "invalid numeric constant"],
    ["tcp.dst == 012", 12, "decimal constants must not have leading zeros"],
    ["reg0 == 18446744073709551616", 9, "decimal constants must be less than 2**64"],
    ["tcp.dst == 0x", 12, "hex digits expected following 0x"],
    ["tcp.dst == 0xg", 12, "invalid syntax in hexadecimal constant"],
    ["ip4.src == 1.2.3.4/33", 20, "value and mask have incompatible formats"],
    ["tcp.dst == 5/0x7", 14, "value and mask have incompatible formats"],
    ["ip4.src == 1.2.3.4/", 20, "integer constant expected"],
    ["ip4.src == 1.2.3.4 /8", 20, "`/' is only valid as part of `//' or `/*'"],
    ["ip4 &", 5, "`&' is only valid as part of `&&'"],
    ["ip4 ||| tcp", 7, "`|' is only valid as part of `||'"],
    ["ip4 $", 5, "`$' must be followed by a valid identifier"],
    ["ip4 /* x", 5, "`/*' without matching `*/'"],
    ['inport == "a', 11, "input ends inside quoted string"],
    ['inport == "a\\qb"', 11, "bad escape \\q"],
    ['inport == "\\ud83d"', 11, "malformed escaped surrogate pair"],
    ["ip4 é", 5, "invalid character U+00E9"],
    ["ip4 ; tcp", 5, "found `;'"],
    ["ip4.src == 1.2.3.4:80", 19, "found `:'"],
    ["(ip4))", 6, 'expected "&&", "||" or end of input'],
    ["((ip4)", 7, 'expected "&&", "||" or ")", found end of input'],
    ["ip4 &&", 7, "found end of input"],
    ["", 1, "expected constant, field name"],
  ];

  it.each(cases)("%s → column %i", (text, column, reason) => {
    const r = tryParseOvnMatch(text);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toEqual({ code: "syntax", message: expect.stringContaining(reason), line: 1, column });
    let thrown: unknown;
    try {
      parseOvnMatch(text);
    } catch (e) {
      thrown = e;
    }
    expect(isOvsParseError(thrown)).toBe(true);
    const e = thrown as OvsParseError;
    expect([e.code, e.reason, e.line, e.column]).toEqual(["syntax", r.error.message, 1, column]);
    expect(e.excerpt.split("\n")[1]).toBe(" ".repeat(column - 1) + "^");
  });

  it("parentheses may nest MAX_OVN_NESTING deep, not deeper", () => {
    const nest = (n: number) => "(".repeat(n) + "ip4" + ")".repeat(n);
    expect(parseOvnMatch(nest(MAX_OVN_NESTING))).toMatchObject({ kind: "predicate", parens: MAX_OVN_NESTING });
    const r = tryParseOvnMatch(nest(MAX_OVN_NESTING + 1));
    expect(!r.ok && r.error.column).toBe(MAX_OVN_NESTING + 1);
  });
});
