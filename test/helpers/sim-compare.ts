/** Comparison of a simulated `ofproto/trace` text with the real one (test helper). */
import { sectionFinalFlow, sectionSteps, type SimulatedTrace, type Trace } from "../../src/index.js";

/** Recirculation ids renumbered by order of appearance (OVS's depend on the daemon's history). */
export function normalizeRecircIds(text: string): string {
  return recircRenumbering()(text);
}

/** A renumbering shared by several texts of one trace (ids numbered by first appearance). */
export function recircRenumbering(): (text: string) => string {
  const ids = new Map<number, number>();
  return (text) => text.replace(/(recirc\(|recirc_id=|recirc_id\()(0x[0-9a-f]+|\d+)/g, (_m, pre: string, v: string) => {
    const n = Number(v);
    if (n === 0 && pre === "recirc_id=") return `${pre}0`;
    let k = ids.get(n);
    if (k === undefined) {
      k = ids.size + 1;
      ids.set(n, k);
    }
    return `${pre}R${k}`;
  });
}

/** The real answer without what the simulator does not compute (`Megaflow:` lines). */
export function withoutMegaflow(text: string): string {
  return text
    .split("\n")
    .filter((l) => !l.startsWith("Megaflow: "))
    .join("\n");
}

/** Top-level comma-separated datapath actions (commas inside parentheses kept). */
export function topLevelActions(text: string): string[] {
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

/** What the agreement tests compare of one section. */
export interface SectionView {
  readonly steps: string[];
  readonly finalFlow: string | undefined;
  readonly datapathActions: string | undefined;
}

/**
 * Per section: the steps (bridge, table, priority, cookie, in order), `Final flow:` and
 * `Datapath actions:`, recirculation ids renumbered by order of appearance; with `floodOrder`,
 * the datapath actions as a sorted multiset.
 */
export function sectionViews(trace: Trace, floodOrder: boolean): SectionView[] {
  const renumber = recircRenumbering();
  return trace.sections.map((s) => {
    renumber(s.flow.text);
    const final = sectionFinalFlow(s);
    const finalFlow = final === undefined ? undefined : renumber(final.text);
    const dp = s.datapathActionsText === undefined ? undefined : renumber(s.datapathActionsText);
    return {
      steps: sectionSteps(s).map((st) => `${st.bridge} ${st.table} ${st.priority ?? "-"} 0x${st.cookie.toString(16)}`),
      finalFlow,
      datapathActions: dp === undefined ? undefined : floodOrder ? topLevelActions(dp).sort().join(",") : dp,
    };
  });
}

/** True when the simulation flooded (NORMAL / FLOOD / ALL) in an order OVS does not record. */
export const hasFloodOrder = (t: SimulatedTrace): boolean => t.simulation.caveats.some((c) => c.code === "flood-order");
