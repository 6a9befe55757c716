/**
 * Issue 16 on the OVN expression and action parsers: errors of multi-line texts at their real
 * line and column, a byte order mark ignored, and memory bounded by ~20x the input (0.1 held a
 * parsed `(ip4) && ...` match in 43x its size). Time scaling is measured in bench/run-scaling.ts.
 */
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import { type OvsParseError, isOvsParseError, parseOvnActions, parseOvnMatch, tryParseOvnActions, tryParseOvnMatch } from "../src/index.js";
import { fixture, linesOf } from "./helpers/fixtures.js";

function thrown(fn: () => unknown): OvsParseError {
  try {
    fn();
  } catch (e) {
    if (isOvsParseError(e)) return e;
    throw e;
  }
  throw new Error("no error");
}

describe("errors in texts of several lines say the real line and column", () => {
  const cases: [string, string, number, number, string][] = [
    ["match", "ip4 &&\n  tcp ||\n  udp", 2, 7, "&& and || must be parenthesized"],
    ["match", 'inport == "lsp1"\n&& ip4.src == 1.2.3.4/33', 2, 23, "value and mask have incompatible formats"],
    ["match", "ip4\r\n&& (tcp\r\n", 3, 1, '"&&", "||" or ")", found end of input'],
    ["match", "// a comment\nip4 && é", 2, 8, "invalid character U+00E9"],
    ["actions", "reg0 = 1;\nnext;\noutput", 3, 7, 'expected ";", found end of input'],
    ["actions", "ct_commit {\n    ct_mark = 1;\n    next(pipeline=sideways);\n};", 3, 19, '"ingress" or "egress"'],
  ];
  it.each(cases)("%s %j: line %i, column %i", (what, text, line, column, reason) => {
    const r = what === "match" ? tryParseOvnMatch(text) : tryParseOvnActions(text);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toEqual({ code: "syntax", message: expect.stringContaining(reason), line, column });
    const e = thrown(() => (what === "match" ? parseOvnMatch(text) : parseOvnActions(text)));
    expect([e.line, e.column, e.reason]).toEqual([line, column, r.error.message]);
    expect(e.message).toBe(`line ${line}, column ${column}: ${r.error.message}`);
    // The excerpt is the offending line, with the caret under the column.
    const [shown, caret] = e.excerpt.split("\n");
    expect(shown).toBe(linesOf(text.replace(/\r/g, ""))[line - 1] ?? "");
    expect(caret).toBe(`${" ".repeat(column - 1)}^`);
  });

  it("a single-line text still says line 1", () => {
    expect(tryParseOvnMatch("ip4 && tcp || udp")).toMatchObject({ ok: false, error: { line: 1, column: 12 } });
  });
});

describe("a UTF-8 byte order mark at the start parses like none", () => {
  const match = linesOf(fixture("ovn-expr", "matches.txt"))[7] as string;
  const actions = linesOf(fixture("ovn-expr", "actions.txt"))[7] as string;
  it("matches and actions, strict and not", () => {
    expect(parseOvnMatch(`\uFEFF${match}`)).toEqual(parseOvnMatch(match));
    expect(tryParseOvnMatch(`\uFEFF${match}`)).toEqual(tryParseOvnMatch(match));
    expect(parseOvnActions(`\uFEFF${actions}`)).toEqual(parseOvnActions(actions));
    expect(tryParseOvnActions(`\uFEFF${actions}`)).toEqual(tryParseOvnActions(actions));
    // Only at the start: elsewhere it is an invalid character, as for OVN.
    expect(tryParseOvnMatch(`ip4 &&\uFEFF tcp`)).toMatchObject({ ok: false, error: { message: "invalid character U+FEFF in input" } });
  });
});

describe("results: the same shape for matches and actions, plain data", () => {
  it("{ ok: true, value } and { ok: false, error }, with the 0.1 field names kept hidden", () => {
    const m = tryParseOvnMatch("ip4");
    const a = tryParseOvnActions("next;");
    expect(Object.keys(m)).toEqual(["ok", "value"]);
    expect(Object.keys(a)).toEqual(["ok", "value"]);
    expect((m as { expr?: unknown }).expr).toBe(m.ok ? m.value : undefined);
    expect((a as { actions?: unknown }).actions).toBe(a.ok ? a.value : undefined);
    const bad = tryParseOvnMatch("ip4 &&");
    expect(structuredClone(bad)).toEqual(bad);
    expect(Object.getPrototypeOf(bad.ok ? undefined : bad.error)).toBe(Object.prototype);
    expect(bad.ok ? undefined : (bad.error as { reason?: string }).reason).toBe(bad.ok ? undefined : bad.error.message);
  });
});

describe("memory: a parsed text holds at most ~20x its size, at 1x, 2x, 4x and 8x", () => {
  setFlagsFromString("--expose-gc");
  const gc = runInNewContext("gc") as () => void;
  const heap = (): number => {
    for (let i = 0; i < 3; i++) gc();
    return process.memoryUsage().heapUsed;
  };
  /** Heap the result of `parse(text)` keeps alive, per character of `text`. */
  function held(text: string, parse: (s: string) => unknown): number {
    const before = heap();
    const result = parse(text);
    const after = heap();
    expect(result).toBeDefined();
    return (after - before) / text.length;
  }
  const shapes: [string, (n: number) => string, (s: string) => unknown][] = [
    ["(ip4) && ... (0.1: 43x)", (n) => "(ip4) && ".repeat(Math.ceil(n / 9)) + "ip6", parseOvnMatch],
    ["a && chain of comparisons", (n) => 'ip4.src == {10.0.0.1, 10.0.0.2} && tcp.dst == 80 && inport == "lsp1" && '.repeat(Math.ceil(n / 72)) + "ip4", parseOvnMatch],
    ["a set of 100k addresses", (n) => `ip4.src == {${"10.0.0.1, ".repeat(Math.ceil(n / 10))}1.1.1.1}`, parseOvnMatch],
    ["load-balancer actions (0.1: 24x)", (n) => "reg0[1] = 1; ct_lb_mark(backends=10.0.0.1:80,10.0.0.2:80); next; ".repeat(Math.ceil(n / 66)), parseOvnActions],
  ];
  it.each(shapes)("%s", (_, make, parse) => {
    const ratios = [1, 2, 4, 8].map((k) => held(make(k * 256 * 1024), parse));
    // ~20x: the tree itself (the `(ip4) && ...` shape is the worst: two nodes per 9 characters).
    for (const r of ratios) expect(r).toBeLessThan(21);
    // Linear: about the same bytes per character at every size (heap measures are coarse).
    expect(Math.max(...ratios) / Math.min(...ratios)).toBeLessThan(1.5);
  });
});
