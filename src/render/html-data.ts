/**
 * What the flow page of {@link renderHtml} embeds, and how: the flows as their dump text (one
 * line per flow, in table order) in a `<script type="text/plain">` block, and a small JSON
 * document (tables, heat levels, OVN labels) in a `<script type="application/json">` block.
 * Both are escaped so that no flow text can end the block (`</script>`) or run as markup; the
 * page script and {@link readHtmlPageData} decode them.
 *
 * @module
 */
import { OvsParseError } from "../core/parse-error.js";

/** One table of the page: its number or name, flow count and totals. */
export interface HtmlPageTable {
  /** Table number, or name when the dump used names. */
  readonly table: number | string;
  /** Index of its first flow in the page's flow order. */
  readonly first: number;
  readonly flows: number;
  /** Sum of `n_packets` / `n_bytes` (decimal strings: they may pass 2^53). */
  readonly packets: string;
  readonly bytes: string;
  /** Smallest `idle_age` of its flows (seconds), or null without statistics. */
  readonly minIdleAge: number | null;
}

/** The JSON part of a page (`<script id="ovskit-meta">`). */
export interface HtmlPageMeta {
  /** Format version. */
  readonly v: 1;
  readonly title: string;
  readonly flows: number;
  /** True when some flow has statistics (`n_packets`). */
  readonly stats: boolean;
  readonly tables: readonly HtmlPageTable[];
  /**
   * Heat levels per flow, one character per flow in page order: `-` for no heat (0 or no
   * statistics), `0`-`7` from cold to hot (log scale against the hottest flow). `age` is hot
   * when `idle_age` is small (recently hit).
   */
  readonly heat: { readonly packets: string; readonly bytes: string; readonly age: string };
  /** The heat metric shown at first. */
  readonly metric: "packets" | "bytes" | "age" | "none";
  /** Input names when the page shows several inputs; `source` gives each flow's index in it. */
  readonly sources: readonly string[];
  /** One character per flow (`String.fromCharCode(48 + index)`), or "" for one input. */
  readonly source: string;
  /** OVN names of cookies (hex without 0x -> index into `labels` / `stages`). */
  readonly cookies: Readonly<Record<string, number>>;
  /** Full label of each named cookie (what `ovn-detrace` prints, on one line). */
  readonly labels: readonly string[];
  /** Short name for the flow row: the OVN stage (`ls_in_acl`) or the first words of the label. */
  readonly stages: readonly string[];
  /** The search the page opens with ("" for none). */
  readonly search: string;
}

/** Characters escaped in the flow text block: `%` itself, `<` (no `</script>`), CR and NUL. */
const TEXT_ESCAPE = /[%<\r\0]/g;

/**
 * Escapes flow text for the `<script type="text/plain">` block: `%`, `<`, CR and NUL become
 * `%25`, `%3C`, `%0D`, `%00`. Nothing else changes, so a plain dump is embedded as is.
 *
 * @example
 * ```ts
 * import { escapeEmbeddedText } from "ovskit";
 * escapeEmbeddedText("a</script>b"); // "a%3C/script>b"
 * ```
 */
export function escapeEmbeddedText(text: string): string {
  return text.replace(TEXT_ESCAPE, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`);
}

/**
 * The inverse of {@link escapeEmbeddedText}.
 *
 * @example
 * ```ts
 * import { unescapeEmbeddedText } from "ovskit";
 * unescapeEmbeddedText("a%3C/script>b"); // "a</script>b"
 * ```
 */
export function unescapeEmbeddedText(text: string): string {
  return text.indexOf("%") < 0 ? text : text.replace(/%([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
}

/**
 * JSON for a `<script type="application/json">` block: `<`, `>`, `&` and the JS line
 * separators as `\uXXXX` escapes, so the block cannot be ended by a string in it.
 *
 * @example
 * ```ts
 * import { scriptJson } from "ovskit";
 * scriptJson({ a: "</script>" }); // '{"a":"\\u003c/script\\u003e"}'
 * ```
 */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** What {@link readHtmlPageData} finds in a page. */
export interface HtmlPageData {
  readonly meta: HtmlPageMeta;
  /** The flow lines, in page order (tables in order, dump order inside a table). */
  readonly lines: readonly string[];
}

function block(html: string, id: string): string {
  const open = html.indexOf(`id="${id}">`);
  if (open < 0) throw new OvsParseError("unrecognized", `not a flow page of renderHtml: no ${id} block`, html.slice(0, 200), 0);
  const start = open + id.length + 6;
  const end = html.indexOf("</script>", start);
  return html.slice(start, end);
}

/**
 * Reads back the data embedded in a page made by {@link renderHtml}: the meta document and
 * the flow lines (parse them with `parseFlows(lines.join("\n"))`). Throws an
 * {@link OvsParseError} (`unrecognized`) when the page has no such data.
 *
 * @example
 * ```ts
 * import { parseFlows, readHtmlPageData, renderHtml } from "ovskit";
 * const { meta, lines } = readHtmlPageData(renderHtml(parseFlows(dump)));
 * meta.tables.length; // tables in the dump
 * ```
 */
export function readHtmlPageData(html: string): HtmlPageData {
  const meta = JSON.parse(block(html, "ovskit-meta")) as HtmlPageMeta;
  const text = unescapeEmbeddedText(block(html, "ovskit-flows"));
  return { meta, lines: text === "" ? [] : text.split("\n") };
}
