/**
 * `formatDetrace`: an annotated trace a person can read, or the `ovn-detrace` format.
 *
 * @module
 */
import type { AnyFlow } from "../../openflow/flow.js";
import { formatFlow } from "../../openflow/format.js";
import { formatTrace } from "../../trace/format.js";
import { traceSteps } from "../../trace/query.js";
import type { TraceStep } from "../../trace/types.js";
import type { OvnContext } from "./context.js";
import { formatOvnDetraceCompat } from "./compat.js";
import type { AnnotatedFlow, DetraceResult, DetracedStep } from "./detrace.js";
import { DetraceError } from "./error.js";
import type { CookieHit, CookieLookup, DetraceDatapath, DetraceInterface, DetraceLogicalFlow } from "./model.js";

/** Options of {@link formatDetrace}. */
export type FormatDetraceOptions =
  | {
      /**
       * `readable` (the default): the trace as OVS prints it, with the OVN objects of each step
       * indented under it.
       */
      readonly style?: "readable";
      readonly ovn?: OvnContext;
    }
  | {
      /**
       * What `ovn-detrace` prints (lines stripped, `  * ` records), with every digit of
       * `in_port` used. It names Northbound rows and chassis from the databases, so it needs
       * the context the result was made with.
       */
      readonly style: "ovn-detrace";
      /**
       * The context the result was made with. Until 0.3.0 it may be left out for a result
       * straight from `detrace()` (which then remembers its context, as in 0.1); a copy of a
       * result does not remember it.
       */
      readonly ovn?: OvnContext;
    };

const hex = (n: bigint | number) => "0x" + n.toString(16);

function dpName(d: DetraceDatapath): string {
  return d.name === undefined ? d.uuid : `"${d.name}"`;
}

function datapaths(list: readonly DetraceDatapath[]): string {
  if (list.length === 0) return "no datapath";
  const first = list.slice(0, 3).map(dpName).join(", ");
  return list.length > 3 ? `${first} and ${list.length - 3} more` : first;
}

function lflow(f: DetraceLogicalFlow, pad: string, out: string[]): void {
  const stage = f.stage === undefined ? `table ${f.table}` : `${f.stage} (table ${f.table})`;
  const id = f.uuid ?? `${hex(f.uuidPrefix).padEnd(10)}…`;
  out.push(`${pad}* logical flow ${id}: ${f.pipeline} ${stage}, priority ${f.priority}, on ${datapaths(f.datapaths)}`);
  out.push(`${pad}    match:   ${f.match}`);
  out.push(`${pad}    actions: ${f.actions}`);
  for (const n of f.nbRows) {
    const r = n.row as unknown as Record<string, unknown>;
    const what = ["match", "action", "name", "ipPrefix", "externalIp", "logicalIp"]
      .filter((k) => typeof r[k] === "string" && r[k] !== "")
      .map((k) => `${k}=${String(r[k])}`)
      .join(", ");
    out.push(`${pad}    from NB ${n.table} ${n.row.uuid}${what === "" ? "" : `: ${what}`}`);
  }
}

function hit(h: CookieHit, pad: string, out: string[]): void {
  switch (h.table) {
    case "Logical_Flow":
      return lflow(h.flow, pad, out);
    case "Port_Binding": {
      const where = h.row.chassisName === undefined ? "not bound" : `on chassis ${h.row.chassisName}`;
      const type = h.row.type === "" ? "" : ` (${h.row.type})`;
      out.push(`${pad}* port binding "${h.row.logicalPort}"${type}, tunnel key ${h.row.tunnelKey}, ${where}, datapath ${h.datapath ? dpName(h.datapath) : "?"}`);
      return;
    }
    case "MAC_Binding":
      out.push(`${pad}* MAC binding ${h.row.ip} is ${h.row.mac} on "${h.row.logicalPort}"`);
      return;
    case "Multicast_Group":
      out.push(`${pad}* multicast group "${h.row.name}" (tunnel key ${h.row.tunnelKey}): ${h.row.portNames.join(", ")}`);
      return;
    case "Chassis":
      out.push(`${pad}* chassis ${h.row.name} (${h.row.hostname})`);
      return;
    case "Load_Balancer":
      out.push(`${pad}* load balancer ${h.row.name} ${Object.entries(h.row.vips).map(([k, v]) => `${k} -> ${v}`).join("; ")}`);
      return;
    case "FDB":
      out.push(`${pad}* FDB ${h.row.mac} on port key ${h.row.portKey} of datapath ${h.datapath ? dpName(h.datapath) : h.row.dpKey}`);
      return;
  }
}

function cookieLines(c: CookieLookup, pad: string, out: string[]): void {
  if (c.miss === "wide") out.push(`${pad}* cookie ${hex(c.cookie)} is wider than 32 bits: not an OVN cookie`);
  else if (c.miss === "not-found") out.push(`${pad}* cookie ${hex(c.cookie)}: no row of the given sources starts with it`);
  if (c.ambiguous) out.push(`${pad}* ambiguous cookie ${hex(c.cookie)}: ${c.hits.length} rows start with it`);
  for (const h of c.hits) hit(h, pad, out);
}

function iface(label: string, port: number, i: DetraceInterface | undefined): string {
  if (i === undefined) return `* ${label} ${port}: no interface with that OpenFlow port number`;
  return `* ${label} ${port}: ${i.name}${i.ifaceId === undefined ? "" : ` (logical port ${i.ifaceId})`}${i.type === "" ? "" : ` [${i.type}]`}`;
}

function stepLines(s: DetracedStep, withPorts: boolean, pad: string): string[] {
  const out: string[] = [];
  if (withPorts && s.inPort !== undefined) out.push(pad + iface("in_port", s.inPort.ofport, s.inPort.interface));
  cookieLines(s.cookie, pad, out);
  if (withPorts) for (const o of s.outputs) out.push(pad + iface("output", o.ofport, o.interface));
  return out;
}

/**
 * Prints a {@link detrace} result: the trace as OVS printed it (`formatTrace(result.trace)`),
 * with the OVN objects behind each table step indented under the step's block (logical flows
 * with their datapaths, stage, match, actions and Northbound origin; port bindings; multicast
 * groups; ambiguous and foreign cookies said as such; interfaces behind port numbers when
 * conf.db was given). It works from the result alone (a copy, a `fromJson` of it, a result of a
 * simulated trace). `{ style: "ovn-detrace", ovn }` prints what `ovn-detrace` prints; it needs
 * the context (throws {@link DetraceError} `missing-context` without it).
 *
 * @example
 * ```ts
 * import { detrace, formatDetrace } from "ovskit";
 * console.log(formatDetrace(detrace(traceText, ovn)));
 * //  8. metadata=0x1, priority 50, cookie 0x7a53ea7c
 * //     resubmit(,73)
 * //     * logical flow 7a53ea7c-...: ingress ls_in_check_port_sec (table 0), priority 50, on "ovn-worker", ...
 * //         match:   1
 * //         actions: reg0[15] = check_in_port_sec(); next;
 * console.log(formatDetrace(detrace(traceText, ovn), { style: "ovn-detrace", ovn }));
 * ```
 */
export function formatDetrace(result: DetraceResult, options: FormatDetraceOptions = {}): string {
  const text = formatTrace(result.trace);
  if (options.style === "ovn-detrace") {
    const ovn = options.ovn ?? (result as { readonly context?: OvnContext }).context;
    if (ovn === undefined) throw new DetraceError("missing-context", "formatDetrace: the ovn-detrace style needs the context: { style: \"ovn-detrace\", ovn }");
    return formatOvnDetraceCompat(result, ovn, text);
  }
  const withPorts = result.withInterfaces;
  const byLine = new Map<number, DetracedStep>();
  for (const s of result.steps) byLine.set(s.line, s);
  const steps = new Map<number, TraceStep>();
  for (const s of traceSteps(result.trace)) steps.set(s.line, s);
  const lines = text.split("\n");
  const out: string[] = [];
  let open: DetracedStep | undefined;
  const close = () => {
    if (open !== undefined) out.push(...stepLines(open, withPorts, " ".repeat((steps.get(open.line)?.indent ?? 0) * 4 + 4)));
    open = undefined;
  };
  lines.forEach((line, i) => {
    const s = byLine.get(i + 1);
    if (s !== undefined || line.trim() === "" || /^ *(Final flow|Megaflow|Datapath actions|={5})/.test(line)) close();
    out.push(line);
    if (s !== undefined) open = s;
  });
  close();
  return out.join("\n");
}

/**
 * Prints flows annotated by {@link annotateFlows}: each flow as `ovs-ofctl dump-flows` prints
 * it, then the OVN objects behind its cookie (and in_port, with conf.db) indented under it.
 *
 * @example
 * ```ts
 * import { annotateFlows, formatAnnotatedFlows, parseFlows } from "ovskit";
 * console.log(formatAnnotatedFlows(annotateFlows(parseFlows(dump), ovn)));
 * ```
 */
export function formatAnnotatedFlows(flows: readonly AnnotatedFlow<AnyFlow>[]): string {
  const out: string[] = [];
  for (const a of flows) {
    out.push(formatFlow(a.flow));
    if (a.inPort !== undefined && a.inPort.interface !== undefined) out.push("    " + iface("in_port", a.inPort.ofport, a.inPort.interface));
    if (a.cookie.miss !== "zero") cookieLines(a.cookie, "    ", out);
  }
  return out.join("\n") + "\n";
}
