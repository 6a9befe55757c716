/**
 * The tables `list` and `find` print (lib/table.c): `--format=list` (the default),
 * `table`, `csv`, `json` and `html`, cells as `--data=string` (the default), `bare` or `json`,
 * `--no-headings`, `--bare` (= list, bare, no headings), `--pretty` and `--max-column-width`.
 *
 * @module
 * @internal
 */
import type { OvsdbColumnType } from "../types.js";
import { cutBytes, padRight, utf8Length } from "./c-text.js";
import { type Datum, datumToBare, datumToJson, datumToString } from "./datum.js";
import { type OvsJson, ovsJsonText } from "./ovs-json.js";

/**
 * One cell: a datum with its column type.
 *
 * @internal
 */
export interface CtlCell {
  readonly datum: Datum;
  readonly type: OvsdbColumnType;
}

/**
 * A table a command made: column headings and rows of cells.
 *
 * @internal
 */
export interface CtlTable {
  readonly headings: readonly string[];
  readonly rows: readonly (readonly CtlCell[])[];
}

/**
 * How tables print (the tools' `--format`, `--data`, `--no-headings`, `--pretty`,
 * `--max-column-width`).
 *
 * @internal
 */
export interface CtlTableStyle {
  format: "table" | "list" | "html" | "csv" | "json";
  data: "string" | "bare" | "json";
  headings: boolean;
  pretty: boolean;
  maxColumnWidth: number;
}

/**
 * The tools' default style: list, string, headings.
 *
 * @internal
 */
export function defaultTableStyle(): CtlTableStyle {
  return { format: "list", data: "string", headings: true, pretty: false, maxColumnWidth: 0 };
}

/** `cell_to_text`. */
function cellText(cell: CtlCell, style: CtlTableStyle): string {
  if (style.data === "json") return ovsJsonText(datumToJson(cell.datum, cell.type));
  return style.data === "string" ? datumToString(cell.datum, cell.type) : datumToBare(cell.datum, cell.type);
}

function finishLine(line: string): string {
  return line.replace(/ +$/, "") + "\n";
}

function printTable(t: CtlTable, style: CtlTableStyle): string {
  const texts = t.rows.map((row) => row.map((c) => cellText(c, style)));
  const widths = t.headings.map((h, x) => {
    let w = 0;
    for (const row of texts) w = Math.max(w, utf8Length(row[x] as string));
    if (style.maxColumnWidth > 0 && w > style.maxColumnWidth) w = style.maxColumnWidth;
    if (style.headings) w = Math.max(w, utf8Length(h));
    return w;
  });
  let out = "";
  if (style.headings) {
    out += finishLine(t.headings.map((h, x) => padRight(h, widths[x] as number)).join(" "));
    out += finishLine(widths.map((w) => "-".repeat(w)).join(" "));
  }
  for (const row of texts) out += finishLine(row.map((s, x) => padRight(s, widths[x] as number, widths[x] as number)).join(" "));
  return out;
}

function printList(t: CtlTable, style: CtlTableStyle): string {
  let out = "";
  t.rows.forEach((row, y) => {
    if (y > 0) out += "\n";
    row.forEach((cell, x) => {
      if (style.headings) out += `${padRight(t.headings[x] as string, 20)}: `;
      out += `${cellText(cell, style)}\n`;
    });
  });
  return out;
}

function csvCell(s: string): string {
  return /[\n",]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

function printCsv(t: CtlTable, style: CtlTableStyle): string {
  let out = style.headings ? `${t.headings.map(csvCell).join(",")}\n` : "";
  for (const row of t.rows) out += `${row.map((c) => csvCell(cellText(c, style))).join(",")}\n`;
  return out;
}

function printJson(t: CtlTable, style: CtlTableStyle): string {
  const data: OvsJson = t.rows.map((row) => row.map((c) => datumToJson(c.datum, c.type)));
  const json: OvsJson = { obj: [["headings", [...t.headings]], ["data", data]] };
  return `${ovsJsonText(json, { pretty: style.pretty })}\n`;
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c] as string);
}

/** `table_print_html_cell__`: UUIDs become links to their row, shown by their first 8 digits. */
function htmlCell(element: string, content: string): string {
  const linked = content.replace(/[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|[^]/g, (m) =>
    m.length === 36 ? `<a href="#${m}">${m.slice(0, 8)}</a>` : escapeHtml(m),
  );
  return `    <${element}>${linked}</${element}>\n`;
}

function printHtml(t: CtlTable, style: CtlTableStyle): string {
  let out = "<table border=1>\n";
  if (style.headings) out += `  <tr>\n${t.headings.map((h) => htmlCell("th", h)).join("")}  </tr>\n`;
  for (const row of t.rows) {
    out += "  <tr>\n";
    row.forEach((cell, x) => {
      const content = cellText(cell, style);
      if (t.headings[x] === "_uuid") out += `    <td><a name="${escapeHtml(content)}">${escapeHtml(cutBytes(content, 8))}</a></td>\n`;
      else out += htmlCell("td", content);
    });
    out += "  </tr>\n";
  }
  return `${out}</table>\n`;
}

/**
 * A table as the tools print it; `first` is false for the second and later tables of one
 * invocation (the text formats put an empty line before them).
 *
 * @internal
 */
export function formatCtlTable(t: CtlTable, style: CtlTableStyle, first: boolean): string {
  const sep = first ? "" : "\n";
  switch (style.format) {
    case "table":
      return sep + printTable(t, style);
    case "list":
      return sep + printList(t, style);
    case "csv":
      return sep + printCsv(t, style);
    case "json":
      return printJson(t, style);
    case "html":
      return printHtml(t, style);
  }
}
