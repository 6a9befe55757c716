/**
 * The OVN join through the offline detrace: a {@link CookieResolver} for the logic and cookie
 * views that names a cookie with everything `lookupCookie` finds behind it (logical flows with
 * their datapaths, port bindings, multicast groups, chassis, ...), from the Southbound
 * database, or from `lflow-list --uuid` text when that is all there is.
 *
 * @module
 */
import type { OvnContext } from "../ovn/detrace/context.js";
import { lookupCookie } from "../ovn/detrace/detrace.js";
import type { CookieHit } from "../ovn/detrace/model.js";
import type { CookieResolver } from "./logic.js";

function hitLabel(h: CookieHit): string {
  switch (h.table) {
    case "Logical_Flow": {
      const f = h.flow;
      const dps = f.datapaths.map((d) => d.name ?? d.uuid.slice(0, 8));
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
 * A cookie resolver backed by an {@link OvnContext} (see `ovnContext`): what `ovn-detrace`
 * would print for the cookie, on one line. Ambiguous cookies (several rows) list every row,
 * prefixed `duplicate cookie:`; cookies that name nothing (zero, over 32 bits, not found)
 * resolve to `undefined`, so the views print them in hex.
 *
 * @example
 * ```ts
 * import { logicView, detraceCookieResolver, ovnContext, parseFlows, readOvsdbFile } from "ovskit";
 * const ovn = ovnContext({ sb: readOvsdbFile(readFileSync("ovnsb_db.db")) });
 * logicView(parseFlows(brInt), { byCookie: true, resolveCookie: detraceCookieResolver(ovn) });
 * ```
 */
export function detraceCookieResolver(ovn: OvnContext): CookieResolver {
  const cache = new Map<bigint, string | undefined>();
  return (cookie) => {
    if (cache.has(cookie)) return cache.get(cookie);
    const r = lookupCookie(ovn, cookie);
    const labels = r.hits.map(hitLabel);
    const label = labels.length === 0 ? undefined : r.ambiguous ? `duplicate cookie: ${labels.join(" | ")}` : labels[0];
    cache.set(cookie, label);
    return label;
  };
}
