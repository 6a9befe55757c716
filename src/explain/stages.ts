/**
 * The logical pipeline stages a traced packet went through, from the cookies of its steps.
 *
 * @module
 * @internal
 */
import type { OvnContext } from "../ovn/detrace/context.js";
import { sectionSteps } from "../trace/query.js";
import type { Trace, TraceStep } from "../trace/types.js";
import type { ExplainedStage } from "./model.js";
import { stepFlow } from "./ovn-lookup.js";

/** The logical datapath a step ran for: its `metadata=` (the datapath's tunnel key), else the flow's only datapath. */
function datapathOf(ovn: OvnContext, step: TraceStep, names: readonly string[]): string {
  const m = /(?:^|,)metadata=(0x[0-9a-f]+|\d+)(?:,|$)/.exec(step.matchText);
  if (m !== null) {
    const key = Number(m[1]);
    const dp = ovn.sb?.datapathBindings.find((d) => d.tunnelKey === key);
    if (dp !== undefined) return dp.name ?? dp.uuid;
  }
  return names.length === 1 ? (names[0] as string) : names.length === 0 ? "?" : `one of ${names.length} datapaths`;
}

/**
 * The stages of every section, in execution order; consecutive steps of one stage (same
 * section, datapath and pipeline) count once.
 *
 * @internal
 * @example
 * ```ts
 * import { logicalStages } from "./stages.js";
 * logicalStages(trace, ovn).map((s) => s.stage); // ["ls_in_check_port_sec", "ls_in_apply_port_sec", ...]
 * ```
 */
export function logicalStages(trace: Trace, ovn: OvnContext): ExplainedStage[] {
  const out: ExplainedStage[] = [];
  for (const section of trace.sections) {
    for (const step of sectionSteps(section)) {
      const f = stepFlow(ovn, step);
      if (f?.stage === undefined) continue;
      const datapath = datapathOf(ovn, step, f.datapaths.map((d) => d.name ?? d.uuid));
      const prev = out[out.length - 1];
      if (prev !== undefined && prev.section === section.index && prev.datapath === datapath && prev.pipeline === f.pipeline && prev.stage === f.stage) continue;
      out.push({ section: section.index, line: step.line, datapath, pipeline: f.pipeline, stage: f.stage });
    }
  }
  return out;
}
