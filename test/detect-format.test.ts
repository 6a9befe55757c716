/** detectDumpFormat on every kind of real fixture (made by the real tools, see fixtures-gen/). */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { type DumpFormat, describeDumpFormat, detectDumpFormat } from "../src/index.js";
import { FIXTURES } from "./helpers/fixtures.js";

function text(rel: string): string {
  const bytes = readFileSync(join(FIXTURES, rel));
  return (rel.endsWith(".gz") ? gunzipSync(bytes) : bytes).toString("latin1");
}

/** Non-empty fixtures (an empty dump, e.g. ovs-save's br-b.groups.dump, is "unknown": see below). */
const files = (dir: string, re: RegExp): string[] =>
  readdirSync(join(FIXTURES, dir))
    .filter((f) => re.test(f) && statSync(join(FIXTURES, dir, f)).size > 0)
    .map((f) => `${dir}/${f}`);

/** Every fixture of a kind, by directory and name. */
const KINDS: [DumpFormat, string[]][] = [
  ["openflow-flows", [...files("openflow", /\.flows$/), ...files("ovs-save", /\.flows\.dump$/), ...files("replica", /\.flows$/), "ovn/br-int.flows.txt"]],
  ["openflow-groups", [...files("openflow", /\.groups$/), ...files("ovs-save", /\.groups\.dump$/), ...files("replica", /\.groups$/)]],
  ["datapath-flows", [...files("datapath", /\.flows$/), "odp-forms/dump-flows.txt", "odp-forms/dump-flows-m.txt"]],
  ["trace", [...files("trace", /\.trace$/), ...files("replica/traces", /\.trace$/), ...files("ovn", /^trace-.*\.txt$/)]],
  ["lflow-list", files("ovn", /^lflow-list.*\.txt$/)],
  ["ovsdb", [...files("ovn", /\.db$/), ...files("ovsdb", /\.db(\.gz)?$/), ...files("ovsdb-history", /\.db(\.gz)?$/), ...files("replica", /\.db$/)]],
];

describe("detectDumpFormat", () => {
  for (const [kind, paths] of KINDS) {
    it(`recognises every ${kind} fixture (${paths.length} files)`, () => {
      expect(paths.length).toBeGreaterThan(0);
      const wrong = paths.map((p) => [p, detectDumpFormat(text(p))]).filter(([, k]) => k !== kind);
      expect(wrong).toEqual([]);
    });
  }

  it("says unknown for other outputs: JSON dumps, ovs-vsctl list, show-log, Prometheus API answers, empty text", () => {
    const others = [
      "ovn/ovnsb_db.dump.json",
      "ovn/list-Chassis.txt",
      "ovn/conf.show-log.txt",
      "ovn/ovnnb_db.clustered.cluster-status.txt",
      "export/list-ipfix.txt",
      "prometheus/vector-instant.json",
      "replica/vsctl-show.txt",
      "replica/dpif-show.txt",
    ];
    expect(others.map((p) => [p, detectDumpFormat(text(p))]).filter(([, k]) => k !== "unknown")).toEqual([]);
    expect(text("ovs-save/br-b.groups.dump")).toBe("");
    expect(detectDumpFormat("")).toBe("unknown");
    expect(detectDumpFormat("\n\n  \n")).toBe("unknown");
  });

  it("decides on a reply header at once, ignores a BOM, and looks at 20 non-blank lines at most", () => {
    expect(detectDumpFormat("\ufeffNXST_FLOW reply (xid=0x4):\n")).toBe("openflow-flows");
    expect(detectDumpFormat("flow-dump from the main thread:\n")).toBe("datapath-flows");
    expect(detectDumpFormat("OFPST_GROUP_DESC reply (OF1.5) (xid=0x2):\n")).toBe("openflow-groups");
    const late = `${"noise\n".repeat(20)} cookie=0x1, table=0, priority=1 actions=drop\n`;
    expect(detectDumpFormat(late)).toBe("unknown");
    expect(detectDumpFormat(`${"noise\n".repeat(19)} cookie=0x1, table=0, priority=1 actions=drop\n`)).toBe("openflow-flows");
  });

  it("reads Prometheus text exposition", () => {
    expect(detectDumpFormat("# HELP ovs_vswitchd_cpu CPU\n# TYPE ovs_vswitchd_cpu gauge\novs_vswitchd_cpu 0.5\n")).toBe("prometheus");
    expect(detectDumpFormat('ovs_vswitchd_dp_flows_total{bridge="br-int"} 120\n')).toBe("prometheus");
  });

  it("names every format for messages", () => {
    expect(describeDumpFormat("datapath-flows")).toBe("a datapath flow dump (ovs-appctl dpctl/dump-flows)");
    expect(describeDumpFormat("unknown")).toBe("an unrecognised text");
  });
});
