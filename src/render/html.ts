/**
 * A self-contained HTML page of a flow set that stays usable at 600k flows: the flows are
 * embedded as their dump text (see `html-data.ts`), and a script bundled from ovskit itself
 * (`html-app/`) draws only the rows on screen, lists the tables with their counts and heat,
 * names OVN stages / logical flows inline, and runs the ovskit filter language in the page.
 * One file, no network.
 *
 * @module
 */
import type { FlowFilter } from "../filter/compile.js";
import { formatFlow } from "../openflow/format.js";
import { type AnyFlow, type Flow, actionsDecoder, decodeFlow } from "../openflow/flow.js";
import type { CookieResolver, LogicViewOptions } from "../views/logic.js";
import type { FlowSet } from "../views/sources.js";
import { compareTables } from "../views/table-summary.js";
import { heatLevel } from "./ansi.js";
import { HTML_APP_CSP_HASH, HTML_APP_CSS, HTML_APP_JS } from "./html-app.generated.js";
import { type HtmlPageMeta, type HtmlPageTable, escapeEmbeddedText, scriptJson } from "./html-data.js";

/** Options of {@link renderHtml}. */
export interface HtmlOptions {
  /** Page title. Default "OpenFlow flows". */
  readonly title?: string;
  /** Open the page with this filter in the search box, matches highlighted among all flows. */
  readonly highlight?: FlowFilter;
  /** Open the page with this search (filter language): only the matching flows are listed. */
  readonly search?: string;
  /** The heat map shown at first (the page can switch): default "packets". */
  readonly heatMap?: "packets" | "bytes" | "age" | "none";
  /** Names cookies (OVN stage and logical flow, shown on each row): `detraceCookieResolver`, `lflowCookieResolver`. */
  readonly resolveCookie?: CookieResolver;
  /**
   * @deprecated Since 0.2.0 the page has no logic view; only `resolveCookie` is read from
   * here (use {@link HtmlOptions.resolveCookie}). Removed in 0.3.0.
   */
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
  return s.replace(/[&<>"']/g, (c) => (c === "&" ? "&amp;" : c === "<" ? "&lt;" : c === ">" ? "&gt;" : c === '"' ? "&quot;" : "&#39;"));
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
 * A whole self-contained page without script (the datapath page): title, the shared style
 * sheet, a header (title + `headerHtml`) and the body in `<main>`.
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

/** The style of the datapath page. @internal */
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
.count{color:#555}
.node{margin-left:calc(var(--depth,0)*1.5em)}
.block{margin:.2em 0 .2em 1em}
`;

/** The short name of a cookie label for a flow row: the OVN stage, else the label's first words. */
function stageOf(label: string): string {
  const stage = /\(([a-z]+_(?:in|out)_[A-Za-z0-9_]+)\)/.exec(label)?.[1];
  if (stage !== undefined) {
    const dp = /^([^\s]+) (?:ingress|egress) /.exec(label)?.[1];
    return dp === undefined ? stage : `${dp} ${stage}`;
  }
  return label.split(" ").slice(0, 2).join(" ").slice(0, 40);
}

function heatString(values: readonly (bigint | undefined)[], hotWhenSmall: boolean): string {
  let max = 0n;
  for (const v of values) if (v !== undefined && v > max) max = v;
  let out = "";
  for (const v of values) {
    let l = v === undefined ? -1 : hotWhenSmall ? (max === 0n ? HEAT_CLASSES - 1 : HEAT_CLASSES - 1 - heatLevel(v + 1n, max + 1n, HEAT_CLASSES)) : heatLevel(v, max, HEAT_CLASSES);
    if (l > HEAT_CLASSES - 1) l = HEAT_CLASSES - 1;
    out += l < 0 ? "-" : String(l);
  }
  return out;
}

/**
 * Renders the page: one self-contained file (no network), the flows embedded as dump text in
 * table order, a search box that takes the filter language (the ovskit filter, run in the
 * page), the table list with counts and heat, a heat map per flow (packets, bytes or age), and
 * the OVN stage / logical flow of each flow when `resolveCookie` is given. Only the rows on
 * screen are drawn, so a 600k-flow dump stays usable.
 *
 * @example
 * ```ts
 * import { compileFilter, detraceCookieResolver, ovnContext, parseFlows, renderHtml } from "ovskit";
 * const html = renderHtml(parseFlows(dump), { title: "br-int on worker-1", highlight: compileFilter("ct.zone=0") });
 * const named = renderHtml(parseFlows(dump), { resolveCookie: detraceCookieResolver(ovnContext({ sb })) });
 * ```
 */
export function renderHtml(input: readonly AnyFlow[] | FlowSet<AnyFlow>, options: HtmlOptions = {}): string {
  const set = Array.isArray(input) ? undefined : (input as FlowSet<AnyFlow>);
  const several = set !== undefined && set.sources.length > 1;
  // Lazy flows are decoded once here (each distinct action text once).
  const decode = actionsDecoder();
  const items: { flow: Flow; source: number }[] =
    set === undefined
      ? (input as readonly AnyFlow[]).map((flow) => ({ flow: decodeFlow(flow, decode), source: 0 }))
      : set.flows.map((s) => ({ flow: decodeFlow(s.flow, decode), source: Math.max(0, set.sources.indexOf(s.source)) }));
  // Table order, dump order inside a table (a stable sort).
  const order = items.map((it, i) => ({ it, i, t: it.flow.table ?? 0 }));
  order.sort((a, b) => compareTables(a.t, b.t) || a.i - b.i);

  const tables: HtmlPageTable[] = [];
  const lines: string[] = [];
  let current: { table: number | string; first: number; flows: number; packets: bigint; bytes: bigint; age: number | null } | undefined;
  const close = (): void => {
    if (current !== undefined) tables.push({ table: current.table, first: current.first, flows: current.flows, packets: String(current.packets), bytes: String(current.bytes), minIdleAge: current.age });
  };
  const resolve = options.resolveCookie ?? (typeof options.logic === "object" ? options.logic.resolveCookie : undefined);
  const cookies: Record<string, number> = {};
  const labels: string[] = [];
  const stages: string[] = [];
  const labelIndex = new Map<string, number>();
  let source = "";
  for (const [n, { it, t }] of order.entries()) {
    const f = it.flow;
    if (current === undefined || current.table !== t) {
      close();
      current = { table: t, first: n, flows: 0, packets: 0n, bytes: 0n, age: null };
    }
    current.flows++;
    current.packets += f.nPackets ?? 0n;
    current.bytes += f.nBytes ?? 0n;
    if (f.idleAge !== undefined && (f.nPackets ?? 0n) > 0n && (current.age === null || f.idleAge < current.age)) current.age = f.idleAge;
    lines.push(formatFlow(f).replace(/^ /, ""));
    if (several) source += String.fromCharCode(48 + it.source);
    if (resolve !== undefined && f.cookie !== undefined && f.cookie !== 0n) {
      const hex = f.cookie.toString(16);
      if (cookies[hex] === undefined) {
        const label = resolve(f.cookie);
        if (label !== undefined) {
          let li = labelIndex.get(label);
          if (li === undefined) {
            li = labels.length;
            labelIndex.set(label, li);
            labels.push(label);
            stages.push(stageOf(label));
          }
          cookies[hex] = li;
        }
      }
    }
  }
  close();
  const flows = order.map((o) => o.it.flow);
  const hit = (f: Flow): boolean => (f.nPackets ?? 0n) > 0n;
  const meta: HtmlPageMeta = {
    v: 1,
    title: options.title ?? "OpenFlow flows",
    flows: flows.length,
    stats: flows.some((f) => f.nPackets !== undefined),
    tables,
    heat: {
      packets: heatString(flows.map((f) => f.nPackets), false),
      bytes: heatString(flows.map((f) => f.nBytes), false),
      age: heatString(flows.map((f) => (hit(f) && f.idleAge !== undefined ? BigInt(f.idleAge) : undefined)), true),
    },
    metric: options.heatMap ?? "packets",
    sources: several ? set.sources : [],
    source,
    cookies,
    labels,
    stages,
    search: options.search ?? options.highlight?.expression ?? "",
  };
  const mode = options.search === undefined && options.highlight !== undefined ? "highlight" : "filter";
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src ${HTML_APP_CSP_HASH}; style-src 'unsafe-inline'; img-src data:">
<meta name="generator" content="ovskit">
<title>${escapeHtml(meta.title)}</title>
<style>${HTML_APP_CSS}</style>
</head><body data-mode="${mode}">
<noscript>This page draws the flows with a script: enable JavaScript, or use <code>ofparse openflow console</code>.</noscript>
<script type="application/json" id="ovskit-meta">${scriptJson(meta)}</script>
<script type="text/plain" id="ovskit-flows">${escapeEmbeddedText(lines.join("\n"))}</script>
<script>${HTML_APP_JS}</script>
</body></html>
`;
}
