/**
 * The tables `list` and `find` print (lib/table.c): `--format=list` (the default),
 * `table`, `csv`, `json` and `html`, cells as `--data=string` (the default), `bare` or `json`,
 * `--no-headings`, `--bare` (= list, bare, no headings), `--pretty` and `--max-column-width`.
 *
 * @module
 * @internal
 */
import type { OvsdbAtom, OvsdbColumnType, OvsdbMap, OvsdbValue } from "../types.js";
import { cutBytes, padRight, utf8Length } from "./c-text.js";
import { atomToString, datumOf, datumToBare, datumToJson, datumToString } from "./datum.js";
import { type OvsJson, ovsJsonText } from "./ovs-json.js";

/**
 * A table a command made: column headings, the type of each column, and rows of values (the
 * cells are formatted when the table is printed, in the style asked for).
 *
 * @internal
 */
export interface CtlTable {
  readonly headings: readonly string[];
  readonly types: readonly OvsdbColumnType[];
  readonly rows: readonly (readonly OvsdbValue[])[];
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

const INTEGER_LIKE = /^(?:0|[1-9]\d{0,9})$/;

/**
 * The keys of a map value in OVSDB order: the reader inserts them in that order, which
 * `Object.keys` keeps unless some keys look like array indexes.
 */
function mapKeys(map: OvsdbMap, type: OvsdbColumnType): readonly string[] | undefined {
  const keys = Object.keys(map);
  if (type.key.type !== "string") return undefined;
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i] as string;
    if (INTEGER_LIKE.test(k) || (i > 0 && (keys[i - 1] as string) >= k)) return undefined;
  }
  return keys;
}

/** `--data=string` or `bare` of a value, without building a datum for the common cases. */
function valueText(value: OvsdbValue, type: OvsdbColumnType, bare: boolean): string {
  const kt = type.key.type;
  const one = (a: OvsdbAtom, t: typeof kt): string => (bare && t === "string" ? (a as string) : atomToString(a, t));
  if (type.kind === "atom") return one(value as OvsdbAtom, kt);
  if (type.kind === "set") {
    const atoms = value as readonly OvsdbAtom[];
    let s = "";
    for (let i = 0; i < atoms.length; i++) s += (i === 0 ? "" : bare ? " " : ", ") + one(atoms[i] as OvsdbAtom, kt);
    return bare || (type.max <= 1 && atoms.length > 0) ? s : `[${s}]`;
  }
  const map = value as OvsdbMap;
  const keys = mapKeys(map, type);
  if (keys === undefined) {
    const d = datumOf(value, type);
    return bare ? datumToBare(d, type) : datumToString(d, type);
  }
  const vt = type.value?.type ?? "string";
  let s = "";
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i] as string;
    s += `${i === 0 ? "" : bare ? " " : ", "}${one(k, "string")}=${one(map[k] as OvsdbAtom, vt)}`;
  }
  return bare || (type.max <= 1 && keys.length > 0) ? s : `{${s}}`;
}

/** `cell_to_text`. */
function cellText(value: OvsdbValue, type: OvsdbColumnType, style: CtlTableStyle): string {
  if (style.data === "json") return ovsJsonText(datumToJson(datumOf(value, type), type));
  return valueText(value, type, style.data === "bare");
}

function finishLine(line: string): string {
  return line.replace(/ +$/, "") + "\n";
}

function printTable(t: CtlTable, style: CtlTableStyle): string {
  const texts = t.rows.map((row) => row.map((v, x) => cellText(v, t.types[x] as OvsdbColumnType, style)));
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
  const parts: string[] = [];
  const heads = t.headings.map((h) => (style.headings ? `${padRight(h, 20)}: ` : ""));
  t.rows.forEach((row, y) => {
    if (y > 0) parts.push("\n");
    for (let x = 0; x < row.length; x++) parts.push(`${heads[x] as string}${cellText(row[x] as OvsdbValue, t.types[x] as OvsdbColumnType, style)}\n`);
  });
  return parts.join("");
}

function csvCell(s: string): string {
  return /[\n",]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

function printCsv(t: CtlTable, style: CtlTableStyle): string {
  let out = style.headings ? `${t.headings.map(csvCell).join(",")}\n` : "";
  for (const row of t.rows) out += `${row.map((v, x) => csvCell(cellText(v, t.types[x] as OvsdbColumnType, style))).join(",")}\n`;
  return out;
}

function printJson(t: CtlTable, style: CtlTableStyle): string {
  const data: OvsJson = t.rows.map((row) => row.map((v, x) => datumToJson(datumOf(v, t.types[x] as OvsdbColumnType), t.types[x] as OvsdbColumnType)));
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
    row.forEach((v, x) => {
      const content = cellText(v, t.types[x] as OvsdbColumnType, style);
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
