/**
 * `detrace` and `annotateFlows`: the OVN objects behind each step of an `ofproto/trace` and
 * behind each OpenFlow flow, from an {@link OvnContext}.
 *
 * @module
 */
import type { AnyFlow, Flow } from "../../openflow/flow.js";
import type { MatchField } from "../../openflow/match.js";
import { parseTrace } from "../../trace/parse.js";
import { traceSteps } from "../../trace/query.js";
import type { Trace, TraceActionLine, TraceStep } from "../../trace/types.js";
import { type OvnContext, resolveCookie } from "./context.js";
import { rememberContext } from "./format.js";
import type { CookieLookup, DetraceInterface } from "./model.js";

const MAX_OVN_COOKIE = 0xffffffffn;

/**
 * What an OpenFlow cookie names in OVN: the Southbound rows whose UUID starts with its 8 hex
 * digits (ovn-controller's cookie is the first 32 bits of the row's UUID). The comparison is
 * numeric: a cookie wider than 32 bits names nothing (`miss: "wide"`), never a row by a
 * longer or shorter prefix.
 *
 * @example
 * ```ts
 * import { lookupCookie } from "ovskit";
 * const r = lookupCookie(ovn, 0xae11e9e0n);
 * if (r.ambiguous) console.log("duplicate cookie:", r.hits.map((h) => h.table));
 * for (const h of r.hits) if (h.table === "Logical_Flow") console.log(h.flow.stage, h.flow.match);
 * ```
 */
export function lookupCookie(ovn: OvnContext, cookie: bigint | number): CookieLookup {
  const c = BigInt(cookie);
  if (c === 0n) return { cookie: c, hits: [], ambiguous: false, miss: "zero" };
  if (c < 0n || c > MAX_OVN_COOKIE) return { cookie: c, hits: [], ambiguous: false, miss: "wide" };
  const hits = resolveCookie(ovn, Number(c));
  return { cookie: c, hits, ambiguous: hits.length > 1, ...(hits.length === 0 && { miss: "not-found" as const }) };
}

/**
 * The interface behind an OpenFlow port number of a bridge (default: the integration bridge),
 * from conf.db; `undefined` without conf.db or when no interface has that number.
 *
 * @example
 * ```ts
 * import { lookupOfport } from "ovskit";
 * lookupOfport(ovn, 13); // { ofport: 13, bridge: "br-int", name: "pod3", ifaceId: "ns3_pod3-ovn-worker", type: "" }
 * ```
 */
export function lookupOfport(ovn: OvnContext, ofport: number, bridge = ovn.integrationBridge): DetraceInterface | undefined {
  return ovn.interfaces.get(`${bridge}\u0000${ofport}`);
}

function inPortOf(match: readonly MatchField[]): number | undefined {
  const f = match.find((m) => m.name === "in_port");
  const v = f?.value;
  if (v?.kind === "int" && v.mask === undefined && v.value <= 0xffffffffn) return Number(v.value);
  return undefined;
}

/** An `output:N` action line of a step, with the interface behind N. */
export interface DetraceOutput {
  readonly line: TraceActionLine;
  readonly ofport: number;
  readonly interface?: DetraceInterface;
}

/** One trace step with what OVN says about it. */
export interface DetracedStep {
  readonly step: TraceStep;
  /** What the step's cookie names (a zero cookie gives `miss: "zero"`). */
  readonly cookie: CookieLookup;
  /** The step's `in_port=N` (all digits of it), and its interface when conf.db was given. */
  readonly inPort?: { readonly ofport: number; readonly interface?: DetraceInterface };
  /** The step's `output:N` actions. */
  readonly outputs: readonly DetraceOutput[];
}

/** Result of {@link detrace}. */
export interface DetraceResult {
  readonly trace: Trace;
  /** Every table step, in execution order. */
  readonly steps: readonly DetracedStep[];
  /** The trace text, when {@link detrace} was given text (then {@link formatDetrace} reprints it). */
  readonly text?: string;
}

function detraceStep(ovn: OvnContext, step: TraceStep): DetracedStep {
  const port = inPortOf(step.match);
  const iface = port === undefined ? undefined : lookupOfport(ovn, port, step.bridge);
  const outputs: DetraceOutput[] = [];
  for (const line of step.actions) {
    const a = line.action;
    if (a.kind !== "output" || typeof a.port !== "number") continue;
    const i = lookupOfport(ovn, a.port, step.bridge);
    outputs.push({ line, ofport: a.port, ...(i !== undefined && { interface: i }) });
  }
  return {
    step,
    cookie: lookupCookie(ovn, step.cookie),
    ...(port !== undefined && { inPort: { ofport: port, ...(iface !== undefined && { interface: iface }) } }),
    outputs,
  };
}

/**
 * Explains an `ovs-appctl ofproto/trace` with OVN's objects, like `ovn-detrace` but offline:
 * for every table step, the logical flow(s) its cookie names (datapaths, pipeline, table,
 * stage, priority, match and actions, parsed, and the Northbound row of its stage hint), or
 * the port binding, multicast group, chassis, MAC binding, load balancer or FDB entry; the
 * interfaces behind `in_port` and `output:` port numbers (with conf.db). A cookie that names
 * several rows lists them all and is marked ambiguous.
 *
 * Pass the trace text to keep it for {@link formatDetrace}, or a parsed {@link Trace}.
 *
 * @example
 * ```ts
 * import { detrace, formatDetrace } from "ovskit";
 * const r = detrace(traceText, ovn);
 * for (const s of r.steps) {
 *   for (const h of s.cookie.hits) if (h.table === "Logical_Flow") console.log(s.step.table, h.flow.stage, h.flow.match);
 * }
 * console.log(formatDetrace(r));
 * ```
 */
export function detrace(trace: string | Trace, ovn: OvnContext): DetraceResult {
  const t = typeof trace === "string" ? parseTrace(trace) : trace;
  const steps = traceSteps(t).map((s) => detraceStep(ovn, s));
  const result: DetraceResult = { trace: t, steps, ...(typeof trace === "string" && { text: trace }) };
  rememberContext(result, ovn);
  return result;
}

/** One flow with what OVN says about its cookie and in_port. */
export interface AnnotatedFlow<F extends AnyFlow = Flow> {
  readonly flow: F;
  readonly cookie: CookieLookup;
  readonly inPort?: { readonly ofport: number; readonly interface?: DetraceInterface };
}

/**
 * Annotates OpenFlow flows (from `ovs-ofctl dump-flows br-int`) with the OVN objects behind
 * their cookies and `in_port`s; lookups are shared between flows with the same cookie. Lazy
 * flows work as they are (only the cookie and the match are read).
 *
 * @example
 * ```ts
 * import { annotateFlows, parseFlows } from "ovskit";
 * for (const a of annotateFlows(parseFlows(dump), ovn)) {
 *   const lf = a.cookie.hits.find((h) => h.table === "Logical_Flow");
 *   if (lf) console.log(a.flow.table, lf.flow.stage, lf.flow.match);
 * }
 * ```
 */
export function annotateFlows<F extends AnyFlow>(flows: Iterable<F>, ovn: OvnContext, bridge = ovn.integrationBridge): AnnotatedFlow<F>[] {
  const out: AnnotatedFlow<F>[] = [];
  const seen = new Map<bigint, CookieLookup>();
  for (const flow of flows) {
    const cookie = flow.cookie ?? 0n;
    let c = seen.get(cookie);
    if (c === undefined) {
      c = lookupCookie(ovn, cookie);
      seen.set(cookie, c);
    }
    const port = inPortOf(flow.match);
    const iface = port === undefined ? undefined : lookupOfport(ovn, port, bridge);
    out.push({ flow, cookie: c, ...(port !== undefined && { inPort: { ofport: port, ...(iface !== undefined && { interface: iface }) } }) });
  }
  return out;
}
