/**
 * The cookie view: flows grouped by cookie, then by table. With OVN, a cookie is the first 32
 * bits of the logical flow (or port binding, ...) that made the flows.
 *
 * @module
 */
import type { AnyFlow, Flow } from "../openflow/flow.js";
import { type CookieResolver, labelCookie } from "./logic.js";
import { compareTables } from "./table-summary.js";

/** One cookie of {@link groupFlowsByCookie}. */
export interface CookieGroup<F extends AnyFlow = Flow> {
  readonly cookie: bigint;
  /** The resolver's label, else the cookie in hex. */
  readonly label: string;
  readonly resolved: boolean;
  /** All its flows. */
  readonly flows: number;
  /** Its flows per table, in table order. */
  readonly tables: readonly { readonly table: number | string; readonly flows: readonly F[] }[];
}

/**
 * Groups flows by cookie (ascending), then table (ascending). Flows without a printed cookie
 * have cookie 0.
 *
 * @example
 * ```ts
 * import { groupFlowsByCookie, parseFlows } from "ovskit";
 * for (const c of groupFlowsByCookie(parseFlows(text))) console.log(c.label, c.flows, c.tables.map((t) => t.table));
 * ```
 */
export function groupFlowsByCookie<F extends AnyFlow>(flows: readonly F[], options: { readonly resolveCookie?: CookieResolver } = {}): CookieGroup<F>[] {
  const byCookie = new Map<bigint, Map<number | string, F[]>>();
  for (const f of flows) {
    const c = f.cookie ?? 0n;
    let tables = byCookie.get(c);
    if (tables === undefined) byCookie.set(c, (tables = new Map()));
    const t = f.table ?? 0;
    const list = tables.get(t);
    if (list === undefined) tables.set(t, [f]);
    else list.push(f);
  }
  return [...byCookie]
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .map(([cookie, tables]) => {
      const list = [...tables].sort((a, b) => compareTables(a[0], b[0])).map(([table, fl]) => ({ table, flows: fl }));
      return {
        cookie,
        ...labelCookie(cookie, options.resolveCookie),
        flows: list.reduce((n, t) => n + t.flows.length, 0),
        tables: list,
      };
    });
}

/**
 * @deprecated Renamed {@link groupFlowsByCookie} in 0.2.0: "view" now names only the database
 * projections (`nbView`, `sbView`, `vswitchView`); a grouping of flows is `groupFlowsBy...`.
 * Kept until 0.3.0.
 *
 * @example
 * ```ts
 * import { groupFlowsByCookie } from "ovskit"; // instead of cookieView
 * ```
 */
export const cookieView: typeof groupFlowsByCookie = groupFlowsByCookie;
