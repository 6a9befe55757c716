/**
 * The table graph: which OpenFlow tables lead to which (`resubmit`, `goto_table`,
 * `ct(table=N)`), with the number of flows behind each edge.
 *
 * @module
 */
import type { Action } from "../openflow/actions/types.js";
import { type AnyFlow, actionsDecoder } from "../openflow/flow.js";
import { compareTables } from "./table-summary.js";

/** How a table leads to another. */
export type TableEdgeKind = "resubmit" | "goto_table" | "ct";

/** One edge of the {@link TableGraph}. */
export interface TableEdge {
  readonly from: number | string;
  readonly to: number;
  readonly kind: TableEdgeKind;
  /** Flows of `from` with such an action. */
  readonly flows: number;
}

/** Result of {@link tableGraph}. */
export interface TableGraph {
  /** Every table that has flows or is a target, ascending, with its flow count. */
  readonly tables: readonly { readonly table: number | string; readonly flows: number }[];
  /** Edges, by source table, then target. */
  readonly edges: readonly TableEdge[];
}

/**
 * The tables an action list leads to (nested actions in clone / write_actions / ct exec
 * included). `resubmit` without a table goes to the flow's own table.
 *
 * @example
 * ```ts
 * import { parseFlow, tableTargets } from "ovskit";
 * tableTargets(parseFlow(" table=3, priority=1 actions=ct(table=9),resubmit(,8)").actions, 3);
 * // [{ to: 9, kind: "ct" }, { to: 8, kind: "resubmit" }]
 * ```
 */
export function tableTargets(actions: readonly Action[], self: number | string): { to: number; kind: TableEdgeKind }[] {
  const out: { to: number; kind: TableEdgeKind }[] = [];
  const visit = (list: readonly Action[]): void => {
    for (const a of list) {
      switch (a.kind) {
        case "resubmit": {
          const to = a.table ?? (typeof self === "number" ? self : undefined);
          if (to !== undefined) out.push({ to, kind: "resubmit" });
          break;
        }
        case "goto_table":
          if (a.value.kind === "int") out.push({ to: Number(a.value.value), kind: "goto_table" });
          break;
        case "ct":
          if (a.table !== undefined) out.push({ to: a.table, kind: "ct" });
          if (a.exec !== undefined) visit(a.exec);
          break;
        case "clone":
        case "write_actions":
          visit(a.actions);
          break;
      }
    }
  };
  visit(actions);
  return out;
}

/**
 * Builds the table graph of a flow set (lazy flows' actions are decoded once per distinct text).
 *
 * @example
 * ```ts
 * import { parseFlows, tableGraph } from "ovskit";
 * const g = tableGraph(parseFlows(text));
 * g.edges.filter((e) => e.from === 0); // [{ from: 0, to: 8, kind: "resubmit", flows: 12 }, ...]
 * ```
 */
export function tableGraph(flows: readonly AnyFlow[]): TableGraph {
  const actionsOf = actionsDecoder();
  const tables = new Map<number | string, number>();
  const edges = new Map<string, { from: number | string; to: number; kind: TableEdgeKind; flows: number }>();
  for (const f of flows) {
    const from = f.table ?? 0;
    tables.set(from, (tables.get(from) ?? 0) + 1);
    const seen = new Set<string>();
    for (const t of tableTargets(actionsOf(f), from)) {
      const key = `${from}|${t.to}|${t.kind}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const e = edges.get(key);
      if (e === undefined) edges.set(key, { from, to: t.to, kind: t.kind, flows: 1 });
      else e.flows++;
    }
  }
  for (const e of edges.values()) if (!tables.has(e.to)) tables.set(e.to, 0);
  return {
    tables: [...tables].sort((a, b) => compareTables(a[0], b[0])).map(([table, n]) => ({ table, flows: n })),
    edges: [...edges.values()].sort((a, b) => compareTables(a.from, b.from) || a.to - b.to || (a.kind < b.kind ? -1 : 1)),
  };
}
