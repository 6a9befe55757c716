/**
 * JSON documents of the flow-set views (schemas listed in the `json` module): summary, logic,
 * cookie, table graph, diff, recirculation tree.
 *
 * @module
 */
import type { AnyDatapathFlow } from "../datapath/flow.js";
import type { AnyFlow } from "../openflow/flow.js";
import type { FlowFilter } from "../filter/compile.js";
import type { CookieGroup } from "../views/cookie.js";
import type { FlowSetDiff } from "../views/diff.js";
import type { LogicGroup } from "../views/logic.js";
import type { FilteredRecircNode, FilteredRecircTree } from "../views/recirc.js";
import type { TableGraph } from "../views/table-graph.js";
import type { TableSummary } from "../views/table-summary.js";
import { type FlowJson, datapathFlowToJson, flowToJson } from "./json.js";

/**
 * The `ovskit.openflow.summary/1` document.
 *
 * @example
 * ```ts
 * import { parseFlows, summarizeTables, summaryJson } from "ovskit";
 * summaryJson(summarizeTables(parseFlows(dump))).tables[0]?.packets; // "123"
 * ```
 */
export function summaryJson(tables: readonly TableSummary[]): { schema: "ovskit.openflow.summary/1"; tables: object[] } {
  return {
    schema: "ovskit.openflow.summary/1",
    tables: tables.map((t) => ({ ...t, packets: t.packets.toString(), bytes: t.bytes.toString(), neverHitShare: t.neverHitShare ?? null })),
  };
}

/**
 * The `ovskit.openflow.logic/1` document.
 *
 * @example
 * ```ts
 * import { logicJson, groupFlowsByLogic, parseFlows } from "ovskit";
 * logicJson(groupFlowsByLogic(parseFlows(dump))).groups.length;
 * ```
 */
export function logicJson(groups: readonly LogicGroup<AnyFlow>[]): { schema: "ovskit.openflow.logic/1"; groups: object[] } {
  return {
    schema: "ovskit.openflow.logic/1",
    groups: groups.map((g) => ({
      table: g.table,
      priority: g.priority,
      matchKeys: g.matchKeys,
      actionKeys: g.actionKeys,
      count: g.flows.length,
      cookies: g.cookies.map((c) => ({ ...c, cookie: `0x${c.cookie.toString(16)}` })),
      flows: g.flows.map((f) => flowToJson(f)),
    })),
  };
}

/**
 * The `ovskit.openflow.cookies/1` document.
 *
 * @example
 * ```ts
 * import { cookieJson, groupFlowsByCookie, parseFlows } from "ovskit";
 * cookieJson(groupFlowsByCookie(parseFlows(dump))).cookies[0]?.cookie; // "0x0"
 * ```
 */
export function cookieJson(groups: readonly CookieGroup<AnyFlow>[]): { schema: "ovskit.openflow.cookies/1"; cookies: object[] } {
  return {
    schema: "ovskit.openflow.cookies/1",
    cookies: groups.map((c) => ({
      cookie: `0x${c.cookie.toString(16)}`,
      label: c.label,
      resolved: c.resolved,
      flows: c.flows,
      tables: c.tables.map((t) => ({ table: t.table, flows: t.flows.map((f) => flowToJson(f)) })),
    })),
  };
}

/**
 * The `ovskit.openflow.graph/1` document.
 *
 * @example
 * ```ts
 * import { graphJson, parseFlows, tableGraph } from "ovskit";
 * graphJson(tableGraph(parseFlows(dump))).edges;
 * ```
 */
export function graphJson(graph: TableGraph): { schema: "ovskit.openflow.graph/1"; tables: object[]; edges: object[] } {
  return { schema: "ovskit.openflow.graph/1", tables: [...graph.tables], edges: [...graph.edges] };
}

/**
 * The `ovskit.openflow.diff/1` document.
 *
 * @example
 * ```ts
 * import { diffFlows, diffJson, parseFlows } from "ovskit";
 * diffJson(diffFlows(parseFlows(a), parseFlows(b))).changed[0]?.packetsDelta; // "12"
 * ```
 */
export function diffJson(diff: FlowSetDiff<AnyFlow>): {
  schema: "ovskit.openflow.diff/1";
  added: FlowJson[];
  removed: FlowJson[];
  changed: { key: string; actionsChanged: boolean; packetsDelta: string | null; bytesDelta: string | null; before: FlowJson; after: FlowJson }[];
  unchanged: number;
} {
  return {
    schema: "ovskit.openflow.diff/1",
    added: diff.added.map((f) => flowToJson(f)),
    removed: diff.removed.map((f) => flowToJson(f)),
    changed: diff.changed.map((c) => ({
      key: c.key,
      actionsChanged: c.actionsChanged,
      packetsDelta: c.packetsDelta?.toString() ?? null,
      bytesDelta: c.bytesDelta?.toString() ?? null,
      before: flowToJson(c.before),
      after: flowToJson(c.after),
    })),
    unchanged: diff.unchanged,
  };
}

/**
 * The `ovskit.datapath.tree/1` document of a (filtered) recirculation tree.
 *
 * @example
 * ```ts
 * import { filterRecircTree, parseDatapathFlows, recircTreeJson } from "ovskit";
 * recircTreeJson(filterRecircTree(parseDatapathFlows(dump))).roots[0]?.recircId; // 0
 * ```
 */
export function recircTreeJson(tree: FilteredRecircTree<AnyDatapathFlow>, options: { readonly highlight?: FlowFilter } = {}): {
  schema: "ovskit.datapath.tree/1";
  roots: object[];
  dangling: object[];
  cycles: (readonly number[])[];
} {
  const node = (n: FilteredRecircNode): object => {
    const r = tree.tree.nodes[n.node];
    const blocks = r?.blocks ?? [];
    return {
      recircId: r?.recircId ?? null,
      inPort: r?.inPort ?? null,
      matched: n.matched,
      flows: blocks.reduce((k, b) => k + b.flows.length, 0),
      blocks: blocks.map((b) => ({ actions: b.actions, flows: b.flows.map((f) => datapathFlowToJson(f, options)) })),
      children: n.children.map(node),
    };
  };
  return {
    schema: "ovskit.datapath.tree/1",
    roots: tree.roots.map(node),
    dangling: tree.tree.dangling.map((d) => ({ recircId: d.recircId, flows: d.from.length })),
    cycles: [...tree.tree.cycles],
  };
}
