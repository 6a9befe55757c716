import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { FilterError, compileFilter, isFilterError, parseFilter } from "../src/filter/index.js";
import { isOvsParseError } from "../src/core/parse-error.js";
import { parseFlow } from "../src/openflow/index.js";

const err = (expr: string): FilterError => {
  try {
    compileFilter(expr);
  } catch (e) {
    if (isFilterError(e)) return e;
    throw e;
  }
  throw new Error(`no error for ${expr}`);
};

describe("filter grammar", () => {
  it("parses comparisons, bare keys, dotted paths and every operator", () => {
    for (const op of ["=", "!=", "<", "<=", ">", ">=", "~="]) {
      expect(parseFilter(`n_packets${op}5`)).toMatchObject({ kind: "cmp", key: "n_packets", op, value: "5" });
    }
    expect(parseFilter("ct.zone")).toEqual({ kind: "cmp", key: "ct.zone", path: ["ct", "zone"], at: 0 });
    expect(parseFilter(" resubmit.table = 8 ")).toMatchObject({ key: "resubmit.table", op: "=", value: "8", at: 1, valueAt: 18 });
  });

  it("gives ! tighter binding than &&, and && than ||, with both spellings", () => {
    const noPos = (x: unknown): unknown => JSON.parse(JSON.stringify(x, (k, v: unknown) => (k === "at" || k === "valueAt" ? undefined : v)));
    const a = parseFilter("!a && b || c");
    const b = parseFilter("not a and b or c");
    expect(noPos(a)).toEqual(noPos(b));
    expect(a).toMatchObject({ kind: "or", exprs: [{ kind: "and", exprs: [{ kind: "not" }, { key: "b" }] }, { key: "c" }] });
    expect(parseFilter("a && (b || c)")).toMatchObject({ kind: "and", exprs: [{ key: "a" }, { kind: "or" }] });
  });

  it("keeps keywords whole words: 'order', 'notes' and 'andx' are keys", () => {
    expect(parseFilter("order=1 and notes")).toMatchObject({ kind: "and", exprs: [{ key: "order" }, { key: "notes" }] });
    expect(parseFilter("andx")).toMatchObject({ key: "andx" });
  });

  it("defect: quoted values are understood (spaces, operators, escapes)", () => {
    expect(parseFilter(`note="a b && c"`)).toMatchObject({ value: "a b && c", quoted: true });
    expect(parseFilter(`x='it\\'s'`)).toMatchObject({ value: "it's", quoted: true });
    expect(parseFilter(`tcp_flags="syn|ack"`)).toMatchObject({ value: "syn|ack" });
    expect(err(`x="open`).column).toBe(8);
  });

  it("defect: trailing garbage is an error that names the column", () => {
    const e = err("priority=180 garbage");
    expect(e).toBeInstanceOf(FilterError);
    expect(isOvsParseError(e)).toBe(true);
    expect(e.code).toBe("syntax");
    expect(e.column).toBe(14);
    expect(e.expected).toContain("end of filter");
    expect(e.excerpt).toBe("priority=180 garbage\n             ^");
    expect(err("a=1 )").column).toBe(5);
  });

  it("names the column of other syntax errors", () => {
    expect(err("(ip").column).toBe(4);
    expect(err("ip &&").column).toBe(6);
    expect(err("&& ip").column).toBe(1);
    expect(err("nw_src=").column).toBe(8);
    expect(err("not").column).toBe(4);
    expect(err("").column).toBe(1);
    expect(err("a == 1").column).toBe(4);
  });

  it("rejects values a key cannot take, at the value's column", () => {
    const e = err("n_packets>lots");
    expect(e.code).toBe("bad-value");
    expect(e.column).toBe(11);
    expect(err("dl_src<foo").message).toMatch(/cannot be ordered/);
  });

  it("never throws anything but a FilterError, and never hangs (property)", () => {
    const alphabet = fc.constantFrom(..."ab.=!<>~&|()'\" 019xn/:+-_".split(""));
    const flow = parseFlow(" priority=5,ip,nw_dst=10.0.0.0/8,reg0=0x4/0xfe actions=ct(commit,zone=0,nat(src=10.0.0.1-10.0.0.9)),output:2");
    fc.assert(
      fc.property(fc.string({ unit: alphabet, maxLength: 40 }), (s) => {
        try {
          compileFilter(s, { unknownKeys: "allow" }).matchFlow(flow);
          compileFilter(s).matchFlow(flow);
        } catch (e) {
          if (!isFilterError(e)) throw e;
          expect(e.column).toBeGreaterThanOrEqual(1);
          expect(e.column).toBeLessThanOrEqual(s.length + 1);
        }
      }),
      { numRuns: 1500 },
    );
  });
});
