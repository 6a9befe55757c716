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
import { isPacketSyntaxError, isSimulationError, parseTrace, type Pipeline, sectionSteps, type SimulatedTrace, simulateTrace, simulateTraceText, type Trace } from "../src/index.js";
import { normalizeRecircIds, recircRenumbering, withoutMegaflow } from "./helpers/sim-compare.js";
import { loadSimPipeline, readSimCases } from "./helpers/sim-snapshot.js";

const CASES = readSimCases();
let pipeline: Pipeline;
beforeAll(() => {
  pipeline = loadSimPipeline();
});

/** Top-level comma-separated datapath actions (commas inside parentheses kept). */
function topLevelActions(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "(") depth++;
    else if (c === ")") depth--;
    else if (c === "," && depth === 0) {
      out.push(text.slice(start, i));
      start = i + 1;
    }
  }
  out.push(text.slice(start));
  return out;
}

interface SectionView {
  readonly steps: string[];
  readonly finalFlow: string | undefined;
  readonly datapathActions: string | undefined;
}

function view(trace: Trace, floodOrder: boolean): SectionView[] {
  // One renumbering per trace, in order of appearance, as for the text.
  const renumber = recircRenumbering();
  return trace.sections.map((s) => {
    renumber(s.flow.text);
    const finalFlow = s.finalFlow === undefined ? undefined : renumber(s.finalFlow.text);
    const dp = s.datapathActionsText === undefined ? undefined : renumber(s.datapathActionsText);
    return {
      steps: sectionSteps(s).map((st) => `${st.bridge} ${st.table} ${st.priority ?? "-"} 0x${st.cookie.toString(16)}`),
      finalFlow,
      datapathActions: dp === undefined ? undefined : floodOrder ? topLevelActions(dp).sort().join(",") : dp,
    };
  });
}

const floodOrderOf = (t: SimulatedTrace): boolean => t.simulation.caveats.some((c) => c.code === "flood-order");

describe("simulateTrace agrees with the real ofproto/trace (test/fixtures/sim)", () => {
  it("has the captured cases", () => {
    expect(CASES.length).toBeGreaterThanOrEqual(100);
    expect(new Set(CASES.map((c) => c.category)).size).toBeGreaterThanOrEqual(15);
  });

  for (const c of CASES.filter((x) => x.category !== "bad-request")) {
    it(`${c.category}: ${c.name}`, () => {
      const sim = simulateTrace(pipeline, c.packet, { bridge: c.bridge, ctNext: c.ctNext });
      const real = parseTrace(c.answer);
      const flood = floodOrderOf(sim);
      const r = view(real, flood);
      const s = view(sim, flood);
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
