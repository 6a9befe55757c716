/**
 * A self-contained HTML page of a flow set: one file, no network, no script. A section per
 * table; `resubmit` / `goto_table` / `ct(table=)` values link to the section of the table they
 * name; filter matches highlighted (`<mark>`); counters coloured by heat; the logic view of
 * each table in collapsible `<details>` blocks.
 *
 * @module
 */
import type { FlowFilter } from "../filter/compile.js";
import { type AnyFlow, type Flow, actionsDecoder, decodeFlow } from "../openflow/flow.js";
import { type LogicViewOptions, logicView } from "../views/logic.js";
import type { FlowSet } from "../views/sources.js";
import { compareTables, summarizeTables } from "../views/table-summary.js";
import { heatLevel } from "./ansi.js";
import { flowParts } from "./parts.js";

/** Options of {@link renderHtml}. */
export interface HtmlOptions {
  /** Page title. Default "OpenFlow flows". */
  readonly title?: string;
  /** Highlight what this filter matched. */
  readonly highlight?: FlowFilter;
  /** Colour counters by heat. */
  readonly heatMap?: "packets" | "bytes";
  /** Include the collapsible logic view per table (default true), with these options. */
  readonly logic?: boolean | LogicViewOptions;
}

const HEAT_CLASSES = 8;

/**
 * Escapes text for HTML content and attribute values.
 *
 * @example
 * ```ts
 * import { escapeHtml } from "ovskit";
 * escapeHtml('<a href="x">'); // "&lt;a href=&quot;x&quot;&gt;"
 * ```
 */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`).replace(/&#38;/g, "&amp;").replace(/&#60;/g, "&lt;").replace(/&#62;/g, "&gt;").replace(/&#34;/g, "&quot;");
}

/**
 * The id of a table's section (`table-8`, or `table-name-ls_in_acl` for a table name).
 *
 * @example
 * ```ts
 * import { tableAnchor } from "ovskit";
 * tableAnchor(8); // "table-8"
 * ```
 */
export function tableAnchor(table: number | string): string {
  return typeof table === "number" ? `table-${table}` : `table-name-${table.replace(/[^A-Za-z0-9_-]/g, "_")}`;
}

/** `; highlighted: <code>EXPR</code>` for a page header, or nothing. @internal */
export function highlighted(filter: FlowFilter | undefined): string {
  return filter === undefined ? "" : `; highlighted: <code>${escapeHtml(filter.expression)}</code>`;
}

/**
 * A whole self-contained page: title, the shared style sheet, a header (title + `headerHtml`)
 * and the body in `<main>`.
 *
 * @internal
 * @example
 * ```ts
 * import { htmlPage } from "./html.js";
 * htmlPage("ofparse", '<div class="count">3 flows</div>', "<section>...</section>");
 * ```
 */
export function htmlPage(title: string, headerHtml: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${PAGE_CSS}</style>
</head><body>
<header><h1 style="font-size:1.2em;margin:.2em 0">${escapeHtml(title)}</h1>${headerHtml}</header>
<main>
${body}</main>
</body></html>
`;
}

/** The page style, shared by the OpenFlow and datapath pages. @internal */
export const PAGE_CSS = `
body{font-family:system-ui,sans-serif;margin:0;padding:0 1.5em 40em;color:#222;background:#fff}
header{background:#f4f4f8;border-bottom:1px solid #ccd;padding:.5em 0}
nav a{margin-right:.6em;font-family:monospace}
section{border-top:2px solid #889;margin-top:1.5em;padding-top:.3em}
h2{font-size:1.1em;margin:.3em 0}
.flow{font-family:monospace;font-size:12px;white-space:pre-wrap;word-break:break-all;padding:1px 0;border-bottom:1px dotted #eee}
.info{color:#777}.match{color:#05727a}.action{color:#1f4fa8}.drop{color:#b00}
a.goto{color:#8a1fa8;font-weight:bold}
mark{background:#ffe25c;color:inherit}
.src{background:#dde;border-radius:3px;padding:0 .3em;margin-right:.4em}
details.logic{margin:.4em 0 .8em;background:#fafafe;border:1px solid #dde;padding:.2em .5em}
details.group{margin-left:1em}
.count{color:#555}
.node{margin-left:calc(var(--depth,0)*1.5em)}
.block{margin:.2em 0 .2em 1em}
${Array.from({ length: HEAT_CLASSES }, (_, i) => `.heat-${i}{background:hsl(${Math.round(220 - (i * 220) / (HEAT_CLASSES - 1))},85%,${88 - i * 3}%)}`).join("")}
`;

function flowHtml(flow: Flow, source: string | undefined, options: HtmlOptions, tables: ReadonlySet<string>, heat: number): string {
  const keys = options.highlight?.explain(flow).keys;
  let out = `<div class="flow"${flow.line === undefined ? "" : ` data-line="${flow.line}"`}>`;
  if (source !== undefined) out += `<span class="src">${escapeHtml(source)}</span>`;
  for (const p of flowParts(flow, keys)) {
    let t = escapeHtml(p.text);
    if (p.kind === "action" && p.table !== undefined) {
      const id = tableAnchor(p.table);
      t = tables.has(id) ? `<a class="goto" href="#${id}">${t}</a>` : `<span class="goto missing">${t}</span>`;
    }
    let cls = p.kind === "text" ? "" : p.kind === "action" && p.name === "drop" ? "drop" : p.kind;
    if (heat >= 0 && p.kind === "info" && (p.name === "n_packets" || p.name === "n_bytes")) cls += ` heat-${heat}`;
    if (p.highlight) t = `<mark>${t}</mark>`;
    out += cls === "" ? t : `<span class="${cls.trim()}">${t}</span>`;
  }
  return out + "</div>\n";
}

/**
 * Renders the page.
 *
 * @example
 * ```ts
 * import { compileFilter, parseFlows, renderHtml } from "ovskit";
 * const html = renderHtml(parseFlows(dump), { title: "br-int on worker-1", highlight: compileFilter("ct.zone=0") });
 * ```
 */
export function renderHtml(input: readonly AnyFlow[] | FlowSet<AnyFlow>, options: HtmlOptions = {}): string {
  // Lazy flows are decoded once here (each distinct action text once).
  const decode = actionsDecoder();
  const items = Array.isArray(input)
    ? (input as readonly AnyFlow[]).map((flow) => ({ source: undefined as string | undefined, flow: decodeFlow(flow, decode) }))
    : (input as FlowSet<AnyFlow>).flows.map((s) => ({
        source: (input as FlowSet<AnyFlow>).sources.length > 1 ? s.source : undefined,
        flow: decodeFlow(s.flow, decode),
      }));
  const flows = items.map((i) => i.flow);
  const byTable = new Map<number | string, typeof items>();
  for (const it of items) {
    const t = it.flow.table ?? 0;
    const list = byTable.get(t);
    if (list === undefined) byTable.set(t, [it]);
    else list.push(it);
  }
  const order = [...byTable.keys()].sort(compareTables);
  const ids = new Set(order.map(tableAnchor));
  const summary = new Map(summarizeTables(flows).map((s) => [s.table, s]));
  let max = 0n;
  const metric = options.heatMap;
  const counter = (f: Flow): bigint => (metric === "bytes" ? f.nBytes : f.nPackets) ?? 0n;
  if (metric !== undefined) for (const f of flows) if (counter(f) > max) max = counter(f);
  const logicOpts = typeof options.logic === "object" ? options.logic : {};
  const withLogic = options.logic !== false;
  const title = options.title ?? "OpenFlow flows";

  let body = "";
  for (const t of order) {
    const list = byTable.get(t) ?? [];
    const s = summary.get(t);
    body += `<section id="${tableAnchor(t)}"><h2>Table ${escapeHtml(String(t))} <span class="count">(${list.length} flows${s === undefined ? "" : `, ${s.packets} packets, ${s.bytes} bytes`})</span></h2>\n`;
    if (withLogic) {
      const groups = logicView(
        list.map((i) => i.flow),
        logicOpts,
      );
      body += `<details class="logic"><summary>Logic view: ${groups.length} groups</summary>\n`;
      for (const g of groups) {
        const cookies = g.cookies.map((c) => escapeHtml(c.label)).join(", ");
        body += `<details class="group"><summary>priority=${g.priority} <span class="match">${escapeHtml(g.matchKeys.join(",") || "(any)")}</span> actions=<span class="action">${escapeHtml(g.actionKeys.join(",") || "drop")}</span> <span class="count">x ${g.flows.length}</span> <span class="info">${cookies}</span></summary>\n`;
        for (const f of g.flows) body += flowHtml(f, undefined, options, ids, -1);
        body += "</details>\n";
      }
      body += "</details>\n";
    }
    for (const it of list) body += flowHtml(it.flow, it.source, options, ids, metric === undefined ? -1 : heatLevel(counter(it.flow), max, HEAT_CLASSES));
    body += "</section>\n";
  }
  const nav = order.map((t) => `<a href="#${tableAnchor(t)}">${escapeHtml(String(t))}</a>`).join("");
  const count = `${flows.length} flows${highlighted(options.highlight)}`;
  return htmlPage(title, `<nav>Tables: ${nav}</nav>\n<div class="count">${count}</div>`, body);
}
