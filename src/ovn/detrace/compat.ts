/**
 * The `ovn-detrace` output format (OVN 23.03 `utilities/ovn_detrace.py`), reproduced from a
 * {@link DetraceResult}: the trace lines stripped, and after each table step's block the
 * `  * ` records of its cookie and port numbers, `   * ` for Northbound hints. Two deliberate
 * differences: every digit of `in_port=N` is used (ovn-detrace keeps only the last one), and a
 * cookie wider than 32 bits names nothing.
 *
 * @module
 */
import type { DetraceResult } from "./detrace.js";
import type { OvnContext } from "./context.js";
import type { CookieHit, DetraceDatapath, DetraceInterface, DetraceLogicalFlow } from "./model.js";
import { pyColumn } from "./py-repr.js";

const P = "  * ";
const H = "   * ";

function dpStr(d: DetraceDatapath | undefined): string {
  return `"${d?.name ?? "None"}" (${d?.uuid ?? "None"})`;
}

function chassisStr(ovn: OvnContext, chassisUuid: string | undefined): string {
  const c = chassisUuid === undefined ? undefined : ovn.sb?.chassis.find((x) => x.uuid === chassisUuid);
  return c === undefined ? "" : `chassis-name "${c.name}", chassis-str "${c.hostname}"`;
}

/** The hint tables ovn-detrace searches, in its order, with its line for each row. */
const HINTS: readonly [string, (col: (name: string) => string) => string][] = [
  ["ACL", (c) => `ACL: ${c("direction")}, priority=${c("priority")}, match=(${c("match")}), ${c("action")}${c("log") === "True" ? " (log)" : ""}`],
  ["DHCP_Options", (c) => `DHCP Options: cidr ${c("cidr")} options (${c("options")})`],
  ["Forwarding_Group", (c) => `Forwarding Group: name ${c("name")} vip ${c("vip")} vmac ${c("vmac")} liveness ${c("liveness")} child ports (${c("child_port")})`],
  ["Logical_Switch_Port", (c) => `Logical Switch Port: ${c("name")} type ${c("type")} (addresses ${c("addresses")}, dynamic addresses ${c("dynamic_addresses")}, security ${c("port_security")}`],
  ["Logical_Router_Port", (c) => `Logical Router Port: ${c("name")} mac ${c("mac")} networks ${c("networks")} ipv6_ra_configs ${c("ipv6_ra_configs")}`],
  ["Logical_Router_Policy", (c) => `Logical Router Policy: priority ${c("priority")} match ${c("match")} action ${c("action")} nexthop ${c("nexthop")}`],
  ["Load_Balancer", (c) => `Load Balancer: ${c("name")} protocol ${c("protocol")} vips ${c("vips")} ip_port_mappings ${c("ip_port_mappings")}`],
  ["NAT", (c) => `NAT: external IP ${c("external_ip")} external_mac ${c("external_mac")} logical_ip ${c("logical_ip")} logical_port ${c("logical_port")} type ${c("type")}`],
  ["Logical_Router_Static_Route", (c) => `Route: ${c("ip_prefix")} via ${c("nexthop")} (port ${c("output_port")}), policy=${c("policy")}`],
  ["QoS", (c) => `QoS: priority ${c("priority")} direction ${c("direction")} match ${c("match")} action ${c("action")} bandwidth ${c("bandwidth")}`],
]; // prettier-ignore

function hintLines(ovn: OvnContext, hint: string | undefined, out: string[]): void {
  const nb = ovn.databases.nb;
  if (hint === undefined || hint === "" || nb === undefined) return;
  const h = hint.toLowerCase().padStart(8, "0");
  for (const [table, line] of HINTS) {
    const schema = nb.schema.tables[table];
    const rows = nb.tables[table];
    if (schema === undefined || rows === undefined) continue;
    const hits = Object.entries(rows).filter(([uuid]) => uuid.startsWith(h)).sort(([a], [b]) => (a < b ? -1 : 1));
    hits.forEach(([, row], i) => {
      if (i > 0) out.push(H + "[Duplicate uuid hint]");
      out.push(H + line((name) => pyColumn(row[name], schema.columns[name]?.type)));
    });
  }
}

function lflowLines(ovn: OvnContext, f: DetraceLogicalFlow, out: string[]): void {
  out.push(P + "Logical datapaths:");
  for (const d of f.datapaths) out.push(`${P}    ${dpStr(d)} [${f.pipeline}]`);
  out.push(
    `${P}Logical flow: table=${f.table} (${f.stage ?? "None"}), priority=${f.priority}, match=(${f.match}), actions=(${f.actions})`,
  );
  hintLines(ovn, f.stageHint, out);
}

function hitLines(ovn: OvnContext, h: CookieHit, out: string[]): void {
  switch (h.table) {
    case "Logical_Flow":
      return lflowLines(ovn, h.flow, out);
    case "Port_Binding":
      out.push(P + "Logical datapath: " + dpStr(h.datapath));
      out.push(`${P}Port Binding: logical_port "${h.row.logicalPort}", tunnel_key ${h.row.tunnelKey}, ${chassisStr(ovn, h.row.chassis)}`);
      return;
    case "MAC_Binding":
      out.push(P + "Logical datapath: " + dpStr(h.datapath));
      out.push(`${P}MAC Binding: ip "${h.row.ip}", logical_port "${h.row.logicalPort}", mac "${h.row.mac}"`);
      return;
    case "Multicast_Group": {
      const pbs = ovn.sb?.portBindings ?? [];
      const names = [...h.row.ports].sort().map((u) => pbs.find((p) => p.uuid === u)?.logicalPort ?? u);
      out.push(P + "Logical datapath: " + dpStr(h.datapath));
      out.push(`${P}Multicast Group: name "${h.row.name}", tunnel_key ${h.row.tunnelKey} ports: (${names.join(", ")})`);
      return;
    }
    case "Chassis":
      out.push(P + "Chassis: " + chassisStr(ovn, h.uuid));
      return;
    case "Load_Balancer": {
      const db = ovn.databases.sb;
      const row = db?.tables.Load_Balancer?.[h.uuid];
      const col = (n: string) => pyColumn(row?.[n], db?.schema.tables.Load_Balancer?.columns[n]?.type);
      out.push(`${P}Load Balancer: ${h.row.name} protocol ${col("protocol")} vips ${col("vips")}`);
      return;
    }
    case "FDB":
      return; // ovn-detrace 23.03 does not look cookies up in FDB
  }
}

function ifaceLine(i: DetraceInterface | undefined): string | undefined {
  return i === undefined ? undefined : `${P}OVS Interface: ${i.name} (${i.ifaceId ?? "None"})`;
}

type Pending = { kind: "cookie"; hits: readonly CookieHit[] } | { kind: "port"; line: string | undefined };

/**
 * Prints a detrace the way `ovn-detrace` does (for tools that read its output).
 *
 * @internal
 * @example
 * ```ts
 * import { formatOvnDetraceCompat } from "./compat.js";
 * formatOvnDetraceCompat(result, ovn); // "Flow: tcp,in_port=13,...\n\nbridge(\"br-int\")\n..."
 * ```
 */
export function formatOvnDetraceCompat(result: DetraceResult, ovn: OvnContext, text: string): string {
  const byLine = new Map<number, Pending[]>();
  const at = (line: number) => {
    let l = byLine.get(line);
    if (l === undefined) byLine.set(line, (l = []));
    return l;
  };
  for (const s of result.steps) {
    if (s.cookie.cookie !== 0n) at(s.line).push({ kind: "cookie", hits: s.cookie.hits });
    for (const o of s.outputs) at(o.line).push({ kind: "port", line: ifaceLine(o.interface) });
    if (s.inPort !== undefined && ovn.ovs !== undefined) at(s.line).push({ kind: "port", line: ifaceLine(s.inPort.interface) });
  }
  const lines = text.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  const out: string[] = [];
  let pending: Pending[] = [];
  const flush = () => {
    for (const p of pending) {
      if (p.kind === "port") {
        if (p.line !== undefined) out.push(p.line);
        continue;
      }
      const counts = new Map<string, number>();
      for (const h of p.hits) {
        const n = counts.get(h.table) ?? 0;
        if (n > 0) out.push(H + "[Duplicate uuid cookie]");
        counts.set(h.table, n + 1);
        hitLines(ovn, h, out);
      }
    }
    pending = [];
  };
  lines.forEach((line, i) => {
    if (pending.length > 0 && (/^ *[0-9]+\./.test(line) || line.trim() === "")) flush();
    out.push(line.trim());
    pending.push(...(byLine.get(i + 1) ?? []));
  });
  flush();
  out.push("");
  return out.join("\n") + "\n";
}
