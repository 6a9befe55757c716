/**
 * The simulator against the real `ofproto/trace` (OVS 3.1): every case of the generate-sim.sh
 * fixture (one snapshot of a real sandbox and the answers the daemon gave on it) is simulated
 * from the snapshot's dumps and compared with the real answer: per section the same steps
 * (bridge, table, priority, cookie, in order), the same `Final flow:` and the same
 * `Datapath actions:`; then the whole text (less `Megaflow:`, which the simulator does not
 * compute). Recirculation ids are renumbered by order of appearance on both sides (OVS's depend
 * on the daemon's history). NORMAL floods in an order OVS does not record: for those cases
 * (caveat `flood-order`) the datapath actions are compared as a multiset and the text is not.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { isPacketSyntaxError, isSimulationError, parseTrace, type Pipeline, simulateTrace, simulateTraceText } from "../src/index.js";
import { hasFloodOrder, normalizeRecircIds, sectionViews, withoutMegaflow } from "./helpers/sim-compare.js";
import { loadSimPipeline, readSimCases } from "./helpers/sim-snapshot.js";

const CASES = readSimCases();
let pipeline: Pipeline;
beforeAll(() => {
  pipeline = loadSimPipeline();
});

describe("simulateTrace agrees with the real ofproto/trace (test/fixtures/sim)", () => {
  it("has the captured cases", () => {
    expect(CASES.length).toBeGreaterThanOrEqual(100);
    expect(new Set(CASES.map((c) => c.category)).size).toBeGreaterThanOrEqual(15);
  });

  for (const c of CASES.filter((x) => x.category !== "bad-request")) {
    it(`${c.category}: ${c.name}`, () => {
      const sim = simulateTrace(pipeline, c.packet, { bridge: c.bridge, ctNext: c.ctNext });
      const real = parseTrace(c.answer);
      const flood = hasFloodOrder(sim);
      const r = sectionViews(real, flood);
      const s = sectionViews(sim, flood);
      expect(s.length).toBe(r.length);
      r.forEach((section, i) => {
        expect(s[i]?.steps, `section ${i} steps`).toEqual(section.steps);
        expect(s[i]?.finalFlow, `section ${i} Final flow`).toBe(section.finalFlow);
        expect(s[i]?.datapathActions, `section ${i} Datapath actions`).toBe(section.datapathActions);
      });
      if (!flood) expect(normalizeRecircIds(simulateTraceText(pipeline, c.packet, { bridge: c.bridge, ctNext: c.ctNext }))).toBe(normalizeRecircIds(withoutMegaflow(c.answer)));
    });
  }

  for (const c of CASES.filter((x) => x.category === "bad-request")) {
    it(`refused like OVS: ${c.name}`, () => {
      let error: unknown;
      try {
        simulateTrace(pipeline, c.packet, { bridge: c.bridge, ctNext: c.ctNext });
      } catch (e) {
        error = e;
      }
      expect(isPacketSyntaxError(error) || isSimulationError(error)).toBe(true);
      // The first line is the daemon's error; the second is ovs-appctl's ("server returned an error").
      const ovsLine = c.answer.split("\n")[0];
      const e = error as { readonly ovsMessage?: string; readonly message: string };
      expect(e.ovsMessage ?? e.message).toBe(ovsLine);
    });
  }
});
