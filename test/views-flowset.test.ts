import { describe, expect, it } from "vitest";
import { parseFlows, formatFlow } from "../src/openflow/index.js";
import {
  groupFlowsByCookie,
  deadFlows,
  diffFlows,
  flowKey,
  flowSetOf,
  flowsOfSource,
  hotFlows,
  logicActionKeys,
  groupFlowsByLogic,
  parseSourceArg,
  summarizeTables,
  tableGraph,
} from "../src/views/index.js";
import { fixture } from "./helpers/fixtures.js";

const OVN = parseFlows(fixture("openflow", "ovn-br-int.of15.flows"));

describe("per-table summary", () => {
  it("counts flows, packets, bytes, priorities and never-hit flows per table", () => {
    const s = summarizeTables(OVN);
    expect(s.reduce((n, t) => n + t.flows, 0)).toBe(OVN.length);
    expect(s.map((t) => t.table)).toEqual([...new Set(OVN.map((f) => f.table ?? 0))].sort((a, b) => Number(a) - Number(b)));
    const t0 = s.find((t) => t.table === 0);
    const flows0 = OVN.filter((f) => (f.table ?? 0) === 0);
    expect(t0?.packets).toBe(flows0.reduce((n, f) => n + (f.nPackets ?? 0n), 0n));
    expect(t0?.bytes).toBe(flows0.reduce((n, f) => n + (f.nBytes ?? 0n), 0n));
    expect(t0?.neverHit).toBe(flows0.filter((f) => f.nPackets === 0n).length);
    expect(t0?.neverHitShare).toBeCloseTo((t0?.neverHit ?? 0) / flows0.length);
    expect(t0?.priorities.reduce((n, p) => n + p.flows, 0)).toBe(flows0.length);
    const prios = t0?.priorities.map((p) => p.priority) ?? [];
    expect(prios).toEqual([...prios].sort((a, b) => b - a));
  });

  it("has no never-hit share without statistics", () => {
    const s = summarizeTables(parseFlows(fixture("openflow", "ovn-br-int.of15.no-stats.flows")));
    expect(s.every((t) => t.neverHitShare === undefined && t.packets === 0n)).toBe(true);
  });
});

describe("logic view", () => {
  it("keeps output / resubmit / drop values in the action keys, each kind once", () => {
    const [f] = parseFlows(" priority=1 actions=set_field:0x1->reg13,set_field:0x2->reg14,resubmit(,8),output:3,output:4");
    expect(logicActionKeys(f?.actions ?? [])).toEqual(["set_field", "resubmit(,8)", "output:3", "output:4"]);
  });

  it("groups by table, priority, match keys and action keys, with counts that add up", () => {
    const groups = groupFlowsByLogic(OVN);
    expect(groups.reduce((n, g) => n + g.flows.length, 0)).toBe(OVN.length);
    expect(groups.length).toBeLessThan(OVN.length / 3);
    for (const g of groups) {
      for (const f of g.flows) {
        expect(f.table ?? 0).toBe(g.table);
        expect(f.priority ?? 32768).toBe(g.priority);
        expect([...new Set(f.match.map((m) => m.name))]).toEqual(g.matchKeys);
        expect(logicActionKeys(f.actions)).toEqual(g.actionKeys);
      }
    }
    const t0 = groups.filter((g) => g.table === 0);
    expect(t0.find((g) => g.actionKeys.join() === "set_field,resubmit(,8)")?.flows.length).toBe(11);
  });

  it("splits per cookie, and labels cookies with a resolver (the OVN join) or in hex", () => {
    const byCookie = groupFlowsByLogic(OVN, { byCookie: true });
    expect(byCookie.length).toBeGreaterThan(groupFlowsByLogic(OVN).length);
    expect(byCookie.every((g) => g.cookies.length === 1)).toBe(true);
    const resolved = groupFlowsByLogic(OVN, { byCookie: true, resolveCookie: (c) => (c === 0x6ccfdc1dn ? "ls_in_port_sec_l2 (sw0-port1)" : undefined) });
    const hit = resolved.find((g) => g.cookies[0]?.cookie === 0x6ccfdc1dn);
    expect(hit?.cookies[0]).toMatchObject({ label: "ls_in_port_sec_l2 (sw0-port1)", resolved: true });
    expect(resolved.find((g) => g.cookies[0]?.cookie === 0xc2b160ban)?.cookies[0]).toMatchObject({ label: "0xc2b160ba", resolved: false });
  });
});

describe("cookie view", () => {
  it("groups by cookie then table, every flow once", () => {
    const v = groupFlowsByCookie(OVN);
    expect(v.reduce((n, c) => n + c.flows, 0)).toBe(OVN.length);
    const cookies = v.map((c) => c.cookie);
    expect(cookies).toEqual([...cookies].sort((a, b) => (a < b ? -1 : 1)));
    for (const c of v) for (const t of c.tables) for (const f of t.flows) expect([f.cookie ?? 0n, f.table ?? 0]).toEqual([c.cookie, t.table]);
  });
});

describe("table graph", () => {
  it("links tables by resubmit, goto_table and ct(table=), counting flows per edge", () => {
    const g = tableGraph(OVN);
    const e = g.edges.find((x) => x.from === 0 && x.to === 8 && x.kind === "resubmit");
    expect(e?.flows).toBe(OVN.filter((f) => (f.table ?? 0) === 0 && f.actions.some((a) => a.kind === "resubmit" && a.table === 8)).length);
    expect(g.edges.some((x) => x.kind === "ct")).toBe(true);
    const fam = tableGraph(parseFlows(fixture("openflow", "all-families.of15.flows")));
    expect(fam.edges).toContainEqual(expect.objectContaining({ from: 0, to: 20, kind: "goto_table" }));
    // Every target is a node, even when it has no flows.
    for (const x of g.edges) expect(g.tables.some((t) => t.table === x.to)).toBe(true);
  });
});

describe("hot and dead flows", () => {
  it("ranks by packets or bytes, top N, overall or per table", () => {
    const hot = hotFlows(OVN, { top: 5 });
    expect(hot).toHaveLength(5);
    const packets = hot.map((f) => f.nPackets ?? 0n);
    expect(packets).toEqual([...packets].sort((a, b) => (a > b ? -1 : a < b ? 1 : 0)));
    const max = OVN.reduce((m, f) => ((f.nPackets ?? 0n) > m ? (f.nPackets ?? 0n) : m), 0n);
    expect(hot[0]?.nPackets).toBe(max);
    const byBytes = hotFlows(OVN, { by: "bytes", top: 3 });
    expect(byBytes[0]?.nBytes).toBe(OVN.reduce((m, f) => ((f.nBytes ?? 0n) > m ? (f.nBytes ?? 0n) : m), 0n));
    const perTable = hotFlows(OVN, { top: 1, perTable: true });
    expect(new Set(perTable.map((f) => f.table)).size).toBe(perTable.length);
  });

  it("lists never-hit flows per table, ignoring flows without statistics", () => {
    const dead = deadFlows(OVN);
    const n = [...dead.values()].reduce((s, l) => s + l.length, 0);
    expect(n).toBe(OVN.filter((f) => f.nPackets === 0n).length);
    expect(deadFlows(parseFlows(fixture("openflow", "ovn-br-int.of15.no-stats.flows"))).size).toBe(0);
  });
});

describe("diff and sources", () => {
  it("keys flows by table, priority and match, whatever the match order", () => {
    const [a, b] = parseFlows(" table=3, priority=10,ip,nw_dst=10.0.0.1 actions=drop\n table=3, priority=10,nw_dst=10.0.0.1,ip actions=output:1");
    expect(flowKey(a as never)).toBe(flowKey(b as never));
    expect(flowKey(a as never)).toBe("table=3 priority=10 ip,nw_dst=10.0.0.1");
  });

  it("finds added, removed, changed actions and counter deltas between two real snapshots", () => {
    const of13 = parseFlows(fixture("openflow", "ovn-br-int.of13.flows"));
    const of15 = OVN;
    const d = diffFlows(of13, of15);
    expect(d.added.length + d.changed.length + d.unchanged).toBe(of15.length);
    expect(d.removed.length + d.changed.length + d.unchanged).toBe(of13.length);
    // Same table dumped twice: counters moved on some flows, actions the same.
    const moved = d.changed.filter((c) => (c.packetsDelta ?? 0n) !== 0n);
    for (const c of moved) expect(c.packetsDelta).toBe((c.after.nPackets ?? 0n) - (c.before.nPackets ?? 0n));
    // A synthetic change on top of a real dump.
    const edited = of15.slice(1).map((f, i) => (i === 0 ? parseFlows(formatFlow(f).replace(/actions=.*/, "actions=drop"))[0] ?? f : f));
    edited.push(parseFlows(" table=99, priority=1 actions=drop")[0] as never);
    const d2 = diffFlows(of15, edited);
    expect(d2.removed).toEqual([of15[0]]);
    expect(d2.added.map((f) => f.table)).toEqual([99]);
    expect(d2.changed.filter((c) => c.actionsChanged).map((c) => c.before)).toEqual([of15[1]]);
    expect(d2.unchanged).toBe(of15.length - 2);
  });

  it("keeps the source of every flow", () => {
    const a = parseFlows(" priority=1 actions=drop");
    const b = parseFlows(" priority=2 actions=drop\n priority=3 actions=drop");
    const set = flowSetOf([
      ["worker-1", a],
      ["worker-2", b],
    ]);
    expect(set.sources).toEqual(["worker-1", "worker-2"]);
    expect(set.flows.map((f) => [f.source, f.flow.priority])).toEqual([
      ["worker-1", 1],
      ["worker-2", 2],
      ["worker-2", 3],
    ]);
    expect(flowsOfSource(set, "worker-2")).toEqual(b);
    expect(parseSourceArg("w1,/tmp/a,b.flows")).toEqual({ source: "w1", path: "/tmp/a,b.flows" });
    expect(parseSourceArg("/tmp/x.flows")).toEqual({ source: "/tmp/x.flows", path: "/tmp/x.flows" });
  });
});
