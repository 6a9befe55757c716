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
import { describeCookie } from "../ovn/detrace/describe.js";
import type { CookieResolver } from "./logic.js";

/**
 * A cookie resolver backed by an {@link OvnContext} (see `ovnContext`): what `ovn-detrace`
 * would print for the cookie, on one line. Ambiguous cookies (several rows) list every row,
 * prefixed `duplicate cookie:`; cookies that name nothing (zero, over 32 bits, not found)
 * resolve to `undefined`, so the views print them in hex.
 *
 * @example
 * ```ts
 * import { groupFlowsByLogic, detraceCookieResolver, ovnContext, parseFlows, readOvsdbFile } from "ovskit";
 * const ovn = ovnContext({ sb: readOvsdbFile(readFileSync("ovnsb_db.db")) });
 * groupFlowsByLogic(parseFlows(brInt), { byCookie: true, resolveCookie: detraceCookieResolver(ovn) });
 * ```
 */
export function detraceCookieResolver(ovn: OvnContext): CookieResolver {
  const cache = new Map<bigint, string | undefined>();
  return (cookie) => {
    if (cache.has(cookie)) return cache.get(cookie);
    const label = describeCookie(lookupCookie(ovn, cookie));
    cache.set(cookie, label);
    return label;
  };
}
