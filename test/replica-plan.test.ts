/**
 * The pure parts of the local replica, on committed captures of the real tools: turning dumps into
 * ovs-ofctl input, TLV maps and meters, the ports flows name, converting a conf.db for the dummy
 * datapath, building bridges from a sos report, and normalizing traces for comparison. (The
 * replica itself is tested against real daemons in test/integration/replica*.test.ts.)
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { errorRecord, isOvskitError, parseFlowDump } from "../src/index.js";
import { ReplicaError, isReplicaError, readOvsSave, readSosReport } from "../src/node/index.js";
import { convertConfDb, createBridgesArgs, parseVsctlJson, replicaDatapathType, replicaIfaceType } from "../src/node/replica/conf-db.js";
import { inferTlvMap, parseMeterDump, parseTlvText, protocolOfDump, referencedMeters, referencedPorts, restorableFlows, restorableGroups } from "../src/node/replica/dump-text.js";
import { readDpifShow } from "../src/node/replica/inspect.js";
import { datapathPortNames, nameDatapathPorts, normalizeTrace } from "../src/node/replica/normalize.js";
import { planReplica } from "../src/node/replica/source.js";

const FIX = join(import.meta.dirname, "fixtures");
const read = (p: string) => readFileSync(join(FIX, p), "utf8");

describe("dumps as ovs-ofctl input (ovs-save's rewrites)", () => {
  it("drops reply headers, blank lines and ages; keeps every flow", () => {
    const text = read("replica/br-int.flows");
    const r = restorableFlows(text);
    expect(r.count).toBe(parseFlowDump(text).flows.length);
    expect(r.text).not.toMatch(/OFPST_FLOW|idle_age=|hard_age=/);
    expect(r.text.split("\n")[0]).toMatch(/^ cookie=0x[0-9a-f]+, duration=[\d.]+s, table=0, n_packets=\d+, n_bytes=\d+, priority=/);
  });

  it("rewrites igmp as ovs-save does, in the match only; clears timeouts on request", () => {
    const r = restorableFlows(" cookie=0x1, idle_timeout=60, hard_timeout=5, priority=5,igmp,igmp_type=17 actions=note:69.67.6d.70\n", { clearTimeouts: true });
    expect(r.text).toBe(" cookie=0x1, priority=5,ip,nw_proto=2,tp_src=17 actions=note:69.67.6d.70\n");
    expect(restorableFlows(" idle_timeout=60, priority=5 actions=drop\n").text).toBe(" idle_timeout=60, priority=5 actions=drop\n");
  });

  it("groups: headers dropped", () => {
    const r = restorableGroups(read("replica/br-int.groups"));
    expect(r.count).toBeGreaterThan(3);
    expect(r.text).not.toMatch(/GROUP_DESC/);
  });

  it("the OpenFlow version of a dump from its header", () => {
    expect(protocolOfDump(read("replica/br-int.flows"))).toBe("OpenFlow15");
    expect(protocolOfDump("NXST_FLOW reply (xid=0x4):\n priority=0 actions=drop\n")).toBe("OpenFlow10");
    expect(protocolOfDump(read("ovs-save/br-a.flows.dump"))).toBeUndefined();
  });
});

describe("TLV maps, meters and the ports flows name", () => {
  it("reads dump-tlv-map output and the add-tlv-map form alike", () => {
    expect(parseTlvText(read("replica/br-int.tlv"))).toEqual([{ optClass: 0x102, type: 0x80, len: 4, field: "tun_metadata0" }]);
    expect(parseTlvText(read("replica/br-a.tlv"))).toEqual(parseTlvText("{class=0xffff,type=0,len=4}->tun_metadata0,{class=0xffff,type=0x1,len=8}->tun_metadata1"));
    expect(parseTlvText(read("replica/br-b.tlv"))).toEqual([]);
  });

  it("infers OVN's mapping for an OVN br-int, a wide enough one otherwise", () => {
    expect(inferTlvMap(read("replica/br-int.flows"), { ovn: true })).toEqual([{ optClass: 0x102, type: 0x80, len: 4, field: "tun_metadata0" }]);
    expect(inferTlvMap(" priority=1,tun_metadata3=0x1 actions=move:NXM_NX_TUN_METADATA3[0..63]->NXM_NX_XXREG0[0..63]", { ovn: true })).toEqual([
      { optClass: 0xffff, type: 3, len: 8, field: "tun_metadata3" },
    ]);
    expect(inferTlvMap(read("replica/br-b.flows"), { ovn: false })).toEqual([]);
  });

  it("meters: dump-meters output becomes add-meter arguments; meter:N references", () => {
    expect(parseMeterDump(read("replica/br-a.meters"))).toEqual(["meter=1 pktps bands=type=drop rate=1000"]);
    expect(parseMeterDump("OFPST_METER_CONFIG reply (OF1.3) (xid=0x2):\nmeter=3 pktps stats bands=\ntype=drop rate=10\ntype=drop rate=100\n")).toEqual(["meter=3 pktps stats bands=type=drop rate=10 type=drop rate=100"]);
    expect(referencedMeters(read("replica/br-a.flows"))).toEqual([1]);
  });

  it("the OpenFlow ports of flows and groups", () => {
    expect(referencedPorts(read("ovs-save/br-a.flows.dump") + read("ovs-save/br-a.groups.dump"))).toEqual([2, 3, 10]);
    expect(referencedPorts(" priority=1,in_port=LOCAL actions=bundle(eth_src,0,hrw,ofport,members:4,5),enqueue:6:1,output(port=7,max_len=100),resubmit(8,2),output:NXM_NX_REG0[]")).toEqual([4, 5, 6, 7, 8]);
  });
});

describe("a collected conf.db on the dummy datapath", () => {
  it("which interface and datapath types are converted", () => {
    expect(["dpdk", "dpdkvhostuserclient", "afxdp", "vhostuser", "whatever"].map((t) => replicaIfaceType(t, "override"))).toEqual(["dummy", "dummy", "dummy", "dummy", "dummy"]);
    expect(["", "system", "internal", "tap", "patch", "geneve", "vxlan", "gre", "dummy"].map((t) => replicaIfaceType(t, "override"))).toEqual(Array(9).fill(undefined));
    expect(["", "system", "tap", "dpdk"].map((t) => replicaIfaceType(t, "plain"))).toEqual(["dummy", "dummy", "dummy", "dummy"]);
    expect(["internal", "patch", "geneve", "dummy-pmd"].map((t) => replicaIfaceType(t, "plain"))).toEqual(Array(4).fill(undefined));
    expect([replicaDatapathType("", "override"), replicaDatapathType("system", "override"), replicaDatapathType("netdev", "plain"), replicaDatapathType("dummy", "plain")]).toEqual([undefined, undefined, "dummy", undefined]);
  });

  it("the ovs-vsctl commands and the changes they make", () => {
    const tables = {
      openVswitch: parseVsctlJson('{"data":[[["map",[["dpdk-init","true"],["max-idle","1000"]]],["set",[]]]],"headings":["other_config","manager_options"]}'),
      bridges: parseVsctlJson(
        '{"data":[["br-int","system",["set",[]],["set",[]],["set",[]],["set",[]],["set",[]]],["br-ex","netdev","OpenFlow13",["uuid","a8b1c2d3-0000-4000-8000-000000000001"],["set",[]],["uuid","a8b1c2d3-0000-4000-8000-000000000002"],["set",[]]]],"headings":["name","datapath_type","protocols","controller","netflow","sflow","ipfix"]}',
      ),
      interfaces: parseVsctlJson('{"data":[["dpdk0","dpdk",3,["set",[]]],["pod1","",11,11],["eth0","",1,["set",[]]],["br-int","internal",65534,["set",[]]],["gone","dpdk",-1,["set",[]]]],"headings":["name","type","ofport","ofport_request"]}'),
    };
    const { args, changes } = convertConfDb(tables, "override");
    expect(args.join(" ")).toBe(
      [
        "-- remove Open_vSwitch . other_config dpdk-init",
        "-- set Bridge br-int protocols=OpenFlow10,OpenFlow11,OpenFlow12,OpenFlow13,OpenFlow14,OpenFlow15",
        "-- set Bridge br-ex protocols=OpenFlow10,OpenFlow11,OpenFlow12,OpenFlow13,OpenFlow14,OpenFlow15",
        "-- clear Bridge br-ex controller",
        "-- clear Bridge br-ex sflow",
        "-- set Interface dpdk0 type=dummy",
        "-- set Interface dpdk0 ofport_request=3",
        "-- set Interface eth0 ofport_request=1",
        "-- set Interface gone type=dummy",
      ].join(" "),
    );
    expect(changes.map((c) => `${c.kind}: ${c.subject}`)).toEqual([
      "open-vswitch: Open_vSwitch",
      "bridge: Bridge br-int",
      "bridge: Bridge br-ex",
      "bridge: Bridge br-ex",
      "bridge: Bridge br-ex",
      "interface-type: Interface dpdk0",
      "interface-type: Interface gone",
      "ofport-request: Interface",
    ]);
    expect(convertConfDb(tables, "plain").args).toContain("datapath_type=dummy");
  });
});

describe("bridges and ports from a sos report without conf.db", () => {
  it("ovs-vsctl show + dump-ports-desc: every port, its type and options, its OpenFlow number", async () => {
    const report = await readSosReport(join(FIX, "sos", "sosreport-ovskit-fixture.tar.xz"));
    const plan = await planReplica(report, { clearTimeouts: false });
    expect(plan.origin).toBe("sos");
    expect(plan.conf).toBeUndefined();
    expect([plan.nb?.kind, plan.sb?.kind]).toEqual(["tar", "tar"]);
    const int = plan.bridges.find((b) => b.name === "br-int")!;
    expect(int.ports.map((p) => `${p.name}:${p.interfaces.map((i) => `${i.type}:${i.ofport}:${i.columns.join(" ")}`).join()}`)).toEqual([
      "pod1:dummy:11:",
      "k8s-ovn-worker:dummy:2:",
      "ovn-ovn-wo-0:geneve:1:options={csum=\"true\", key=flow, remote_ip=\"127.0.0.2\"}",
      "pod2:dummy:12:",
    ]);
    expect(int.bridgeColumns).toEqual(["fail_mode=secure", "datapath_type=dummy"]);
    expect(int.flows?.protocol).toBe("OpenFlow15");
    expect(int.tlv).toEqual([{ optClass: 0x102, type: 0x80, len: 4, field: "tun_metadata0" }]);
    const { args } = createBridgesArgs([int], "override");
    expect(args.slice(0, 12)).toEqual(["--", "add-br", "br-int", "--", "set", "Bridge", "br-int", "datapath_type=dummy", "protocols=OpenFlow10,OpenFlow11,OpenFlow12,OpenFlow13,OpenFlow14,OpenFlow15", "fail_mode=secure", "--", "--id=@i0"]);
    expect(args).toContain('name="ovn-ovn-wo-0"');
    expect(args).toContain("ofport_request=1");
  });

  it("an ovs-save directory: the script's versions and TLV maps, ports from the flows, placeholder meters said", async () => {
    const plan = await planReplica(await readOvsSave(join(FIX, "ovs-save")), { clearTimeouts: false });
    expect(plan.bridges.map((b) => [b.name, b.flows?.protocol, b.flows?.count, b.groups?.count, b.tlv?.length, b.ports.map((p) => p.interfaces[0]!.ofport)])).toEqual([
      ["br-a", "OpenFlow15", 15, 3, 2, [2, 3, 10]],
      ["br-b", "OpenFlow13", 8, 0, 0, [1, 10]],
    ]);
    const files = await planReplica({ bridges: { "br-a": { flows: join(FIX, "replica", "br-a.flows") } } }, { clearTimeouts: false });
    expect(files.bridges[0]!.meters).toEqual(["meter=1 pktps bands=type=drop rate=4294967295"]);
    expect(files.changes.map((c) => c.kind)).toEqual(["tlv-inferred", "meter-created"]); // br-a's flows match tun_metadata1
    expect(files.bridges[0]!.tlv).toEqual([{ optClass: 0xffff, type: 1, len: 4, field: "tun_metadata1" }]);
  });

  it("nothing to build from is a bad-source error", async () => {
    await expect(planReplica({}, { clearTimeouts: false })).rejects.toThrow(/nothing to replicate/);
  });
});

describe("trace answers made comparable", () => {
  const dpif = read("replica/dpif-show.txt");

  it("dpif/show: datapath port numbers by bridge and port", () => {
    const d = readDpifShow(dpif);
    expect(d["br-int"]!["pod1"]).toEqual({ ofport: 11, odpPort: 3, type: "dummy" });
    expect(d["br-a"]!["a-to-b"]).toEqual({ ofport: 10, odpPort: -1, type: "patch" });
    expect(datapathPortNames(dpif)["3"]).toBe("pod1");
  });

  it("names datapath ports (also in clone), sorts runs of plain outputs, renumbers recirculation ids", () => {
    const names = datapathPortNames(dpif);
    expect(nameDatapathPorts("set(eth(dst=00:00:00:00:00:99)),7,clone(ct(zone=1),9),13,11", names)).toBe("set(eth(dst=00:00:00:00:00:99)),<a3>,clone(ct(zone=1),<a2>),<b1>,<b2>");
    const t = read("replica/traces/pod-to-external.trace");
    const n = normalizeTrace(t, names);
    expect(n).toMatch(/recirc\(#1\)/);
    expect(n).toMatch(/controller\(reason=1,dont_send=1,continuation=0,recirc_id=#\d/);
    expect(n).not.toMatch(/recirc\(0x/);
    expect(normalizeTrace(read("replica/traces/group-all.trace"), names)).toMatch(/^Datapath actions: <a2>,<a3>,<b1>,<b2>,<br-b>,<eth9>$/m);
  });
});

describe("ReplicaError", () => {
  it("is an OvskitError with a problem code, recognized across realms, plain as a record", () => {
    const e = new ReplicaError("missing-binary", "ovs-vswitchd not found: install openvswitch-switch", { detail: "stderr" });
    expect([isOvskitError(e), isReplicaError(e), e.code, e.problem, e.detail, e.name]).toEqual([true, true, "missing-binary", "missing-binary", "stderr", "ReplicaError"]);
    const copy = Object.assign(Object.create(null), e, { [Symbol.for("ovskit.ReplicaError")]: true });
    expect(isReplicaError(copy)).toBe(true);
    expect(isReplicaError(new Error("x"))).toBe(false);
    expect(errorRecord(e)).toEqual({ code: "missing-binary", message: "ovs-vswitchd not found: install openvswitch-switch" });
  });
});
