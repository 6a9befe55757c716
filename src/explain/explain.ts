/**
 * {@link explainTrace}: what happened to a traced packet and why, from a parsed or a simulated
 * `ofproto/trace` and, optionally, an OVN context (the logical flow, stage and Northbound row
 * behind the step that decided).
 *
 * @module
 */
import { formatDatapathActions } from "../datapath/actions.js";
import type { OvnContext } from "../ovn/detrace/context.js";
import { lookupCookie, lookupOfport } from "../ovn/detrace/detrace.js";
import type { Pipeline } from "../simulate/pipeline.js";
import type { Trace, TraceActionLine, TraceSection, TraceStep } from "../trace/types.js";
import { traceVerdict } from "../trace/verdict.js";
import { datapathOutputs, type RawTunnel } from "./datapath-outputs.js";
import type { DropReason, ExplainedOutput, ExplainedStep, ExplainedTunnel, Explanation, ExplanationVerdictKind } from "./model.js";
import { chassisByIp, datapathOfPort, logicalByKeys, stepRows } from "./ovn-lookup.js";
import { logicalStages } from "./stages.js";
import { summarize } from "./summary.js";
import { type WalkedLine, walkSection } from "./walk.js";

/** Options of {@link explainTrace}. */
export interface ExplainOptions {
  /**
   * The pipeline a simulated trace ran on (or one built from the same node's dumps): names the
   * datapath ports of the verdict (bridge, OpenFlow port, name) exactly. Without it, datapath
   * outputs are paired with the trace's OpenFlow `output` actions by order when their counts
   * agree.
   */
  readonly pipeline?: Pipeline;
}

type PortInfo = { bridge: string; ofport: number; name: string };

function datapathPortMap(pipeline: Pipeline | undefined): Map<string, PortInfo> {
  const m = new Map<string, PortInfo>();
  if (pipeline === undefined) return m;
  for (const b of pipeline.bridges.values()) {
    for (const p of b.ports.values()) {
      if (p.odpPort !== undefined && !m.has(String(p.odpPort))) m.set(String(p.odpPort), { bridge: b.name, ofport: p.ofport, name: p.name });
      if (!m.has(p.name)) m.set(p.name, { bridge: b.name, ofport: p.ofport, name: p.name });
      m.set(`${b.name}\u0000${p.ofport}`, { bridge: b.name, ofport: p.ofport, name: p.name });
    }
  }
  return m;
}

const isOutput = (l: WalkedLine): l is WalkedLine & { item: TraceActionLine } => l.item.kind === "action" && l.item.action.kind === "output";

/** An OpenFlow output that left the bridge: not into a patch port, not skipped, not into a native tunnel. */
function terminalOutputs(lines: readonly WalkedLine[]): { local: (WalkedLine & { item: TraceActionLine })[]; tunnel: (WalkedLine & { item: TraceActionLine })[] } {
  const local: (WalkedLine & { item: TraceActionLine })[] = [];
  const tunnel: (WalkedLine & { item: TraceActionLine })[] = [];
  for (const l of lines) {
    if (!isOutput(l) || l.underlay) continue;
    const notes = l.following.filter((x) => x.kind === "note" || x.kind === "warning" || x.kind === "error").map((x) => ("text" in x ? x.text : ""));
    if (notes.some((t) => /^skipping output|^output to input port|is down|^no such port|^ignoring/i.test(t))) continue;
    if (notes.some((t) => /native tunnel|^tunneling to/.test(t))) {
      tunnel.push(l);
      continue;
    }
    if (l.following.some((x) => x.kind === "bridge")) continue;
    local.push(l);
  }
  return { local, tunnel };
}

function stepRef(step: TraceStep, action: TraceActionLine | undefined, ovn: OvnContext | undefined): ExplainedStep {
  const rows = ovn === undefined ? undefined : stepRows(ovn, step);
  return {
    line: step.line,
    section: step.section,
    bridge: step.bridge,
    table: step.table,
    ...(step.priority !== undefined && { priority: step.priority }),
    cookie: step.cookie,
    matchText: step.matchText,
    ...(action !== undefined && { action: { line: action.line, text: action.text } }),
    ...(rows !== undefined && { logicalFlows: rows.logicalFlows, cookieRows: rows.cookieRows }),
  };
}

function lastLine(lines: readonly WalkedLine[], pred: (l: WalkedLine) => boolean): WalkedLine | undefined {
  for (let i = lines.length - 1; i >= 0; i--) if (pred(lines[i] as WalkedLine)) return lines[i];
  return undefined;
}

interface Decision {
  readonly step?: TraceStep;
  readonly action?: TraceActionLine;
  readonly drop?: DropReason;
}

function dropDecision(section: TraceSection, steps: readonly TraceStep[], lines: readonly WalkedLine[]): Decision {
  const err = lastLine(lines, (l) => l.item.kind === "error");
  if (section.translationError !== undefined) {
    return { ...(err?.step !== undefined && { step: err.step }), drop: { source: "translation-failed", text: `Translation failed (${section.translationError})${err !== undefined && "text" in err.item ? `: ${err.item.text}` : ""}` } };
  }
  if (err !== undefined && "text" in err.item) return { ...(err.step !== undefined && { step: err.step }), drop: { source: "error", text: err.item.text } };
  // The last table that ended the pipeline: an explicit drop, or a miss.
  let last: Decision | undefined;
  for (const l of lines) {
    if (l.item.kind === "action" && l.item.action.kind === "drop" && l.item.nestedIn === undefined && l.step !== undefined) {
      last = { step: l.step, action: l.item, drop: { source: "drop-action", text: `explicit drop action in ${l.step.bridge} table ${l.step.table}` } };
    }
  }
  const miss = [...steps].reverse().find((s) => s.outcome === "no-match" || s.outcome === "frag-drop");
  if (miss !== undefined && (last?.step === undefined || miss.line > last.step.line)) {
    return { step: miss, drop: miss.outcome === "frag-drop" ? { source: "frag-drop", text: `IP fragment dropped in ${miss.bridge} table ${miss.table}` } : { source: "no-match", text: `no flow matched in ${miss.bridge} table ${miss.table}` } };
  }
  if (last !== undefined) return last;
  const warn = lastLine(lines, (l) => l.item.kind === "warning");
  if (warn !== undefined && "text" in warn.item) return { ...(warn.step !== undefined && { step: warn.step }), drop: { source: "warning", text: warn.item.text } };
  const step = steps[steps.length - 1];
  return { ...(step !== undefined && { step }), drop: { source: "no-output", text: "the actions ended without an output" } };
}

function controllerDecision(section: TraceSection, lines: readonly WalkedLine[], steps: readonly TraceStep[]): Decision {
  const text = section.datapathActionsText ?? formatDatapathActions(section.datapathActions ?? []);
  const cookie = /rule_cookie=(0x[0-9a-f]+|\d+)/.exec(text)?.[1];
  const l = lastLine(lines, (x) => x.item.kind === "action" && (x.item.action.kind === "controller" || (x.item.action.kind === "output" && x.item.action.port === "CONTROLLER") || x.item.action.kind === "dec_ttl") && (cookie === undefined || x.step?.cookie === BigInt(cookie)));
  if (l !== undefined && l.item.kind === "action") return { ...(l.step !== undefined && { step: l.step }), action: l.item };
  const step = cookie === undefined ? undefined : [...steps].reverse().find((s) => s.cookie === BigInt(cookie));
  return step === undefined ? {} : { step };
}

function recircDecision(lines: readonly WalkedLine[], steps: readonly TraceStep[]): Decision {
  const l = lastLine(lines, (x) => x.item.kind === "action" && ((x.item.action.kind === "ct" && x.item.action.table !== undefined) || x.item.action.kind === "group" || (x.item.action.kind === "resubmit" && x.item.action.ct === true)));
  return l === undefined || l.item.kind !== "action" ? lastActing(lines, steps) : { ...(l.step !== undefined && { step: l.step }), action: l.item };
}

const ACTING = new Set(["output", "bundle", "bundle_load", "enqueue", "group", "decap", "encap", "pop_mpls", "push_mpls", "controller", "multipath"]);

/** No better clue: the last action that sends or reshapes the packet, else the last step. */
function lastActing(lines: readonly WalkedLine[], steps: readonly TraceStep[]): Decision {
  const l = lastLine(lines, (x) => x.item.kind === "action" && !x.underlay && ACTING.has(x.item.action.kind));
  if (l !== undefined && l.item.kind === "action" && l.step !== undefined) return { step: l.step, action: l.item };
  const step = steps[steps.length - 1];
  return step === undefined ? {} : { step };
}

function tunnelOf(t: RawTunnel, of: (WalkedLine & { item: TraceActionLine }) | undefined, ports: Map<string, PortInfo>, ovn: OvnContext | undefined): ExplainedTunnel {
  const a = of?.item.action;
  const ofport = a?.kind === "output" && typeof a.port === "number" ? a.port : undefined;
  const bridge = of?.step?.bridge;
  const iface = ovn !== undefined && ofport !== undefined && bridge !== undefined ? lookupOfport(ovn, ofport, bridge) : undefined;
  const name = (bridge !== undefined && ofport !== undefined ? ports.get(`${bridge}\u0000${ofport}`)?.name : undefined) ?? iface?.name;
  const chassis = t.remoteIp === undefined ? undefined : chassisByIp(ovn, t.remoteIp);
  const logical = t.key === undefined ? {} : logicalByKeys(ovn, t.key, t.ovnOption === undefined ? undefined : t.ovnOption & 0x7fff);
  return {
    form: t.form,
    ...(t.remoteIp !== undefined && { remoteIp: t.remoteIp }),
    ...(t.localIp !== undefined && { localIp: t.localIp }),
    ...((t.type ?? chassis?.encapType) !== undefined && { type: (t.type ?? chassis?.encapType) as string }),
    ...(t.key !== undefined && { key: t.key }),
    ...(t.outPort !== undefined && { outPort: t.outPort }),
    ...(of !== undefined && { line: of.item.line }),
    ...(bridge !== undefined && { bridge }),
    ...(ofport !== undefined && { ofport }),
    ...(name !== undefined && { name }),
    underlay: t.underlayPorts.map((p) => {
      const info = ports.get(String(p));
      return { datapathPort: p, ...(info !== undefined && { name: info.name, bridge: info.bridge }) };
    }),
    ...(chassis !== undefined && { chassis }),
    ...(logical.datapath !== undefined && { logicalDatapath: logical.datapath }),
    ...(logical.port !== undefined && { logicalPort: logical.port }),
  };
}

/** OVN's output table: the step's cookie is the output port's Port_Binding. */
function portBindingOf(ovn: OvnContext, step: TraceStep): string | undefined {
  const hits = lookupCookie(ovn, step.cookie).hits;
  return hits.length === 1 && hits[0]?.table === "Port_Binding" ? hits[0].row.logicalPort : undefined;
}

function outputOf(dpPort: number | string, of: (WalkedLine & { item: TraceActionLine }) | undefined, by: "ports" | "order" | undefined, info: PortInfo | undefined, ovn: OvnContext | undefined): ExplainedOutput {
  const bridge = info?.bridge ?? of?.step?.bridge;
  const a = of?.item.action;
  const ofport = info?.ofport ?? (a?.kind === "output" && typeof a.port === "number" ? a.port : undefined);
  const iface = ovn !== undefined && ofport !== undefined && bridge !== undefined ? lookupOfport(ovn, ofport, bridge) : undefined;
  const name = info?.name ?? iface?.name;
  const logicalPort = iface?.ifaceId ?? (ovn !== undefined && of?.step !== undefined ? portBindingOf(ovn, of.step) : undefined);
  const datapath = logicalPort === undefined ? undefined : datapathOfPort(ovn, logicalPort);
  return {
    datapathPort: dpPort,
    ...(bridge !== undefined && { bridge }),
    ...(ofport !== undefined && { ofport }),
    ...(name !== undefined && { name }),
    ...(of !== undefined && { line: of.item.line }),
    ...(of !== undefined && by !== undefined && { pairedBy: by }),
    ...(iface !== undefined && { interface: iface }),
    ...(logicalPort !== undefined && { logicalPort }),
    ...(datapath !== undefined && { datapath }),
  };
}

/**
 * Explains a trace: the verdict (delivered to which ports, tunneled to which chassis, dropped
 * and why, sent to the controller, recirculated without the trace following), the step that
 * decided it (by line, into the trace), and with an OVN context the logical flow, stage and
 * Northbound row (ACL, load balancer, NAT... with the NetworkPolicy or Service its
 * external_ids name) behind that step, the logical stages the packet went through, the logical
 * port behind each output and the chassis behind each tunnel.
 *
 * The verdict is read from the `Datapath actions:` of the last section that has them (what
 * `traceVerdict` reads); the deciding step from the tree of that section. Works on parsed
 * traces (`parseTrace`) and simulated ones (`simulateTrace`) alike; the result is plain data.
 *
 * @example
 * ```ts
 * import { explainTrace, formatExplanation, ovnContext, parseTrace } from "ovskit";
 * const e = explainTrace(parseTrace(traceText), ovnContext({ sb, nb, ovs }));
 * e.verdict;                                            // "dropped"
 * e.decidedBy?.logicalFlows?.[0]?.stage;                // "ls_out_acl"
 * e.decidedBy?.logicalFlows?.[0]?.nbRows[0]?.summary;   // 'ACL to-lport 1000 "outport == @pg_pol1 && ip4" drop'
 * console.log(formatExplanation(e));
 * ```
 */
export function explainTrace(trace: Trace, ovn?: OvnContext, options: ExplainOptions = {}): Explanation {
  const v = traceVerdict(trace);
  const section = trace.sections[v.section] as TraceSection;
  const { steps, lines } = walkSection(section);
  const dp = datapathOutputs(section.datapathActions ?? []);
  const notes: string[] = [];
  if (!v.complete) notes.push("the trace has no `Datapath actions:` line (truncated?): the verdict is unknown");

  const ports = datapathPortMap(options.pipeline);
  const terminal = terminalOutputs(lines);
  const used = new Set<number>();
  const outputs: ExplainedOutput[] = [];
  const countsAgree = terminal.local.length === dp.outputs.length;
  dp.outputs.forEach((port, i) => {
    let info = ports.get(String(port));
    let of: (WalkedLine & { item: TraceActionLine }) | undefined;
    let by: "ports" | "order" | undefined;
    if (info !== undefined) {
      const p = info;
      of = terminal.local.find((l, k) => !used.has(k) && l.step?.bridge === p.bridge && l.item.action.kind === "output" && (l.item.action.port === p.ofport || l.item.action.port === p.name));
      if (of !== undefined) used.add(terminal.local.indexOf(of));
      by = "ports";
    } else if (countsAgree && !used.has(i)) {
      of = terminal.local[i];
      by = "order";
      const a = of?.item.action;
      if (of?.step !== undefined && a?.kind === "output") info = ports.get(`${of.step.bridge}\u0000${String(a.port)}`) ?? ports.get(String(a.port));
    }
    outputs.push(outputOf(port, of, by, info, ovn));
  });
  if (outputs.some((o) => o.line === undefined)) notes.push(`${dp.outputs.length} datapath output(s) and ${terminal.local.length} OpenFlow output(s): not all could be paired; give the pipeline with datapath port numbers (dpif/show, dpctl/show) to name them`);
  const tunnels = dp.tunnels.map((t, i) => tunnelOf(t, terminal.tunnel.length === dp.tunnels.length ? terminal.tunnel[i] : undefined, ports, ovn));
  const followed = new Set(trace.sections.map((s) => s.recircId).filter((x): x is number => x !== undefined));
  const recirculations = v.recirc.filter((r) => !followed.has(r));

  let verdict: ExplanationVerdictKind;
  let decision: Decision;
  if (v.translationError !== undefined || (v.complete && v.drop)) {
    verdict = "dropped";
    decision = dropDecision(section, steps, lines);
  } else if (outputs.length > 0 || tunnels.length > 0) {
    verdict = outputs.length > 0 ? "delivered" : "tunneled";
    const pool = verdict === "delivered" ? terminal.local : terminal.tunnel.length > 0 ? terminal.tunnel : terminal.local;
    const paired = [...outputs].reverse().find((o) => o.line !== undefined);
    const l = paired === undefined ? pool[pool.length - 1] : pool.find((x) => x.item.line === paired.line);
    decision = l === undefined ? lastActing(lines, steps) : { ...(l.step !== undefined && { step: l.step }), action: l.item };
  } else if (v.controller) {
    verdict = "controller";
    decision = controllerDecision(section, lines, steps);
  } else if (recirculations.length > 0) {
    verdict = "recirculated";
    decision = recircDecision(lines, steps);
    notes.push(`the trace does not follow recirculation ${recirculations.map((r) => `0x${r.toString(16)}`).join(", ")} (OVS follows only conntrack recirculations)`);
  } else {
    verdict = "dropped";
    decision = dropDecision(section, steps, lines);
  }
  const simulation = (trace as { readonly simulation?: { readonly caveats?: readonly { readonly message: string }[] } }).simulation;
  for (const c of simulation?.caveats ?? []) notes.push(`simulation: ${c.message}`);
  const decidedBy = decision.step === undefined ? undefined : stepRef(decision.step, decision.action, ovn);
  const lf = decidedBy?.logicalFlows?.length === 1 ? decidedBy.logicalFlows[0] : undefined;
  if (decision.drop?.source === "no-output" && lf !== undefined && /\bdrop\b/.test(lf.actions)) {
    decision = { ...decision, drop: { source: "no-output", text: `the logical flow drops it (${lf.stage ?? `table ${lf.table}`}: ${lf.actions})` } };
  }
  const base = {
    kind: "explanation" as const,
    verdict,
    section: v.section,
    sections: trace.sections.length,
    datapathActions: section.datapathActionsText ?? (section.datapathActions === undefined ? "" : formatDatapathActions(section.datapathActions)),
    ...(decidedBy !== undefined && { decidedBy }),
    outputs,
    tunnels,
    controller: v.controller,
    recirculations,
    ...(decision.drop !== undefined && verdict === "dropped" && { drop: decision.drop }),
    stages: ovn === undefined ? [] : logicalStages(trace, ovn),
    notes,
  };
  return { ...base, summary: summarize(base) };
}
