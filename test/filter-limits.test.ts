import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import { FILTER_MAX_DEPTH, type FilterError, type FilterExpr, compileFilter, isFilterError, parseFilter } from "../src/filter/index.js";
import { parseFlow } from "../src/openflow/index.js";
import { parseFilterV01 } from "./helpers/filter-grammar-v01.js";

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;
const heap = (): number => {
  for (let i = 0; i < 3; i++) gc();
  return process.memoryUsage().heapUsed;
};

const err = (expr: string): FilterError => {
  try {
    compileFilter(expr);
  } catch (e) {
    if (isFilterError(e)) return e;
    throw e;
  }
  throw new Error("no error");
};

/** `cookie=0x10000000 || cookie=0x10000001 || ...`, about `bytes` long. */
function cookies(bytes: number): string {
  const n = Math.ceil(bytes / 21);
  return Array.from({ length: n }, (_, i) => `cookie=0x${(0x10000000 + i).toString(16)}`).join(" || ");
}

const depth = (e: FilterExpr): number => (e.kind === "cmp" ? 1 : e.kind === "not" ? 1 + depth(e.expr) : 1 + Math.max(...e.exprs.map(depth)));

describe("filter limits (issue 16): nesting is bounded, size is linear", () => {
  it("defect: 558 nested parentheses, 428 '!(' and 1,838 '!' overflowed the stack; now a typed too-deep error", () => {
    const cases = ["(".repeat(558) + "ip" + ")".repeat(558), "!(".repeat(428) + "ip" + ")".repeat(428), "!".repeat(1838) + "ip"];
    for (const text of cases) {
      const e = err(text);
      expect(e.code).toBe("too-deep");
      expect(e.line).toBe(1);
      expect(e.reason).toBe(`parentheses and negations nested more than ${FILTER_MAX_DEPTH} deep`);
    }
    // The error points at the first '(' or '!' over the limit.
    expect(err("(".repeat(558) + "ip" + ")".repeat(558)).column).toBe(FILTER_MAX_DEPTH + 1);
    expect(err("!(".repeat(428) + "ip" + ")".repeat(428)).column).toBe(FILTER_MAX_DEPTH + 1);
    // 0.1's parser overflows on the same inputs (what the regression was).
    expect(() => parseFilterV01("!".repeat(20_000) + "ip")).toThrow(RangeError);
  });

  it("up to the limit, deep expressions parse, compile and evaluate", () => {
    const flow = parseFlow(" priority=5,ip actions=drop");
    const parens = "(".repeat(FILTER_MAX_DEPTH) + "ip" + ")".repeat(FILTER_MAX_DEPTH);
    expect(compileFilter(parens).matchFlow(flow)).toBe(true);
    const nots = "!".repeat(FILTER_MAX_DEPTH) + "ip";
    expect(compileFilter(nots).matchFlow(flow)).toBe(true); // an even number of negations
    expect(depth(parseFilter("!(".repeat(FILTER_MAX_DEPTH / 2) + "ip" + ")".repeat(FILTER_MAX_DEPTH / 2)))).toBe(FILTER_MAX_DEPTH / 2 + 1);
    // Long flat lists are not deep: 100,000 comparisons in one || are one level.
    const list = Array.from({ length: 100_000 }, () => "!drop").join(" && ");
    expect(compileFilter(list).matchFlow(flow)).toBe(false);
  });

  it("defect: a 9 MB quoted value overflowed the stack; it is a value", () => {
    const value = "a".repeat(9_000_000);
    const ast = parseFilter(`ct.alg="${value}"`);
    expect(ast.kind === "cmp" && ast.value?.length).toBe(9_000_000);
    const f = compileFilter(`ct.alg~="${value}" || ct.alg="x\\"y"`);
    expect(f.matchFlow(parseFlow(" priority=1 actions=ct(alg=ftp)"))).toBe(false);
  });

  it("defect: a 10.5 MB expression took 34 s and 3 GB; it compiles, in memory proportional to it", () => {
    const text = cookies(10_500_000);
    expect(text.length).toBeGreaterThan(10_400_000);
    const f = compileFilter(text, { target: "openflow" });
    expect(f.ast.kind === "or" && f.ast.exprs.length).toBe(Math.ceil(10_500_000 / 21));
    expect(f.matchFlow(parseFlow(" cookie=0x10000005, priority=1 actions=drop"))).toBe(true);
    expect(f.matchFlow(parseFlow(" cookie=0x5, priority=1 actions=drop"))).toBe(false);
  });

  it("retained memory grows linearly with the expression (1x vs 4x), at most ~20x its size", () => {
    const measure = (bytes: number): number => {
      const text = cookies(bytes);
      const before = heap();
      const f = compileFilter(text, { target: "openflow" });
      f.matchFlow(parseFlow(" priority=1 actions=drop")); // builds the predicate
      const per = (heap() - before) / text.length;
      expect(f.expression).toBe(text);
      return per;
    };
    const small = measure(500_000);
    const large = measure(2_000_000);
    // Measured on Node 20 (no pointer compression): ~16x for this shape.
    expect(large).toBeLessThan(22);
    expect(large / small).toBeGreaterThan(0.7);
    expect(large / small).toBeLessThan(1.3);
  });

  it("error positions in multi-line expressions are the real line and column", () => {
    const e = err("n_packets>0 &&\n  (table=20 ||\n   ct.zone=0 garbage)");
    expect(e.code).toBe("syntax");
    expect([e.line, e.column, e.at]).toEqual([3, 14, 43]);
    expect(e.excerpt).toBe("   ct.zone=0 garbage)\n             ^");
    expect(e.message).toMatch(/^line 3, column 14: expected /);
    // CRLF and lone CR end lines too; a value error and a depth error carry their line.
    expect(err("ip &&\r\n n_packets>lots")).toMatchObject({ code: "bad-value", line: 2, column: 12 });
    expect(err("ip &&\r\r(" + "(".repeat(FILTER_MAX_DEPTH) + "ip")).toMatchObject({ code: "too-deep", line: 3 });
    // 0.1 counted columns across newlines on line 1.
    expect(parseFilterV01("n_packets>0 &&\n  (table=20 ||\n   ct.zone=0 garbage)")).toMatchObject({ ok: false, offset: 43 });
  });
});
