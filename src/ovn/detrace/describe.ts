/**
 * One-line descriptions of the rows behind a cookie, for views and listings.
 *
 * @module
 */
import type { CookieHit, CookieLookup } from "./model.js";

/**
 * One line naming a row a cookie points to: a logical flow as
 * `datapath pipeline table=N (stage) priority=P match=(...)` (a flow on several datapaths says
 * `on N datapaths (a, b, ...)`), other rows by table and name.
 *
 * @example
 * ```ts
 * import { describeCookieHit, lookupCookie } from "ovskit";
 * lookupCookie(ovn, 0x7a53ea7cn).hits.map(describeCookieHit);
 * // ["ingress table=0 (ls_in_check_port_sec) priority=50 match=(1) on 7 datapaths (ext_ovn-worker2, ...)"]
 * ```
 */
export function describeCookieHit(h: CookieHit): string {
  switch (h.table) {
    case "Logical_Flow": {
      const f = h.flow;
      const dps = f.datapaths.map((d) => d.name ?? d.uuid.slice(0, 8)).sort();
      const where = dps.length === 1 ? `${dps[0]} ` : "";
      const group = dps.length > 1 ? ` on ${dps.length} datapaths (${dps.join(", ")})` : "";
      return `${where}${f.pipeline} table=${f.table}${f.stage === undefined ? "" : ` (${f.stage})`} priority=${f.priority} match=(${f.match})${group}`;
    }
    case "Port_Binding":
      return `Port_Binding ${h.row.logicalPort}`;
    case "MAC_Binding":
      return `MAC_Binding ${h.row.logicalPort} ${h.row.ip} ${h.row.mac}`;
    case "Multicast_Group":
      return `Multicast_Group ${h.row.name}`;
    case "Chassis":
      return `Chassis ${h.row.name}`;
    case "Load_Balancer":
      return `Load_Balancer ${h.row.name}`;
    case "FDB":
      return `FDB ${h.row.mac}`;
  }
}

/**
 * One line for everything a cookie names: its only row, `duplicate cookie: a | b` when it is
 * ambiguous, `undefined` when it names nothing.
 *
 * @example
 * ```ts
 * import { describeCookie, lookupCookie } from "ovskit";
 * describeCookie(lookupCookie(ovn, 0xae11e9e0n)); // "Port_Binding ns3_pod3-ovn-worker"
 * ```
 */
export function describeCookie(lookup: CookieLookup): string | undefined {
  const labels = lookup.hits.map(describeCookieHit);
  if (labels.length === 0) return undefined;
  return lookup.ambiguous ? `duplicate cookie: ${labels.join(" | ")}` : labels[0];
}
