/**
 * Console text of the flow-set views: table summary, logic view, cookie view, recirculation
 * tree, diff.
 *
 * @module
 */
import type { FlowFilter } from "../filter/compile.js";
import { formatFlow } from "../openflow/format.js";
import type { CookieGroup } from "../views/cookie.js";
import type { FlowSetDiff } from "../views/diff.js";
import type { LogicGroup } from "../views/logic.js";
import type { AnyDatapathFlow } from "../datapath/flow.js";
import type { AnyFlow } from "../openflow/flow.js";
import { type FilteredRecircNode, type FilteredRecircTree, recircMatchSet } from "../views/recirc.js";
import type { TableSummary } from "../views/table-summary.js";
import { STYLES, paint } from "./ansi.js";
import { datapathFlowParts } from "./parts.js";
import { paintParts } from "./text-flows.js";

function pad(s: string, n: number, left = false): string {
  return left ? s.padStart(n) : s.padEnd(n);
}

/**
 * Prints the per-table summary as a table.
 *
 * @example
 * ```ts
 * import { parseFlows, renderSummaryText, summarizeTables } from "ovskit";
 * console.log(renderSummaryText(summarizeTables(parseFlows(dump))));
 * ```
 */
export function renderSummaryText(tables: readonly TableSummary[], options: { readonly color?: boolean } = {}): string {
  const rows = tables.map((t) => [
    String(t.table),
    String(t.flows),
    String(t.packets),
    String(t.bytes),
    t.neverHitShare === undefined ? "-" : `${(t.neverHitShare * 100).toFixed(1)}%`,
    t.priorities.length <= 6
      ? t.priorities.map((p) => `${p.priority}(${p.flows})`).join(" ")
      : `${t.priorities.length} priorities, ${t.priorities[0]?.priority}..${t.priorities.at(-1)?.priority}`,
  ]);
  const head = ["table", "flows", "packets", "bytes", "never hit", "priorities (flows)"];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] as string).length)));
  const line = (r: readonly string[]): string => r.map((c, i) => pad(c, widths[i] as number, i > 0 && i < 5)).join("  ").trimEnd();
  return [paint(line(head), STYLES.header, options.color === true), ...rows.map(line)].join("\n") + "\n";
}

/**
 * Prints the logic view: a header per table, one line per group with its flow count and
 * cookies (labelled when a resolver was given).
 *
 * @example
 * ```ts
 * import { groupFlowsByLogic, parseFlows, renderLogicText } from "ovskit";
 * console.log(renderLogicText(groupFlowsByLogic(parseFlows(dump))));
 * ```
 */
export function renderLogicText(groups: readonly LogicGroup<AnyFlow>[], options: { readonly color?: boolean; readonly showFlows?: boolean } = {}): string {
  const color = options.color === true;
  let out = "";
  let table: number | string | undefined;
  for (const g of groups) {
    if (g.table !== table) {
      table = g.table;
      out += paint(`table=${g.table}`, STYLES.header, color) + "\n";
    }
    const cookies = g.cookies.length === 1 ? ` cookie=${(g.cookies[0] as { label: string }).label}` : ` cookies=${g.cookies.length}`;
    out += `  priority=${g.priority} ${paint(g.matchKeys.join(",") || "(any)", STYLES.key, color)} actions=${paint(g.actionKeys.join(",") || "drop", STYLES.action, color)}  ${paint(`x ${g.flows.length}`, STYLES.info, color)}${cookies}\n`;
    if (options.showFlows === true) for (const f of g.flows) out += `     ${formatFlow(f, { stats: false }).trim()}\n`;
  }
  return out;
}

/**
 * Prints the cookie view: a header per cookie (with its label), then its tables.
 *
 * @example
 * ```ts
 * import { groupFlowsByCookie, parseFlows, renderCookieText } from "ovskit";
 * console.log(renderCookieText(groupFlowsByCookie(parseFlows(dump))));
 * ```
 */
export function renderCookieText(groups: readonly CookieGroup<AnyFlow>[], options: { readonly color?: boolean; readonly showFlows?: boolean } = {}): string {
  const color = options.color === true;
  let out = "";
  for (const c of groups) {
    const label = c.resolved ? `0x${c.cookie.toString(16)} ${c.label}` : c.label;
    out += `${paint(`cookie=${label}`, STYLES.header, color)}  ${c.flows} flows\n`;
    for (const t of c.tables) {
      out += `  table=${t.table}: ${t.flows.length} flows\n`;
      if (options.showFlows === true) for (const f of t.flows) out += `     ${formatFlow(f, { stats: false }).trim()}\n`;
    }
  }
  return out;
}

/**
 * Prints a (filtered) recirculation tree: one block per node, indented by depth, with its
 * flows grouped by equal actions; flows a filter matched are highlighted.
 *
 * @example
 * ```ts
 * import { filterRecircTree, parseDatapathFlows, renderRecircTreeText } from "ovskit";
 * console.log(renderRecircTreeText(filterRecircTree(parseDatapathFlows(dump))));
 * ```
 */
export function renderRecircTreeText(
  tree: FilteredRecircTree<AnyDatapathFlow>,
  options: { readonly color?: boolean; readonly highlight?: FlowFilter } = {},
): string {
  const color = options.color === true;
  let out = "";
  const matched = recircMatchSet(tree);
  const visit = (n: FilteredRecircNode, depth: number): void => {
    const ind = "  ".repeat(depth);
    const node = tree.tree.nodes[n.node];
    if (node === undefined) return;
    const count = node.blocks.reduce((k, b) => k + b.flows.length, 0);
    out += `${ind}${paint(`recirc_id(0x${node.recircId.toString(16)}),in_port(${node.inPort ?? "?"})`, STYLES.header, color)}  ${count} flows${n.matched ? " *" : ""}\n`;
    node.blocks.forEach((b, bi) => {
      out += `${ind}  ${paint(`actions:${b.actions}`, STYLES.action, color)}\n`;
      b.flows.forEach((f, fi) => {
        const hit = matched(n.node, bi, fi);
        const keys = options.highlight?.explain(f).keys;
        const text = paintParts(datapathFlowParts(f, keys), color, undefined);
        out += `${ind}    ${hit && !color ? "* " : ""}${text}\n`;
      });
    });
    for (const c of n.children) visit(c, depth + 1);
  };
  for (const r of tree.roots) visit(r, 0);
  if (tree.tree.dangling.length > 0) {
    out += `dangling recirc ids: ${tree.tree.dangling.map((d) => `0x${d.recircId.toString(16)}`).join(", ")}\n`;
  }
  return out;
}

/**
 * Prints a flow-set diff: `+` added, `-` removed, `~` changed (old and new actions, counter
 * deltas), then a count line.
 *
 * @example
 * ```ts
 * import { diffFlows, parseFlows, renderDiffText } from "ovskit";
 * console.log(renderDiffText(diffFlows(parseFlows(before), parseFlows(after))));
 * ```
 */
export function renderDiffText(diff: FlowSetDiff<AnyFlow>, options: { readonly color?: boolean } = {}): string {
  const color = options.color === true;
  let out = "";
  for (const f of diff.removed) out += paint(`-${formatFlow(f, { stats: false })}`, STYLES.removed, color) + "\n";
  for (const f of diff.added) out += paint(`+${formatFlow(f, { stats: false })}`, STYLES.added, color) + "\n";
  for (const c of diff.changed) {
    const deltas: string[] = [];
    if (c.packetsDelta !== undefined && c.packetsDelta !== 0n) deltas.push(`n_packets${c.packetsDelta > 0n ? "+" : ""}${c.packetsDelta}`);
    if (c.bytesDelta !== undefined && c.bytesDelta !== 0n) deltas.push(`n_bytes${c.bytesDelta > 0n ? "+" : ""}${c.bytesDelta}`);
    if (c.actionsChanged) {
      out += paint(`~-${formatFlow(c.before, { stats: false })}`, STYLES.changed, color) + "\n";
      out += paint(`~+${formatFlow(c.after, { stats: false })}`, STYLES.changed, color) + (deltas.length > 0 ? `  (${deltas.join(", ")})` : "") + "\n";
    } else out += paint(`~${formatFlow(c.after, { stats: false })}`, STYLES.changed, color) + `  (${deltas.join(", ")})\n`;
  }
  out += `${diff.added.length} added, ${diff.removed.length} removed, ${diff.changed.length} changed, ${diff.unchanged} unchanged\n`;
  return out;
}
