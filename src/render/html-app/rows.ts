/**
 * The HTML of one row: a flow (heat swatch, counters, OVN stage, priority / match / actions in
 * colour, filter hits marked, `resubmit` / `goto_table` targets as links) or a table header.
 * Every text goes through `esc`: nothing from the dump becomes markup.
 *
 * @module
 */
import type { FlowFilter } from "../../filter/compile.js";
import type { Flow } from "../../openflow/flow.js";
import { flowParts } from "../parts.js";
import { type Store, flowAt, lineOf } from "./store.js";

/** Escapes text for HTML content and attributes. @internal */
export function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => (c === "&" ? "&amp;" : c === "<" ? "&lt;" : c === ">" ? "&gt;" : c === '"' ? "&quot;" : "&#39;"));
}

/** 1234567 -> "1.2M" (the exact value goes in a title). @internal */
export function compact(v: bigint | number | undefined): string {
  if (v === undefined) return "";
  const n = Number(v);
  if (n < 1000) return String(n);
  const units = ["k", "M", "G", "T", "P", "E"];
  let x = n;
  let u = -1;
  while (x >= 1000 && u < units.length - 1) {
    x /= 1000;
    u++;
  }
  return `${x < 10 ? x.toFixed(1) : Math.round(x)}${units[u]}`;
}

/** Thousands separators. @internal */
export function thousands(n: number | string): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/** The OVN label index of a flow, or -1. @internal */
export function labelOf(s: Store, f: Flow | undefined): number {
  if (f?.cookie === undefined) return -1;
  return s.meta.cookies[f.cookie.toString(16)] ?? -1;
}

/** The parts of a flow as HTML; `info` includes cookie, counters etc. (the detail pane). @internal */
export function partsHtml(f: Flow, hl: FlowFilter | undefined, info: boolean, tableIndex: ReadonlyMap<number, number>): string {
  const keys = hl === undefined ? undefined : hl.explain(f).keys;
  let out = "";
  let skipSep = false;
  for (const p of flowParts(f, keys)) {
    if (!info && p.kind === "info") {
      skipSep = true;
      continue;
    }
    if (skipSep && p.kind === "text") {
      skipSep = false;
      continue;
    }
    skipSep = false;
    let t = esc(p.text);
    if (p.kind === "action" && p.table !== undefined) {
      const k = tableIndex.get(p.table);
      t = k === undefined ? `<span class="goto missing" title="no flows in table ${p.table}">${t}</span>` : `<a class="goto" data-goto="${k}">${t}</a>`;
    }
    const cls = p.kind === "text" ? "" : p.kind === "action" && p.name === "drop" ? "drop" : p.kind === "action" && p.name === "output" ? "action out" : p.kind;
    if (cls !== "") t = `<span class="${cls}">${t}</span>`;
    out += p.highlight ? `<mark>${t}</mark>` : t;
  }
  return out;
}

/** One flow row. @internal */
export function flowRow(s: Store, i: number, hl: FlowFilter | undefined, metric: string, tableIndex: ReadonlyMap<number, number>, selected: boolean): string {
  const f = flowAt(s, i);
  const heat = metric === "none" ? "-" : (s.meta.heat[metric as "packets"]?.[i] ?? "-");
  const li = labelOf(s, f);
  const hit = hl !== undefined && f !== undefined && hl.matchFlow(f);
  let h = `<div class="row${selected ? " sel" : ""}${hit ? " hit" : ""}" data-i="${i}"><span class="heat h${heat}"></span>`;
  if (f === undefined) return `${h}<span class="flow bad">${esc(lineOf(s, i))}</span></div>`;
  const mark = (name: string, text: string): string => {
    const on = hl !== undefined && hit && hl.explain(f).keys.some((k) => k.area === "info" && k.name === name);
    return on ? `<mark>${text}</mark>` : text;
  };
  h += `<span class="num" title="n_packets=${f.nPackets ?? ""}">${mark("n_packets", compact(f.nPackets))}</span>`;
  h += `<span class="num" title="n_bytes=${f.nBytes ?? ""}">${mark("n_bytes", compact(f.nBytes))}</span>`;
  h += `<span class="num age" title="idle_age=${f.idleAge ?? ""}">${f.idleAge === undefined ? "" : `${compact(f.idleAge)}s`}</span>`;
  if (s.meta.sources.length > 0) h += `<span class="src">${esc(s.meta.sources[(s.meta.source.charCodeAt(i) || 48) - 48] ?? "")}</span>`;
  if (s.meta.labels.length > 0) h += `<span class="stage" title="${esc(li < 0 ? "" : (s.meta.labels[li] ?? ""))}">${li < 0 ? "" : esc(s.meta.stages[li] ?? "")}</span>`;
  h += `<span class="flow">${partsHtml(f, hit ? hl : undefined, false, tableIndex)}</span>`;
  if (s.meta.labels.length > 0) h += `<div class="lflow">${li < 0 ? "" : esc(s.meta.labels[li] ?? "")}</div>`;
  return `${h}</div>`;
}

/** A table header row (`k`: index into the tables; `shown`: flows listed of it). @internal */
export function headerRow(s: Store, k: number, shown: number): string {
  const t = s.meta.tables[k];
  if (t === undefined) return "";
  const count = shown === t.flows ? `${thousands(t.flows)} flows` : `${thousands(shown)} of ${thousands(t.flows)} flows`;
  return `<div class="row thead" data-t="${k}"><b>table ${esc(String(t.table))}</b> <span class="muted">${count} · ${thousands(t.packets)} packets · ${thousands(t.bytes)} bytes</span></div>`;
}
