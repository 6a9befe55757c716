import { describe, expect, it } from "vitest";
import { tryParseOvnMatch } from "../src/ovn/expr/index.js";
import { fixture, linesOf } from "./helpers/fixtures.js";

/** OVN's own verdicts (ovn-trace 23.03) on generated and damaged expressions; see the README. */
const rows = linesOf(fixture("ovn-expr", "ovn-verdicts.tsv")).map((line) => {
  const a = line.indexOf("\t");
  const b = line.indexOf("\t", a + 1);
  return { verdict: line.slice(0, a), message: line.slice(a + 1, b), text: line.slice(b + 1) };
});

/** OVN messages worded differently here (ours name the function, or the character). */
const REWORDED = /^(Syntax error|parsing function name|Invalid byte|Only == and != operators|Range expressions)/;

describe("agreement with OVN's parser", () => {
  it("has both accepted and rejected expressions", () => {
    expect(rows.filter((r) => r.verdict === "ok").length).toBeGreaterThan(500);
    expect(rows.filter((r) => r.verdict === "syntax").length).toBeGreaterThan(500);
  });

  it("accepts exactly what OVN accepts", () => {
    const disagree = rows
      .map((r) => ({ ...r, ours: tryParseOvnMatch(r.text) }))
      .filter((r) => r.ours.ok !== (r.verdict === "ok"))
      .map((r) => `${r.verdict} ${JSON.stringify(r.text)}: ${r.message} / ${r.ours.ok ? "ok" : r.ours.error.message}`);
    expect(disagree).toEqual([]);
  });

  it("reports OVN's lexical errors in OVN's words", () => {
    const differ = rows
      .filter((r) => r.verdict === "syntax" && !REWORDED.test(r.message))
      .map((r) => {
        const ours = tryParseOvnMatch(r.text);
        return { text: r.text, ovn: r.message.toLowerCase(), ours: ours.ok ? "ok" : ours.error.message.toLowerCase() };
      })
      .filter((r) => r.ovn !== r.ours && r.ovn !== `${r.ours}.`);
    expect(differ).toEqual([]);
  });
});
