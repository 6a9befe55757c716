/**
 * explainTrace on real traces: every answer of the simulator's fixture (real `ofproto/trace`
 * outputs of OVS 3.1 on one snapshot, test/fixtures/sim) with its NB / SB / conf.db, and the
 * live OVN traces of test/fixtures/ovn with theirs. The verdict is checked against what the
 * real trace prints (its last `Datapath actions:` line, read here with plain text operations),
 * the explanation of the simulated trace against that of the real one, case by case.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { type Explanation, explainTrace, formatExplanation, fromJson, type OvnContext, ovnContext, parseTrace, type Pipeline, readOvsdbFile, simulateTrace, toJson } from "../src/index.js";
import { loadSimPipeline, readSimCases, SIM_FIXTURE } from "./helpers/sim-snapshot.js";

const snap = (f: string) => readOvsdbFile(readFileSync(join(SIM_FIXTURE, "snapshot", f)));
const CASES = readSimCases().filter((c) => c.category !== "bad-request");
let pipeline: Pipeline;
let ovn: OvnContext;
let k8s: OvnContext;
beforeAll(() => {
  pipeline = loadSimPipeline();
  ovn = ovnContext({ sb: snap("ovnsb_db.db"), nb: snap("ovnnb_db.db"), ovs: snap("conf.db") });
  k8s = ovnContext({ sb: snap("ovnsb_db.db"), nb: readOvsdbFile(readFileSync(join(__dirname, "fixtures", "explain", "ovnnb_db.k8s.db"))), ovs: snap("conf.db") });
});
const ctxFor = (bridge: string) => (bridge === "br-int" ? ovn : undefined);

/** The top-level comma-separated actions of a datapath action list. */
function topLevel(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = "";
  for (const ch of text) {
    if (ch === "(") depth++;
    if (ch === ")") depth--;
    if (ch === "," && depth === 0) {
      out.push(cur);
      cur = "";
    } else cur += ch;
  }
  if (cur !== "") out.push(cur);
  return out;
}

/** Output port numbers, top level and inside clone / check_pkt_len / sample, until a tnl_push (the rest is the underlay's). */
function outputsOf(acts: readonly string[], out: string[]): boolean {
  for (const a of acts) {
    if (/^\d+$/.test(a)) out.push(a);
    if (a.startsWith("tnl_push(")) return true;
    const m = /^(clone|gt|le|actions|check_pkt_len|sample)\((.*)\)$/.exec(a);
    if (m !== null && outputsOf(topLevel(m[2] as string), out)) return true;
  }
  return false;
}

/** The verdict the real trace's text states, read without ovskit's parser. */
function textVerdict(answer: string): { verdict: string; outputs: string[]; tunnels: number } {
  const dps = [...answer.matchAll(/^Datapath actions: (.*)$/gm)].map((m) => m[1] as string);
  const followed = new Set([...answer.matchAll(/^recirc\((0x[0-9a-f]+)\) - /gm)].map((m) => m[1]));
  const last = dps[dps.length - 1] ?? "";
  const acts = topLevel(last);
  const local: string[] = [];
  outputsOf(acts, local);
  const tunnels = acts.filter((a) => a.startsWith("tnl_push(")).length;
  const recirc = acts.map((a) => /^recirc\((0x[0-9a-f]+)\)$/.exec(a)?.[1]).filter((x) => x !== undefined && !followed.has(x));
  let verdict: string;
  if (/^Translation failed/m.test(answer) || last === "drop") verdict = "dropped";
  else if (local.length > 0) verdict = "delivered";
  else if (tunnels > 0) verdict = "tunneled";
  else if (acts.some((a) => a.startsWith("userspace(") && a.includes("controller("))) verdict = "controller";
  else if (recirc.length > 0) verdict = "recirculated";
  else verdict = "dropped";
  return { verdict, outputs: local, tunnels };
}

/** What must agree between the explanation of a real trace and that of the simulated one. */
function projection(e: Explanation, flood: boolean) {
  const d = e.decidedBy;
  const outs = e.outputs.map((o) => `${o.datapathPort} ${o.name ?? "?"} ${o.logicalPort ?? "-"}`);
  return {
    verdict: e.verdict,
    decidedBy: d === undefined ? undefined : { bridge: d.bridge, table: d.table, priority: d.priority, cookie: d.cookie, action: d.action?.text, flows: d.logicalFlows?.map((f) => f.uuid) },
    drop: e.drop,
    outputs: flood ? outs.sort() : outs,
    tunnels: e.tunnels.map((t) => ({ remoteIp: t.remoteIp, chassis: t.chassis?.name, logicalPort: t.logicalPort, key: t.key, underlay: t.underlay })),
    controller: e.controller,
    recirculations: e.recirculations.length,
    stages: e.stages.map((s) => `${s.section} ${s.datapath} ${s.pipeline} ${s.stage}`),
  };
}

describe("explainTrace on the real answers of test/fixtures/sim", () => {
  for (const c of CASES) {
    it(`${c.category}: ${c.name}`, () => {
      const trace = parseTrace(c.answer);
      const e = explainTrace(trace, ctxFor(c.bridge), { pipeline });
      const real = textVerdict(c.answer);
      expect(e.verdict).toBe(real.verdict);
      expect(e.outputs.map((o) => String(o.datapathPort))).toEqual(real.outputs);
      expect(e.tunnels.length).toBe(real.tunnels);
      expect(e.summary.startsWith(e.verdict === "controller" ? "sent to the controller" : e.verdict)).toBe(true);
      // The deciding step is a step of the trace, at the line it names.
      if (e.decidedBy !== undefined) {
        const line = c.answer.split("\n")[e.decidedBy.line - 1] ?? "";
        expect(line.trim()).toMatch(new RegExp(`^${e.decidedBy.table}\\. `));
        if (e.decidedBy.action !== undefined) expect((c.answer.split("\n")[e.decidedBy.action.line - 1] ?? "").trim()).toBe(e.decidedBy.action.text);
      } else expect(["recirculated", "delivered"]).toContain(e.verdict);
      expect(structuredClone(e)).toEqual(e);
      expect(fromJson(toJson(e))).toEqual(e);
    });
  }

  it("the simulated trace explains like the real one, case by case", () => {
    const differ: string[] = [];
    for (const c of CASES) {
      const real = explainTrace(parseTrace(c.answer), ctxFor(c.bridge), { pipeline });
      const simTrace = simulateTrace(pipeline, c.packet, { bridge: c.bridge, ctNext: c.ctNext });
      const sim = explainTrace(simTrace, ctxFor(c.bridge), { pipeline });
      const flood = simTrace.simulation.caveats.some((x) => x.code === "flood-order");
      try {
        expect(projection(sim, flood)).toEqual(projection(real, flood));
      } catch {
        differ.push(c.name);
      }
    }
    expect(differ).toEqual([]);
    expect(CASES.length).toBeGreaterThanOrEqual(90);
  });
});

describe("what explainTrace says about OVN cases", () => {
  const explain = (name: string, ctx = ovn): Explanation => {
    const c = CASES.find((x) => x.name === name);
    if (c === undefined) throw new Error(name);
    return explainTrace(parseTrace(c.answer), ctx, { pipeline });
  };

  it("delivered: the datapath port, its OpenFlow port, interface and logical port", () => {
    const e = explain("pod-local-tcp");
    expect(e.verdict).toBe("delivered");
    expect(e.outputs).toEqual([
      expect.objectContaining({ datapathPort: 2, bridge: "br-int", ofport: 11, name: "pod1", pairedBy: "ports", logicalPort: "ns1_pod1-ovn-worker", datapath: "ovn-worker" }),
    ]);
    expect(e.decidedBy).toMatchObject({ bridge: "br-int", table: 65, action: { text: "output:11" } });
    expect(e.decidedBy?.cookieRows).toEqual(["Port_Binding ns1_pod1-ovn-worker"]);
    expect(e.stages.map((s) => s.stage)).toContain("ls_in_l2_lkup");
  });

  it("tunneled: remote IP to chassis, Geneve option to the logical port", () => {
    const e = explain("pod-remote-tcp");
    expect(e.verdict).toBe("tunneled");
    expect(e.outputs).toEqual([]);
    expect(e.tunnels).toEqual([
      expect.objectContaining({ form: "tnl_push", remoteIp: "198.51.100.2", localIp: "198.51.100.1", type: "geneve", key: 6, chassis: { name: "ovn-worker2", hostname: "", encapType: "geneve" }, bridge: "br-int", ofport: 5, outPort: 14, logicalDatapath: "ovn-worker2", logicalPort: "ns1_pod1-ovn-worker2", underlay: [{ datapathPort: 13, name: "p0", bridge: "br-phy" }] }),
    ]);
    expect(e.decidedBy).toMatchObject({ table: 39, action: { text: "output:5" } });
    expect(e.summary).toContain("chassis ovn-worker2");
  });

  it("dropped by an ACL: the logical flow, the ACL and its port group", () => {
    const e = explain("acl-drop");
    expect(e.verdict).toBe("dropped");
    expect(e.drop).toEqual({ source: "drop-action", text: "explicit drop action in br-int table 46" });
    const lf = e.decidedBy?.logicalFlows?.[0];
    expect(lf).toMatchObject({ pipeline: "egress", stage: "ls_out_acl" });
    expect(lf?.nbRows).toEqual([expect.objectContaining({ table: "ACL", summary: 'ACL to-lport 1000 "outport == @pg_pol1 && ip4" drop', owner: { kind: "port-group", name: "pg_pol1" }, externalIds: {} })]);
  });

  it("names the NetworkPolicy, Service and security group rule behind rows (external_ids)", () => {
    const drop = explain("acl-drop", k8s);
    const row = drop.decidedBy?.logicalFlows?.[0]?.nbRows[0];
    expect(row?.origin).toEqual({ system: "kubernetes", kind: "NetpolNamespace", name: "ns1" });
    expect(row?.externalIds["k8s.ovn.org/owner-type"]).toBe("NetpolNamespace");
    expect(drop.summary).toContain("[NetpolNamespace ns1]");
    const svc = explain("svc-tcp-dp-hash", k8s);
    expect(svc.verdict).toBe("recirculated");
    expect(svc.decidedBy?.logicalFlows?.[0]?.nbRows[0]?.table).toBe("Load_Balancer");
    const udp = explain("svc-udp", k8s);
    expect(udp.decidedBy?.logicalFlows?.[0]?.nbRows[0]?.origin).toEqual({ system: "kubernetes", kind: "Service", name: "ns1/dns", namespace: "ns1" });
    const neutron = explain("pod-local-icmp", k8s);
    expect(neutron.decidedBy?.logicalFlows?.[0]?.nbRows[0]?.origin).toEqual({ system: "openstack", kind: "security_group_rule", name: "5b7b7ac4-9d0b-4c3e-8f51-2c9f3a1d0e42" });
  });

  it("dropped by port security, by a miss, by a loop, by a skipped output", () => {
    expect(explain("portsec-ip").decidedBy?.logicalFlows?.[0]?.stage).toBe("ls_in_apply_port_sec");
    const loop = explainTrace(parseTrace(CASES.find((c) => c.name === "c-resubmit-loop")?.answer ?? ""));
    expect(loop.drop).toEqual({ source: "translation-failed", text: "Translation failed (Recursion too deep): over max translation depth 64" });
    const skip = explainTrace(parseTrace(CASES.find((c) => c.name === "c-multipath")?.answer ?? ""));
    expect(skip.drop).toEqual({ source: "warning", text: "skipping output to input port" });
    const acl = explain("tunnel-in-est");
    expect(acl.drop?.source).toBe("no-output");
    expect(acl.drop?.text).toContain("/* drop */");
  });

  it("controller and recirculation verdicts", () => {
    const ttl = explainTrace(parseTrace(CASES.find((c) => c.name === "c-ttl1-controller")?.answer ?? ""));
    expect(ttl).toMatchObject({ verdict: "controller", controller: true, decidedBy: { table: 0, cookie: 0xc0an, action: { text: "dec_ttl(1,2)" } } });
    const nd = explain("nd-ns-router");
    expect(nd.verdict).toBe("controller");
    const hash = explain("svc-tcp-dp-hash");
    expect(hash).toMatchObject({ verdict: "recirculated", recirculations: [0x23], decidedBy: { table: 20, action: { text: "group:47" } } });
    expect(hash.notes[0]).toContain("does not follow recirculation 0x23");
  });

  it("without a pipeline, pairs datapath and OpenFlow outputs by order", () => {
    const c = CASES.find((x) => x.name === "pod-local-tcp");
    const e = explainTrace(parseTrace(c?.answer ?? ""), ovn);
    expect(e.outputs).toEqual([expect.objectContaining({ datapathPort: 2, bridge: "br-int", ofport: 11, name: "pod1", pairedBy: "order", logicalPort: "ns1_pod1-ovn-worker" })]);
    const flood = explainTrace(parseTrace(CASES.find((x) => x.name === "bcast-ip")?.answer ?? ""));
    expect(flood.outputs.every((o) => o.pairedBy === "order")).toBe(true);
  });

  it("formats an explanation", () => {
    const text = formatExplanation(explain("acl-drop", k8s));
    expect(text).toMatch(/^Verdict: dropped by br-int table 46 \(ls_out_acl: ACL to-lport 1000 "outport == @pg_pol1 && ip4" drop \[NetpolNamespace ns1\]\)/);
    expect(text).toContain("Decided at line ");
    expect(text).toContain("  NB ACL to-lport 1000");
    expect(text).toContain("    Kubernetes NetpolNamespace ns1");
    expect(text).toContain("Drop reason (drop-action): explicit drop action in br-int table 46");
    expect(text).toContain("Logical stages:");
    expect(formatExplanation(explain("pod-remote-tcp"))).toContain("Tunnel: 198.51.100.2 (chassis ovn-worker2, geneve, key 0x6) for logical port ns1_pod1-ovn-worker2 on ovn-worker2 through");
  });
});

describe("explainTrace on the live traces of test/fixtures/ovn", () => {
  const dir = join(__dirname, "fixtures", "ovn");
  let live: OvnContext;
  beforeAll(() => {
    const rd = (f: string) => readOvsdbFile(readFileSync(join(dir, f)));
    live = ovnContext({ sb: rd("ovnsb_db.db"), nb: rd("ovnnb_db.db"), ovs: rd("conf.db") });
  });
  const cases: readonly [string, string, (e: Explanation) => void][] = [
    ["pod-to-pod", "delivered", (e) => expect(e.outputs[0]).toMatchObject({ pairedBy: "order", logicalPort: "ns1_pod1-ovn-worker" })],
    ["pod-to-service-ct-next", "delivered", (e) => expect(e.stages.some((s) => s.stage === "ls_in_lb")).toBe(true)],
    ["arp-gateway", "delivered", (e) => expect(e.decidedBy?.table).toBe(65)],
    ["acl-drop", "dropped", (e) => expect(e.decidedBy?.logicalFlows?.[0]?.nbRows[0]?.table).toBe("ACL")],
    ["pod-to-remote", "tunneled", (e) => expect(e.tunnels[0]?.chassis?.name).toBe("ovn-worker2")],
    ["pod-to-external", "delivered", (e) => expect(e.outputs.length).toBe(2)],
  ];
  for (const [name, verdict, check] of cases) {
    it(`trace-${name}.txt: ${verdict}`, () => {
      const text = readFileSync(join(dir, `trace-${name}.txt`), "utf8");
      const e = explainTrace(parseTrace(text), live);
      expect(e.verdict).toBe(verdict);
      expect(e.verdict).toBe(textVerdict(text).verdict);
      check(e);
    });
  }
});
