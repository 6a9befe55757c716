/**
 * Graphviz DOT for the table graph and the recirculation tree.
 *
 * @module
 */
import type { AnyDatapathFlow } from "../datapath/flow.js";
import type { FilteredRecircNode, FilteredRecircTree } from "../views/recirc.js";
import type { TableGraph } from "../views/table-graph.js";

/**
 * Quotes a DOT string (ID or label).
 *
 * @example
 * ```ts
 * import { dotQuote } from "ovskit";
 * dotQuote('a "b"'); // '"a \\"b\\""'
 * ```
 */
export function dotQuote(s: string): string {
  return `"${s.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n")}"`;
}

/**
 * The table graph as a DOT digraph: a node per table (with its flow count), an edge per
 * (from, to, kind) labelled with the kind and the flow count (`ct` edges dashed).
 *
 * @example
 * ```ts
 * import { parseFlows, tableGraph, tableGraphDot } from "ovskit";
 * const dot = tableGraphDot(tableGraph(parseFlows(dump))); // pipe to `dot -Tsvg`
 * ```
 */
export function tableGraphDot(graph: TableGraph, name = "tables"): string {
  let out = `digraph ${dotQuote(name)} {\n  rankdir=LR;\n  node [shape=box, fontname="monospace"];\n`;
  for (const t of graph.tables) out += `  ${dotQuote(`t${t.table}`)} [label=${dotQuote(`table ${t.table}\n${t.flows} flows`)}];\n`;
  for (const e of graph.edges) {
    const style = e.kind === "ct" ? ", style=dashed" : e.kind === "goto_table" ? ", style=bold" : "";
    out += `  ${dotQuote(`t${e.from}`)} -> ${dotQuote(`t${e.to}`)} [label=${dotQuote(`${e.kind} (${e.flows})`)}${style}];\n`;
  }
  return out + "}\n";
}

/**
 * A (filtered) recirculation tree as a DOT digraph: a node per (recirc_id, in_port) with its
 * flow count and action blocks; matched nodes filled.
 *
 * @example
 * ```ts
 * import { filterRecircTree, parseDatapathFlows, recircTreeDot } from "ovskit";
 * recircTreeDot(filterRecircTree(parseDatapathFlows(dump)));
 * ```
 */
export function recircTreeDot(tree: FilteredRecircTree<AnyDatapathFlow>, name = "recirc"): string {
  let out = `digraph ${dotQuote(name)} {\n  node [shape=box, fontname="monospace"];\n`;
  const seen = new Set<string>();
  const nodeOf = (n: FilteredRecircNode) => tree.tree.nodes[n.node] ?? { recircId: -1, blocks: [], children: [] };
  const id = (n: FilteredRecircNode): string => dotQuote(`r${nodeOf(n).recircId}/${nodeOf(n).inPort ?? ""}`);
  const visit = (n: FilteredRecircNode): void => {
    const key = id(n);
    if (!seen.has(key)) {
      seen.add(key);
      const node = nodeOf(n);
      const blocks = node.blocks.slice(0, 8).map((b) => `${b.flows.length} x ${clip(b.actions)}`);
      if (node.blocks.length > 8) blocks.push(`... ${node.blocks.length - 8} more blocks`);
      const count = node.blocks.reduce((k, b) => k + b.flows.length, 0);
      const label = `recirc_id(0x${node.recircId.toString(16)}),in_port(${node.inPort ?? "?"})\n${count} flows\n${blocks.join("\n")}`;
      out += `  ${key} [label=${dotQuote(label)}${n.matched ? ", style=filled, fillcolor=yellow" : ""}];\n`;
    }
    for (const c of n.children) {
      out += `  ${key} -> ${id(c)};\n`;
      visit(c);
    }
  };
  for (const r of tree.roots) visit(r);
  for (const d of tree.tree.dangling) {
    out += `  ${dotQuote(`dangling-${d.recircId}`)} [label=${dotQuote(`recirc(0x${d.recircId.toString(16)}): no flows`)}, style=dashed];\n`;
  }
  return out + "}\n";
}

function clip(s: string): string {
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

