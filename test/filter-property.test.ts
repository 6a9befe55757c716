import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compileFilter } from "../src/filter/index.js";
import { parseFlows } from "../src/openflow/index.js";
import { fixture } from "./helpers/fixtures.js";

const FLOWS = parseFlows(fixture("openflow", "ovn-br-int.of15.flows")).filter((_, i) => i % 7 === 0);
const ATOMS = ["n_packets>0", "priority>=100", "ip", "resubmit.table=8", "ct.zone", "drop", "table<20", "reg14=0x5", "nw_src~=10.244.0.0/16", "output"];

type Tree = { atom: number } | { not: Tree } | { and: [Tree, Tree] } | { or: [Tree, Tree] };

const tree: fc.Arbitrary<Tree> = fc.letrec<{ t: Tree }>((tie) => ({
  t: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.nat({ max: ATOMS.length - 1 }).map((atom) => ({ atom })),
    tie("t").map((t) => ({ not: t })),
    fc.tuple(tie("t"), tie("t")).map((x) => ({ and: x })),
    fc.tuple(tie("t"), tie("t")).map((x) => ({ or: x })),
  ),
})).t;

/** Prints a tree with a random choice of spellings and only the parentheses precedence needs. */
function print(t: Tree, words: boolean, parent: "and" | "or" | "not" | "top"): string {
  if ("atom" in t) return ATOMS[t.atom] as string;
  if ("not" in t) return `${words ? "not " : "!"}${"atom" in t.not || "not" in t.not ? print(t.not, words, "not") : `(${print(t.not, words, "top")})`}`;
  if ("and" in t) {
    const s = `${print(t.and[0], words, "and")} ${words ? "and" : "&&"} ${print(t.and[1], words, "and")}`;
    return parent === "not" ? `(${s})` : s;
  }
  const s = `${print(t.or[0], words, "or")} ${words ? "or" : "||"} ${print(t.or[1], words, "or")}`;
  return parent === "and" || parent === "not" ? `(${s})` : s;
}

describe("filter property: boolean structure", () => {
  const atoms = ATOMS.map((a) => {
    const f = compileFilter(a);
    return FLOWS.map((x) => f.matchFlow(x));
  });
  const evaluate = (t: Tree, i: number): boolean =>
    "atom" in t ? (atoms[t.atom]?.[i] as boolean) : "not" in t ? !evaluate(t.not, i) : "and" in t ? evaluate(t.and[0], i) && evaluate(t.and[1], i) : evaluate(t.or[0], i) || evaluate(t.or[1], i);

  it("any expression over atoms gives the boolean of its atoms, whatever the spelling, and explain() agrees", () => {
    fc.assert(
      fc.property(tree, fc.boolean(), (t, words) => {
        const f = compileFilter(print(t, words, "top"));
        FLOWS.forEach((x, i) => {
          const want = evaluate(t, i);
          expect(f.matchFlow(x)).toBe(want);
          const e = f.explain(x);
          expect(e.matched).toBe(want);
          if (!want) expect(e.keys).toEqual([]);
        });
      }),
      { numRuns: 150 },
    );
  });
});
