/** Browser-safe offline pieces: dump-ports-desc, ovs-vsctl show, sos file names, cookie join, hot flows. */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { classifySosCommand, hotChanges, hotFlowChanges, parsePortsDesc, parseVsctlShow } from "../src/offline/index.js";
import { diffFlowFiles, isOfflineInputError, nodeOfFlowsFile, readFlowsDir } from "../src/node/offline/index.js";
import { parseFlows } from "../src/openflow/index.js";
import { parseLogicalFlows } from "../src/ovn/lflow.js";
import { diffFlows } from "../src/views/diff.js";
import { FIXTURES } from "./helpers/fixtures.js";

describe("parsePortsDesc", () => {
  it("ports with properties (OpenFlow 1.0 and 1.5 forms), bad lines as issues", () => {
    const text = [
      "OFPST_PORT_DESC reply (OF1.5) (xid=0x2):",
      " 1(ovn-ovn-wo-0): addr:aa:55:aa:55:00:10",
      "     config:     0",
      "     state:      LIVE",
      "     current:    10GB-FD COPPER",
      "     speed: 10000 Mbps now, 0 Mbps max",
      " LOCAL(br-int): addr:be:82:46:2a:e9:4c",
      "     config:     PORT_DOWN",
      "garbage",
    ].join("\n");
    const { ports, issues } = parsePortsDesc(text);
    expect(ports.map((p) => [p.port, p.name, p.addr, p.line])).toEqual([
      ["1", "ovn-ovn-wo-0", "aa:55:aa:55:00:10", 2],
      ["LOCAL", "br-int", "be:82:46:2a:e9:4c", 7],
    ]);
    expect({ ...ports[0]!.properties }).toEqual({ config: "0", state: "LIVE", current: "10GB-FD COPPER", speed: "10000 Mbps now, 0 Mbps max" });
    expect(ports[1]!.properties.config).toBe("PORT_DOWN");
    expect(issues.map((i) => [i.line, i.text])).toEqual([[9, "garbage"]]);
  });
});

describe("parseVsctlShow", () => {
  it("managers, controllers, bridges, ports, interfaces, version", () => {
    const text = [
      "0b6b4a4e-3a9a-4c53-9b2c-6a4cde2f8e11",
      '    Manager "ptcp:6640"',
      "        is_connected: true",
      "    Bridge br-int",
      '        Controller "ptcp:6653:127.0.0.1"',
      "            is_connected: true",
      "        fail_mode: secure",
      "        Port vlan10",
      "            tag: 10",
      "            Interface vlan10",
      "                type: internal",
      '    Bridge "br ex"',
      "        Port eth1",
      "            Interface eth1",
      '                error: "could not open network device eth1 (No such device)"',
      '    ovs_version: "3.1.0"',
    ].join("\n");
    const { show, issues } = parseVsctlShow(text);
    expect(issues).toEqual([]);
    expect(show.uuid).toBe("0b6b4a4e-3a9a-4c53-9b2c-6a4cde2f8e11");
    expect(show.managers).toEqual(["ptcp:6640"]);
    expect(show.ovsVersion).toBe("3.1.0");
    expect(show.bridges.map((b) => b.name)).toEqual(["br-int", "br ex"]);
    const brInt = show.bridges[0]!;
    expect(brInt.controllers).toEqual(["ptcp:6653:127.0.0.1"]);
    expect({ ...brInt.properties }).toEqual({ fail_mode: "secure" });
    expect(brInt.ports[0]!.properties.tag).toBe("10");
    expect(brInt.ports[0]!.interfaces[0]!.properties.type).toBe("internal");
    expect(show.bridges[1]!.ports[0]!.interfaces[0]!.properties.error).toContain("No such device");
  });

  it("reports lines it does not know", () => {
    expect(parseVsctlShow("    Port p0\n").issues).toHaveLength(1);
    expect(parseVsctlShow("    Bridge b\n        %%%\n").issues.map((i) => i.line)).toEqual([2]);
  });
});

describe("classifySosCommand", () => {
  it.each([
    ["ovs-ofctl_dump-flows_br-int", { kind: "openflow-flows", bridge: "br-int", protocol: undefined }],
    ["ovs-ofctl_-O_OpenFlow15_dump-flows_br-int", { kind: "openflow-flows", bridge: "br-int", protocol: "OpenFlow15" }],
    ["ovs-ofctl_-O_OpenFlow13_--names_dump-flows_br_ex", { kind: "openflow-flows", bridge: "br_ex", protocol: "OpenFlow13" }],
    ["ovs-ofctl_-O_OpenFlow13_dump-groups_br-int", { kind: "openflow-groups", bridge: "br-int", protocol: "OpenFlow13" }],
    ["ovs-ofctl_dump-ports-desc_br-int", { kind: "ports-desc", bridge: "br-int", protocol: undefined }],
    ["ovs-appctl_bridge.dump-flows_--offload-stats_br-int", { kind: "bridge-dump-flows", bridge: "br-int" }],
    ["ovs-appctl_dpctl.dump-flows_-m_system_ovs-system", { kind: "datapath-flows", datapath: "system_ovs-system", more: true }],
    ["ovs-appctl_dpctl.dump-flows", { kind: "datapath-flows", datapath: undefined, more: false }],
    ["ovs-appctl_dpif.dump-flows_-m_br-int", { kind: "dpif-flows", bridge: "br-int", more: true }],
    ["ovs-vsctl_-t_5_show", { kind: "vsctl-show" }],
    ["ovs-vsctl_list-br", { kind: "list-br" }],
    ["ovn-sbctl_lflow-list", { kind: "lflow-list", uuids: false }],
    ["ovn-sbctl_--uuid_lflow-list", { kind: "lflow-list", uuids: true }],
    ["ovs-ofctl_dump-group-stats_br-int", undefined],
    ["ovs-appctl_coverage.show", undefined],
    ["ovs-appctl_dpctl.show_-s_system_ovs-system", { kind: "dpctl-show", datapath: "system_ovs-system" }],
    ["ovs-appctl_dpctl.show", { kind: "dpctl-show", datapath: undefined }],
    ["ovs-appctl_ovs.route.show", { kind: "route-show" }],
    ["ovs-appctl_tnl.arp.show", { kind: "tnl-neighbors" }],
    ["ovs-appctl_tnl.neigh.show", { kind: "tnl-neighbors" }],
    ["ovs-appctl_tnl.ports.show_-v", undefined],
    ["ovs-ofctl_--sort=n_packets_dump-flows_br-int", { kind: "openflow-flows", bridge: "br-int", protocol: undefined }],
    ["ovn-sbctl_--no-leader-only_--uuid_lflow-list", { kind: "lflow-list", uuids: true }],
    ["ovs-ofctl_--names_dump-flows", undefined],
  ])("%s", (name, expected) => {
    expect(classifySosCommand(name)).toEqual(expected);
  });

  it("reads names with many options in one pass (0.1 backtracked exponentially: minutes for 24 options)", () => {
    // Issue 16, found by the fuzz suite: nested repetitions in the name patterns. Each of these
    // names took longer than the test timeout on 0.1; the answers are checked, not the time.
    expect(classifySosCommand(`ovs-ofctl_${"--x_".repeat(40)}dump-flows`)).toBeUndefined();
    expect(classifySosCommand(`ovs-ofctl_${"--opt=a_".repeat(40)}dump`)).toBeUndefined();
    expect(classifySosCommand(`ovn-sbctl_${"--opt=a_".repeat(40)}lflow`)).toBeUndefined();
    expect(classifySosCommand(`ovs-ofctl_-O_OpenFlow15_${"--names_".repeat(40)}dump-groups_br-ex`)).toEqual({ kind: "openflow-groups", bridge: "br-ex", protocol: "OpenFlow15" });
    expect(classifySosCommand(`ovn-sbctl_${"--x=1_".repeat(40)}--uuid_lflow-list`)).toEqual({ kind: "lflow-list", uuids: true });
  });
});

describe("cookie join and hot flows", () => {
  it("hotFlowChanges: largest positive packet deltas first", () => {
    const before = parseFlows(" table=0, n_packets=10, n_bytes=1000, priority=1,ip actions=drop\n table=0, n_packets=5, n_bytes=50, priority=2,arp actions=drop\n table=0, n_packets=9, n_bytes=90, priority=3,tcp actions=drop\n");
    const after = parseFlows(" table=0, n_packets=11, n_bytes=1100, priority=1,ip actions=drop\n table=0, n_packets=500, n_bytes=5000, priority=2,arp actions=drop\n table=0, n_packets=1, n_bytes=10, priority=3,tcp actions=drop\n");
    const hot = hotFlowChanges(diffFlows(before, after));
    expect(hot.map((c) => [c.key, c.packetsDelta])).toEqual([
      ["table=0 priority=2 arp", 495n],
      ["table=0 priority=1 ip", 1n],
    ]);
    expect(hotFlowChanges(diffFlows(before, after), 1)).toHaveLength(1);
    expect(hotFlowChanges(diffFlows(before, after), { limit: 1 })).toEqual(hotFlowChanges(diffFlows(before, after), 1));
    expect(hotChanges).toBe(hotFlowChanges);
  });
});

describe("flows directories", () => {
  it("node names, errors, and file diffs", async () => {
    expect(nodeOfFlowsFile("/x/worker-1.flows")).toBe("worker-1");
    expect(nodeOfFlowsFile("worker-1.flows.gz")).toBe("worker-1");
    expect(nodeOfFlowsFile(".worker-1.flows.1.ab.tmp")).toBeUndefined();
    expect(nodeOfFlowsFile("notes.txt")).toBeUndefined();
    const dir = mkdtempSync(join(tmpdir(), "ovskit-fd-"));
    try {
      const e = await readFlowsDir(dir).catch((x: unknown) => x);
      expect(isOfflineInputError(e) && e.problem).toBe("not-a-collection");
      const e2 = await readFlowsDir(join(dir, "nope")).catch((x: unknown) => x);
      expect(isOfflineInputError(e2) && e2.problem).toBe("not-found");
      writeFileSync(join(dir, "a.flows"), " table=0, n_packets=1, n_bytes=10, priority=1 actions=drop\n table=0, n_packets=1, n_bytes=10, priority=2 actions=drop\n");
      writeFileSync(join(dir, "b.flows"), " table=0, n_packets=7, n_bytes=70, priority=1 actions=drop\n table=0, n_packets=0, n_bytes=0, priority=3 actions=NORMAL\n");
      const d = await diffFlowFiles(join(dir, "a.flows"), join(dir, "b.flows"));
      expect([d.added.length, d.removed.length, d.changed.length, d.unchanged]).toEqual([1, 1, 1, 0]);
      expect(d.changed[0]!.packetsDelta).toBe(6n);
      const set = await readFlowsDir(dir);
      expect(set.flowSet.flows.map((f) => `${f.source}:${f.flow.priority}`)).toEqual(["a:1", "a:2", "b:1", "b:3"]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    expect(FIXTURES).toBeTruthy();
  });
});
