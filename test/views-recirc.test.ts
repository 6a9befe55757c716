import { describe, expect, it } from "vitest";
import { parseDatapathFlows, recircFlow } from "../src/datapath/index.js";
import { compileFilter } from "../src/filter/index.js";
import { recircTreeDot, recircTreeJson, renderRecircTreeText } from "../src/render/index.js";
import { type FilteredRecircNode, type FilteredRecircTree, filterRecircTree, recircMatchSet } from "../src/views/index.js";
import { assertPlainData } from "./helpers/plain-data.js";
import { fixture } from "./helpers/fixtures.js";

const flow = (keys: string, actions: string): string => `${keys}, packets:0, bytes:0, used:never, actions:${actions}`;
let current: FilteredRecircTree | undefined;
const ids = (nodes: readonly FilteredRecircNode[]): unknown[] => nodes.map((n) => [current?.tree.nodes[n.node]?.recircId, n.matched, ids(n.children)]);
const filtered = (t: FilteredRecircTree): FilteredRecircTree => (current = t);

describe("filtered recirculation tree", () => {
  const dump = parseDatapathFlows(
    [
      flow("recirc_id(0),in_port(1),eth_type(0x0800)", "ct(zone=5,nat),recirc(0x10)"),
      flow("recirc_id(0),in_port(2),eth_type(0x0800)", "ct(zone=6),recirc(0x20)"),
      flow("recirc_id(0x10),in_port(1),ct_state(+new+trk)", "ct(commit,zone=5),recirc(0x11)"),
      flow("recirc_id(0x11),in_port(1)", "3"),
      flow("recirc_id(0x20),in_port(2),ct_state(+est+trk)", "4"),
    ].join("\n"),
  );

  it("keeps every node without a filter", () => {
    const t = filtered(filterRecircTree(dump));
    expect(ids(t.roots)).toEqual([
      [0, false, [[0x10, false, [[0x11, false, []]]]]],
      [0, false, [[0x20, false, []]]],
    ]);
    expect(t.matches.length).toBe(0);
    assertPlainData(t);
    expect(structuredClone(t)).toStrictEqual(t);
  });

  it("keeps the path to a match and the whole subtree below it, and drops the rest", () => {
    const f = compileFilter("ct.commit");
    const t = filtered(filterRecircTree(dump, (x) => f.matchDatapath(x)));
    expect(ids(t.roots)).toEqual([[0, false, [[0x10, true, [[0x11, false, []]]]]]]);
    expect(t.matches.map((x) => recircFlow(t.tree, x)?.recircId)).toEqual([0x10]);
    const m = t.matches[0]!;
    expect(recircMatchSet(t)(m.node, m.block, m.flow)).toBe(true);
    expect(recircMatchSet(t)(0, 0, 0)).toBe(false);
    assertPlainData(t);
    const g = compileFilter("ct.zone=6");
    expect(ids(filtered(filterRecircTree(dump, (x) => g.matchDatapath(x))).roots)).toEqual([[0, true, [[0x20, false, []]]]]);
    expect(filterRecircTree(dump, () => false).roots).toEqual([]);
  });

  it("defect: the datapath graph handles clone(...) and dumps without recirc_id(0) flows", () => {
    const clones = parseDatapathFlows(fixture("datapath", "handwritten.dpctl.flows"));
    const t = filterRecircTree(clones);
    expect(t.roots.length).toBeGreaterThan(0);
    const dot = recircTreeDot(t);
    expect(dot).toMatch(/^digraph "recirc" \{\n[\s\S]*\}\n$/);
    expect(dot.match(/\[label=/g)?.length).toBe(t.tree.nodes.length + t.tree.dangling.length);
    expect(renderRecircTreeText(t)).toContain("clone(");
    const noZero = parseDatapathFlows([flow("recirc_id(0x5),in_port(1)", "clone(recirc(0x6)),2"), flow("recirc_id(0x6),in_port(1)", "3")].join("\n"));
    const t2 = filtered(filterRecircTree(noZero));
    expect(ids(t2.roots)).toEqual([[5, false, [[6, false, []]]]]);
    expect(recircTreeDot(t2)).toContain('"r5/1" -> "r6/1"');
    expect((recircTreeJson(t2).roots[0] as { recircId: number }).recircId).toBe(5);
  });

  it("filters a real OVN dump: matches keep their ancestors", () => {
    const ovn = parseDatapathFlows(fixture("datapath", "ovn.dpctl.flows"));
    const f = compileFilter("ct.zone=24");
    const t = filterRecircTree(ovn, (x) => f.matchDatapath(x));
    expect(t.matches.length).toBe(ovn.filter((x) => f.matchDatapath(x)).length);
    expect(t.matches.length).toBeGreaterThan(0);
    const seen: FilteredRecircNode[] = [];
    const walk = (n: FilteredRecircNode, under: boolean): boolean => {
      seen.push(n);
      const inside = under || n.matched;
      const below = n.children.map((c) => walk(c, inside)).some(Boolean);
      // A kept node is a match, below a match, or above one.
      expect(inside || below).toBe(true);
      return n.matched || below;
    };
    for (const r of t.roots) walk(r, false);
    expect(seen.length).toBeLessThan(filterRecircTree(ovn).tree.nodes.length + 1);
  });
});
