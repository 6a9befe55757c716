/**
 * {@link compareTraces}: where two answers for the same packet differ, section by section: the
 * table steps (bridge, table, priority, cookie, in order), the `Final flow:` and the `Datapath
 * actions:`, with recirculation ids and datapath port numbers made comparable (see
 * {@link normalizeTrace}). Plain data in, plain data out.
 *
 * @module
 */
import { type Trace, type TraceSection, sectionFinalFlow, sectionSteps } from "ovskit";
import { nameDatapathPorts } from "./normalize.js";

/** One difference between two traces of the same packet. */
export interface TraceDifference {
  /** Index of the section (0: the first pass, then one per recirculation). */
  readonly section: number;
  readonly field: "sections" | "steps" | "final-flow" | "datapath-actions";
  /** For `steps`: the index of the first step that differs. */
  readonly index?: number;
  /** What the reference (the real ovs-vswitchd) has; `""` when it has nothing there. */
  readonly expected: string;
  /** What the other one has. */
  readonly actual: string;
}

/** Options of {@link compareTraces}. */
export interface CompareTracesOptions {
  /** Datapath port number → name for the expected trace (`datapathPortNames(dpifShowText)`). */
  readonly expectedPorts?: Readonly<Record<string, string>>;
  /** The same for the actual trace (default: `expectedPorts`). */
  readonly actualPorts?: Readonly<Record<string, string>>;
}

/** `bridge table priority cookie` of every step of a section, in execution order. */
function steps(section: TraceSection): string[] {
  return sectionSteps(section).map((s) => `${s.bridge} table ${s.table} ${s.outcome === "match" ? `priority ${s.priority ?? "?"} cookie 0x${s.cookie.toString(16)}` : s.outcome}`);
}

/** Renumbers recirculation ids in order of appearance, over a whole trace (one map per trace). */
function recircRenumberer(): (text: string) => string {
  const ids = new Map<number, number>();
  const id = (raw: string) => {
    const n = raw.startsWith("0x") ? Number.parseInt(raw.slice(2), 16) : Number(raw);
    if (n === 0) return raw;
    let k = ids.get(n);
    if (k === undefined) ids.set(n, (k = ids.size + 1));
    return `#${k}`;
  };
  return (text) => text.replace(/\brecirc\((0x[0-9a-f]+|\d+)\)/g, (_, v: string) => `recirc(${id(v)})`).replace(/\brecirc_id([=(])(0x[0-9a-f]+|\d+)/g, (_, sep: string, v: string) => `recirc_id${sep}${id(v)}`);
}

/**
 * The differences between `expected` (the real `ofproto/trace`) and `actual` (e.g. the
 * simulator's) for the same packet: per section, the first step that differs (bridge, table,
 * priority, cookie), the `Final flow:` and the `Datapath actions:` (ports named, recirculation
 * ids renumbered). An empty list means they agree. Megaflows are not compared (their wildcards
 * depend on the classifier's history).
 *
 * @example
 * ```ts
 * import { parseTrace } from "ovskit";
 * import { compareTraces } from "ovskit/node";
 * const diffs = compareTraces(parseTrace(realText), parseTrace(otherText));
 * for (const d of diffs) console.log(`section ${d.section} ${d.field}: ${d.expected} != ${d.actual}`);
 * ```
 */
export function compareTraces(expected: Trace, actual: Trace, options: CompareTracesOptions = {}): TraceDifference[] {
  const out: TraceDifference[] = [];
  const ePorts = options.expectedPorts ?? {};
  const aPorts = options.actualPorts ?? ePorts;
  const eR = recircRenumberer();
  const aR = recircRenumberer();
  const n = Math.max(expected.sections.length, actual.sections.length);
  if (expected.sections.length !== actual.sections.length) {
    out.push({ section: Math.min(expected.sections.length, actual.sections.length), field: "sections", expected: `${expected.sections.length} sections`, actual: `${actual.sections.length} sections` });
  }
  for (let i = 0; i < n; i++) {
    const e = expected.sections[i];
    const a = actual.sections[i];
    if (e === undefined || a === undefined) break;
    const es = steps(e);
    const as = steps(a);
    const first = es.findIndex((s, k) => s !== as[k]);
    const at = first >= 0 ? first : es.length !== as.length ? es.length : -1;
    if (at >= 0) out.push({ section: i, field: "steps", index: at, expected: es[at] ?? "", actual: as[at] ?? "" });
    const ef = eR((sectionFinalFlow(e) ?? e.flow).text);
    const af = aR((sectionFinalFlow(a) ?? a.flow).text);
    if (ef !== af) out.push({ section: i, field: "final-flow", expected: ef, actual: af });
    const ed = nameDatapathPorts(eR(e.datapathActionsText ?? ""), ePorts);
    const ad = nameDatapathPorts(aR(a.datapathActionsText ?? ""), aPorts);
    if (ed !== ad) out.push({ section: i, field: "datapath-actions", expected: ed, actual: ad });
  }
  return out;
}
