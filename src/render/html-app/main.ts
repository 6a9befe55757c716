/**
 * The script of the flow page made by `renderHtml`: bundled from ovskit's own sources (the
 * flow parser, the filter language, the flow parts) into `html-app.generated.ts` by
 * `scripts/build-html-app.ts`. It reads the embedded data, draws the table list and the rows
 * on screen, indexes the flows in the background and answers searches with the ovskit filter.
 *
 * Timing marks for tests and benchmarks: `ovskit:interactive` (first rows drawn),
 * `ovskit:indexed` (every flow parsed), and a `ovskit:search` measure per search.
 *
 * @module
 */
import type { FlowFilter } from "../../filter/compile.js";
import { VirtualList } from "./list.js";
import { esc, flowRow, headerRow, partsHtml, labelOf, thousands } from "./rows.js";
import { type SearchResult, type Store, compile, flowAt, indexInBackground, lineOf, loadStore, runSearch } from "./store.js";

const store: Store = loadStore();
const meta = store.meta;
const tableIndex = new Map<number, number>();
meta.tables.forEach((t, k) => {
  if (typeof t.table === "number") tableIndex.set(t.table, k);
});

document.title = meta.title;
document.body.innerHTML = `
<header>
  <h1 title="${esc(meta.title)}">${esc(meta.title)}</h1>
  <div class="searchbox"><input id="q" type="search" spellcheck="false" autocomplete="off" placeholder="filter, e.g. nw_dst~=10.96.0.0/16 &amp;&amp; n_packets>0   (press / to focus)" aria-label="filter">
  <div id="err" class="err" hidden></div></div>
  <label class="opt"><input id="only" type="checkbox" checked> only matches</label>
  <label class="opt">heat <select id="metric"><option>packets</option><option>bytes</option><option value="age">age (recent)</option><option>none</option></select></label>
  <button id="theme" title="dark / light">◐</button>
</header>
<div id="status" class="status"></div>
<div class="body">
  <nav id="tables" aria-label="tables"></nav>
  <div class="main">
    <div id="sticky" class="sticky"></div>
    <div id="list" class="list${meta.labels.length > 0 ? " ovn" : ""}${meta.stats ? "" : " nostats"}" tabindex="0"></div>
    <div id="detail" class="detail" hidden></div>
  </div>
</div>`;

const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;
const q = $<HTMLInputElement>("q");
const only = $<HTMLInputElement>("only");
const metricSel = $<HTMLSelectElement>("metric");
const statusEl = $("status");
const errEl = $("err");
const nav = $("tables");
const sticky = $("sticky");
const detail = $("detail");

let metric: string = meta.metric;
metricSel.value = metric;
let search: SearchResult = { kind: "none" };
let selected = -1;
let indexProgress = store.indexed ? meta.flows : 0;

const rowHeight = meta.labels.length > 0 ? 34 : 19;
sticky.style.height = `${rowHeight}px`;
const list = new VirtualList(
  $("list"),
  rowHeight,
  (_row, v) => (v < 0 ? headerRow(store, -v - 1, shownIn(-v - 1)) : flowRow(store, v, highlightFilter(), metric, tableIndex, v === selected)),
  (row) => {
    const v = list.rows[row];
    if (v === undefined) return void (sticky.textContent = "");
    const k = v < 0 ? -v - 1 : (store.tableOf[v] as number);
    sticky.innerHTML = headerRow(store, k, shownIn(k));
    for (const a of nav.querySelectorAll(".cur")) a.classList.remove("cur");
    nav.querySelector(`[data-t="${k}"]`)?.classList.add("cur");
  },
);

function highlightFilter(): FlowFilter | undefined {
  return search.kind === "ok" ? search.filter : undefined;
}

/** Per table: how many of its flows the list shows. */
let perTable = new Uint32Array(meta.tables.length);

function shownIn(k: number): number {
  return perTable[k] ?? 0;
}

/** Rebuilds the rows: every flow, or only the matches, with a header per table shown. */
function rebuild(keepTop = false): void {
  const filterOnly = search.kind === "ok" && only.checked;
  const flows = filterOnly ? (search as { matched: Uint32Array }).matched : undefined;
  const n = flows === undefined ? meta.flows : flows.length;
  perTable = new Uint32Array(meta.tables.length);
  const headerAt = new Int32Array(meta.tables.length).fill(-1);
  const rows = new Int32Array(n + meta.tables.length);
  let r = 0;
  let lastTable = -1;
  for (let j = 0; j < n; j++) {
    const i = flows === undefined ? j : (flows[j] as number);
    const k = store.tableOf[i] as number;
    if (k !== lastTable) {
      headerAt[k] = r;
      rows[r++] = -k - 1;
      lastTable = k;
    }
    perTable[k] = (perTable[k] ?? 0) + 1;
    rows[r++] = i;
  }
  $("list").classList.toggle("hl", search.kind === "ok" && !only.checked);
  drawNav();
  list.setModel({ rows: rows.subarray(0, r), headerAt }, keepTop);
}

/** The hottest level of each table's flows, per metric (computed once per metric). */
const tableHeat = new Map<string, Int8Array>();

function heatOfTable(k: number): number {
  let levels = tableHeat.get(metric);
  if (levels === undefined) {
    levels = new Int8Array(meta.tables.length).fill(-1);
    const s = meta.heat[metric as "packets"];
    if (s !== undefined) {
      meta.tables.forEach((t, ti) => {
        let best = -1;
        for (let i = t.first; i < t.first + t.flows; i++) {
          const c = s.charCodeAt(i) - 48;
          if (c > best) best = c;
        }
        (levels as Int8Array)[ti] = best;
      });
    }
    tableHeat.set(metric, levels);
  }
  return levels[k] ?? -1;
}

function drawNav(): void {
  const searching = search.kind === "ok";
  let html = `<div class="navhead">${thousands(meta.tables.length)} tables</div>`;
  meta.tables.forEach((t, k) => {
    const n = shownIn(k);
    const heat = heatOfTable(k);
    html += `<a data-t="${k}" class="${searching && n === 0 ? "none" : ""}" title="table ${esc(String(t.table))}: ${thousands(t.flows)} flows, ${thousands(t.packets)} packets, ${thousands(t.bytes)} bytes"><span class="heat h${heat < 0 ? "-" : heat}"></span><span class="tn">${esc(String(t.table))}</span><span class="tc">${searching ? `${thousands(n)}/` : ""}${thousands(t.flows)}</span></a>`;
  });
  nav.innerHTML = html;
}

function setStatus(): void {
  const total = thousands(meta.flows);
  let s: string;
  if (search.kind === "ok") s = `<b>${thousands(search.count)}</b> of ${total} flows matched <code>${esc(search.expression)}</code> <span class="muted">(${search.ms.toFixed(0)} ms)</span>`;
  else if (search.kind === "error") s = `filter error: 0 of ${total} flows shown`;
  else s = `${total} flows in ${thousands(meta.tables.length)} tables`;
  if (!store.indexed) s += ` <span class="muted">· indexing for search ${Math.floor((indexProgress * 100) / Math.max(1, meta.flows))}%</span>`;
  if (meta.labels.length > 0) s += ` <span class="muted">· ${thousands(meta.labels.length)} OVN names</span>`;
  statusEl.innerHTML = s;
}

function showError(r: Extract<SearchResult, { kind: "error" }>): void {
  const col = Math.max(1, r.column);
  errEl.innerHTML = `<pre>${esc(r.expression)}\n${" ".repeat(col - 1)}^</pre><span>column ${col}: ${esc(r.message)}</span>`;
  errEl.hidden = false;
  q.classList.add("bad");
}

let ticket = 0;

/** Resolves after the next frame is painted. */
function painted(): Promise<void> {
  return new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
}

/** Runs the search in the box (waits for the index). */
async function doSearch(): Promise<void> {
  const expr = q.value.trim();
  const my = ++ticket;
  errEl.hidden = true;
  q.classList.remove("bad");
  document.body.dataset.search = "running";
  performance.mark("ovskit:search-start");
  if (expr === "") {
    search = { kind: "none" };
  } else {
    const c = compile(expr);
    if ("kind" in c) {
      search = c;
      showError(c);
    } else {
      await indexed;
      if (my !== ticket) return;
      search = runSearch(store, c);
    }
  }
  rebuild();
  setStatus();
  await painted();
  performance.mark("ovskit:search-end");
  performance.measure("ovskit:search", "ovskit:search-start", "ovskit:search-end");
  document.body.dataset.search = search.kind === "error" ? "error" : "done";
}

function jumpToTable(k: number): void {
  let row = list.headerRow(k);
  if (row < 0 && search.kind === "ok" && only.checked) {
    // Not among the matches: show every flow, then jump.
    only.checked = false;
    rebuild();
    row = list.headerRow(k);
  }
  if (row >= 0) list.scrollToRow(row);
  const t = meta.tables[k];
  if (t !== undefined) history.replaceState(null, "", `#table-${String(t.table).replace(/[^A-Za-z0-9_-]/g, "_")}`);
}

function showDetail(i: number): void {
  selected = i;
  const f = flowAt(store, i);
  const li = labelOf(store, f);
  const t = meta.tables[store.tableOf[i] as number];
  let h = `<button class="close" title="close">×</button><div class="dhead">flow ${thousands(i + 1)} of ${thousands(meta.flows)} · table ${esc(String(t?.table ?? ""))}</div>`;
  h += `<div class="full">${f === undefined ? esc(lineOf(store, i)) : partsHtml(f, highlightFilter(), true, tableIndex)}</div>`;
  if (li >= 0) h += `<div class="dlabel"><b>OVN</b> ${esc(meta.labels[li] ?? "")}</div>`;
  detail.innerHTML = h;
  detail.hidden = false;
  list.redraw();
}

// Events.
let debounce = 0;
q.addEventListener("input", () => {
  clearTimeout(debounce);
  debounce = window.setTimeout(() => void doSearch(), 300);
});
q.addEventListener("keydown", (e) => {
  if (e.key === "Enter") {
    clearTimeout(debounce);
    void doSearch();
  } else if (e.key === "Escape") {
    q.value = "";
    void doSearch();
  }
});
only.addEventListener("change", () => rebuild());
metricSel.addEventListener("change", () => {
  metric = metricSel.value;
  drawNav();
  list.redraw();
});
$("theme").addEventListener("click", () => {
  const dark = document.documentElement.dataset.theme !== "dark" && !(document.documentElement.dataset.theme === undefined && matchMedia("(prefers-color-scheme: dark)").matches);
  document.documentElement.dataset.theme = dark ? "dark" : "light";
});
nav.addEventListener("click", (e) => {
  const a = (e.target as HTMLElement).closest("[data-t]");
  if (a !== null) jumpToTable(Number(a.getAttribute("data-t")));
});
const onRowClick = (e: MouseEvent): void => {
  const target = e.target as HTMLElement;
  const go = target.closest("[data-goto]");
  if (go !== null) return jumpToTable(Number(go.getAttribute("data-goto")));
  if (target.closest(".close") !== null) {
    detail.hidden = true;
    selected = -1;
    return list.redraw();
  }
  const row = target.closest(".row[data-i]");
  if (row !== null) showDetail(Number(row.getAttribute("data-i")));
};
$("list").addEventListener("click", onRowClick);
detail.addEventListener("click", onRowClick);
document.addEventListener("keydown", (e) => {
  if (e.key === "/" && document.activeElement !== q) {
    e.preventDefault();
    q.focus();
  }
});

// Start: draw, then index in the background; a search given by the renderer runs when ready.
if (document.body.dataset.mode === "highlight") only.checked = false;
rebuild();
setStatus();
const hash = /^#table-(.+)$/.exec(location.hash)?.[1];
if (hash !== undefined) {
  const k = meta.tables.findIndex((t) => String(t.table).replace(/[^A-Za-z0-9_-]/g, "_") === hash);
  if (k >= 0) jumpToTable(k);
}
const indexed = painted().then(() => {
  performance.mark("ovskit:interactive");
  document.body.dataset.state = "interactive";
  return indexInBackground(store, (done) => {
    indexProgress = done;
    setStatus();
  });
}).then(() => {
  performance.mark("ovskit:indexed");
  document.body.dataset.state = "indexed";
  setStatus();
});
if (meta.search !== "") {
  q.value = meta.search;
  void doSearch();
}
