/**
 * readSosReport / readOvsSave on committed REAL collections: a sos report made by sos 4.0 on a
 * running OVS 3.1 + OVN 23.03 node (fixtures-gen/sos/generate.sh), and the files of the real
 * ovs-save script (fixtures-gen/sos/ovs-save.sh).
 */
import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isOfflineInputError, readOvsSave, readSosReport, type SosReport } from "../src/node/offline/index.js";
import { parseOvsSaveScript } from "../src/offline/index.js";
import { createPipeline, pipelineInputFromSos, readOvsdbFile, simulateTrace, vswitchView } from "../src/index.js";
import { FIXTURES } from "./helpers/fixtures.js";

const TARBALL = join(FIXTURES, "sos", "sosreport-ovskit-fixture.tar.xz");
const TMP = mkdtempSync(join(tmpdir(), "ovskit-sos-unit-"));
let fromTar: SosReport;
let fromDir: SosReport;
let top: string;

beforeAll(async () => {
  fromTar = await readSosReport(TARBALL);
  execFileSync("tar", ["-xJf", TARBALL, "-C", TMP]);
  top = join(TMP, "sosreport-ovskit-fixture");
  fromDir = await readSosReport(TMP); // the directory that holds the report also works
});
afterAll(() => rmSync(TMP, { recursive: true, force: true }));

const lines = (rel: string, re: RegExp) => readFileSync(join(top, rel), "utf8").split("\n").filter((l) => re.test(l)).length;

describe("readSosReport on a real sos report", () => {
  it("reads the tarball and the directory alike, with zero issues and nothing failed", () => {
    expect(fromTar.name).toBe("sosreport-ovskit-fixture");
    expect(fromTar.issueCount).toBe(0);
    expect(fromTar.failed).toEqual([]);
    const shape = (r: SosReport) => JSON.stringify({ b: r.bridges.map((b) => [b.name, b.flows.map((f) => [f.file, f.flows.length])]), d: r.datapath.map((d) => d.flows.length), m: r.missing });
    expect(shape(fromDir)).toBe(shape(fromTar));
  });

  it("keeps dpctl/show and the tunnel underlay as text, byte for byte, from the tarball as from the directory", () => {
    const sosDir = "sos_commands/openvswitch";
    expect(fromTar.texts.map((t) => [t.kind, t.file, t.datapath])).toEqual([
      ["dpctl-show", `${sosDir}/ovs-appctl_dpctl.show_-s_dummy_ovs-dummy`, "dummy@ovs-dummy"],
      ["route-show", `${sosDir}/ovs-appctl_ovs.route.show`, undefined],
      ["tnl-neighbors", `${sosDir}/ovs-appctl_tnl.arp.show`, undefined],
    ]);
    for (const t of fromTar.texts) expect(t.text).toBe(readFileSync(join(top, t.file), "utf8"));
    expect(fromDir.texts).toEqual(fromTar.texts);
  });

  it("pipelineInputFromSos(report) alone (a tarball, extracted only while read) uses the report's dpctl/show, underlay and conf.db", () => {
    const text = (k: string) => fromTar.texts.find((t) => t.kind === k)!.text;
    const explicit = pipelineInputFromSos(fromTar, { dpctlShow: text("dpctl-show"), routes: text("route-show"), neighbors: text("tnl-neighbors") });
    const byDefault = pipelineInputFromSos(fromTar);
    expect(byDefault).toEqual(explicit);
    // Without the report's files: no datapath port numbers, no underlay.
    const bare = pipelineInputFromSos({ bridges: fromTar.bridges });
    const odp = (input: typeof byDefault) => (input.bridges["br-int"]?.ports ?? []).filter((p) => p.odpPort !== undefined).length;
    expect(odp(byDefault)).toBeGreaterThan(3);
    expect(odp(bare)).toBe(0);
    // The sandbox's route and ARP tables were empty when sos ran (the files hold only headers).
    expect(byDefault.underlay).toEqual({ routes: [], neighbors: [] });
    expect(bare.underlay).toBeUndefined();
    // The simulated datapath actions name datapath ports only with dpctl/show.
    const packet = "in_port=pod1,arp,dl_src=0a:58:0a:f4:01:03,dl_dst=ff:ff:ff:ff:ff:ff,arp_op=1,arp_spa=10.244.1.3,arp_tpa=10.244.1.4,arp_sha=0a:58:0a:f4:01:03";
    const caveats = (input: typeof byDefault) => simulateTrace(createPipeline(input), packet, { bridge: "br-int" }).simulation.caveats.map((c) => c.code);
    expect(caveats(bare)).toContain("no-odp-port");
    expect(caveats(byDefault)).not.toContain("no-odp-port");
    // This sos version collects no conf.db; a report that has one gives its interfaces by default.
    expect(fromTar.missing.map((m) => m.item)).toContain("ovs-database");
    const database = readOvsdbFile(readFileSync(join(FIXTURES, "sim", "snapshot", "conf.db")));
    const withConf = { ...fromTar, databases: [...fromTar.databases, { file: "etc/openvswitch/conf.db", kind: "ovs" as const, database }] };
    expect(pipelineInputFromSos(withConf).interfaces).toEqual(pipelineInputFromSos(fromTar, { vswitch: vswitchView(database) }).interfaces);
    expect(pipelineInputFromSos(withConf).interfaces?.length).toBeGreaterThan(3);
    expect(byDefault.interfaces).toBeUndefined();
  });

  it("every dump-flows variant of every bridge, each parsed completely, with its file", () => {
    const brInt = fromTar.bridges.find((b) => b.name === "br-int")!;
    expect(brInt.flows.map((f) => `${f.plugin}/${f.protocol ?? "default"}`).sort()).toEqual([
      "openvswitch/OpenFlow10",
      "openvswitch/OpenFlow13",
      "openvswitch/OpenFlow15",
      "openvswitch/default",
      "ovn_host/OpenFlow13",
    ]);
    for (const d of brInt.flows) {
      expect(d.issues).toEqual([]);
      expect(d.flows.length).toBe(lines(d.file, / actions=/));
    }
    expect(new Set(brInt.flows.map((d) => d.flows.length)).size).toBe(1);
    expect(brInt.flows[0]!.flows.length).toBeGreaterThan(500);
    const brEx = fromTar.bridges.find((b) => b.name === "br-ex")!;
    expect(brEx.flows.map((f) => f.protocol ?? "default").sort()).toEqual(["OpenFlow10", "OpenFlow13", "default"]);
    const hot = brEx.flows[0]!.flows.find((f) => f.actions.some((a) => a.kind === "group"));
    expect(hot?.nPackets).toBe(3n); // the 3 packets the generator injected on eth1
  });

  it("groups, ports from dump-ports-desc and ovs-vsctl show agree", () => {
    for (const b of fromTar.bridges) {
      for (const g of b.groups) {
        expect(g.issues).toEqual([]);
        expect(g.groups.length).toBe(lines(g.file, /group_id=/));
      }
      const vsctlPorts = b.vsctl!.ports.map((p) => p.name).sort();
      for (const pd of b.portsDesc) {
        expect(pd.issues).toEqual([]);
        expect(pd.ports.map((p) => p.name).sort()).toEqual(vsctlPorts);
      }
    }
    const brEx = fromTar.bridges.find((b) => b.name === "br-ex")!;
    expect(brEx.groups[0]!.groups[0]).toMatchObject({ groupId: 1, type: "select" });
    const brInt = fromTar.bridges.find((b) => b.name === "br-int")!;
    expect(brInt.vsctl?.properties.fail_mode).toBe("secure");
    expect(brInt.portsDesc[0]!.ports.find((p) => p.name === "pod1")?.port).toBe("11");
    expect(fromTar.vsctlShow?.show.bridges.map((b) => b.name).sort()).toEqual(["br-ex", "br-int"]);
  });

  it("datapath flows, OVN logical flows and the OVN database files", () => {
    expect(fromTar.datapath).toHaveLength(1);
    const dp = fromTar.datapath[0]!;
    expect(dp).toMatchObject({ datapath: "dummy@ovs-dummy", more: true, file: "sos_commands/openvswitch/ovs-appctl_dpctl.dump-flows_-m_dummy_ovs-dummy" });
    expect(dp.flows.length).toBe(lines(dp.file, /^ufid:/));
    expect(dp.issues).toEqual([]);
    expect(fromTar.logicalFlows).toHaveLength(1);
    const lf = fromTar.logicalFlows[0]!;
    expect(lf.file).toBe("sos_commands/ovn_central/ovn-sbctl_lflow-list");
    expect(lf.uuids).toBe(false); // sos runs lflow-list without --uuid
    expect(lf.flows.length).toBe(lines(lf.file, /^ {2}table=/));
    expect(lf.issues).toEqual([]);
    expect(fromTar.databases.map((d) => [d.file, d.kind])).toEqual([
      ["var/lib/ovn/ovnnb_db.db", "ovn-nb"],
      ["var/lib/ovn/ovnsb_db.db", "ovn-sb"],
    ]);
    const sb = fromTar.databases[1]!.database;
    expect(sb.error).toBeUndefined();
    expect(Object.keys(sb.tables.Logical_Flow!).length).toBeGreaterThan(lf.flows.length / 2);
  });

  it("says what is missing and what it does not parse", () => {
    // sos 4.0 does not collect conf.db
    expect(fromTar.missing).toEqual([{ item: "ovs-database", description: "OVS database file (conf.db)" }]);
    expect(fromTar.notParsed.map((n) => n.file).sort()).toEqual([
      "sos_commands/openvswitch/ovs-appctl_bridge.dump-flows_--offload-stats_br-ex",
      "sos_commands/openvswitch/ovs-appctl_bridge.dump-flows_--offload-stats_br-int",
    ]);
  });

  it("a command that failed when sos ran it is listed in `failed`; missing pieces in `missing`", async () => {
    const copy = join(TMP, "broken", "sosreport-x");
    cpSync(top, copy, { recursive: true });
    writeFileSync(join(copy, "sos_commands/openvswitch/ovs-ofctl_dump-flows_br-ex"), "ovs-ofctl: br-ex is not a bridge or a socket\n");
    for (const f of readdirSync(join(copy, "sos_commands/openvswitch"))) if (/dump-groups_br-ex$/.test(f)) rmSync(join(copy, "sos_commands/openvswitch", f));
    rmSync(join(copy, "sos_commands/ovn_central"), { recursive: true });
    const r = await readSosReport(copy);
    expect(r.failed).toEqual([{ file: "sos_commands/openvswitch/ovs-ofctl_dump-flows_br-ex", reason: "ovs-ofctl: br-ex is not a bridge or a socket" }]);
    expect(r.missing.map((m) => m.description)).toEqual(["br-ex: groups (ovs-ofctl dump-groups)", "OVN logical flows (ovn-sbctl lflow-list)", "OVS database file (conf.db)"]);
    expect(r.issueCount).toBe(0);
  });

  it("clear errors for what is not a report", async () => {
    const e1 = await readSosReport(join(TMP, "nope")).catch((e: unknown) => e);
    expect(isOfflineInputError(e1) && e1.problem).toBe("not-found");
    const e2 = await readSosReport(join(FIXTURES, "ovs-save")).catch((e: unknown) => e);
    expect(isOfflineInputError(e2) && e2.problem).toBe("not-a-collection");
    writeFileSync(join(TMP, "bad.tar.xz"), "not a tarball");
    const e3 = await readSosReport(join(TMP, "bad.tar.xz")).catch((e: unknown) => e);
    expect(isOfflineInputError(e3) && e3.problem).toBe("extract-failed");
  });
});

describe("readOvsSave on the real ovs-save output", () => {
  it("bridges with their OpenFlow version, TLV map, flows and groups", async () => {
    const save = await readOvsSave(join(FIXTURES, "ovs-save"));
    expect(save.missing).toEqual([]);
    expect(save.issueCount).toBe(0);
    expect(save.bridges.map((b) => [b.bridge, b.protocol, b.flows.length, b.groups.length])).toEqual([
      ["br-a", "OpenFlow15", 15, 3],
      ["br-b", "OpenFlow13", 8, 0],
    ]);
    const brA = save.bridges[0]!;
    expect(brA.tlvMap).toEqual([
      { optClass: 0xffff, type: 0, len: 4, field: "tun_metadata0" },
      { optClass: 0xffff, type: 1, len: 8, field: "tun_metadata1" },
    ]);
    // ovs-save dumps without statistics
    expect(brA.flows.every((f) => f.nPackets === undefined && f.duration === undefined)).toBe(true);
    expect(brA.flows[0]!.cookie).toBe(0xa0n);
    expect(save.script?.workdir).toMatch(/ovs-save\.\w+$/);
    expect(save.script?.bridges.map((b) => [b.bridge, b.bundle, b.flowsCommand])).toEqual([
      ["br-a", true, "replace-flows"],
      ["br-b", false, "replace-flows"],
    ]);
  });

  it("without the restore script: the dumps are still read, the script is reported missing", async () => {
    const dir = join(TMP, "save-no-script");
    cpSync(join(FIXTURES, "ovs-save"), dir, { recursive: true });
    rmSync(join(dir, "restore.sh"));
    rmSync(join(dir, "br-b.groups.dump"));
    const save = await readOvsSave(dir);
    expect(save.bridges.map((b) => [b.bridge, b.protocol, b.flows.length])).toEqual([
      ["br-a", undefined, 15],
      ["br-b", undefined, 8],
    ]);
    expect(save.missing).toEqual(["the restore script (ovs-save save-flows output: OpenFlow versions and TLV maps)", "br-b: groups (br-b.groups.dump)"]);
  });

  it("parseOvsSaveScript: older add-flows copies, empty TLV maps, unknown lines", () => {
    const s = parseOvsSaveScript("ovs-ofctl -O OpenFlow13 add-tlv-map br0 ''\novs-ofctl -O OpenFlow13 add-flows br0 \"/tmp/w/br0.flows.dump\"\necho hi\n");
    expect(s.bridges).toEqual([{ bridge: "br0", protocol: "OpenFlow13", tlvMap: [], flowsFile: "/tmp/w/br0.flows.dump", groupsFile: undefined, flowsCommand: "add-flows", bundle: false }]);
    expect(s.unknownLines).toEqual([{ line: 3, text: "echo hi" }]);
  });
});
