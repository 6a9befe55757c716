import { describe, expect, it } from "vitest";
import {
  type RecircTree,
  buildRecircTree,
  parseDatapathActions,
  parseDatapathFlows,
  recircChildren,
  recircFlow,
  recircNode,
  recircRoots,
  recircTargets,
} from "../src/index.js";
import { assertPlainData } from "./helpers/plain-data.js";

const flow = (keys: string, actions: string) => `${keys}, packets:0, bytes:0, used:never, actions:${actions}`;
const dump = (...lines: string[]) => parseDatapathFlows(lines.join("\n"));
const ids = (tree: RecircTree, nodes: readonly number[]) => nodes.map((i) => tree.nodes[i]?.recircId);

describe("buildRecircTree", () => {
  it("follows recirc() to the node with the same in_port, and groups equal actions in blocks", () => {
    const tree = buildRecircTree(
      dump(
        flow("recirc_id(0),in_port(1),eth_type(0x0800)", "ct(zone=5,nat),recirc(0x10)"),
        flow("recirc_id(0),in_port(1),eth_type(0x0806)", "2"),
        flow("recirc_id(0x10),in_port(1),ct_state(+new+trk)", "ct(commit,zone=5),2"),
        flow("recirc_id(0x10),in_port(1),ct_state(+est+trk)", "2"),
        flow("recirc_id(0x10),in_port(1),ct_state(+inv+trk)", "drop"),
        flow("recirc_id(0x10),in_port(2),ct_state(+est+trk)", "1"),
      ),
    );
    // Roots: the recirc_id(0) node, then the orphan (0x10, in_port 2) that nothing leads to.
    expect(recircRoots(tree).map((n) => [n.recircId, n.inPort])).toEqual([[0, 1], [0x10, 2]]);
    const root = recircRoots(tree)[0]!;
    expect(root.blocks.map((b) => b.actions)).toEqual(["ct(zone=5,nat),recirc(0x10)", "2"]);
    expect(recircChildren(tree, root).map((c) => [c.recircId, c.inPort])).toEqual([[0x10, 1]]);
    expect(recircChildren(tree, root)[0]?.blocks.map((b) => [b.actions, b.flows.length])).toEqual([
      ["ct(commit,zone=5),2", 1],
      ["2", 1],
      ["drop", 1],
    ]);
    expect(tree.orphans.map((i) => [tree.nodes[i]?.recircId, tree.nodes[i]?.inPort])).toEqual([[0x10, 2]]);
    expect(recircNode(tree, 0x10, 2)).toBe(tree.nodes[tree.orphans[0]!]);
    expect(tree.dangling).toEqual([]);
    expect(tree.cycles).toEqual([]);
  });

  it("finds recirc() inside clone, sample and check_pkt_len branches", () => {
    const actions = parseDatapathActions("clone(recirc(0x1)),sample(sample=50.0%,actions(recirc(0x2))),check_pkt_len(size=1500,gt(recirc(0x3)),le(recirc(0x4)))");
    expect(recircTargets(actions)).toEqual([1, 2, 3, 4]);
  });

  it("does not crash without recirc_id(0) flows: every node becomes a root", () => {
    const tree = buildRecircTree(dump(flow("recirc_id(0x5),in_port(1)", "2"), flow("recirc_id(0x6),in_port(1)", "drop")));
    expect(ids(tree, tree.roots)).toEqual([5, 6]);
    expect(ids(tree, tree.orphans)).toEqual([5, 6]);
  });

  it("reports recirc ids that lead nowhere", () => {
    const tree = buildRecircTree(dump(flow("recirc_id(0),in_port(1)", "ct(zone=1),recirc(0x99)")));
    expect(tree.dangling.map((d) => [d.recircId, d.from.length])).toEqual([[0x99, 1]]);
    expect(recircFlow(tree, tree.dangling[0]!.from[0]!)?.line).toBe(1);
    expect(recircRoots(tree)[0]?.children).toEqual([]);
  });

  it("reports cycles instead of looping, and still covers every node", () => {
    const tree = buildRecircTree(
      dump(
        flow("recirc_id(0),in_port(1)", "recirc(0x1)"),
        flow("recirc_id(0x1),in_port(1)", "recirc(0x2)"),
        flow("recirc_id(0x2),in_port(1)", "recirc(0x1)"),
        flow("recirc_id(0x7),in_port(3)", "recirc(0x8)"),
        flow("recirc_id(0x8),in_port(3)", "recirc(0x7)"),
      ),
    );
    expect(tree.cycles).toContainEqual([1, 2, 1]);
    expect(tree.cycles.some((c) => c.includes(7) && c.includes(8))).toBe(true);
    // The 0x7 <-> 0x8 cycle is reached from nothing: one of its nodes is made a root.
    expect(ids(tree, tree.roots)).toEqual([0, 7]);
    expect(tree.nodes.length).toBe(5);
  });

  it("is plain data: every node once, every flow once, edges as indexes (a diamond shares its node)", () => {
    const tree = buildRecircTree(
      dump(
        flow("recirc_id(0),in_port(1),eth_type(0x0800)", "recirc(0x1)"),
        flow("recirc_id(0),in_port(1),eth_type(0x86dd)", "recirc(0x2)"),
        flow("recirc_id(0x1),in_port(1)", "recirc(0x3)"),
        flow("recirc_id(0x2),in_port(1)", "recirc(0x3)"),
        flow("recirc_id(0x3),in_port(1)", "2"),
      ),
    );
    assertPlainData(tree);
    expect(structuredClone(tree)).toStrictEqual(tree);
    const three = tree.nodes.findIndex((n) => n.recircId === 3);
    expect(tree.nodes.filter((n) => n.children.includes(three)).length).toBe(2);
  });

  it("handles an empty dump", () => {
    expect(buildRecircTree([])).toMatchObject({ roots: [], dangling: [], orphans: [], cycles: [] });
  });
});
