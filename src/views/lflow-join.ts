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
import { ovnContext } from "../ovn/detrace/context.js";
import { detraceCookieResolver } from "./detrace-join.js";
import type { CookieResolver } from "./logic.js";

/**
 * A cookie resolver from logical flows listed with `--uuid`: a cookie names
 * `datapath pipeline table=N (stage) priority=P match=(...)` (a flow on a datapath group names
 * its datapaths); cookies over 32 bits never match (they are not ovn-controller's); a cookie
 * shared by several logical flows lists them (`duplicate cookie: a | b`), as ovn-detrace
 * reports duplicate cookies. The same join as {@link detraceCookieResolver} over
 * `ovnContext({ lflowList })`.
 *
 * @example
 * ```ts
 * import { groupFlowsByLogic, lflowCookieResolver, parseFlows, parseLogicalFlows } from "ovskit";
 * const resolve = lflowCookieResolver(parseLogicalFlows(lflowListUuidText));
 * groupFlowsByLogic(parseFlows(brInt), { byCookie: true, resolveCookie: resolve });
 * ```
 */
export function lflowCookieResolver(lflows: Iterable<LogicalFlow>): CookieResolver {
  return detraceCookieResolver(ovnContext({ lflowList: [...lflows] }));
}
