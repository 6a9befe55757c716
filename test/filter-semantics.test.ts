import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseDatapathFlow, parseDatapathFlows } from "../src/datapath/index.js";
import { compileFilter } from "../src/filter/index.js";
import { type Action, type Flow, parseFlow, parseFlows } from "../src/openflow/index.js";
import { parseTrace, traceSteps } from "../src/trace/index.js";
import { fixture } from "./helpers/fixtures.js";

const of = (line: string): Flow => parseFlow(line);
const m = (expr: string, line: string): boolean => compileFilter(expr).matchFlow(of(line));

const CT = " cookie=0x5, duration=1.5s, table=8, n_packets=3, n_bytes=180, priority=50,ip,nw_dst=10.0.0.0/8,reg0=0x4/0xfe actions=ct(commit,zone=0,nat(src=10.0.0.1-10.0.0.9:1024-2048)),output:2,output:3,resubmit(,0)";

describe("filter on OpenFlow flows: the peer's defects", () => {
  it("defect: != is evaluated, alone and combined", () => {
    const flows = parseFlows(fixture("openflow", "ovn-br-int.of15.flows"));
    const ne = compileFilter("priority!=100");
    const n = flows.filter((f) => ne.matchFlow(f)).length;
    expect(n).toBe(flows.filter((f) => f.priority !== 100).length);
    expect(n).toBeGreaterThan(0);
    const combined = compileFilter("priority!=100 && ip");
    expect(flows.filter((f) => combined.matchFlow(f)).length).toBe(
      flows.filter((f) => f.priority !== 100 && f.match.some((x) => x.name === "ip")).length,
    );
    // != is !(=): no occurrence equal, also when the key is absent.
    expect(m("output.port!=3", CT)).toBe(false);
    expect(m("output.port!=4", CT)).toBe(true);
    expect(m("tp_dst!=80", CT)).toBe(true);
  });

  it("defect: nested zero values are found (resubmit.table=0, ct.zone=0)", () => {
    expect(m("resubmit.table=0", CT)).toBe(true);
    expect(m("ct.zone=0", CT)).toBe(true);
    expect(m("ct.zone", CT)).toBe(true);
    expect(m("ct.zone=1", CT)).toBe(false);
    expect(m("table=0", " priority=1 actions=drop")).toBe(true);
    expect(m("cookie=0", " priority=1 actions=drop")).toBe(true);
    expect(m("n_packets=0", " n_packets=0, priority=1 actions=drop")).toBe(true);
  });

  it("defect: repeated actions match when any occurrence does (output:2,output:3 with output.port=3)", () => {
    expect(m("output.port=3", CT)).toBe(true);
    expect(m("output.port=2 && output.port=3", CT)).toBe(true);
    expect(m("output.port=3", " priority=6,reg0=0x5 actions=output:1,output:2,output:3")).toBe(true);
    // Nested actions count too.
    expect(m("output.port=4", " priority=1 actions=clone(output:4),output:5")).toBe(true);
    expect(m("set_field.dst.field=ct_label", " priority=1 actions=ct(commit,exec(set_field:0/0x1->ct_label))")).toBe(true);
  });

  it("defect: < and > on masked values compare the value (and do not raise)", () => {
    expect(m("reg0>0x3", CT)).toBe(true);
    expect(m("reg0<0x4", CT)).toBe(false);
    expect(m("reg0<=0x4", CT)).toBe(true);
    expect(m("nw_dst>9.255.255.255", CT)).toBe(true);
    expect(m("nw_dst<10.0.0.0", CT)).toBe(false);
    expect(m("dl_src>00:00:00:00:00:00", " priority=1,dl_src=01:00:00:00:00:00/01:00:00:00:00:00 actions=drop")).toBe(true);
  });

  it("defect: info flags and importance=N are filter keys", () => {
    const flows = parseFlows(fixture("openflow", "all-families.of15.flows"));
    const withFlag = flows.filter((f) => compileFilter("send_flow_rem").matchFlow(f));
    expect(withFlag.length).toBeGreaterThan(0);
    expect(withFlag.every((f) => f.flags?.includes("send_flow_rem"))).toBe(true);
    const imp = flows.filter((f) => compileFilter("importance>=10").matchFlow(f));
    expect(imp.map((f) => f.importance).sort()).toEqual(flows.filter((f) => (f.importance ?? -1) >= 10).map((f) => f.importance).sort());
    expect(imp.length).toBeGreaterThanOrEqual(2);
    expect(compileFilter("flags=send_flow_rem && importance=65535").matchFlow(withFlag.find((f) => f.importance === 65535) as Flow)).toBe(true);
  });
});

describe("filter on OpenFlow flows: typed comparisons", () => {
  it("~= is overlap: an address in a flow's subnet, a flow's value in a subnet, masked values that agree", () => {
    // Address on the right: the flow's masked value contains it (ovs-flowviz's meaning, kept).
    expect(m("nw_dst~=10.1.2.3", CT)).toBe(true);
    expect(m("nw_dst~=11.0.0.1", CT)).toBe(false);
    // Subnet on the right: overlaps the flow's subnet (inside it, or around it).
    expect(m("nw_dst~=10.2.0.0/16", CT)).toBe(true);
    expect(m("nw_dst~=10.0.0.0/4", CT)).toBe(true); // 0.1 said false: 10/8 lies in 0/4
    expect(m("nw_dst~=11.0.0.0/8", CT)).toBe(false);
    expect(m("nw_dst~=10.0.0.0/255.255.0.0", CT)).toBe(true);
    // Behaviour change: a subnet finds exact addresses (0.1 found none).
    const host = " priority=5,ip,nw_dst=10.96.1.118 actions=drop";
    expect(m("nw_dst~=10.96.0.0/16", host)).toBe(true);
    expect(m("nw_dst~=10.97.0.0/16", host)).toBe(false);
    expect(m("nw_dst~=10.96.1.118", host)).toBe(true);
    expect(m("nw_dst~=0.0.0.0/0", host)).toBe(true);
    // Arbitrary masks: true when the values agree on the bits both masks keep.
    expect(m("nw_dst~=10.96.0.118/255.255.0.255", host)).toBe(true);
    expect(m("nw_dst~=10.96.0.117/255.255.0.255", host)).toBe(false);
    expect(m("reg0~=0x5", CT)).toBe(true);
    expect(m("reg0~=0x6", CT)).toBe(false);
    expect(m("reg0~=0x10/0xf0", CT)).toBe(false);
    expect(m("reg0~=0x0/0xf0", CT)).toBe(true);
    expect(m("reg0~=0x4/0x4", CT)).toBe(true);
    const reg = " priority=5,reg13=0x12 actions=drop";
    expect(m("reg13~=0x10/0xf0", reg)).toBe(true);
    expect(m("reg13~=0x20/0xf0", reg)).toBe(false);
    const mac = " priority=1,dl_dst=01:00:00:00:00:00/01:00:00:00:00:00 actions=drop";
    expect(m("dl_dst~=33:33:00:00:00:01", mac)).toBe(true);
    expect(m("eth_dst~=02:00:00:00:00:01", mac)).toBe(false);
    const src = " priority=1,dl_src=0a:58:0a:f4:01:05 actions=drop";
    expect(m("dl_src~=0a:58:00:00:00:00/ff:ff:00:00:00:00", src)).toBe(true);
    expect(m("dl_src~=0a:59:00:00:00:00/ff:ff:00:00:00:00", src)).toBe(false);
    // Ranges: the value or subnet overlaps the range; text: substring.
    expect(m("nat.addrs~=10.0.0.5", CT)).toBe(true);
    expect(m("nat.addrs~=10.0.0.10", CT)).toBe(false);
    expect(m("nat.addrs~=10.0.0.8/29", CT)).toBe(true);
    expect(m("nat.addrs~=10.0.0.16/29", CT)).toBe(false);
    expect(m("nat.addrs~=10.0.0.0/255.255.255.249", CT)).toBe(true); // 10.0.0.6 matches
    expect(m("nat.addrs~=10.0.0.16/255.255.255.240", CT)).toBe(false);
    expect(m("nat.ports~=1500", CT)).toBe(true);
    expect(m("nat.ports~=0x800/0xf00", CT)).toBe(true);
    expect(m("nat.ports~=0x900/0xf00", CT)).toBe(false);
    expect(m("nat.type=src", CT)).toBe(true);
  });

  it("~= on IPv6 (ipaddr.js) and = on masks", () => {
    const v6 = " priority=1,ipv6,ipv6_dst=fd00:10:244::/48 actions=drop";
    expect(m("ipv6_dst~=fd00:10:244:1::5", v6)).toBe(true);
    expect(m("ipv6_dst~=fd00:10:245::5", v6)).toBe(false);
    expect(m("ipv6_dst=fd00:10:244::/48", v6)).toBe(true);
    expect(m("ipv6_dst=fd00:10:244::/64", v6)).toBe(false);
    expect(m("nw_dst=10.0.0.0/255.0.0.0", CT)).toBe(true);
    expect(m("nw_dst=10.0.0.0", CT)).toBe(true);
    expect(m("reg0=0x4/0xfe", CT)).toBe(true);
    expect(m("reg0=0x4/0xff", CT)).toBe(false);
  });

  it("numbers in decimal or hex, 64-bit exact; flags as sets; port names; field references", () => {
    const big = " cookie=0xfffffffffffffffe, n_packets=18446744073709551615, priority=1 actions=drop";
    expect(m("cookie=0xfffffffffffffffe", big)).toBe(true);
    expect(m("cookie=18446744073709551614", big)).toBe(true);
    expect(m("cookie=0xffffffffffffffff", big)).toBe(false);
    expect(m("n_packets>18446744073709551614", big)).toBe(true);
    const ct = " priority=1,ct_state=+est+trk-rel actions=LOCAL";
    expect(m("ct_state=+trk-rel+est", ct)).toBe(true);
    expect(m("ct_state=+trk", ct)).toBe(false);
    expect(m("ct_state~=+trk", ct)).toBe(true);
    expect(m("ct_state~=+new", ct)).toBe(false);
    expect(m("output.port=LOCAL", ct)).toBe(true);
    expect(m("priority=0x1", ct)).toBe(true);
    expect(m("priority=32768", " ip actions=drop")).toBe(true);
    const zone = " priority=1 actions=ct(commit,zone=NXM_NX_REG13[0..15])";
    expect(m("ct.zone=NXM_NX_REG13[0..15]", zone)).toBe(true);
    expect(m("ct.zone=NXM_NX_REG13", zone)).toBe(true);
    expect(m("ct.zone=0", zone)).toBe(false);
    expect(m(`output.port="k8s-worker"`, ` priority=1 actions=output:"k8s-worker"`)).toBe(true);
  });

  it("actions.kind, bare kinds, main values and unknown actions", () => {
    expect(m("actions.kind=output", CT)).toBe(true);
    expect(m("actions.kind=drop", CT)).toBe(false);
    expect(m("drop", " priority=1 actions=drop")).toBe(true);
    expect(m("!drop", CT)).toBe(true);
    expect(m("output=3", CT)).toBe(true);
    expect(m("goto_table=5", " priority=1 actions=goto_table:5")).toBe(true);
    const flows = parseFlows(" priority=1 actions=frobnicate(1,2),output:1", { strict: false });
    const unknown = flows[0] as Flow;
    expect((unknown.actions[0] as Action).kind).toBe("unknown");
    // An action of a newer OVS: its name is not a key ovskit knows, unless allowed.
    expect(() => compileFilter("frobnicate")).toThrow(/unknown key frobnicate/);
    const allowed = compileFilter("frobnicate", { unknownKeys: "allow" });
    expect(allowed.unknownKeys).toEqual([{ key: "frobnicate", at: 0, message: "unknown key frobnicate", suggestions: [] }]);
    expect(allowed.matchFlow(unknown)).toBe(true);
    expect(compileFilter("actions.kind=frobnicate").matchFlow(unknown)).toBe(true);
  });

  it("explain() returns the keys that matched, with their place in the flow", () => {
    const f = compileFilter("output.port=3 && (nw_dst~=10.0.0.1 || tcp) && !drop && priority<100");
    const r = f.explain(of(CT));
    expect(r.matched).toBe(true);
    expect(r.keys).toEqual([
      { key: "output.port", area: "actions", name: "output", index: 2 },
      { key: "nw_dst", area: "match", name: "nw_dst", index: 1 },
      { key: "priority", area: "info", name: "priority" },
    ]);
    expect(compileFilter("output.port=9 || drop").explain(of(CT))).toEqual({ matched: false, keys: [] });
    // A failed branch of && leaves no keys behind.
    expect(compileFilter("(ip && tcp) || n_packets>0").explain(of(CT)).keys).toEqual([{ key: "n_packets", area: "info", name: "n_packets" }]);
  });

  it("agrees with a hand-written scan on a real OVN dump", () => {
    const flows = parseFlows(fixture("openflow", "ovn-br-int.of15.flows"));
    const count = (e: string): number => {
      const f = compileFilter(e);
      return flows.filter((x) => f.matchFlow(x)).length;
    };
    const resub = (list: readonly Action[], t: number): boolean =>
      list.some(
        (a) =>
          (a.kind === "resubmit" && a.table === t) ||
          ((a.kind === "clone" || a.kind === "write_actions") && resub(a.actions, t)) ||
          (a.kind === "ct" && a.exec !== undefined && resub(a.exec, t)),
      );
    expect(count("resubmit.table=8")).toBe(flows.filter((f) => resub(f.actions, 8)).length);
    expect(count("n_packets>0")).toBe(flows.filter((f) => (f.nPackets ?? 0n) > 0n).length);
    expect(count("table=11 && priority>=100")).toBe(flows.filter((f) => f.table === 11 && (f.priority ?? 32768) >= 100).length);
    expect(count("ct.nat")).toBe(flows.filter((f) => f.actions.some((a) => a.kind === "ct" && a.nat !== undefined)).length);
    expect(count("ct.nat")).toBeGreaterThan(0);
  });
});

describe("filter on datapath flows and trace steps", () => {
  const line =
    "ct_state(-new+est-rel+rpl-inv+trk),ct_label(0/0xf),recirc_id(0x25),in_port(2),eth(src=0a:58:0a:f4:01:03,dst=0a:58:0a:f4:01:05),eth_type(0x0800),ipv4(src=10.244.1.3,dst=10.244.0.0/255.255.0.0,proto=17,frag=no),udp(src=7000/0xf000), packets:3, bytes:318, used:1.793s, actions:ct(zone=0,nat),recirc(0x26)";
  const d = parseDatapathFlow(line);
  const dm = (e: string): boolean => compileFilter(e).matchDatapath(d);

  it("reads keys, nested key fields, statistics and actions", () => {
    expect(dm("recirc_id=0x25")).toBe(true);
    expect(dm("in_port=2")).toBe(true);
    expect(dm("ct_state~=+est+trk")).toBe(true);
    expect(dm("ct_state~=+new")).toBe(false);
    expect(dm("eth.src=0a:58:0a:f4:01:03")).toBe(true);
    expect(dm("ipv4.dst~=10.244.7.7")).toBe(true);
    expect(dm("ipv4.proto=17")).toBe(true);
    expect(dm("udp.src~=7001")).toBe(true);
    expect(dm("packets>2 && bytes=318 && used<2")).toBe(true);
    expect(dm("n_packets=3 && n_bytes>300")).toBe(true);
    expect(m("packets=3 && bytes=180", CT)).toBe(true);
    expect(dm("ct.zone=0")).toBe(true);
    expect(dm("ct.nat")).toBe(true);
    expect(dm("recirc=0x26")).toBe(true);
    expect(dm("actions.kind=drop")).toBe(false);
    expect(compileFilter("ct.zone=0").test(d)).toBe(true);
  });

  it("finds outputs nested in clone() and set() fields in real datapath dumps", () => {
    const flows = parseDatapathFlows(fixture("datapath", "handwritten.dpctl.flows"));
    const c = flows.find((f) => f.actions.some((a) => a.kind === "clone")) as (typeof flows)[number];
    expect(compileFilter("output.port=4").matchDatapath(c)).toBe(true);
    expect(compileFilter("set.ipv4.dst=10.9.9.9").matchDatapath(c)).toBe(true);
    const ovn = parseDatapathFlows(fixture("datapath", "ovn.dpctl.flows"));
    const z = compileFilter("ct.zone=22");
    expect(ovn.filter((f) => z.matchDatapath(f)).length).toBe(
      ovn.filter((f) => f.actions.some((a) => a.kind === "ct" && a.zone === 22)).length,
    );
  });

  it("filters trace steps by table, cookie, match and actions", () => {
    const steps = traceSteps(parseTrace(fixture("trace", "ovn-pod-to-service.trace")));
    const pick = (e: string): number[] => steps.filter((s) => compileFilter(e).matchStep(s)).map((s) => s.table);
    expect(pick("table=0")).toEqual([0]);
    expect(pick("cookie=0x63e1c59")).toEqual(steps.filter((s) => s.cookie === 0x63e1c59n).map((s) => s.table));
    expect([...new Set(pick("resubmit.table=73"))]).toEqual([8]);
    expect(pick("nw_src=10.244.1.5 && dl_src=0a:58:0a:f4:01:05")).toContain(73);
    expect(compileFilter("set_field.dst.field=reg13").test(steps[0] as (typeof steps)[number])).toBe(true);
  });
});

describe("the README's ~= examples", () => {
  it("hold, row by row", () => {
    const readme = readFileSync(join(import.meta.dirname, "..", "README.md"), "utf8");
    const start = readme.indexOf("| filter | flow | `~=` |");
    expect(start).toBeGreaterThan(0);
    const rows = readme
      .slice(start)
      .split("\n")
      .slice(2)
      .filter((l, i, all) => l.startsWith("|") && all.slice(0, i).every((x) => x.startsWith("|")));
    expect(rows.length).toBeGreaterThanOrEqual(8);
    for (const row of rows) {
      const [filter, flow, want] = row.split(" | ").map((c) => c.replace(/^\|? ?`?|`? ?\|?$/g, "").replace(/`/g, "")) as [string, string, string];
      const line = flow.startsWith("ct(") ? ` priority=1,ip actions=${flow}` : ` priority=1,${flow} actions=drop`;
      expect(compileFilter(filter, { target: "openflow" }).matchFlow(of(line)), row).toBe(want.startsWith("true"));
    }
  });
});
