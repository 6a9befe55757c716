/**
 * The offline ovn-nbctl / ovn-sbctl / ovs-vsctl (issue 14) against the committed captures of the
 * real tools (fixtures-gen/ctl/generate.sh -> capture.ts): every case of test/helpers/ctl-cases.ts
 * on test/fixtures/ctl/{nb.db, sb.db.gz, conf.db}, byte for byte except where the real tool's
 * order is its hash table's (see test/helpers/ctl-compare.ts). The integration test
 * test/integration/offline-ctl.test.ts does the same live on every fixture database.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { fromJson, toJson } from "../src/core/json.js";
import { parseLogicalFlows } from "../src/ovn/lflow.js";
import { type OvsdbDatabase, readOvsdbFile } from "../src/ovn/ovsdb/index.js";
import {
  findOvsdbRecord,
  isOvsdbQueryError,
  queryNbAcls,
  queryNbLoadBalancers,
  queryNbMeters,
  queryNbNat,
  queryNbPolicies,
  queryNbRouterPorts,
  queryNbRouters,
  queryNbRoutes,
  queryNbSwitchPorts,
  queryNbSwitches,
  querySbLogicalFlows,
  queryVswitchBridgeOf,
  queryVswitchBridges,
  runOfflineCtl,
} from "../src/ovn/ovsdb/ctl/index.js";
import type { CtlOrder } from "./helpers/ctl-compare.js";
import { sameOutput, sameStderr } from "./helpers/ctl-compare.js";
import { FIXTURES } from "./helpers/fixtures.js";
import { assertPlainData } from "./helpers/ovsdb-plain-data.js";

const DIR = join(FIXTURES, "ctl");
const load = (name: string): OvsdbDatabase => {
  const raw = readFileSync(join(DIR, name));
  return readOvsdbFile(name.endsWith(".gz") ? gunzipSync(raw) : raw);
};
const DBS: Record<string, OvsdbDatabase> = { "nb.db": load("nb.db"), "sb.db.gz": load("sb.db.gz"), "conf.db": load("conf.db") };
const nb = DBS["nb.db"] as OvsdbDatabase;
const sb = DBS["sb.db.gz"] as OvsdbDatabase;
const ovs = DBS["conf.db"] as OvsdbDatabase;

interface Capture {
  readonly db: string;
  readonly tool: "ovn-nbctl" | "ovn-sbctl" | "ovs-vsctl";
  readonly args: string[];
  readonly order: CtlOrder;
  readonly columns?: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number;
}
const [headerLine, ...caseLines] = gunzipSync(readFileSync(join(DIR, "captures.jsonl.gz"))).toString("utf8").trimEnd().split("\n");
const header = JSON.parse(headerLine as string) as { tools: Record<string, string>; cases: number };
const CAPTURES = caseLines.map((l) => JSON.parse(l) as Capture);
const run = (c: Capture) => runOfflineCtl(c.tool, c.args, { nb, sb, ovs });

describe("runOfflineCtl = the real tools, on the committed captures", () => {
  it("has the captures of OVS 3.1 / OVN 23.03", () => {
    expect(CAPTURES.length).toBe(header.cases);
    expect(CAPTURES.length).toBeGreaterThan(1500);
    expect(header.tools["ovn-nbctl"]).toMatch(/23\.03/);
    expect(header.tools["ovs-vsctl"]).toMatch(/3\.1/);
  });

  for (const tool of ["ovn-nbctl", "ovn-sbctl", "ovs-vsctl"] as const) {
    it(`${tool}: every case agrees (output, errors, exit status)`, () => {
      const cases = CAPTURES.filter((c) => c.tool === tool);
      const differences: string[] = [];
      for (const c of cases) {
        const r = run(c);
        const ok = r.exitCode === c.exitCode && sameStderr(r.stderr, c.stderr) && sameOutput(r.stdout, c.stdout, c.order, c.args, c.columns);
        if (!ok) differences.push(`${tool} ${JSON.stringify(c.args)}\n--- real (${c.exitCode}):\n${c.stdout}${c.stderr}--- ovskit (${r.exitCode}):\n${r.stdout}${r.stderr}`);
      }
      expect(differences, `${cases.length - differences.length} of ${cases.length} agree`).toEqual([]);
      expect(cases.length).toBeGreaterThan(200);
    });
  }

  it("cases whose order is not the real tool's hash order agree byte for byte", () => {
    const ordered = CAPTURES.filter((c) => c.order === "exact");
    expect(ordered.length).toBeGreaterThan(500);
    expect(ordered.filter((c) => run(c).stdout !== c.stdout).map((c) => c.args.join(" "))).toEqual([]);
  });
});

describe("lflow-list from the Southbound database alone", () => {
  const real = (args: string[]) => (CAPTURES.find((c) => c.tool === "ovn-sbctl" && JSON.stringify(c.args) === JSON.stringify(args)) as Capture).stdout;
  const strip = (flows: ReturnType<typeof parseLogicalFlows>) => flows.map(({ line: _line, ...f }) => ({ ...f, datapath: { ...f.datapath } }));

  it("the real tool's text parses to the typed query's flows (with and without --uuid)", () => {
    expect(strip(parseLogicalFlows(real(["lflow-list"])))).toEqual(querySbLogicalFlows(sb));
    expect(strip(parseLogicalFlows(real(["--uuid", "lflow-list"])))).toEqual(querySbLogicalFlows(sb, { uuid: true }));
    expect(querySbLogicalFlows(sb).length).toBeGreaterThan(1000);
  });

  it("per datapath, by name and by UUID, with datapaths that have a second name (aka)", () => {
    const worker2 = findOvsdbRecord(sb, "Datapath_Binding", "ovn-worker2");
    expect(worker2).toBeDefined();
    const text = real(["lflow-list", "ovn-worker2"]);
    expect(text).toMatch(/^Datapath: "ovn-worker2" aka "net-two" \(/);
    const flows = querySbLogicalFlows(sb, { datapath: "ovn-worker2" });
    expect(strip(parseLogicalFlows(text))).toEqual(flows);
    expect(flows[0]?.datapath).toEqual({ name: "ovn-worker2", uuid: worker2?.uuid, alias: "net-two" });
    expect(querySbLogicalFlows(sb, { datapath: worker2?.uuid as string })).toEqual(flows);
  });

  it("flow filters by UUID prefix, cookie style", () => {
    const all = querySbLogicalFlows(sb, { uuid: true });
    const first = all[0] as (typeof all)[number];
    const prefix = (first.uuidPrefix as number).toString(16);
    const some = querySbLogicalFlows(sb, { flows: [`0x${prefix}`], uuid: true });
    expect(some.length).toBeGreaterThan(0);
    expect(some.every((f) => f.uuidPrefix === first.uuidPrefix)).toBe(true);
    expect(() => querySbLogicalFlows(sb, { flows: ["nope"] })).toThrow(/nope is not a UUID or the beginning of a UUID/);
    expect(() => querySbLogicalFlows(sb, { datapath: "nope" })).toThrow(/no row "nope" in table Datapath_Binding/);
  });
});

describe("typed queries", () => {
  it("routes, policies and NAT are what lr-route-list / lr-policy-list / lr-nat-list print", () => {
    const routes = queryNbRoutes(nb, "GR_ovn-worker");
    const text = runOfflineCtl("ovn-nbctl", ["lr-route-list", "GR_ovn-worker"], { nb }).stdout;
    for (const r of routes.routes) expect(text).toContain(`${r.prefix.padStart(25)} ${r.nexthop.padStart(25)} ${r.policy}`);
    expect(routes.routes.filter((r) => r.ecmp).map((r) => r.nexthop)).toEqual(["172.18.0.10", "172.18.0.11", "fd00::1", "fd00::2"]);
    expect(routes.routes.find((r) => r.prefix === "192.168.92.0/24")).toMatchObject({ nexthop: "172.18.0.16", family: "ipv4" });
    expect(queryNbRoutes(nb, "GR_ovn-worker", { routeTable: "rtb1" }).routes.map((r) => r.prefix)).toEqual(["192.168.70.0/24", "0.0.0.0/0"]);
    const policies = queryNbPolicies(nb, "ovn_cluster_router").policies;
    expect(policies.map((p) => p.priority)).toEqual([1004, 105, 104, 103, 102, 101, 101]);
    expect(policies.find((p) => p.priority === 104)?.options).toEqual([["zone", "blue"], ["a-key", "first"], ["pkt_mark", "100"]]);
    const nat = queryNbNat(nb, "GR_ovn-worker").nat;
    expect(nat.filter((n) => n.externalIp === "172.18.0.2").map((n) => n.logicalIp)).toEqual(["10.244.0.0/16", "10.244.1.5", "10.244.1.3", "10.244.1.4"]);
    expect(queryNbNat(nb, "lr-dist").nat.find((n) => n.logicalPort === "vm1")).toMatchObject({ gatewayPort: "lrp-pub1", externalMac: "00:00:00:00:01:05" });
  });

  it("ACLs, ports, switches, routers, load balancers, meters", () => {
    const acls = queryNbAcls(nb, "ovn-worker");
    expect(acls.owner).toMatchObject({ kind: "switch", name: "ovn-worker" });
    expect(acls.acls.map((a) => a.priority)).toEqual([1003, 1002, 1001, 1002, 1002]);
    expect(acls.acls[2]?.afterLb).toBe(true);
    expect(queryNbAcls(nb, "dupname", { type: "port-group" }).owner.kind).toBe("port-group");
    expect(() => queryNbAcls(nb, "dupname")).toThrow(/Same name 'dupname' exists in both port-groups and logical switches/);
    expect(queryNbSwitchPorts(nb, "sw-dist").map((p) => p.name)).toEqual(["sw-dist-lr", "vm1", "vm2"]);
    expect(queryNbRouterPorts(nb, "lr-dist").map((p) => p.name)).toEqual(["lrp-int", "lrp-pub1", "lrp-pub2"]);
    expect(queryNbSwitches(nb).filter((s) => s.name === "twin")).toHaveLength(2);
    expect(queryNbRouters(nb).map((r) => r.name)).toEqual(["GR_ovn-worker", "GR_ovn-worker2", "lr-dist", "ovn_cluster_router"]);
    const lbs = queryNbLoadBalancers(nb);
    expect(lbs.find((l) => l.name === "lb-noport")?.vips).toEqual([{ vip: "10.96.5.6", backends: "10.244.1.3,10.244.1.4", protocol: "" }]);
    expect(queryNbLoadBalancers(nb, { name: "lb-multi" })[0]?.vips.map((v) => v.vip)).toEqual(["10.96.5.7:80", "10.96.5.8:443", "10.96.5.9:9443"]);
    const meters = queryNbMeters(nb);
    expect(meters.map((m) => m.name)).toEqual(["acl-fair", "meter-kb", "meter-pkt", "multi-band"]);
    expect(meters[3]?.bands).toEqual([{ action: "drop", rate: 5, burstSize: 0 }, { action: "drop", rate: 10, burstSize: 20 }]);
  });

  it("bridges of conf.db, with the fake VLAN bridge", () => {
    const bridges = queryVswitchBridges(ovs);
    expect(bridges.map((b) => b.name)).toEqual(["br-ex", "br-ex10", "br-int"]);
    expect(bridges[1]).toMatchObject({ parent: "br-ex", vlan: 10, ports: ["vlanport"] });
    expect(bridges[0]?.ports).toEqual(["bond0", "gre0", "tagp", "trunkp"]);
    expect(bridges[0]?.interfaces).toEqual(["eth1", "eth2", "gre0", "tagp", "trunkp"]);
    expect(queryVswitchBridgeOf(ovs, "vlanport")).toBe("br-ex10");
    expect(queryVswitchBridgeOf(ovs, "eth2", { kind: "interface" })).toBe("br-ex");
    expect(() => queryVswitchBridgeOf(ovs, "bond0", { kind: "interface" })).toThrow("no interface named bond0");
  });

  it("records by name, UUID, prefix, the tools' name columns", () => {
    const ls = findOvsdbRecord(nb, "Logical_Switch", "ovn-worker");
    expect(ls?.row.name).toBe("ovn-worker");
    expect(findOvsdbRecord(nb, "logical-switch", "net-two")?.row.name).toBe("ovn-worker2");
    expect(findOvsdbRecord(nb, "Logical_Switch", (ls?.uuid as string).slice(0, 6))?.uuid).toBe(ls?.uuid);
    expect(findOvsdbRecord(ovs, "Controller", "br-ex")).toBeUndefined(); // two controllers: not named by the bridge
    expect(findOvsdbRecord(ovs, "Flow_Sample_Collector_Set", "5")?.row.id).toBe(5);
    expect(findOvsdbRecord(nb, "Address_Set", "5d1b")?.row.name).toBe("5d1bd6c1-3bc5-4d9a-9f1e-2a8c8d5b7e10");
    expect(findOvsdbRecord(nb, "Logical_Switch", "nope")).toBeUndefined();
    let err: unknown;
    try {
      findOvsdbRecord(nb, "Logical_Switch", "twin");
    } catch (e) {
      err = e;
    }
    expect(isOvsdbQueryError(err) && err.code).toBe("ambiguous");
    expect(() => findOvsdbRecord(nb, "NoSuch", "x")).toThrow('unknown table "NoSuch"');
  });

  it("results are plain data", () => {
    const results = [
      queryNbRoutes(nb, "GR_ovn-worker"),
      queryNbPolicies(nb, "ovn_cluster_router"),
      queryNbNat(nb, "lr-dist"),
      queryNbAcls(nb, "pg_pol1"),
      queryNbLoadBalancers(nb),
      queryNbMeters(nb),
      queryVswitchBridges(ovs),
      querySbLogicalFlows(sb, { datapath: "join", uuid: true }),
      runOfflineCtl("ovn-nbctl", ["show"], { nb }),
    ];
    for (const r of results) {
      assertPlainData(r);
      expect(structuredClone(r)).toEqual(r);
      expect(fromJson(toJson(r))).toEqual(r);
    }
  });

  it("a database of another schema is a typed error", () => {
    expect(() => queryNbRoutes(sb, "x")).toThrow(/need an OVN_Northbound database, not OVN_Southbound/);
    expect(() => querySbLogicalFlows(nb)).toThrow(/need an OVN_Southbound database/);
  });
});

describe("runOfflineCtl behaviour of its own", () => {
  it("write commands say that the files are read-only, and change nothing", () => {
    const r = runOfflineCtl("ovn-nbctl", ["ls-add", "x"], { nb });
    expect(r).toEqual({ stdout: "", stderr: "ovn-nbctl: 'ls-add' changes the database; these database files are read-only here (offline ovn-nbctl runs only read-only commands)\n", exitCode: 1 });
    expect(runOfflineCtl("vsctl", ["show", "--", "add-br", "x"], { ovs }).stderr).toMatch(/^ovs-vsctl: 'add-br' changes the database/);
    expect(runOfflineCtl("ovn-nbctl", ["ls-list"], { nb }).stdout).not.toContain("(x)");
  });

  it("short tool names, missing and mismatched databases", () => {
    expect(runOfflineCtl("sbctl", ["count-flows"], { sb }).stdout).toMatch(/^Total number of logical flows = \d+\n$/m);
    expect(runOfflineCtl("nbctl", ["show"], {})).toEqual({ stdout: "", stderr: 'ovn-nbctl: no OVN Northbound database given (runOfflineCtl needs the "nb" database for ovn-nbctl)\n', exitCode: 1 });
    expect(runOfflineCtl("vsctl", ["show"], { ovs: nb }).stderr).toBe('ovs-vsctl: the "ovs" database given is an OVN_Northbound database, not Open_vSwitch\n');
    expect(() => runOfflineCtl("ovn-ictl" as never, [], {})).toThrow(/unknown tool "ovn-ictl"/);
  });

  it("rows in hash order come in UUID order", () => {
    const out = runOfflineCtl("ovn-nbctl", ["--bare", "--columns=_uuid", "list", "Logical_Switch"], { nb }).stdout;
    const uuids = out.split("\n").filter((l) => l !== "");
    expect(uuids).toEqual([...uuids].sort());
    expect(uuids.length).toBe(Object.keys(nb.tables.Logical_Switch ?? {}).length);
  });

  it("--help lists the commands it runs; lflow-list --ovs needs a live switch", () => {
    const help = runOfflineCtl("ovn-nbctl", ["--help"], { nb });
    expect(help.exitCode).toBe(0);
    expect(help.stdout).toContain("lr-route-list");
    expect(runOfflineCtl("ovn-sbctl", ["--ovs", "lflow-list"], { sb }).stderr).toMatch(/offline there is none/);
    expect(runOfflineCtl("ovn-sbctl", ["lflow-list", "--ovs"], { sb }).stderr).toBe("ovn-sbctl: --ovs is not a UUID or the beginning of a UUID\n");
  });
});
