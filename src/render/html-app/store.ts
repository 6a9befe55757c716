/**
 * The page's data: the embedded flow lines (decoded once, sliced on demand), the tables,
 * the parsed flows (built in the background, in slices, for the search) and the search itself,
 * which is the ovskit filter (`compileFilter`) run over the parsed flows.
 *
 * @module
 */
import { type FlowFilter, compileFilter } from "../../filter/compile.js";
import { isFilterError } from "../../filter/error.js";
import type { Flow } from "../../openflow/flow.js";
import { newFlowCaches, parseFlowLine } from "../../openflow/flow-parse.js";
import { type HtmlPageMeta, unescapeEmbeddedText } from "../html-data.js";

/** The decoded page data. @internal */
export interface Store {
  readonly meta: HtmlPageMeta;
  readonly text: string;
  /** Start offset of each flow line in `text` (one more entry: the end). */
  readonly starts: Uint32Array;
  /** Table index (into `meta.tables`) of each flow. */
  readonly tableOf: Uint32Array;
  /** Flows parsed so far by the background indexer (all of them once `indexed`). */
  readonly parsed: Flow[];
  indexed: boolean;
  /** Flows parsed for display before the index reached them. */
  readonly shown: Map<number, Flow>;
}

/** Reads the two embedded blocks. @internal */
export function loadStore(): Store {
  const metaEl = document.getElementById("ovskit-meta");
  const textEl = document.getElementById("ovskit-flows");
  const meta = JSON.parse(metaEl?.textContent ?? "{}") as HtmlPageMeta;
  const text = unescapeEmbeddedText(textEl?.textContent ?? "");
  // Free the DOM copies: the page keeps one copy of the text.
  metaEl?.remove();
  textEl?.remove();
  const n = meta.flows;
  const starts = new Uint32Array(n + 1);
  let at = 0;
  for (let i = 0; i < n; i++) {
    starts[i] = at;
    const nl = text.indexOf("\n", at);
    at = nl < 0 ? text.length + 1 : nl + 1;
  }
  starts[n] = at;
  const tableOf = new Uint32Array(n);
  meta.tables.forEach((t, ti) => tableOf.fill(ti, t.first, t.first + t.flows));
  return { meta, text, starts, tableOf, parsed: [], indexed: n === 0, shown: new Map() };
}

/** The dump line of flow `i`. @internal */
export function lineOf(s: Store, i: number): string {
  return s.text.slice(s.starts[i] as number, (s.starts[i + 1] as number) - 1);
}

/** Flow `i`, parsed: from the index when it is there, else parsed now (and kept a while). @internal */
export function flowAt(s: Store, i: number): Flow | undefined {
  const done = s.parsed[i];
  if (done !== undefined) return done;
  let f = s.shown.get(i);
  if (f === undefined) {
    try {
      f = parseFlowLine(lineOf(s, i), false) as Flow;
    } catch {
      return undefined;
    }
    if (s.shown.size > 4000) s.shown.clear();
    s.shown.set(i, f);
  }
  return f;
}

/**
 * Parses every flow in slices of about `budgetMs`, yielding to the page between slices, and
 * calls `progress` after each slice. Resolves when all are parsed.
 *
 * @internal
 */
export function indexInBackground(s: Store, progress: (done: number) => void, budgetMs = 30): Promise<void> {
  const caches = newFlowCaches();
  const channel = new MessageChannel();
  let i = 0;
  return new Promise((resolve) => {
    const step = (): void => {
      const until = performance.now() + budgetMs;
      const n = s.meta.flows;
      while (i < n) {
        const end = Math.min(n, i + 512);
        for (; i < end; i++) {
          let f: Flow;
          try {
            f = parseFlowLine(lineOf(s, i), false, caches) as Flow;
          } catch {
            f = parseFlowLine("actions=drop", false) as Flow;
          }
          s.parsed.push(f);
        }
        if (performance.now() > until) break;
      }
      progress(i);
      if (i < n) channel.port2.postMessage(0);
      else {
        s.indexed = true;
        channel.port1.close();
        resolve();
      }
    };
    channel.port1.onmessage = step;
    channel.port2.postMessage(0);
  });
}

/** A search: the compiled filter and the flows it matched (page order), or the filter's error. @internal */
export type SearchResult =
  | { readonly kind: "none" }
  | { readonly kind: "error"; readonly expression: string; readonly column: number; readonly message: string }
  | { readonly kind: "ok"; readonly expression: string; readonly filter: FlowFilter; readonly matched: Uint32Array; readonly count: number; readonly ms: number };

/** Compiles `expression`; a syntax or value error comes back with its 1-based column. @internal */
export function compile(expression: string): FlowFilter | Extract<SearchResult, { kind: "error" }> {
  try {
    return compileFilter(expression, { target: "openflow" });
  } catch (e) {
    if (isFilterError(e)) return { kind: "error", expression, column: e.column, message: e.reason };
    return { kind: "error", expression, column: 1, message: e instanceof Error ? e.message : String(e) };
  }
}

/** Runs a compiled filter over every parsed flow. @internal */
export function runSearch(s: Store, filter: FlowFilter): SearchResult {
  const t0 = performance.now();
  const matched = new Uint32Array(s.parsed.length);
  let count = 0;
  const flows = s.parsed;
  for (let i = 0; i < flows.length; i++) if (filter.matchFlow(flows[i] as Flow)) matched[count++] = i;
  return { kind: "ok", expression: filter.expression, filter, matched: matched.subarray(0, count), count, ms: performance.now() - t0 };
}
