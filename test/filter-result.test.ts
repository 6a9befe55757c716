import { describe, expect, it } from "vitest";
import { parseDatapathFlows } from "../src/datapath/index.js";
import { compileFilter, filterFlows, formatFilterResult } from "../src/filter/index.js";
import { type Flow, parseFlows } from "../src/openflow/index.js";
import { renderDatapathHtml, renderRecircTreeText } from "../src/render/index.js";
import { parseTrace, traceSteps } from "../src/trace/index.js";
import { filterRecircTree } from "../src/views/index.js";
import { fixture } from "./helpers/fixtures.js";

const OVN: readonly Flow[] = parseFlows(fixture("openflow", "ovn-br-int.of15.flows"));
const NO_STATS: readonly Flow[] = parseFlows(fixture("openflow", "ovn-br-int.of15.no-stats.flows"));

describe("never silent: how many matched out of how many, and why none did", () => {
  it("counts the matches and formats one line", () => {
    const f = compileFilter("resubmit.table=8", { target: "openflow" });
    const r = filterFlows(OVN, f);
    const want = OVN.filter((x) => f.matchFlow(x));
    expect(r.items).toEqual(want);
    expect(r).toMatchObject({ expression: "resubmit.table=8", matched: want.length, total: OVN.length, noun: "flows" });
    expect(r.reason).toBeUndefined();
    expect(formatFilterResult(r)).toBe(`${want.length} of ${OVN.length.toLocaleString("en-US")} flows matched 'resubmit.table=8'`);
    expect(structuredClone({ ...r, items: [] })).toEqual({ ...r, items: [] });
  });

  it("no value matched: says so with the counts", () => {
    const r = filterFlows(OVN, compileFilter("nw_dst=10.96.1.118"));
    expect(r.matched).toBe(0);
    expect(r.reason).toEqual({ code: "no-match", message: `no value matched in these ${OVN.length.toLocaleString("en-US")} flows` });
    expect(formatFilterResult(r)).toBe(`0 of ${OVN.length.toLocaleString("en-US")} flows matched 'nw_dst=10.96.1.118': no value matched in these ${OVN.length.toLocaleString("en-US")} flows`);
  });

  it("a key that never appears in the items is named", () => {
    const r = filterFlows(OVN, compileFilter("table=20 && tun_gbp_id=5"));
    expect(r.reason).toEqual({ code: "key-absent", message: `the key tun_gbp_id never appears in these ${OVN.length.toLocaleString("en-US")} flows`, keys: ["tun_gbp_id"] });
    // Counters of a --no-stats dump are absent, not zero.
    expect(filterFlows(NO_STATS, compileFilter("n_packets>0")).reason?.code).toBe("key-absent");
    // In an or, only when every branch needs an absent key.
    expect(filterFlows(OVN, compileFilter("tun_gbp_id=5 || nw_dst=10.96.1.118")).reason?.code).toBe("no-match");
    expect(filterFlows(OVN, compileFilter("tun_gbp_id=5 || mpls_label=3")).reason).toMatchObject({ code: "key-absent", keys: ["tun_gbp_id", "mpls_label"] });
    // A negated key explains nothing (its absence makes the negation true).
    expect(filterFlows(OVN, compileFilter("!ip && tun_gbp_id=5")).reason?.keys).toEqual(["tun_gbp_id"]);
  });

  it("counters that are all 0", () => {
    const zero = OVN.filter((f) => f.nPackets === 0n);
    expect(zero.length).toBeGreaterThan(100);
    const r = filterFlows(zero, compileFilter("n_packets>0 && table=8"));
    expect(r.reason).toEqual({ code: "counters-zero", message: `all counters are 0 in these ${zero.length.toLocaleString("en-US")} flows`, keys: ["n_packets"] });
  });

  it("nothing to filter; datapath flows and trace steps are named as such", () => {
    expect(filterFlows([], compileFilter("ip")).reason).toEqual({ code: "no-items", message: "there are no flows to filter" });
    const dp = parseDatapathFlows(fixture("datapath", "ovn.dpctl.flows"));
    const d = filterFlows(dp, compileFilter("ct.zone=22", { target: "datapath" }));
    expect(d.noun).toBe("datapath flows");
    expect(d.matched).toBe(dp.filter((x) => x.actions.some((a) => a.kind === "ct" && a.zone === 22)).length);
    const steps = traceSteps(parseTrace(fixture("trace", "ovn-pod-to-service.trace")));
    const s = filterFlows(steps, compileFilter("table=999", { target: "trace" }));
    expect(formatFilterResult(s)).toBe(`0 of ${steps.length} trace steps matched 'table=999': no value matched in these ${steps.length} trace steps`);
  });
});

describe("highlighting works without a selection filter", () => {
  const dp = parseDatapathFlows(fixture("datapath", "ovn.dpctl.flows"));
  const hl = compileFilter("ct.zone=22", { target: "datapath" });
  // Select by something else: the flows of recirc_id 0 the highlight does not match (their
  // nodes, where the ct(zone=22) flows are too, are shown whole).
  const tree = filterRecircTree(dp, (x) => x.recircId === 0 && !hl.matchDatapath(x));

  it("defect: the datapath tree only highlighted flows the selection matched; now every flow the highlight matches", () => {
    const html = renderDatapathHtml(tree, { highlight: hl });
    expect(html).toMatch(/<mark><span class="action">ct\(zone=22|<span class="action"><mark>ct\(zone=22/);
    const text = renderRecircTreeText(tree, { color: true, highlight: hl });
    expect(text).toMatch(/\u001b\[[0-9;]*7m[^\u001b]*zone=22/);
  });
});
