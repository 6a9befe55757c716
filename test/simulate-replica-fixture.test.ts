/**
 * A second, independent check: the replica capture (fixtures-gen/replica/capture.sh, made by
 * another sandbox run for the local replica) has its own snapshot and 20 real ofproto/trace
 * answers (OVS 3.1); the pipeline built from its files must give, per section, the same steps
 * (bridge, table, priority, cookie, in order), the same `Final flow:` and the same
 * `Datapath actions:`, then the same whole text (less `Megaflow:`). Recirculation ids are
 * renumbered by order of appearance on both sides; NORMAL floods (caveat `flood-order`) compare
 * their datapath actions as a multiset and skip the whole-text comparison.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { type BridgeTexts, createPipeline, parseTrace, pipelineInputFromTexts, simulateTrace, simulateTraceText } from "../src/index.js";
import { FIXTURES } from "./helpers/fixtures.js";
import { hasFloodOrder, normalizeRecircIds, sectionViews, withoutMegaflow } from "./helpers/sim-compare.js";

const DIR = join(FIXTURES, "replica");
const rd = (f: string): string => readFileSync(join(DIR, f), "utf8");
const BRIDGES = ["br-int", "br-a", "br-b", "br-ex"];
const PACKETS = rd("packets.tsv")
  .split("\n")
  .filter((l) => l.trim() !== "" && !l.startsWith("#"))
  .map((l) => {
    const [name = "", bridge = "", flow = "", extra = ""] = l.split("\t");
    return { name, bridge, flow, ctNext: extra.split(/\s+/).filter((x) => x !== "" && x !== "--ct-next") };
  });

const texts = (withMeters: boolean): Record<string, BridgeTexts> =>
  Object.fromEntries(
    BRIDGES.map((b) => [b, { flows: rd(`${b}.no-stats.flows`), groups: rd(`${b}.groups`), show: rd(`ports-${b}.txt`), tlvMap: rd(`${b}.tlv`), ...(withMeters && b === "br-a" ? { meters: rd("br-a.meters") } : {}) }]),
  );

describe("simulateTrace agrees with the real ofproto/trace on the replica capture (test/fixtures/replica)", () => {
  const pipeline = createPipeline(pipelineInputFromTexts({ bridges: texts(true), dpifShow: rd("dpif-show.txt") }));

  it("reads the capture", () => {
    expect(PACKETS.length).toBe(20);
    expect(pipeline.issues).toEqual([]);
  });

  for (const p of PACKETS) {
    it(p.name, () => {
      const answer = rd(join("traces", `${p.name}.trace`));
      const real = parseTrace(answer);
      const sim = simulateTrace(pipeline, p.flow, { bridge: p.bridge, ctNext: p.ctNext });
      const flood = hasFloodOrder(sim);
      const r = sectionViews(real, flood);
      const s = sectionViews(sim, flood);
      expect(r.length).toBeGreaterThan(0);
      expect(s.length).toBe(r.length);
      r.forEach((section, i) => {
        expect(s[i]?.steps, `section ${i} steps`).toEqual(section.steps);
        expect(s[i]?.finalFlow, `section ${i} Final flow`).toBe(section.finalFlow);
        expect(s[i]?.datapathActions, `section ${i} Datapath actions`).toBe(section.datapathActions);
      });
      if (!flood) expect(normalizeRecircIds(simulateTraceText(pipeline, p.flow, { bridge: p.bridge, ctNext: p.ctNext }))).toBe(normalizeRecircIds(withoutMegaflow(answer)));
    });
  }

  it("meter:N prints meter(M) with the datapath meter id; without a meter list it is left out, and the trace says so", () => {
    const p = PACKETS.find((x) => x.name === "meter");
    expect(p).toBeDefined();
    if (p === undefined) return;
    const real = parseTrace(rd("traces/meter.trace"));
    expect(real.sections[0]?.datapathActionsText).toMatch(/meter\(0\)/);
    const sim = simulateTrace(pipeline, p.flow, { bridge: p.bridge });
    expect(sim.sections[0]?.datapathActionsText).toBe(real.sections[0]?.datapathActionsText);
    expect(sim.simulation.caveats.map((c) => c.code)).toContain("meter-id");

    const noMeters = createPipeline(pipelineInputFromTexts({ bridges: texts(false), dpifShow: rd("dpif-show.txt") }));
    const bare = simulateTrace(noMeters, p.flow, { bridge: p.bridge });
    expect(bare.sections[0]?.datapathActionsText).not.toMatch(/meter\(/);
    expect(bare.simulation.caveats.map((c) => c.code)).toContain("meter-unknown");
  });
});
