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
import type { Trace, TraceStep } from "../../trace/types.js";
import { type OvnContext, resolveCookie } from "./context.js";
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
  /** The 1-based line of the `output:N` action line in the trace (its `line`). */
  readonly line: number;
  readonly ofport: number;
  readonly interface?: DetraceInterface;
}

/**
 * One trace step with what OVN says about it. `steps[i]` of a {@link DetraceResult} is about
 * `traceSteps(result.trace)[i]`; `line` names the step (its `line` in the trace).
 *
 * Until 0.3.0 it also has the 0.1 field `step` (the step itself) as a non-enumerable property.
 */
export interface DetracedStep {
  /** The step's 1-based line in the trace. */
  readonly line: number;
  /** The step's bridge and table (to read a result without its trace). */
  readonly bridge: string;
  readonly table: number;
  /** What the step's cookie names (a zero cookie gives `miss: "zero"`). */
  readonly cookie: CookieLookup;
  /** The step's `in_port=N` (all digits of it), and its interface when conf.db was given. */
  readonly inPort?: { readonly ofport: number; readonly interface?: DetraceInterface };
  /** The step's `output:N` actions. */
  readonly outputs: readonly DetraceOutput[];
  /** @deprecated Since 0.2.0: `traceSteps(result.trace)[i]`, or the step whose `line` is `line`. Non-enumerable; removed in 0.3.0. */
  readonly step?: TraceStep;
}

/**
 * Result of {@link detrace}: plain data (the trace once, each step's OVN objects by reference to
 * the step's line).
 *
 * Until 0.3.0 it also has the 0.1 field `text` (the trace text, when `detrace` was given text)
 * as a non-enumerable property.
 */
export interface DetraceResult {
  readonly trace: Trace;
  /** Every table step, in execution order (`steps[i]` is about `traceSteps(trace)[i]`). */
  readonly steps: readonly DetracedStep[];
  /** True when the context had OVS's conf.db: port numbers were looked up as interfaces. */
  readonly withInterfaces: boolean;
  /** @deprecated Since 0.2.0: `formatTrace(result.trace)`. Non-enumerable; removed in 0.3.0. */
  readonly text?: string;
}

/** One descriptor for every `DetracedStep.step` (0.1 field): no descriptor object per step. */
const STEP_FIELD: PropertyDescriptor = { value: undefined, enumerable: false, writable: false, configurable: true };

function detraceStep(ovn: OvnContext, step: TraceStep): DetracedStep {
  const port = inPortOf(step.match);
  const outputs: DetraceOutput[] = [];
  for (const line of step.items) {
    if (line.kind !== "action") continue;
    const a = line.action;
    if (a.kind !== "output" || typeof a.port !== "number") continue;
    const i = lookupOfport(ovn, a.port, step.bridge);
    outputs.push(i === undefined ? { line: line.line, ofport: a.port } : { line: line.line, ofport: a.port, interface: i });
  }
  const cookie = lookupCookie(ovn, step.cookie);
  let out: DetracedStep;
  if (port === undefined) out = { line: step.line, bridge: step.bridge, table: step.table, cookie, outputs };
  else {
    const iface = lookupOfport(ovn, port, step.bridge);
    const inPort = iface === undefined ? { ofport: port } : { ofport: port, interface: iface };
    out = { line: step.line, bridge: step.bridge, table: step.table, cookie, inPort, outputs };
  }
  STEP_FIELD.value = step;
  Object.defineProperty(out, "step", STEP_FIELD);
  STEP_FIELD.value = undefined;
  return out;
}

/**
 * Explains an `ovs-appctl ofproto/trace` with OVN's objects, like `ovn-detrace` but offline:
 * for every table step, the logical flow(s) its cookie names (datapaths, pipeline, table,
 * stage, priority, match and actions, parsed, and the Northbound row of its stage hint), or
 * the port binding, multicast group, chassis, MAC binding, load balancer or FDB entry; the
 * interfaces behind `in_port` and `output:` port numbers (with conf.db). A cookie that names
 * several rows lists them all and is marked ambiguous.
 *
 * Pass the trace text or a parsed {@link Trace} (a simulated one too). The result is plain data:
 * `toJson` / `structuredClone` copy it, and {@link formatDetrace} prints it from itself alone.
 *
 * @example
 * ```ts
 * import { detrace, formatDetrace } from "ovskit";
 * const r = detrace(traceText, ovn);
 * for (const s of r.steps) {
 *   for (const h of s.cookie.hits) if (h.table === "Logical_Flow") console.log(s.table, h.flow.stage, h.flow.match);
 * }
 * console.log(formatDetrace(r));
 * ```
 */
export function detrace(trace: string | Trace, ovn: OvnContext): DetraceResult {
  const t = typeof trace === "string" ? parseTrace(trace) : trace;
  const steps = traceSteps(t).map((s) => detraceStep(ovn, s));
  const result: DetraceResult = { trace: t, steps, withInterfaces: ovn.ovs !== undefined };
  if (typeof trace === "string") Object.defineProperty(result, "text", { value: trace, enumerable: false, configurable: true });
  // 0.1 compatibility until 0.3.0: formatDetrace(result, { style: "ovn-detrace" }) without `ovn`.
  Object.defineProperty(result, "context", { value: ovn, enumerable: false, configurable: true });
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
