/**
 * Per-table summary of a flow set: how many flows, packets and bytes each table has, its
 * priorities, and how many of its flows were never hit.
 *
 * @module
 */
import type { AnyFlow } from "../openflow/flow.js";

/** One table of {@link summarizeTables}. */
export interface TableSummary {
  /** Table number (or name, when the dump used names); flows without `table=` are in 0. */
  readonly table: number | string;
  readonly flows: number;
  /** Sum of `n_packets` (0 when the dump has no statistics). */
  readonly packets: bigint;
  readonly bytes: bigint;
  /** Distinct priorities, highest first, with their flow counts. */
  readonly priorities: readonly { readonly priority: number; readonly flows: number }[];
  /** Flows with `n_packets=0`. */
  readonly neverHit: number;
  /** `neverHit / flows` (0..1); `undefined` when the flows have no statistics. */
  readonly neverHitShare: number | undefined;
}

/** Default priority (not printed by OVS). */
const DEFAULT_PRIORITY = 32768;

/**
 * Orders tables: numbers ascending, then names. @internal
 *
 * @example
 * ```ts
 * [3, "x", 0].sort(compareTables); // [0, 3, "x"]
 * ```
 */
export function compareTables(a: number | string, b: number | string): number {
  if (typeof a === "number" && typeof b === "number") return a - b;
  if (typeof a === "number") return -1;
  if (typeof b === "number") return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Summarizes a flow set per table, tables in ascending order.
 *
 * @example
 * ```ts
 * import { parseFlows, summarizeTables } from "ovskit";
 * for (const t of summarizeTables(parseFlows(text))) {
 *   console.log(t.table, t.flows, t.packets, `${Math.round((t.neverHitShare ?? 0) * 100)}% never hit`);
 * }
 * ```
 */
export function summarizeTables(flows: Iterable<AnyFlow>): TableSummary[] {
  interface Acc {
    table: number | string;
    flows: number;
    packets: bigint;
    bytes: bigint;
    prios: Map<number, number>;
    neverHit: number;
    withStats: number;
  }
  const tables = new Map<number | string, Acc>();
  for (const f of flows) {
    const table = f.table ?? 0;
    let t = tables.get(table);
    if (t === undefined) {
      t = { table, flows: 0, packets: 0n, bytes: 0n, prios: new Map(), neverHit: 0, withStats: 0 };
      tables.set(table, t);
    }
    t.flows++;
    if (f.nPackets !== undefined) {
      t.withStats++;
      t.packets += f.nPackets;
      if (f.nPackets === 0n) t.neverHit++;
    }
    if (f.nBytes !== undefined) t.bytes += f.nBytes;
    const p = f.priority ?? DEFAULT_PRIORITY;
    t.prios.set(p, (t.prios.get(p) ?? 0) + 1);
  }
  return [...tables.values()]
    .sort((a, b) => compareTables(a.table, b.table))
    .map((t) => ({
      table: t.table,
      flows: t.flows,
      packets: t.packets,
      bytes: t.bytes,
      priorities: [...t.prios].sort((a, b) => b[0] - a[0]).map(([priority, flows]) => ({ priority, flows })),
      neverHit: t.neverHit,
      neverHitShare: t.withStats === 0 ? undefined : t.neverHit / t.withStats,
    }));
}
