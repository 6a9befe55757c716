/**
 * Joining OpenFlow cookies to the OVN logical flows behind them: ovn-controller uses the first
 * 32 bits of a Southbound row's UUID as the cookie of the flows it makes from it.
 *
 * @module
 */
import type { LogicalFlow } from "../ovn/lflow.js";
import type { SbLogicalFlow } from "../ovn/ovsdb/sb-view.js";

/**
 * A logical flow as the cookie join gives it, from `ovn-sbctl --uuid lflow-list` or from the
 * Southbound database.
 *
 * @example
 * ```ts
 * import { cookieIndex } from "ovskit";
 * const hits = cookieIndex({ sbFlows: sbView(db).logicalFlows }).get(0x5d2c1e0a) ?? [];
 * hits[0]?.stage; // "ls_in_acl"
 * ```
 */
export interface CookieLogicalFlow {
  /** The 32-bit cookie (UUID prefix). */
  readonly cookie: number;
  /** The full UUID, when it came from the database. */
  readonly uuid?: string;
  readonly pipeline: "ingress" | "egress";
  readonly table: number;
  readonly stage: string | undefined;
  readonly priority: number;
  readonly match: string;
  readonly actions: string;
  /** The datapath name (lflow-list) or UUIDs (database). */
  readonly datapath: string;
  readonly from: "lflow-list" | "sb-database";
}

/**
 * Indexes logical flows by their 32-bit cookie. `lflows` need UUID prefixes (`ovn-sbctl
 * --uuid lflow-list`); flows without one are skipped. Several flows on one cookie are kept
 * (the "duplicate cookie" ambiguity of ovn-detrace).
 *
 * @example
 * ```ts
 * import { cookieIndex, parseLogicalFlows } from "ovskit";
 * const index = cookieIndex({ lflows: parseLogicalFlows(lflowListText) });
 * const behind = index.get(Number(flow.cookie & 0xffffffffn));
 * ```
 */
export function cookieIndex(input: { readonly lflows?: readonly LogicalFlow[]; readonly sbFlows?: readonly SbLogicalFlow[] }): Map<number, CookieLogicalFlow[]> {
  const index = new Map<number, CookieLogicalFlow[]>();
  const add = (f: CookieLogicalFlow) => {
    const list = index.get(f.cookie);
    if (list === undefined) index.set(f.cookie, [f]);
    else list.push(f);
  };
  for (const f of input.sbFlows ?? []) {
    add({
      cookie: f.cookie,
      uuid: f.uuid,
      pipeline: f.pipeline,
      table: f.tableId,
      stage: f.stageName,
      priority: f.priority,
      match: f.match,
      actions: f.actions,
      datapath: f.datapaths.join(","),
      from: "sb-database",
    });
  }
  for (const f of input.lflows ?? []) {
    if (f.uuidPrefix === undefined) continue;
    add({ cookie: f.uuidPrefix, pipeline: f.pipeline, table: f.table, stage: f.stage, priority: f.priority, match: f.match, actions: f.actions, datapath: f.datapath.name, from: "lflow-list" });
  }
  return index;
}

/**
 * The 32-bit cookie of an OpenFlow flow's 64-bit cookie, as ovn-controller sets it (the low 32
 * bits; flows with higher bits set were not made by ovn-controller and give `undefined`).
 *
 * @example
 * ```ts
 * import { ovnCookie } from "ovskit";
 * ovnCookie(0x5d2c1e0an); // 0x5d2c1e0a
 * ovnCookie(0x1_0000_0000n); // undefined
 * ```
 */
export function ovnCookie(cookie: bigint | undefined): number | undefined {
  if (cookie === undefined || cookie === 0n || cookie > 0xffffffffn) return undefined;
  return Number(cookie);
}
