import { describe, expect, it } from "vitest";
import { formatDatapathFlow, parseDatapathFlows } from "../src/datapath/index.js";
import { compileFilter } from "../src/filter/index.js";
import { formatFlow, parseFlows } from "../src/openflow/index.js";
import {
  datapathFlowParts,
  flowParts,
  heatLevel,
  renderCookieText,
  renderDatapathFlowsText,
  renderDiffText,
  renderFlowsText,
  renderLogicText,
  renderSummaryText,
  useColor,
} from "../src/render/index.js";
import { groupFlowsByCookie, diffFlows, flowSetOf, groupFlowsByLogic, summarizeTables } from "../src/views/index.js";
import { fixture, fixtureNames } from "./helpers/fixtures.js";

const ANSI = /\u001b\[[0-9;]*m/g;
const strip = (s: string): string => s.replace(ANSI, "");
const OVN = parseFlows(fixture("openflow", "ovn-br-int.of15.flows"));

describe("colours", () => {
  it("are on for a terminal, off when not a TTY or with NO_COLOR, and an explicit choice wins", () => {
    expect(useColor({ isTTY: true, env: {} })).toBe(true);
    expect(useColor({ isTTY: false, env: {} })).toBe(false);
    expect(useColor({ isTTY: undefined })).toBe(false);
    expect(useColor({ isTTY: true, env: { NO_COLOR: "1" } })).toBe(false);
    expect(useColor({ isTTY: true, env: { NO_COLOR: "" } })).toBe(true);
    expect(useColor({ isTTY: false, env: { FORCE_COLOR: "1" } })).toBe(true);
    expect(useColor({ isTTY: true, env: { NO_COLOR: "1" }, force: true })).toBe(true);
    expect(useColor({ isTTY: true, force: false })).toBe(false);
  });

  it("heat levels grow with the counter on a log scale", () => {
    expect(heatLevel(0n, 100n, 10)).toBe(-1);
    expect(heatLevel(100n, 100n, 10)).toBe(9);
    expect(heatLevel(10n, 100n, 10)).toBeLessThan(heatLevel(50n, 100n, 10));
  });
});

describe("console text of flows", () => {
  it("prints every fixture flow exactly as ovs-ofctl did when colours are off", () => {
    for (const name of fixtureNames("openflow", ".flows").filter((n) => /of10|of15\.(no-stats\.)?flows|names/.test(n))) {
      const flows = parseFlows(fixture("openflow", name));
      expect(renderFlowsText(flows)).toBe(flows.map((f) => formatFlow(f) + "\n").join(""));
      for (const f of flows) expect(flowParts(f).map((p) => p.text).join("")).toBe(formatFlow(f).slice(1));
    }
    for (const name of fixtureNames("datapath", ".flows")) {
      const flows = parseDatapathFlows(fixture("datapath", name));
      for (const f of flows) expect(datapathFlowParts(f).map((p) => p.text).join("")).toBe(formatDatapathFlow(f));
      expect(strip(renderDatapathFlowsText(flows, { color: true }))).toBe(flows.map((f) => formatDatapathFlow(f) + "\n").join(""));
    }
  });

  it("colours parts, highlights filter matches and heat-maps counters only in colour", () => {
    const hl = compileFilter("resubmit.table=8 || in_port=14");
    const text = renderFlowsText(OVN.slice(0, 5), { color: true, highlight: hl, heatMap: "packets" });
    expect(strip(text)).toBe(renderFlowsText(OVN.slice(0, 5)));
    expect(text).toMatch(/\u001b\[[0-9;]*7m(resubmit\(,8\)|in_port=14)\u001b\[0m/);
    // The hottest flow's counter gets the hottest colour.
    const hot = renderFlowsText(OVN, { color: true, heatMap: "packets" });
    expect(hot).toContain("\u001b[1;38;5;196mn_packets=");
    const plain = renderFlowsText(OVN.slice(0, 5), { highlight: hl, heatMap: "packets" });
    expect(plain).not.toMatch(ANSI);
  });

  it("prefixes the source when several inputs are shown", () => {
    const set = flowSetOf([
      ["w1", OVN.slice(0, 1)],
      ["w2", OVN.slice(1, 2)],
    ]);
    expect(renderFlowsText(set).split("\n").slice(0, 2)).toEqual([`[w1]  ${formatFlow(OVN[0] as never).slice(1)}`, `[w2]  ${formatFlow(OVN[1] as never).slice(1)}`]);
  });
});

describe("console text of views", () => {
  it("summary, logic, cookie and diff views", () => {
    const summary = renderSummaryText(summarizeTables(OVN));
    expect(summary.split("\n")[0]).toMatch(/^table\s+flows\s+packets\s+bytes\s+never hit\s+priorities/);
    expect(summary).toMatch(/^0 +14 +\d+ +\d+ +\d+\.\d%/m);
    const logic = renderLogicText(groupFlowsByLogic(OVN), { showFlows: false });
    expect(logic).toContain("table=0\n");
    expect(logic).toContain("priority=100 in_port actions=set_field,resubmit(,8)  x 11 cookies=11");
    const cookies = renderCookieText(groupFlowsByCookie(OVN, { resolveCookie: (c) => (c === 0x6ccfdc1dn ? "lflow A" : undefined) }));
    expect(cookies).toContain("cookie=0x6ccfdc1d lflow A");
    expect(cookies).toMatch(/^cookie=0x0 +\d+ flows$/m);
    const before = parseFlows(" table=1, n_packets=1, n_bytes=60, priority=5,ip actions=drop\n table=1, priority=6 actions=drop");
    const after = parseFlows(" table=1, n_packets=4, n_bytes=240, priority=5,ip actions=drop\n table=2, priority=6 actions=drop");
    const d = renderDiffText(diffFlows(before, after));
    expect(d).toBe(
      "- table=1, priority=6 actions=drop\n+ table=2, priority=6 actions=drop\n~ table=1, priority=5,ip actions=drop  (n_packets+3, n_bytes+180)\n1 added, 1 removed, 1 changed, 0 unchanged\n",
    );
    expect(strip(renderDiffText(diffFlows(before, after), { color: true }))).toBe(d);
  });
});
