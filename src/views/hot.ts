/**
 * Hot and dead flows: the top-N flows by packets or bytes, and the flows never hit, per table.
 *
 * @module
 */
import type { AnyFlow } from "../openflow/flow.js";
import { compareTables } from "./table-summary.js";

/** What {@link hotFlows} ranks by. */
export type HeatMetric = "packets" | "bytes";

/** Options of {@link hotFlows}. */
export interface HotFlowsOptions {
  /** Rank by `n_packets` (default) or `n_bytes`. */
  readonly by?: HeatMetric;
  /** How many flows to keep (per table with `perTable`). Default 10. */
  readonly top?: number;
  /** Rank within each table instead of over the whole set. */
  readonly perTable?: boolean;
}

/**
 * The counter of a flow for a metric (`undefined` without statistics).
 *
 * @example
 * ```ts
 * import { flowCounter, parseFlow } from "ovskit";
 * flowCounter(parseFlow(" n_packets=3, n_bytes=180, priority=1 actions=drop"), "bytes"); // 180n
 * ```
 */
export function flowCounter(flow: AnyFlow, by: HeatMetric): bigint | undefined {
  return by === "bytes" ? flow.nBytes : flow.nPackets;
}

/**
 * The hottest flows: highest counter first (ties keep input order), flows with a zero or absent
 * counter left out.
 *
 * @example
 * ```ts
 * import { hotFlows, parseFlows } from "ovskit";
 * hotFlows(parseFlows(text), { by: "bytes", top: 5 }).map((f) => f.nBytes);
 * ```
 */
export function hotFlows<F extends AnyFlow>(flows: readonly F[], options: HotFlowsOptions = {}): F[] {
  const by = options.by ?? "packets";
  const top = options.top ?? 10;
  const hit = flows.filter((f) => (flowCounter(f, by) ?? 0n) > 0n);
  const rank = (list: F[]): F[] =>
    list
      .map((f, i) => ({ f, i, n: flowCounter(f, by) as bigint }))
      .sort((a, b) => (a.n === b.n ? a.i - b.i : a.n > b.n ? -1 : 1))
      .slice(0, top)
      .map((x) => x.f);
  if (options.perTable !== true) return rank(hit);
  const out: F[] = [];
  for (const [, list] of byTable(hit)) out.push(...rank(list));
  return out;
}

/**
 * Flows never hit (`n_packets=0`), grouped per table in ascending table order. Flows without
 * statistics are not "dead": they are left out.
 *
 * @example
 * ```ts
 * import { deadFlows, parseFlows } from "ovskit";
 * for (const [table, flows] of deadFlows(parseFlows(text))) console.log(table, flows.length);
 * ```
 */
export function deadFlows<F extends AnyFlow>(flows: readonly F[]): Map<number | string, F[]> {
  return byTable(flows.filter((f) => f.nPackets === 0n));
}

/**
 * Flows grouped by table, tables in ascending order, flows in input order.
 *
 * @example
 * ```ts
 * import { flowsByTable, parseFlows } from "ovskit";
 * flowsByTable(parseFlows(text)).get(0)?.length;
 * ```
 */
export function flowsByTable<F extends AnyFlow>(flows: readonly F[]): Map<number | string, F[]> {
  return byTable(flows);
}

function byTable<F extends AnyFlow>(flows: readonly F[]): Map<number | string, F[]> {
  const m = new Map<number | string, F[]>();
  for (const f of flows) {
    const t = f.table ?? 0;
    const list = m.get(t);
    if (list === undefined) m.set(t, [f]);
    else list.push(f);
  }
  return new Map([...m].sort((a, b) => compareTables(a[0], b[0])));
}
