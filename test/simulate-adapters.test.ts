/**
 * The adapters from what users have to a pipeline, checked against the real ofproto/trace
 * answers of test/fixtures/sim where the source holds the same state: the ovs-save fixture
 * (br-a / br-b saved from the same flow sets), the files a sos report has (OpenFlow 1.5 dumps,
 * ports-desc, `ovs-vsctl show`, `dpctl/show`, conf.db) taken from the sim snapshot, conf.db's
 * interfaces, a flows directory; and the real sos report fixture (its structure: it has no
 * traces).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createPipeline, interfacesFromVswitch, parseDpctlShow, parseDpifShow, parseFlows, parseGroups, parsePortsDesc, parseTrace, parseVsctlShow, pipelineInputFromFlowsDir, pipelineInputFromOvsSave, pipelineInputFromSos, pipelineInputFromTexts, type Pipeline, readOvsdbFile, simulateTrace, simulateTraceText, traceSteps, vswitchView, withDatapathPorts } from "../src/index.js";
import { readOvsSave, readSosReport } from "../src/node/index.js";
import { FIXTURES } from "./helpers/fixtures.js";
import { hasFloodOrder, sectionViews } from "./helpers/sim-compare.js";
import { readSimCases, SIM_FIXTURE, type SimCase, simSnapshotFile } from "./helpers/sim-snapshot.js";

const CASES = readSimCases().filter((c) => c.category !== "bad-request");
const snap = simSnapshotFile;
const dpif = (): string => snap("dpif-show.txt");

/** The cases on which `pipeline` gives the real answer (same steps, final flows, datapath actions). */
function agreeing(pipeline: Pipeline, cases: readonly SimCase[]): string[] {
  return cases
    .filter((c) => {
      const sim = simulateTrace(pipeline, c.packet, { bridge: c.bridge, ctNext: c.ctNext });
      const flood = hasFloodOrder(sim);
      return JSON.stringify(sectionViews(sim, flood)) === JSON.stringify(sectionViews(parseTrace(c.answer), flood));
    })
    .map((c) => c.name);
}

describe("pipelineInputFromOvsSave", () => {
  it("the ovs-save fixture (br-a, br-b) with the snapshot's dpif/show ports answers every br-a / br-b case as OVS did", async () => {
    const save = await readOvsSave(join(FIXTURES, "ovs-save"));
    const dp = parseDpctlShow(snap("dpctl-show.txt"))[0];
    const { datapaths } = parseDpifShow(dpif());
    const input = pipelineInputFromOvsSave(save, { ports: datapaths[0]?.bridges, datapathType: dp?.type });
    expect(Object.keys(input.bridges).sort()).toEqual(["br-a", "br-b"]);
    expect(input.bridges["br-a"]?.tlvMap?.map((t) => t.field)).toEqual(["tun_metadata0", "tun_metadata1"]);
    const pipeline = createPipeline(input);
    expect(pipeline.issues).toEqual([]);
    const cases = CASES.filter((c) => c.bridge === "br-a" || c.bridge === "br-b");
    expect(cases.length).toBeGreaterThanOrEqual(15);
    expect(agreeing(pipeline, cases)).toEqual(cases.map((c) => c.name));
  });
});

describe("pipelineInputFromSos (the files of a sos report, from the sim snapshot)", () => {
  // What readSosReport gives for these files: OpenFlow 1.5 dumps, ports-desc, ovs-vsctl show.
  const vsctl = parseVsctlShow(snap("vsctl-show.txt")).show;
  const names = snap("bridges.txt").split("\n").filter((s) => s !== "");
  const report = {
    bridges: names.map((name) => ({
      name,
      flows: [{ protocol: "OpenFlow15", flows: parseFlows(snap(`${name}.flows`)) }],
      groups: [{ protocol: "OpenFlow15", groups: parseGroups(snap(`${name}.groups`)) }],
      portsDesc: [{ protocol: "OpenFlow15", ports: parsePortsDesc(snap(`${name}.show`)).ports }],
      vsctl: vsctl.bridges.find((b) => b.name === name),
    })),
  };
  const vswitch = vswitchView(readOvsdbFile(readFileSync(join(SIM_FIXTURE, "snapshot", "conf.db"))));

  it("finds the same ports as dpif/show: numbers, datapath numbers, types, tunnel and patch options", () => {
    const input = pipelineInputFromSos(report, { vswitch, dpctlShow: snap("dpctl-show.txt"), routes: snap("route.txt"), neighbors: snap("neigh.txt") });
    const fromSos = createPipeline(input);
    const fromDpif = createPipeline(pipelineInputFromTexts({ bridges: Object.fromEntries(names.map((n) => [n, { flows: "" }])), dpifShow: dpif() }));
    // dpif/show prints the netdev type (`dummy-internal`), conf.db the interface type (`internal`).
    const type = (t: string): string => (t === "" ? "system" : t.replace(/^dummy-/, ""));
    const view = (p: Pipeline, name: string) =>
      [...(p.bridges.get(name)?.ports.values() ?? [])]
        .map((x) => ({ name: x.name, ofport: x.ofport, odpPort: x.odpPort, type: type(x.type), peer: x.peer, remote: x.options.remote_ip, key: x.options.key }))
        .sort((a, b) => a.ofport - b.ofport);
    for (const name of names) {
      expect(view(fromSos, name)).toEqual(view(fromDpif, name));
      expect(fromSos.bridges.get(name)?.datapathType).toBe("dummy");
    }
  });

  it("answers every case as OVS did", () => {
    const pipeline = createPipeline(pipelineInputFromSos(report, { vswitch, dpctlShow: snap("dpctl-show.txt"), routes: snap("route.txt"), neighbors: snap("neigh.txt") }));
    expect(agreeing(pipeline, CASES)).toEqual(CASES.map((c) => c.name));
  });

  it("without dpctl/show, prints OpenFlow port numbers and says so", () => {
    const pipeline = createPipeline(pipelineInputFromSos(report, { vswitch }));
    const c = CASES.find((x) => x.name === "c-indirect") as SimCase;
    const t = simulateTrace(pipeline, c.packet, { bridge: c.bridge });
    // OVS printed datapath port 25 (c2); without dpctl/show only OpenFlow port 2 is known.
    expect(parseTrace(c.answer).sections[0]?.datapathActionsText).toBe("25");
    expect(t.sections[0]?.datapathActionsText).toBe("2");
    expect(t.simulation.caveats.map((x) => x.code)).toContain("no-odp-port");
  });
});

describe("interfacesFromVswitch", () => {
  it("reads conf.db's interfaces: OpenFlow ports, types, tunnel options, patch peers", () => {
    const ifaces = interfacesFromVswitch(vswitchView(readOvsdbFile(readFileSync(join(SIM_FIXTURE, "snapshot", "conf.db")))));
    const tun = ifaces.find((i) => i.name === "ovn-ovn-wo-0");
    expect(tun).toMatchObject({ bridge: "br-int", type: "geneve", options: { csum: "true", key: "flow", remote_ip: "198.51.100.3" } });
    expect(ifaces.find((i) => i.name === "patch-br-int-to-breth0_ovn-worker")?.options).toEqual({ peer: "patch-breth0_ovn-worker-to-br-int" });
    expect(ifaces.find((i) => i.name === "c2")).toMatchObject({ bridge: "br-c", ofport: 2, type: "dummy" });
  });

  it("completes ports that only ovs-ofctl show gives (numbers, names): the br-c cases agree with dpctl/show numbers", () => {
    const vswitch = vswitchView(readOvsdbFile(readFileSync(join(SIM_FIXTURE, "snapshot", "conf.db"))));
    const dp = parseDpctlShow(snap("dpctl-show.txt"))[0];
    const ports = withDatapathPorts(
      parsePortsDesc(snap("br-c.show")).ports.map((p) => ({ name: p.name, ofport: p.port === "LOCAL" ? 65534 : Number(p.port), ...(p.properties.config?.includes("PORT_DOWN") ? { down: true } : {}) })),
      dp,
    );
    const pipeline = createPipeline({ bridges: { "br-c": { flows: parseFlows(snap("br-c.flows")), groups: parseGroups(snap("br-c.groups")), ports, datapathType: "dummy" } }, interfaces: interfacesFromVswitch(vswitch) });
    const cases = CASES.filter((c) => c.bridge === "br-c");
    expect(agreeing(pipeline, cases)).toEqual(cases.map((c) => c.name));
  });
});

describe("pipelineInputFromTexts", () => {
  it("reports the dump lines it cannot read", () => {
    const p = createPipeline(pipelineInputFromTexts({ bridges: { "br-x": { flows: " priority=1 actions=drop\n this is not a flow\n" } } }));
    expect(p.issues.map((i) => [i.code, i.bridge, i.line])).toEqual([
      ["bad-dump", "br-x", 2],
      ["no-ports", "br-x", undefined],
    ]);
    expect(p.bridges.get("br-x")?.flowCount).toBe(1);
  });
});

describe("pipelineInputFromFlowsDir", () => {
  it("one node's flows become its br-int; an unknown node gives undefined", () => {
    const dir = { nodes: [{ node: "ovn-worker", flows: parseFlows(snap("br-int.flows")) }] };
    expect(pipelineInputFromFlowsDir(dir, { node: "nope" })).toBeUndefined();
    const input = pipelineInputFromFlowsDir(dir, { node: "ovn-worker", ports: parseDpifShow(dpif()).datapaths[0]?.bridges["br-int"] ?? [] });
    const c = CASES.find((x) => x.name === "pod-local-tcp") as SimCase;
    const sim = simulateTraceText(createPipeline(input!), c.packet, { bridge: "br-int" });
    expect(sim.split("\n").filter((l) => /^ *\d+\. /.test(l)).length).toBe(traceSteps(parseTrace(c.answer)).length);
  });
});

describe("pipelineInputFromSos (the real sos report fixture)", () => {
  it("builds br-int and br-ex from the OpenFlow 1.5 dumps and vsctl show; the ARP responder answers", async () => {
    const report = await readSosReport(join(FIXTURES, "sos", "sosreport-ovskit-fixture.tar.xz"));
    // The report has no conf.db (its ovs-vsctl show gives the interface types and options).
    expect(report.databases.filter((d) => d.kind === "ovs")).toEqual([]);
    const pipeline = createPipeline(pipelineInputFromSos(report));
    // A sos report has no TLV map: OVN's is assumed, and the pipeline says so.
    expect(pipeline.issues.map((i) => [i.code, i.bridge])).toEqual([["tlv-assumed", "br-int"]]);
    const brInt = pipeline.bridges.get("br-int");
    expect(brInt?.flowCount).toBe(report.bridges.find((b) => b.name === "br-int")?.flows.find((f) => f.protocol === "OpenFlow15")?.flows.length);
    expect(brInt?.datapathType).toBe("dummy");
    const tun = [...(brInt?.ports.values() ?? [])].find((p) => p.type === "geneve");
    expect(tun?.options).toEqual({ csum: "true", key: "flow", remote_ip: "127.0.0.2" });
    // pod1 asks for pod2's MAC: OVN's ARP responder answers out of the input port.
    const t = simulateTrace(pipeline, "in_port=pod1,arp,dl_src=0a:58:0a:f4:01:03,dl_dst=ff:ff:ff:ff:ff:ff,arp_op=1,arp_spa=10.244.1.3,arp_tpa=10.244.1.4,arp_sha=0a:58:0a:f4:01:03", { bridge: "br-int" });
    // Out of datapath port 4 (pod1 in the report's dpctl/show; OpenFlow port 11), as OVS prints it.
    expect(t.sections[0]?.datapathActionsText).toBe("set(eth(src=0a:58:0a:f4:01:04,dst=0a:58:0a:f4:01:03)),set(arp(sip=10.244.1.4,tip=10.244.1.3,op=2,sha=0a:58:0a:f4:01:04,tha=0a:58:0a:f4:01:03)),4");
    expect(t.simulation.caveats.map((c) => c.code)).not.toContain("no-odp-port");
  });
});
