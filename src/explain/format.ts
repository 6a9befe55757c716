/**
 * {@link formatExplanation}: an {@link Explanation} as text for a terminal.
 *
 * @module
 */
import type { ExplainedLogicalFlow, Explanation } from "./model.js";
import { describeOutput, describeTunnel } from "./summary.js";

function flowLines(f: ExplainedLogicalFlow, indent: string): string[] {
  const out = [`${indent}logical flow: ${f.datapaths.length === 1 ? f.datapaths[0] : `${f.datapaths.length} datapaths`} ${f.pipeline} table=${f.table}${f.stage === undefined ? "" : ` (${f.stage})`} priority=${f.priority}`];
  out.push(`${indent}  match=(${f.match})`, `${indent}  actions=(${f.actions})`);
  for (const r of f.nbRows) {
    out.push(`${indent}  NB ${r.summary}${r.owner === undefined ? "" : ` (on ${r.owner.kind} ${r.owner.name})`}`);
    if (r.origin !== undefined) out.push(`${indent}    ${r.origin.system === "kubernetes" ? "Kubernetes" : "OpenStack"} ${r.origin.kind} ${r.origin.name}`);
  }
  return out;
}

/**
 * Prints an explanation: the verdict in one sentence, the step that decided it (line, bridge,
 * table, priority, cookie, action) with its logical flow and Northbound row, the outputs,
 * tunnels, drop reason, the logical stages visited and the notes.
 *
 * @example
 * ```ts
 * import { explainTrace, formatExplanation } from "ovskit";
 * console.log(formatExplanation(explainTrace(trace, ovn)));
 * // Verdict: dropped by br-int table 46 (ls_out_acl: ACL to-lport 1000 "outport == @pg_pol1 && ip4" drop (port-group pg_pol1)): ...
 * ```
 */
export function formatExplanation(e: Explanation): string {
  const out = [`Verdict: ${e.summary}`];
  out.push(`  section ${e.section} of ${e.sections}; Datapath actions: ${e.datapathActions === "" ? "(none)" : e.datapathActions}`);
  const s = e.decidedBy;
  if (s !== undefined) {
    out.push(`Decided at line ${s.line}: ${s.bridge} table ${s.table}${s.priority === undefined ? "" : `, priority ${s.priority}`}${s.cookie === 0n ? "" : `, cookie 0x${s.cookie.toString(16)}`}${s.matchText === "" ? "" : `, ${s.matchText}`}`);
    if (s.action !== undefined) out.push(`  action (line ${s.action.line}): ${s.action.text}`);
    for (const f of s.logicalFlows ?? []) out.push(...flowLines(f, "  "));
    for (const r of s.cookieRows ?? []) out.push(`  cookie names ${r}`);
  }
  if (e.drop !== undefined) out.push(`Drop reason (${e.drop.source}): ${e.drop.text}`);
  for (const o of e.outputs) out.push(`Output: ${describeOutput(o)}${o.bridge === undefined ? "" : ` from ${o.bridge}${o.ofport === undefined ? "" : ` port ${o.ofport}`}`}${o.line === undefined ? "" : ` (line ${o.line}${o.pairedBy === "order" ? ", paired by order" : ""})`}`);
  for (const t of e.tunnels) {
    const port = t.name ?? (t.outPort === undefined ? undefined : `datapath port ${t.outPort}`);
    const under = t.underlay.map((u) => (u.name === undefined ? `datapath port ${u.datapathPort}` : `${u.name} (datapath port ${u.datapathPort}${u.bridge === undefined ? "" : ` on ${u.bridge}`})`));
    out.push(`Tunnel: ${describeTunnel(t)}${port === undefined ? "" : ` through ${port}`}${t.line === undefined ? "" : ` (line ${t.line})`}${under.length > 0 ? `, out by ${under.join(", ")}` : ""}`);
  }
  if (e.controller && e.verdict !== "controller") out.push("Also sent to the controller");
  if (e.stages.length > 0) {
    out.push("Logical stages:");
    let dp = "";
    for (const st of e.stages) {
      const head = `${st.section}:${st.datapath}`;
      if (head !== dp) out.push(`  [section ${st.section}] ${st.datapath}`);
      dp = head;
      out.push(`    ${st.pipeline === "ingress" ? "in " : "out"} ${st.stage} (line ${st.line})`);
    }
  }
  for (const n of e.notes) out.push(`Note: ${n}`);
  return out.join("\n") + "\n";
}
