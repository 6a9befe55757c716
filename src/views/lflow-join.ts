/**
 * The OVN join by cookie string: ovn-controller uses the first 32 bits of a logical flow's
 * UUID as the OpenFlow cookie, so `ovn-sbctl --uuid lflow-list` output names the cookies of a
 * br-int dump. A {@link CookieResolver} for the logic and cookie views, usable when no OVN
 * database is at hand (the detrace join, when available, resolves more: port bindings,
 * multicast groups, NB rows).
 *
 * @module
 */
import type { LogicalFlow } from "../ovn/lflow.js";
import type { CookieResolver } from "./logic.js";

/**
 * A cookie resolver from logical flows listed with `--uuid`: a cookie names
 * `datapath pipeline table=N (stage) priority=P match=(...)` (a flow on a datapath group names
 * its datapaths); cookies over 32 bits never match (they are not ovn-controller's); a cookie
 * shared by several logical flows says how many (`2 logical flows: ...`), as ovn-detrace
 * reports duplicate cookies.
 *
 * @example
 * ```ts
 * import { logicView, lflowCookieResolver, parseFlows, parseLogicalFlows } from "ovskit";
 * const resolve = lflowCookieResolver(parseLogicalFlows(lflowListUuidText));
 * logicView(parseFlows(brInt), { byCookie: true, resolveCookie: resolve });
 * ```
 */
export function lflowCookieResolver(lflows: Iterable<LogicalFlow>): CookieResolver {
  const byCookie = new Map<number, LogicalFlow[]>();
  for (const f of lflows) {
    if (f.uuidPrefix === undefined) continue;
    const list = byCookie.get(f.uuidPrefix);
    if (list === undefined) byCookie.set(f.uuidPrefix, [f]);
    else list.push(f);
  }
  const rule = (f: LogicalFlow): string => `${f.pipeline} table=${f.table} (${f.stage}) priority=${f.priority} match=(${f.match})`;
  return (cookie) => {
    if (cookie > 0xffffffffn) return undefined;
    const list = byCookie.get(Number(cookie));
    if (list === undefined) return undefined;
    // One logical flow on a datapath group is listed once per datapath: same rule, several datapaths.
    const rules = new Map<string, string[]>();
    for (const f of list) {
      const r = rule(f);
      const dps = rules.get(r);
      if (dps === undefined) rules.set(r, [f.datapath.name]);
      else if (!dps.includes(f.datapath.name)) dps.push(f.datapath.name);
    }
    const parts = [...rules].map(([r, dps]) => (dps.length === 1 ? `${dps[0]} ${r}` : `${r} on ${dps.length} datapaths (${dps.join(", ")})`));
    return parts.length === 1 ? (parts[0] as string) : `${parts.length} logical flows: ${parts.join(" | ")}`;
  };
}
