/**
 * The local replica from the committed sos report (sos 4.0: no conf.db, so bridges and ports come
 * from `ovs-vsctl show` and `dump-ports-desc`, and the TLV map is inferred) and from the committed
 * ovs-save directory (no database at all: ports from the numbers the flows name), and the capture
 * in `--enable-dummy` (plain) mode. Compared with the files the real tools wrote.
 *
 * Needs openvswitch-switch ovn-central ovn-host (and tar, xz); skipped with a warning when
 * missing, FAILS under CI. Daemons live under $OVSKIT_SANDBOX_ROOT and are stopped in afterAll.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parsePortsDesc, parseTlvMap } from "../../src/index.js";
import { type OvsSaveDir, type Replica, type SosReport, readOvsSave, readSosReport, startReplica } from "../../src/node/index.js";
import { CAPTURE, captureFiles, daemonsUnder, dumpLines, plainDecTtl, replicaRoot, skipReplicaSuite, withoutStats } from "./replica-helpers.js";
import { ROOT } from "./sandbox.js";

const skip = skipReplicaSuite("local replica (sources)");

/** The mapping rows of `dump-tlv-map` as `class/type/len/field` with numbers in decimal. */
function tlvRows(text: string): string[] {
  return [...text.matchAll(/^\s*(0x[0-9a-f]+|\d+)\s+(0x[0-9a-f]+|\d+)\s+(\d+)\s+(tun_metadata\d+)\s*$/gm)].map((m) => `${Number(m[1])}/${Number(m[2])}/${m[3]}/${m[4]}`);
}

/** diff-flows output whose -/+ lines pair up with identical text (after dec_ttl()): its own encoding noise only. */
function onlyIdenticalPairs(diff: string): { minus: string[]; plus: string[] } {
  const lines = diff.split("\n").filter((l) => l !== "");
  return {
    minus: lines.filter((l) => l.startsWith("-")).map((l) => plainDecTtl(l.slice(1))).sort(),
    plus: lines.filter((l) => l.startsWith("+")).map((l) => plainDecTtl(l.slice(1))).sort(),
  };
}

describe.skipIf(skip)("a replica of the committed sos report (no conf.db)", () => {
  const TARBALL = join(ROOT, "test", "fixtures", "sos", "sosreport-ovskit-fixture.tar.xz");
  let root: string;
  let sos: string;
  let report: SosReport;
  let replica: Replica;
  const raw = (f: string) => readFileSync(join(sos, "sos_commands", f), "utf8");

  beforeAll(async () => {
    root = replicaRoot();
    execFileSync("tar", ["-xf", TARBALL, "-C", root]);
    sos = join(root, "sosreport-ovskit-fixture");
    report = await readSosReport(TARBALL);
    const t = performance.now();
    replica = await startReplica(report, { dir: join(root, "replica") });
    console.info(`[replica] from the sos report: ${(performance.now() - t).toFixed(0)} ms`);
  });
  afterAll(async () => {
    await replica?.stop();
    expect(daemonsUnder(root)).toEqual([]);
    rmSync(root, { recursive: true, force: true });
  });

  it("builds bridges and ports from ovs-vsctl show and dump-ports-desc, with the node's OpenFlow port numbers", () => {
    expect(replica.origin).toBe("sos");
    expect(replica.bridges.map((b) => b.name)).toEqual(["br-ex", "br-int"]);
    for (const br of ["br-ex", "br-int"]) {
      const node = parsePortsDesc(raw(`openvswitch/ovs-ofctl_dump-ports-desc_${br}`)).ports.map((p) => `${p.port}(${p.name})`).sort();
      const ours = replica.bridges.find((b) => b.name === br)!.ports.map((p) => `${p.ofport === 65534 ? "LOCAL" : p.ofport}(${p.name})`).sort();
      expect(ours, br).toEqual(node);
    }
    const tunnel = replica.bridges.find((b) => b.name === "br-int")!.ports.find((p) => p.name === "ovn-ovn-wo-0")!;
    expect(tunnel.type).toBe("geneve");
    expect(replica.changes.filter((c) => c.kind === "bridge").map((c) => c.subject).sort()).toEqual(["Bridge br-ex", "Bridge br-int"]);
  });

  it("restores the flows and groups of the highest OpenFlow version dumped (as ovs-offline does)", async () => {
    for (const [br, proto] of [["br-int", "OpenFlow15"], ["br-ex", "OpenFlow13"]] as const) {
      const node = raw(`openvswitch/ovs-ofctl_-O_${proto}_dump-flows_${br}`);
      // --no-stats also drops cookie=0x0 and table=0: compare both dumps with statistics, statistics removed.
      const ours = (await replica.ofctl(["-O", proto, "dump-flows", br])).stdout;
      expect(dumpLines(ours).map(withoutStats).sort(), br).toEqual(dumpLines(plainDecTtl(node)).map(withoutStats).sort());
      expect(dumpLines(ours).length, br).toBe(report.bridges.find((b) => b.name === br)!.flows.find((d) => d.protocol === proto)!.flows.length);
      const groups = (await replica.ofctl(["-O", proto, "dump-groups", br])).stdout;
      expect(dumpLines(groups), br).toEqual(dumpLines(raw(`openvswitch/ovs-ofctl_-O_${proto}_dump-groups_${br}`)));
      const file = join(root, `${br}.flows`);
      writeFileSync(file, node.split("\n").slice(1).join("\n"));
      const { minus, plus } = onlyIdenticalPairs((await replica.ofctl(["-O", proto, "diff-flows", `unix:${replica.bridges.find((b) => b.name === br)!.mgmt}`, file])).stdout);
      expect(minus, br).toEqual(plus);
    }
  });

  it("infers OVN's TLV map for tun_metadata0 (the report has no dump-tlv-map) and says so", async () => {
    const tlv = (await replica.ofctl(["-O", "OpenFlow15", "dump-tlv-map", "br-int"])).stdout;
    expect(tlv).toMatch(/0x102\s+0x80\s+4\s+tun_metadata0/);
    expect(replica.changes.find((c) => c.kind === "tlv-inferred")?.subject).toBe("Bridge br-int");
  });

  it("serves the report's NB and SB: ovn-nbctl show / ovn-sbctl show print what sos collected", async () => {
    expect((await replica.nbctl(["show"])).stdout).toBe(raw("ovn_central/ovn-nbctl_show"));
    expect((await replica.sbctl(["show"])).stdout).toBe(raw("ovn_central/ovn-sbctl_show"));
  });
});

describe.skipIf(skip)("a replica of the committed ovs-save directory (no database)", () => {
  const DIR = join(ROOT, "test", "fixtures", "ovs-save");
  let root: string;
  let save: OvsSaveDir;
  let replica: Replica;

  beforeAll(async () => {
    root = replicaRoot();
    save = await readOvsSave(DIR);
    const t = performance.now();
    replica = await startReplica(save, { dir: join(root, "replica") });
    console.info(`[replica] from the ovs-save directory: ${(performance.now() - t).toFixed(0)} ms`);
  });
  afterAll(async () => {
    await replica?.stop();
    expect(daemonsUnder(root)).toEqual([]);
    rmSync(root, { recursive: true, force: true });
  });

  it("restores flows, groups and TLV maps as the restore script would, with the script's OpenFlow versions", async () => {
    for (const b of save.bridges) {
      const proto = b.protocol!;
      const ours = (await replica.ofctl(["-O", proto, "--no-stats", "dump-flows", b.bridge])).stdout;
      expect(dumpLines(ours), b.bridge).toEqual(dumpLines(readFileSync(b.flowsFile!, "utf8")));
      expect((await replica.ofctl(["-O", proto, "diff-flows", `unix:${join(replica.dir, `${b.bridge}.mgmt`)}`, b.flowsFile!])).stdout, b.bridge).toBe("");
      expect(dumpLines((await replica.ofctl(["-O", proto, "dump-groups", b.bridge])).stdout), b.bridge).toEqual(dumpLines(readFileSync(b.groupsFile!, "utf8")));
    }
    const tlv = tlvRows((await replica.ofctl(["-O", "OpenFlow15", "dump-tlv-map", "br-a"])).stdout);
    const want = parseTlvMap(readFileSync(join(DIR, "restore.sh"), "utf8")).map((m) => `${m.optClass}/${m.type}/${m.len}/${m.field}`);
    expect(want.length).toBe(2);
    expect(tlv).toEqual(want);
  });

  it("creates a dummy port for every OpenFlow port the flows name, and says their names and types are unknown", () => {
    const a = replica.bridges.find((b) => b.name === "br-a")!;
    expect(a.ports.map((p) => `${p.ofport}:${p.name}:${p.type}`)).toEqual(["2:br-a_p2:dummy", "3:br-a_p3:dummy", "10:br-a_p10:dummy", "65534:br-a:internal"]);
    expect(replica.changes.filter((c) => c.kind === "port-created").map((c) => c.subject)).toEqual(["Bridge br-a", "Bridge br-b"]);
    expect(replica.sockets.nb).toBeUndefined();
  });

  it("refuses NB / SB commands it cannot serve", async () => {
    await expect(replica.nbctl(["show"])).rejects.toThrow(/serves no OVN Northbound database/);
    await expect(replica.ovnTrace(["ls", "inport==\"x\""])).rejects.toThrow(/serves no OVN Southbound database/);
  });
});

describe.skipIf(skip)("a replica in --enable-dummy (plain) mode", () => {
  let root: string;
  let replica: Replica;
  beforeAll(async () => {
    root = replicaRoot();
    replica = await startReplica(captureFiles(), { dir: join(root, "replica"), dummy: "plain" });
  });
  afterAll(async () => {
    await replica?.stop();
    expect(daemonsUnder(root)).toEqual([]);
    rmSync(root, { recursive: true, force: true });
  });

  it("turns system ports into dummy ports, keeps tunnel ports as userspace tunnels, and has every flow", async () => {
    expect(replica.changes.find((c) => c.subject === "Interface eth9")?.message).toMatch(/type "" \(system\) -> dummy/);
    expect(replica.bridges.flatMap((b) => b.ports).find((p) => p.name === "eth9")?.type).toBe("dummy");
    const dpif = (await replica.appctl(["dpif/show"])).stdout;
    // the tunnel is a userspace vport: datapath port 6081 (genev_sys_6081), not a dummy port
    expect(dpif).toMatch(/ovn-ovn-wo-0 1\/6081: \(geneve: .*remote_ip=127\.0\.0\.2/);
    for (const br of ["br-int", "br-a"]) {
      const ours = (await replica.ofctl(["-O", "OpenFlow15", "--no-stats", "dump-flows", br])).stdout;
      expect(dumpLines(ours), br).toEqual(dumpLines(plainDecTtl(readFileSync(join(CAPTURE, `${br}.no-stats.flows`), "utf8"))));
    }
    expect(existsSync(replica.dir)).toBe(true);
  });
});
