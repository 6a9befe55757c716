import { describe, expect, it } from "vitest";
import {
  type LogicalFlow,
  formatLogicalDatapathHeader,
  formatLogicalFlow,
  isOvsParseError,
  parseLogicalDatapathHeader,
  parseLogicalFlowDump,
  parseLogicalFlows,
} from "../src/index.js";
import { fixture, fixtureNames, linesOf } from "./helpers/fixtures.js";

const listings = fixtureNames("ovn", ".txt").filter((n) => n.startsWith("lflow-list"));

describe("real ovn-sbctl lflow-list output", () => {
  it("has the listings the generator writes (plain, --uuid, one switch, one router)", () => {
    expect(listings.length).toBeGreaterThanOrEqual(4);
  });

  describe.each(listings)("%s", (name) => {
    const text = fixture("ovn", name);
    const lines = linesOf(text);
    const dump = parseLogicalFlowDump(text);

    it("parses with zero issues and accounts for every line", () => {
      expect(dump.issues).toEqual([]);
      const a = dump.accounting;
      expect(a.items + a.headers + a.blank + a.issueLines).toBe(lines.length);
      expect(dump.flows.length).toBeGreaterThan(50);
    });

    it("prints every flow and header back byte for byte", () => {
      expect(dump.flows.filter((f) => formatLogicalFlow(f) !== lines[(f.line as number) - 1])).toEqual([]);
      for (const l of lines) {
        const h = parseLogicalDatapathHeader(l);
        if (h !== undefined) expect(formatLogicalDatapathHeader(h.datapath, h.pipeline)).toBe(l);
      }
    });

    it("types table, stage, priority and the uuid prefix", () => {
      const withUuid = name.includes("uuid");
      for (const f of dump.flows) {
        expect(Number.isInteger(f.table) && f.table >= 0).toBe(true);
        expect(f.stage).toMatch(/^l[sr]_(in|out)_[a-z0-9_]+$/);
        expect(f.pipeline === "ingress" ? /_in_/.test(f.stage) : /_out_/.test(f.stage)).toBe(true);
        expect(f.uuidPrefix !== undefined).toBe(withUuid);
      }
    });
  });
});

describe("parseLogicalFlow details", () => {
  const text = [
    'Datapath: "GR_ovn-worker" (b8251fae-92f9-4b2e-b113-cf857892bfda)  Pipeline: ingress',
    "  uuid=0x0000abcd, table=7 (lr_in_dnat         ), priority=120  , match=(ct.new && ip4.dst == 10.96.0.2 && inport == \"a), action=(b\"), action=(ct_lb_mark(backends=10.244.1.4:8080,10.244.2.4:8080);)",
    'Datapath: "ovn-worker" (0a1b2c3d-0000-4000-8000-000000000000)  Pipeline: egress',
    "  table=10(ls_out_port_sec_l2 ), priority=65535, match=(1), action=(next;)",
  ].join("\n");

  it("handles quoted ')' and ', action=(' inside a match, two-digit tables and padded priorities", () => {
    const [a, b] = parseLogicalFlows(text) as [LogicalFlow, LogicalFlow];
    expect(a).toMatchObject({
      datapath: { name: "GR_ovn-worker" },
      pipeline: "ingress",
      uuidPrefix: 0xabcd,
      table: 7,
      stage: "lr_in_dnat",
      priority: 120,
      match: 'ct.new && ip4.dst == 10.96.0.2 && inport == "a), action=(b"',
      actions: "ct_lb_mark(backends=10.244.1.4:8080,10.244.2.4:8080);",
    });
    expect(b).toMatchObject({ table: 10, stage: "ls_out_port_sec_l2", priority: 65535, pipeline: "egress", match: "1" });
    expect(linesOf(text).filter((l) => l.startsWith("  ")).map((l, i) => formatLogicalFlow([a, b][i] as LogicalFlow) === l)).toEqual([true, true]);
  });

  it("shares one datapath object per header", () => {
    const flows = parseLogicalFlows(text + "\n  table=11(ls_out_x          ), priority=0    , match=(1), action=(next;)");
    expect(flows[1]?.datapath).toBe(flows[2]?.datapath);
  });

  it("reports bad lines with line and column, and flows before any header", () => {
    const bad = "  table=0 (ls_in_x), priority=1, match=(1), action=(next;)\n" + text.split("\n").slice(0, 1).join("") + "\n  table=x (y), priority=1";
    const { flows, issues, accounting } = parseLogicalFlowDump(bad);
    expect(flows).toEqual([]);
    expect(issues.map((i) => [i.line, i.code])).toEqual([
      [1, "missing"],
      [3, "syntax"],
    ]);
    expect(accounting).toMatchObject({ lines: 3, headers: 1, issueLines: 2 });
    try {
      parseLogicalFlows(bad);
      expect.unreachable();
    } catch (e) {
      expect(isOvsParseError(e) && e.line).toBe(1);
    }
  });
});
