/** examples/offline.ts on the committed real collections: a sos report, an ovs-save directory, a flows directory. */
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FIXTURES } from "./helpers/fixtures.js";

const ROOT = join(import.meta.dirname, "..");
const summary = (path: string) =>
  execFileSync(join(ROOT, "node_modules", ".bin", "tsx"), [join(ROOT, "examples", "offline.ts"), "summary", path, "--top", "3"], { encoding: "utf8", cwd: ROOT });

describe("examples/offline.ts summary", () => {
  it("a sos report: bridges, variants, per table, hot flows with the logical flows behind their cookies, missing", () => {
    const out = summary(join(FIXTURES, "sos", "sosreport-ovskit-fixture.tar.xz"));
    expect(out).toContain("sos report sosreport-ovskit-fixture: 2 bridges, 0 parse issues");
    expect(out).toContain("OVN: cookies joined through var/lib/ovn/ovnsb_db.db (offline detrace)");
    expect(out).toMatch(/bridge br-int: 5 ports in ovs-vsctl show/);
    expect(out).toMatch(/per table: 0:\d+ 8:\d+/);
    expect(out).toMatch(/ {8}\d+ pkts {2}table=\d+ priority=\d+ cookie=0x[0-9a-f]+\n {10}<- ingress table=\d+ \(ls_in_/);
    // a cookie that is not a logical flow names its port binding (the detrace join)
    expect(out).toMatch(/ {10}<- Port_Binding ns\d+_pod\d+-ovn-worker\n/);
    expect(out).toContain("top cookies");
    expect(out).toContain("missing: OVS database file (conf.db)");
  }, 20_000);

  it("an ovs-save directory and a flows directory", () => {
    expect(summary(join(FIXTURES, "ovs-save"))).toMatch(/bridge br-a: OpenFlow15, 3 groups, TLV map: tun_metadata0=class 0xffff type 0 len 4/);
    const dir = mkdtempSync(join(tmpdir(), "ovskit-ex-"));
    try {
      copyFileSync(join(FIXTURES, "openflow", "ovn-br-int.of15.flows"), join(dir, "worker-1.flows"));
      copyFileSync(join(FIXTURES, "openflow", "ovn-br-int.of13.flows"), join(dir, "worker-2.flows"));
      const out = summary(dir);
      expect(out).toMatch(/flows directory .*: 2 nodes/);
      expect(out).toContain("node worker-1");
      expect(out).toContain("node worker-2");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 20_000);
});
