/**
 * `formatDetrace`: an annotated trace a person can read, or the `ovn-detrace` format.
 *
 * @module
 */
import { formatFlow } from "../../openflow/format.js";
import type { OvnContext } from "./context.js";
import { formatOvnDetraceCompat } from "./compat.js";
import type { AnnotatedFlow, DetraceResult, DetracedStep } from "./detrace.js";
import type { CookieHit, CookieLookup, DetraceDatapath, DetraceInterface, DetraceLogicalFlow } from "./model.js";

/** The context each result was made with (for the ovn-detrace format's Northbound columns). */
const contexts = new WeakMap<DetraceResult, OvnContext>();

/**
 * Remembers the context of a result.
 *
 * @internal
 * @example
 * ```ts
 * import { rememberContext } from "./format.js";
 * rememberContext(result, ovn);
 * ```
 */
export function rememberContext(result: DetraceResult, ovn: OvnContext): void {
  contexts.set(result, ovn);
}

/** Options of {@link formatDetrace}. */
export interface FormatDetraceOptions {
  /**
   * `readable` (the default): the trace as printed, with the OVN objects of each step indented
   * under it. `ovn-detrace`: what `ovn-detrace` prints (lines stripped, `  * ` records), with
   * every digit of `in_port` used.
   */
  readonly style?: "readable" | "ovn-detrace";
}

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

function stepHeader(s: DetracedStep): string {
  const st = s.step;
  const pad = " ".repeat(st.indent * 4);
  if (st.outcome !== "match") return `${pad}${st.table}. No match (${st.outcome})`;
  const match = st.matchText === "" ? "" : `${st.matchText}, `;
  return `${pad}${st.table}. ${match}priority ${st.priority ?? 0}${st.cookie === 0n ? "" : `, cookie ${hex(st.cookie)}`}`;
}

/**
 * Prints a {@link detrace} result: by default the trace as OVS printed it, with the OVN
 * objects behind each table step indented under the step's block (logical flows with their
 * datapaths, stage, match, actions and Northbound origin; port bindings; multicast groups;
 * ambiguous and foreign cookies said as such; interfaces behind port numbers when conf.db was
 * given). A result made from a parsed trace (no text) prints one line per step instead.
 * `{ style: "ovn-detrace" }` prints what `ovn-detrace` prints.
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
 * ```
 */
export function formatDetrace(result: DetraceResult, options: FormatDetraceOptions = {}): string {
  const ovn = contexts.get(result);
  const withPorts = ovn?.ovs !== undefined;
  if (options.style === "ovn-detrace") {
    if (result.text === undefined || ovn === undefined) throw new TypeError("the ovn-detrace style needs a result of detrace(text, ovn)");
    return formatOvnDetraceCompat(result, ovn, result.text);
  }
  if (result.text === undefined) {
    const out: string[] = [];
    for (const s of result.steps) out.push(stepHeader(s), ...stepLines(s, withPorts, " ".repeat(s.step.indent * 4 + 4)));
    return out.join("\n") + "\n";
  }
  const byLine = new Map<number, DetracedStep>();
  for (const s of result.steps) byLine.set(s.step.line, s);
  const lines = result.text.split("\n");
  const out: string[] = [];
  let open: DetracedStep | undefined;
  const close = () => {
    if (open !== undefined) out.push(...stepLines(open, withPorts, " ".repeat(open.step.indent * 4 + 4)));
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
export function formatAnnotatedFlows(flows: readonly AnnotatedFlow[]): string {
  const out: string[] = [];
  for (const a of flows) {
    out.push(formatFlow(a.flow));
    if (a.inPort !== undefined && a.inPort.interface !== undefined) out.push("    " + iface("in_port", a.inPort.ofport, a.inPort.interface));
    if (a.cookie.miss !== "zero") cookieLines(a.cookie, "    ", out);
  }
  return out.join("\n") + "\n";
}
