/**
 * readSosReport on a REAL sos report made now: fixtures-gen/sos/generate.sh --report-only starts
 * OVS + OVN at the default paths, builds a small OVN-Kubernetes-like topology, runs
 * `sos report --batch --only-plugins openvswitch,ovn_central,ovn_host`, and stops everything.
 * Every file of the three plugins that ovskit knows must be read, and parse with zero issues.
 *
 * Needs root and the Debian packages openvswitch-switch ovn-central ovn-host sosreport xz-utils;
 * skipped with a warning when missing, FAILS under CI.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type SosReport, readSosReport } from "../../src/node/offline/index.js";
import { classifySosCommand } from "../../src/offline/index.js";
import { ROOT, inCI, missingBinaries, run } from "./sandbox.js";

const hasSos = spawnSync("sh", ["-c", "command -v sos"]).status === 0;
const root = process.getuid?.() === 0;
const problems = [...missingBinaries(), ...(hasSos ? [] : ["sos"]), ...(root ? [] : ["(root)"])];
const ci = inCI();
if (problems.length > 0) {
  const what = `needs ${problems.join(", ")} (apt-get install -y openvswitch-switch ovn-central ovn-host sosreport xz-utils; run as root)`;
  if (ci) console.error(`\n[integration] ERROR: the sos report suite ${what}. CI is set, so it FAILS.\n`);
  else console.warn(`\n${"!".repeat(100)}\n[integration] SKIPPING the sos report suite: it ${what}.\n${"!".repeat(100)}\n`);
}

describe.skipIf(problems.length > 0 && !ci)("readSosReport on a real sos report", () => {
  let work: string;
  let tarball: string;
  let report: SosReport;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), "ovskit-sos-it-"));
    const out = await run("bash", [join(ROOT, "fixtures-gen", "sos", "generate.sh"), "--report-only", work], { timeoutMs: 170_000 });
    tarball = out.stdout.trim().split("\n").at(-1)!;
    report = await readSosReport(tarball);
  });
  afterAll(() => {
    if (work !== undefined) rmSync(work, { recursive: true, force: true });
  });

  it("left nothing running at the default paths", () => {
    expect(existsSync("/var/run/openvswitch/db.sock")).toBe(false);
    expect(existsSync("/var/run/ovn/ovnsb_db.sock")).toBe(false);
    const ps = execFileSync("ps", ["-eo", "args"], { encoding: "utf8" });
    expect(ps.split("\n").filter((l) => /--pidfile=\/var\/run\/(openvswitch|ovn)\//.test(l))).toEqual([]);
  });

  it("everything ovskit knows in the report is read, with zero issues", () => {
    expect(report.issueCount).toBe(0);
    expect(report.failed).toEqual([]);
    const x = join(work, "x");
    execFileSync("mkdir", ["-p", x]);
    execFileSync("tar", ["-xf", tarball, "-C", x]);
    const top = join(x, readdirSync(x)[0]!);
    const read = new Set<string>([
      ...report.bridges.flatMap((b) => [...b.flows, ...b.groups, ...b.portsDesc].map((i) => i.file)),
      ...report.datapath.map((d) => d.file),
      ...report.logicalFlows.map((l) => l.file),
      ...(report.vsctlShow === undefined ? [] : [report.vsctlShow.file]),
      ...report.notParsed.map((n) => n.file),
      ...report.texts.map((t) => t.file),
    ]);
    let known = 0;
    for (const plugin of ["openvswitch", "ovn_central", "ovn_host"]) {
      for (const f of readdirSync(join(top, "sos_commands", plugin))) {
        const k = classifySosCommand(f);
        if (k === undefined || k.kind === "list-br") continue;
        known++;
        expect(read.has(`sos_commands/${plugin}/${f}`), f).toBe(true);
      }
    }
    expect(known).toBeGreaterThan(15);
  });

  it("per bridge every dump-flows variant, groups, ports; datapath flows, logical flows, databases", () => {
    const brInt = report.bridges.find((b) => b.name === "br-int")!;
    expect(brInt.flows.map((f) => f.protocol ?? "default").sort()).toEqual(["OpenFlow10", "OpenFlow13", "OpenFlow13", "OpenFlow15", "default"]);
    const counts = new Set(brInt.flows.map((f) => f.flows.length));
    expect(counts.size).toBe(1);
    expect([...counts][0]).toBeGreaterThan(500);
    expect(brInt.groups.length).toBeGreaterThan(0);
    expect(brInt.portsDesc[0]!.ports.map((p) => p.name).sort()).toEqual(brInt.vsctl!.ports.map((p) => p.name).sort());
    expect(report.datapath[0]!.flows.length).toBeGreaterThan(0);
    expect(report.logicalFlows[0]!.flows.length).toBeGreaterThan(500);
    expect(report.databases.map((d) => d.kind).sort()).toEqual(["ovn-nb", "ovn-sb"]);
    expect(report.missing.map((m) => m.item)).toEqual(["ovs-database"]);
  });
});
