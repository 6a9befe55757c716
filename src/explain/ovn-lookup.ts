/**
 * What {@link explainTrace} asks an OVN context: the logical flows behind a step, the chassis
 * behind a tunnel endpoint, the logical port behind an interface or a pair of tunnel keys.
 *
 * @module
 * @internal
 */
import { type OvnContext } from "../ovn/detrace/context.js";
import { describeCookieHit } from "../ovn/detrace/describe.js";
import { lookupCookie } from "../ovn/detrace/detrace.js";
import type { DetraceLogicalFlow } from "../ovn/detrace/model.js";
import type { TraceStep } from "../trace/types.js";
import type { ExplainedLogicalFlow } from "./model.js";
import { describeNbRow } from "./nb-origin.js";

/** A logical flow as the explanation reports it. @internal */
export function explainedFlow(ovn: OvnContext, f: DetraceLogicalFlow): ExplainedLogicalFlow {
  return {
    ...(f.uuid !== undefined && { uuid: f.uuid }),
    datapaths: f.datapaths.map((d) => d.name ?? d.uuid),
    pipeline: f.pipeline,
    table: f.table,
    ...(f.stage !== undefined && { stage: f.stage }),
    priority: f.priority,
    match: f.match,
    actions: f.actions,
    nbRows: f.nbRows.map((h) => describeNbRow(h, ovn.nb)),
  };
}

/** The logical flows and other rows a step's cookie names. @internal */
export function stepRows(ovn: OvnContext, step: TraceStep): { logicalFlows: ExplainedLogicalFlow[]; cookieRows: string[] } {
  const r = lookupCookie(ovn, step.cookie);
  const logicalFlows: ExplainedLogicalFlow[] = [];
  const cookieRows: string[] = [];
  for (const h of r.hits) {
    if (h.table === "Logical_Flow") logicalFlows.push(explainedFlow(ovn, h.flow));
    else cookieRows.push(describeCookieHit(h));
  }
  return { logicalFlows, cookieRows };
}

/** The one logical flow behind a step (undefined when none, or several). @internal */
export function stepFlow(ovn: OvnContext, step: TraceStep): DetraceLogicalFlow | undefined {
  const hits = lookupCookie(ovn, step.cookie).hits.filter((h) => h.table === "Logical_Flow");
  return hits.length === 1 && hits[0]?.table === "Logical_Flow" ? hits[0].flow : undefined;
}

/** The chassis whose Encap has this IP. @internal */
export function chassisByIp(ovn: OvnContext | undefined, ip: string): { name: string; hostname: string; encapType: string } | undefined {
  for (const c of ovn?.sb?.chassis ?? []) {
    const e = c.encaps.find((x) => x.ip === ip);
    if (e !== undefined) return { name: c.name, hostname: c.hostname, encapType: e.type };
  }
  return undefined;
}

/** The logical datapath with this tunnel key, and its port with this port key. @internal */
export function logicalByKeys(ovn: OvnContext | undefined, dpKey: number, portKey: number | undefined): { datapath?: string; port?: string } {
  const sb = ovn?.sb;
  if (sb === undefined) return {};
  const dp = sb.datapathBindings.find((d) => d.tunnelKey === dpKey);
  if (dp === undefined) return {};
  const out: { datapath?: string; port?: string } = { datapath: dp.name ?? dp.uuid };
  if (portKey !== undefined) {
    const pb = sb.portBindings.find((p) => p.datapath === dp.uuid && p.tunnelKey === portKey);
    if (pb !== undefined) out.port = pb.logicalPort;
    else {
      const mg = sb.multicastGroups.find((g) => g.datapath === dp.uuid && g.tunnelKey === portKey);
      if (mg !== undefined) out.port = `multicast group ${mg.name}`;
    }
  }
  return out;
}

/** The logical switch or router a logical port is on. @internal */
export function datapathOfPort(ovn: OvnContext | undefined, logicalPort: string): string | undefined {
  const sb = ovn?.sb;
  if (sb === undefined) return undefined;
  const pb = sb.portBindings.find((p) => p.logicalPort === logicalPort);
  if (pb === undefined) return undefined;
  const dp = sb.datapathBindings.find((d) => d.uuid === pb.datapath);
  return dp?.name ?? pb.datapath;
}
