/**
 * Every parser, reader and decoder of the public API is a fuzz target (`npm run test:fuzz`), or
 * is left out here with a reason; and the fuzz suite's own checks can fail (a check that cannot
 * fail is a defect).
 */
import { describe, expect, it } from "vitest";
import * as api from "../src/index.js";
import { accountingProblem } from "./fuzz/accounting.js";
import { countLines, resultProblem, thrownProblem } from "./fuzz/check.js";
import { TEXT_KINDS, mutateText } from "./fuzz/mutate.js";
import { rngFor } from "./fuzz/rng.js";
import { TARGETS } from "./fuzz/targets/index.js";

/** Exports that read text or bytes but are not fuzzed on their own, and why. */
const NOT_TARGETS: Record<string, string> = {
  parseAction: "one action: parseActions / parseFlowDump run it on every action of the flow fixtures",
  parseActions: "run by parseFlowDump on every flow's actions",
  parseCt: "run by parseActions (ct actions of the fixtures)",
  parseLearn: "run by parseActions (learn actions of the fixtures)",
  parseNatSpec: "run by parseActions (ct(nat) of the fixtures)",
  parseStructured: "run by parseActions",
  parsePort: "run by parseFlowDump (ports of the fixtures)",
  parseMatchFields: "run by parseFlowDump on every flow's match",
  parseMatchList: "run by parseFlowDump on every flow's match",
  parseFlowLine: "the line parser behind parseFlow / parseFlowDump",
  parseDatapathFlowLine: "the line parser behind parseDatapathFlow / parseDatapathDump",
  parseDatapathActions: "run by parseDatapathDump and parseTrace (datapath actions)",
  parseOdpNode: "run by parseDatapathDump on every key",
  parseOdpNodes: "run by parseDatapathDump on every key",
  readBounded: "the client's body reader: run by the PrometheusClient target (streamed bodies, size cap)",
  readHtmlPageData: "reads back the data renderHtml embedded; its round trip and hostile strings (</script>, <!--, any string) are unit-tested in render-html-page.test.ts",
  toJson: "run on the result of every fuzz case (fromJson(toJson(x)) deep-equal x)",
  toJsonText: "a renderer (writes text, reads none)",
  toDatapathAction: "takes a parsed node, not text",
  toGrafanaDashboard: "a renderer (writes a dashboard, reads none)",
  toPrometheusRules: "a renderer",
  toPrometheusRuleResource: "a renderer",
};

const READERS = /^(parse|read|decode|compile|tryParse|from|to)[A-Z]/;

describe("fuzz coverage", () => {
  it("every exported parser, reader and decoder is a fuzz target or left out with a reason", () => {
    const covered = new Set(TARGETS.flatMap((t) => t.covers));
    const readers = Object.keys(api).filter((k) => READERS.test(k) && typeof (api as Record<string, unknown>)[k] === "function");
    expect(readers.length).toBeGreaterThan(50);
    const missing = readers.filter((k) => !covered.has(k) && NOT_TARGETS[k] === undefined);
    expect(missing).toEqual([]);
    // A name left out must exist, and must not be a target too.
    for (const k of Object.keys(NOT_TARGETS)) {
      expect(readers, k).toContain(k);
      expect(covered.has(k), k).toBe(false);
    }
    for (const t of TARGETS) for (const c of t.covers) expect(Object.keys(api), `${t.name} covers ${c}`).toContain(c);
  });

  it("target names are unique (a case is replayed by name)", () => {
    expect(new Set(TARGETS.map((t) => t.name)).size).toBe(TARGETS.length);
  });
});

describe("the fuzz checks can fail", () => {
  it("thrownProblem refuses what is not a well-formed OvskitError", () => {
    expect(thrownProblem(new TypeError("x"))).toMatch(/threw TypeError/);
    expect(thrownProblem(new RangeError("Maximum call stack size exceeded"))).toMatch(/RangeError/);
    expect(thrownProblem("a string")).toMatch(/not an OvskitError/);
    expect(thrownProblem(new api.OvskitError("bad", "m", { line: 0 }))).toMatch(/line 0/);
    expect(thrownProblem(new api.OvskitError("bad", "m", { line: 2, column: 3 }))).toBeUndefined();
  });

  it("resultProblem refuses what is not plain data or does not round-trip", () => {
    expect(resultProblem({ a: new Map() })).toMatch(/Map/);
    const shared = { x: 1 };
    expect(resultProblem({ a: shared, b: shared })).toMatch(/reachable twice/);
    expect(resultProblem({ a: [1n, -0, Number.NaN, new Uint8Array([1])] })).toBeUndefined();
    class C {
      v = 1;
    }
    expect(resultProblem([new C()])).toMatch(/C/);
  });

  it("accountingProblem finds a lost line, a wrong count and two items on one line", () => {
    const text = "a\nb\n\nc\n";
    const ok = { items: [{ line: 1 }, { line: 2 }, { line: 4 }], issues: [], accounting: { lines: 4, items: 3, headers: 0, blank: 1, issueLines: 0 } };
    const itemLine = (i: { line: number }) => i.line;
    expect(accountingProblem(ok, text, { itemLine, itemsAreLines: true })).toBeUndefined();
    expect(accountingProblem({ ...ok, items: ok.items.slice(0, 2), accounting: { ...ok.accounting, items: 2, blank: 2 } }, text, { itemLine, itemsAreLines: true })).toMatch(/line 4 is neither/);
    expect(accountingProblem({ ...ok, accounting: { ...ok.accounting, lines: 1, items: 0, blank: 1 } }, text)).toMatch(/input has 4 lines/);
    expect(accountingProblem({ ...ok, items: [{ line: 1 }, { line: 1 }, { line: 4 }] }, text, { itemLine })).toMatch(/two items at line 1/);
    // Lone CR and CRLF end lines too; a BOM is not a line.
    expect(countLines("\ufeffa\rb\r\nc")).toBe(3);
  });

  it("mutations are a pure function of the seed, and every kind changes some input", () => {
    const text = 'x=1,y=(a,b) "q"\nsecond line 42\n';
    const run = (seed: string) => {
      const kinds: (typeof TEXT_KINDS)[number][] = [];
      return { out: mutateText(rngFor(seed, "t", 1), text, [], kinds), kinds };
    };
    expect(run("s1")).toEqual(run("s1"));
    const seen = new Set<string>();
    for (let i = 0; i < 400; i++) {
      const kinds: (typeof TEXT_KINDS)[number][] = [];
      const out = mutateText(rngFor("kinds", i), text, [], kinds);
      if (kinds.length === 1 && (typeof out !== "string" || out !== text)) seen.add(kinds[0] as string);
    }
    expect([...seen].sort()).toEqual([...TEXT_KINDS].sort());
  });
});
