/**
 * The one-sentence summary of an {@link Explanation}.
 *
 * @module
 * @internal
 */
import type { ExplainedOutput, ExplainedStep, ExplainedTunnel, Explanation } from "./model.js";

/** `pod1 (datapath port 2, logical port ns1_pod1-ovn-worker)`. @internal */
export function describeOutput(o: ExplainedOutput): string {
  const extra = [`datapath port ${o.datapathPort}`, ...(o.logicalPort !== undefined ? [`logical port ${o.logicalPort}`] : [])];
  return o.name === undefined ? `datapath port ${o.datapathPort}${o.logicalPort === undefined ? "" : ` (logical port ${o.logicalPort})`}` : `${o.name} (${extra.join(", ")})`;
}

/** `198.51.100.2 (chassis ovn-worker2, geneve) for ns1_pod1-ovn-worker2`. @internal */
export function describeTunnel(t: ExplainedTunnel): string {
  const parts = [...(t.chassis !== undefined ? [`chassis ${t.chassis.name}`] : []), ...(t.type !== undefined ? [t.type] : []), ...(t.key !== undefined ? [`key 0x${t.key.toString(16)}`] : [])];
  const to = t.remoteIp ?? "an unknown endpoint";
  const port = t.logicalPort === undefined ? "" : ` for logical port ${t.logicalPort}${t.logicalDatapath === undefined ? "" : ` on ${t.logicalDatapath}`}`;
  return `${to}${parts.length > 0 ? ` (${parts.join(", ")})` : ""}${port}`;
}

/** `br-int table 46 (ls_out_acl: ACL to-lport 1000 "..." drop, port-group pg_pol1)`. @internal */
export function describeStep(s: ExplainedStep): string {
  const where = `${s.bridge} table ${s.table}`;
  const lf = s.logicalFlows?.length === 1 ? s.logicalFlows[0] : undefined;
  if (lf === undefined) return `${where}${s.logicalFlows !== undefined && s.logicalFlows.length > 1 ? ` (${s.logicalFlows.length} logical flows share its cookie)` : ""}`;
  const row = lf.nbRows[0];
  const rowText = row === undefined ? "" : `: ${row.summary}${row.origin !== undefined ? ` [${row.origin.kind} ${row.origin.name}]` : row.owner !== undefined ? ` (${row.owner.kind} ${row.owner.name})` : ""}`;
  return `${where} (${lf.stage ?? `${lf.pipeline} table ${lf.table}`}${rowText})`;
}

/**
 * One sentence for an explanation without its summary.
 *
 * @internal
 * @example
 * ```ts
 * import { summarize } from "./summary.js";
 * summarize(e); // "dropped by br-int table 46 (ls_out_acl: ...): explicit drop action in br-int table 46"
 * ```
 */
export function summarize(e: Omit<Explanation, "summary">): string {
  const by = e.decidedBy === undefined ? "" : ` by ${describeStep(e.decidedBy)}`;
  switch (e.verdict) {
    case "delivered": {
      const tun = e.tunnels.length > 0 ? ` and tunneled to ${e.tunnels.map(describeTunnel).join(", ")}` : "";
      return `delivered to ${e.outputs.map(describeOutput).join(", ")}${tun}${e.controller ? " (and sent to the controller)" : ""}${by}`;
    }
    case "tunneled":
      return `tunneled to ${e.tunnels.map(describeTunnel).join(", ")}${by}`;
    case "controller":
      return `sent to the controller${by}`;
    case "recirculated":
      return `recirculated (${e.recirculations.map((r) => `0x${r.toString(16)}`).join(", ")}), not followed by the trace${by}`;
    case "dropped":
      return `dropped${by}${e.drop === undefined ? "" : `: ${e.drop.text}`}`;
  }
}
