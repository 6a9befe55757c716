/**
 * A self-contained HTML page of a datapath dump's recirculation tree: a section per
 * (recirc_id, in_port) node, indented by depth, flows grouped in blocks of equal actions,
 * `recirc(N)` actions linking to the node they continue in, filter matches highlighted.
 *
 * @module
 */
import type { FlowFilter } from "../filter/compile.js";
import type { AnyDatapathFlow } from "../datapath/flow.js";
import { type FilteredRecircNode, type FilteredRecircTree, recircMatchSet } from "../views/recirc.js";
import { escapeHtml, highlighted, htmlPage } from "./html.js";
import { datapathFlowParts } from "./parts.js";

/**
 * The id of a recirculation node's section (`recirc-0x2a-11`).
 *
 * @example
 * ```ts
 * import { recircAnchor } from "ovskit";
 * recircAnchor(0x2a, 11); // "recirc-0x2a-11"
 * ```
 */
export function recircAnchor(recircId: number, inPort: number | string | undefined): string {
  return `recirc-0x${recircId.toString(16)}-${String(inPort ?? "").replace(/[^A-Za-z0-9_-]/g, "_")}`;
}

/**
 * Renders the page of a (filtered) recirculation tree.
 *
 * @example
 * ```ts
 * import { compileFilter, filterRecircTree, parseDatapathFlows, renderDatapathHtml } from "ovskit";
 * const f = compileFilter("ct.zone=22");
 * renderDatapathHtml(filterRecircTree(parseDatapathFlows(dump), (x) => f.matchDatapath(x)), { highlight: f });
 * ```
 */
export function renderDatapathHtml(tree: FilteredRecircTree<AnyDatapathFlow>, options: { readonly title?: string; readonly highlight?: FlowFilter } = {}): string {
  const title = options.title ?? "Datapath flows";
  // Where each recirc id continues: the shown node with that id (same in_port preferred).
  const shown = new Map<number, { inPort: number | string | undefined; id: string }[]>();
  const nodeOf = (n: FilteredRecircNode) => tree.tree.nodes[n.node] ?? { recircId: -1, blocks: [], children: [] };
  const matched = recircMatchSet(tree);
  const collect = (n: FilteredRecircNode): void => {
    const node = nodeOf(n);
    const list = shown.get(node.recircId) ?? [];
    const id = recircAnchor(node.recircId, node.inPort);
    if (!list.some((x) => x.id === id)) list.push({ inPort: node.inPort, id });
    shown.set(node.recircId, list);
    n.children.forEach(collect);
  };
  tree.roots.forEach(collect);
  const target = (recirc: number, inPort: number | string | undefined): string | undefined => {
    const list = shown.get(recirc);
    return (list?.find((x) => x.inPort === inPort) ?? list?.[0])?.id;
  };
  let body = "";
  const done = new Set<string>();
  const visit = (n: FilteredRecircNode, depth: number): void => {
    const node = nodeOf(n);
    const id = recircAnchor(node.recircId, node.inPort);
    const again = done.has(id);
    done.add(id);
    const count = node.blocks.reduce((k, b) => k + b.flows.length, 0);
    body += `<section class="node" style="--depth:${depth}"${again ? "" : ` id="${id}"`}><h2>recirc_id(0x${node.recircId.toString(16)}),in_port(${escapeHtml(String(node.inPort ?? "?"))}) <span class="count">(${count} flows${n.matched ? ", matched" : ""})</span></h2>\n`;
    if (!again) {
      for (let bi = 0; bi < node.blocks.length; bi++) {
        const b = node.blocks[bi] as (typeof node.blocks)[number];
        body += `<div class="block"><div class="action">actions:${escapeHtml(b.actions)}</div>\n`;
        for (let fi = 0; fi < b.flows.length; fi++) {
          const f = b.flows[fi] as AnyDatapathFlow;
          const hit = matched(n.node, bi, fi);
          const keys = options.highlight?.explain(f).keys;
          let line = "";
          for (const p of datapathFlowParts(f, keys)) {
            let t = escapeHtml(p.text);
            if (p.recirc !== undefined) {
              const to = target(p.recirc, node.inPort);
              t = to === undefined ? `<span class="goto missing">${t}</span>` : `<a class="goto" href="#${to}">${t}</a>`;
            }
            if (p.highlight) t = `<mark>${t}</mark>`;
            const cls = p.kind === "text" ? "" : p.kind === "action" && p.name === "drop" ? "drop" : p.kind;
            line += cls === "" ? t : `<span class="${cls}">${t}</span>`;
          }
          body += `<div class="flow">${hit ? "<mark>*</mark> " : ""}${line}</div>\n`;
        }
        body += "</div>\n";
      }
    }
    body += "</section>\n";
    if (!again) for (const c of n.children) visit(c, depth + 1);
  };
  for (const r of tree.roots) visit(r, 0);
  const dangling = tree.tree.dangling.map((d) => `0x${d.recircId.toString(16)}`).join(", ");
  const count = `${tree.tree.nodes.length} recirculation nodes${dangling === "" ? "" : `; recirc ids without flows: ${escapeHtml(dangling)}`}${highlighted(options.highlight)}`;
  return htmlPage(title, `\n<div class="count">${count}</div>`, body);
}
