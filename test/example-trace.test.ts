/**
 * examples/trace.ts end to end (spawned like a user runs it) on the real fixtures: the
 * simulator's snapshot (flows, groups, dpif/show, conf.db, NB, SB) with --from/--to, the real
 * sos report tarball, and the ovs-save directory.
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { type Explanation, fromJson, type Trace } from "../src/index.js";
import { readSimCases } from "./helpers/sim-snapshot.js";

const ROOT = join(import.meta.dirname, "..");
const SNAP = join(ROOT, "test", "fixtures", "sim", "snapshot");
const SOS = join(ROOT, "test", "fixtures", "sos", "sosreport-ovskit-fixture.tar.xz");
const run = (args: string[]) => spawnSync(process.execPath, ["--import", "tsx", join(ROOT, "examples/trace.ts"), ...args], { cwd: ROOT, encoding: "utf8" });
const SNAPSHOT_ARGS = ["--flows", join(SNAP, "br-int.flows"), "--groups", join(SNAP, "br-int.groups"), "--dpif-show", join(SNAP, "dpif-show.txt"), "--conf-db", join(SNAP, "conf.db"), "--sb", join(SNAP, "ovnsb_db.db"), "--nb", join(SNAP, "ovnnb_db.db")];

describe("examples/trace.ts", { timeout: 120_000 }, () => {
  it("--help exits 0", () => {
    const r = run(["--help"]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^Usage: ovskit trace \[INPUT\] \[PACKET\] \[options\]/);
  });

  it("--from/--to on the snapshot: the real case's packet, the trace, OVN annotations, the explanation", () => {
    const r = run([...SNAPSHOT_ARGS, "--from", "ns1_pod1-ovn-worker", "--to", "ns2_pod2-ovn-worker", "--proto", "tcp", "--src-port", "43000", "--dst-port", "80"]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const acl = readSimCases().find((c) => c.name === "acl-drop");
    expect(r.stdout.split("\n")[0]).toBe(`# packet from ns1_pod1-ovn-worker to ns2_pod2-ovn-worker: ${acl?.packet}`);
    expect(r.stdout).toContain('\nbridge("br-int")\n');
    expect(r.stdout).toContain("\n== OVN (offline detrace) ==\n");
    expect(r.stdout).toContain('\n== Explanation ==\nVerdict: dropped by br-int table 46 (ls_out_acl: ACL to-lport 1000 "outport == @pg_pol1 && ip4" drop (port-group pg_pol1)): explicit drop action in br-int table 46\n');
  });

  it("--json from the real sos report: toJson of the trace and the explanation", () => {
    const r = run([SOS, "in_port=pod1,arp,dl_src=0a:58:0a:f4:01:03,dl_dst=ff:ff:ff:ff:ff:ff,arp_op=1,arp_spa=10.244.1.3,arp_tpa=10.244.1.4,arp_sha=0a:58:0a:f4:01:03", "--json"]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const doc = fromJson<{ bridge: string; trace: Trace; explanation: Explanation }>(r.stdout);
    expect(doc.bridge).toBe("br-int");
    expect(doc.trace.sections[0].datapathActionsText).toMatch(/set\(arp\(sip=10\.244\.1\.4,tip=10\.244\.1\.3,op=2/);
    expect(doc.explanation).toMatchObject({ verdict: "delivered", outputs: [{ name: "pod1", logicalPort: "ns1_pod1-ovn-worker" }] });
    expect(typeof doc.explanation.decidedBy?.cookie).toBe("bigint");
  });

  it("--html from an ovs-save directory: one self-contained page", () => {
    const r = run([join(ROOT, "test", "fixtures", "ovs-save"), "in_port=1,tcp,dl_src=00:00:00:00:0a:01,dl_dst=00:00:00:00:0b:02,nw_src=10.0.1.1,nw_dst=10.0.5.5,nw_ttl=64,tp_src=1,tp_dst=2", "--bridge", "br-a", "--html"]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^<!DOCTYPE html>/);
    expect(r.stdout).not.toMatch(/<script|<link|src="http/);
    expect(r.stdout).toContain("<mark>");
    expect(r.stdout).toMatch(/<a href="#L\d+">line \d+<\/a>/);
  });

  it("errors: one line, 2 for usage, 1 for input", () => {
    const usage = run(["--from", "x"]);
    expect(usage.status).toBe(2);
    expect(usage.stderr).toBe("trace: give an input: a sos report, an ovs-save directory, or --flows FILE (trace --help for usage)\n");
    const unknown = run([...SNAPSHOT_ARGS, "--from", "ns1_pod1", "--to", "10.244.1.4"]);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toMatch(/^trace: ns1_pod1: no logical port of that name \(did you mean ns1_pod1-ovn-worker, [^\n]*\?\)\n$/);
    const packet = run([...SNAPSHOT_ARGS, "in_port=11,garbage=1"]);
    expect(packet.status).toBe(1);
    expect(packet.stderr.split("\n").length).toBe(2);
    expect(packet.stderr).toMatch(/^trace: .*garbage/);
  });
});
