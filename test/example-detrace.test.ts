import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FIXTURES, fixture } from "./helpers/fixtures.js";

const ROOT = join(import.meta.dirname, "..");
const F = join(FIXTURES, "ovn");
const run = (args: string[], input?: string) =>
  spawnSync(process.execPath, ["--import", "tsx", join(ROOT, "examples/detrace.ts"), ...args], { cwd: ROOT, input, encoding: "utf8" });

describe("examples/detrace.ts (end to end on the real fixtures)", () => {
  it("prints ovn-detrace's format from the database files, plus the in_port ovn-detrace misses", () => {
    const r = run(["--sb", join(F, "ovnsb_db.db"), "--nb", join(F, "ovnnb_db.db"), "--ovs", join(F, "conf.db"), "--style", "ovn-detrace"], fixture("ovn", "trace-acl-drop.txt"));
    expect(r.status).toBe(0);
    const real = fixture("ovn", "trace-acl-drop.detrace.txt").split("\n");
    const ours = r.stdout.split("\n");
    expect(ours.filter((l) => !l.startsWith("  * OVS Interface: pod1 "))).toEqual(real);
    expect(ours).toContain("  * OVS Interface: pod1 (ns1_pod1-ovn-worker)");
  });

  it("works from an lflow-list --uuid listing alone, and annotates dump-flows output", () => {
    const r = run(["--lflow-list", join(F, "lflow-list.uuid.txt"), join(F, "trace-pod-to-pod.txt")]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/\* logical flow 0x[0-9a-f]{8}…: ingress ls_in_check_port_sec \(table 0\)/);
    const f = run(["--sb", join(F, "ovnsb_db.db"), "--flows", join(F, "br-int.flows.txt")]);
    expect(f.status).toBe(0);
    expect(f.stdout).toMatch(/\n {4}\* port binding "ns1_pod1-ovn-worker"/);
  });

  it("exits 2 on bad usage, 1 on a bad file, with a clear message", () => {
    const a = run([]);
    expect(a.status).toBe(2);
    expect(a.stderr).toMatch(/--sb FILE/);
    const b = run(["--sb", join(F, "lflow-list.txt")], "");
    expect(b.status).toBe(1);
    expect(b.stderr).toMatch(/^detrace: /);
  });
});
