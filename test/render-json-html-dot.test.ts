import { describe, expect, it } from "vitest";
import { parseDatapathFlows } from "../src/datapath/index.js";
import { compileFilter } from "../src/filter/index.js";
import { formatFlow, parseFlows } from "../src/openflow/index.js";
import {
  cookieJson,
  datapathFlowsJson,
  diffJson,
  escapeHtml,
  flowToJson,
  flowsJson,
  graphJson,
  logicJson,
  recircTreeJson,
  recircAnchor,
  renderDatapathHtml,
  renderHtml,
  summaryJson,
  tableAnchor,
  tableGraphDot,
  toJsonText,
} from "../src/render/index.js";
import { groupFlowsByCookie, diffFlows, filterRecircTree, flowSetOf, groupFlowsByLogic, summarizeTables, tableGraph } from "../src/views/index.js";
import { fixture } from "./helpers/fixtures.js";

const OVN = parseFlows(fixture("openflow", "ovn-br-int.of15.flows"));

describe("JSON", () => {
  it("has a stable flow shape with 64-bit numbers as exact strings", () => {
    const [f] = parseFlows(" cookie=0xffffffffffffffff, duration=1.5s, table=3, n_packets=18446744073709551615, n_bytes=9007199254740993, idle_age=1, priority=10,ip,nw_dst=10.0.0.0/8 actions=ct(table=9),resubmit(,8),drop");
    const j = flowToJson(f as never);
    expect(j).toEqual({
      cookie: "0xffffffffffffffff",
      table: 3,
      priority: 10,
      n_packets: "18446744073709551615",
      n_bytes: "9007199254740993",
      duration: 1.5,
      idle_age: 1,
      match: [{ name: "ip" }, { name: "nw_dst", value: "10.0.0.0/8" }],
      actions: [
        { kind: "ct", text: "ct(table=9)", table: 9 },
        { kind: "resubmit", text: "resubmit(,8)", table: 8 },
        { kind: "drop", text: "drop" },
      ],
      text: formatFlow(f as never).slice(1),
      line: 1,
    });
    const back = JSON.parse(toJsonText(j)) as typeof j;
    expect(BigInt(back.n_packets as string)).toBe(2n ** 64n - 1n);
    expect(toJsonText({ x: 2n ** 70n })).toBe('{\n  "x": "1180591620717411303424"\n}\n');
  });

  it("documents every flow of a real dump, with sources and highlights", () => {
    const doc = flowsJson(OVN, { highlight: compileFilter("resubmit.table=8") });
    expect(doc.schema).toBe("ovskit.openflow.flows/1");
    expect(doc.flows).toHaveLength(OVN.length);
    expect(doc.flows.map((f) => f.text)).toEqual(OVN.map((f) => formatFlow(f).slice(1)));
    const hl = doc.flows.filter((f) => f.highlight !== undefined);
    expect(hl.length).toBe(OVN.filter((f) => compileFilter("resubmit.table=8").matchFlow(f)).length);
    expect(hl[0]?.highlight?.[0]).toMatchObject({ key: "resubmit.table", area: "actions", name: "resubmit" });
    const set = flowsJson(flowSetOf([["a", OVN.slice(0, 2)], ["b", OVN.slice(2, 3)]]));
    expect(set.sources).toEqual(["a", "b"]);
    expect(set.flows.map((f) => f.source)).toEqual(["a", "a", "b"]);
    // Through JSON text and back: nothing is a bigint, nothing throws.
    expect(JSON.parse(toJsonText(doc)).flows).toHaveLength(OVN.length);
  });

  it("documents the views and datapath flows", () => {
    expect(JSON.parse(toJsonText(summaryJson(summarizeTables(OVN)))).tables[0]).toMatchObject({ table: 0, flows: 14, packets: expect.any(String) });
    const logic = JSON.parse(toJsonText(logicJson(groupFlowsByLogic(OVN)))) as { schema: string; groups: { count: number; cookies: { cookie: string }[] }[] };
    expect(logic.schema).toBe("ovskit.openflow.logic/1");
    expect(logic.groups.reduce((n, g) => n + g.count, 0)).toBe(OVN.length);
    expect(logic.groups[0]?.cookies[0]?.cookie).toMatch(/^0x[0-9a-f]+$/);
    expect(cookieJson(groupFlowsByCookie(OVN)).cookies.length).toBe(new Set(OVN.map((f) => f.cookie)).size);
    expect(graphJson(tableGraph(OVN)).edges.length).toBeGreaterThan(10);
    const d = diffJson(diffFlows(parseFlows(fixture("openflow", "ovn-br-int.of13.flows")), OVN));
    expect(d.schema).toBe("ovskit.openflow.diff/1");
    expect(typeof (d.changed[0]?.packetsDelta ?? "")).toBe("string");
    const dp = parseDatapathFlows(fixture("datapath", "ovn.dpctl.flows"));
    const dj = datapathFlowsJson(dp);
    expect(dj.flows[0]).toMatchObject({ recirc_id: 0x25, in_port: 2, packets: "3", bytes: "318", used: 1.793 });
    expect(dj.flows[0]?.keys[0]).toEqual({ name: "ct_state", text: "-new+est-rel+rpl-inv+trk" });
    expect(dj.flows[0]?.actions).toEqual([
      { kind: "ct", text: "ct(zone=22,nat)" },
      { kind: "recirc", text: "recirc(0x26)" },
    ]);
    const tj = recircTreeJson(filterRecircTree(dp));
    expect(tj.schema).toBe("ovskit.datapath.tree/1");
    expect(JSON.parse(toJsonText(tj)).roots.length).toBe(filterRecircTree(dp).roots.length);
  });
});

describe("datapath HTML", () => {
  it("has a section per recirculation node and links recirc(N) to the node it continues in", () => {
    const dp = parseDatapathFlows(fixture("datapath", "ovn.dpctl.flows"));
    const f = compileFilter("ct.zone=22");
    const tree = filterRecircTree(dp, (x) => f.matchDatapath(x));
    const html = renderDatapathHtml(tree, { highlight: f });
    expect(html).not.toMatch(/<script|<link|<img| src="|https?:\/\//);
    const ids = [...html.matchAll(/<section class="node" style="--depth:\d+" id="([^"]+)"/g)].map((m) => m[1]);
    expect(ids.length).toBeGreaterThan(3);
    expect(new Set(ids).size).toBe(ids.length);
    const links = [...html.matchAll(/<a class="goto" href="#([^"]+)">recirc\((0x[0-9a-f]+)\)<\/a>/g)];
    expect(links.length).toBeGreaterThan(3);
    for (const [, id, rid] of links) {
      expect(ids).toContain(id);
      expect(id?.startsWith(`recirc-${rid}-`)).toBe(true);
    }
    expect(html).toMatch(/<mark><span class="action">ct\(zone=22,nat\)<\/span><\/mark>|<span class="action"><mark>ct\(zone=22/);
    expect(recircAnchor(0x2a, "k8s-w1")).toBe("recirc-0x2a-k8s-w1");
  });
});

describe("Graphviz DOT", () => {
  it("draws the table graph with flow counts per edge", () => {
    const dot = tableGraphDot(tableGraph(OVN));
    expect(dot.startsWith('digraph "tables" {\n')).toBe(true);
    expect(dot.endsWith("}\n")).toBe(true);
    const n = OVN.filter((f) => (f.table ?? 0) === 0 && f.actions.some((a) => a.kind === "resubmit" && a.table === 8)).length;
    expect(dot).toContain(`"t0" -> "t8" [label="resubmit (${n})"];`);
    expect(dot).toMatch(/\[label="ct \(\d+\)", style=dashed\]/);
  });
});
