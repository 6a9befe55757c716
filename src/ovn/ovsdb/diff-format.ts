/**
 * {@link formatOvsdbDiff}: a database diff as text for a person, values printed as the OVS
 * tools print them (`--data=string`).
 *
 * @module
 */
import type { OvsdbColumnChange, OvsdbDiff, OvsdbDiffRow, OvsdbTableDiff } from "./diff-types.js";
import { rowName } from "./diff.js";
import type { OvsdbColumnType, OvsdbRow, OvsdbValue } from "./types.js";
import { formatOvsdbValue } from "./value-text.js";

/** Options of {@link formatOvsdbDiff}. */
export interface FormatOvsdbDiffOptions {
  /**
   * `false`: print added and removed rows on one line each, without their columns (default
   * `true`: their columns that do not hold the default value, one per line).
   */
  readonly rowDetails?: boolean;
}

function label(name: string | undefined, uuid: string): string {
  return name === undefined ? uuid : `${name} (${uuid})`;
}

/** True for the default value of a column: what an insert that does not give it gets. */
function isDefault(v: OvsdbValue | undefined, type: OvsdbColumnType): boolean {
  if (v === undefined) return true;
  if (Array.isArray(v)) return v.length === 0;
  if (type.kind === "map") return Object.keys(v).length === 0;
  if (typeof v === "object") return (v as { uuid: string }).uuid === "00000000-0000-0000-0000-000000000000";
  return v === "" || v === 0 || v === false;
}

function text(v: OvsdbValue, type: OvsdbColumnType | undefined): string {
  if (type === undefined) return JSON.stringify(v, (_k, x: unknown) => (typeof x === "bigint" ? x.toString() : x));
  return formatOvsdbValue(v, type);
}

function rowLines(sign: string, r: OvsdbDiffRow, t: OvsdbTableDiff, details: boolean, out: string[]): void {
  out.push(`  ${sign} ${label(rowName(r.row), r.uuid)}`);
  if (!details) return;
  for (const col of Object.keys(r.row).sort()) {
    const type = t.columnTypes[col];
    const v = r.row[col] as OvsdbValue;
    if (type !== undefined && isDefault(v, type)) continue;
    out.push(`      ${col}=${text(v, type)}`);
  }
}

function changeLine(c: OvsdbColumnChange, type: OvsdbColumnType | undefined): string {
  if (type !== undefined && type.kind !== "atom" && c.added !== undefined && c.removed !== undefined) {
    const parts: string[] = [];
    const size = (v: OvsdbValue) => (Array.isArray(v) ? v.length : Object.keys(v as object).length);
    if (size(c.added as OvsdbValue) > 0) parts.push(`added ${text(c.added as OvsdbValue, { ...type, max: Infinity })}`);
    if (size(c.removed as OvsdbValue) > 0) parts.push(`removed ${text(c.removed as OvsdbValue, { ...type, max: Infinity })}`);
    return `      ${c.column}: ${parts.join(", ")}`;
  }
  return `      ${c.column}: ${text(c.old, type)} -> ${text(c.new, type)}`;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
const when = (ms: number | undefined) => (ms === undefined ? "" : ` ${new Date(ms).toISOString()}`);

/**
 * A database diff as text: the schema and the two sides, the transactions in between (for a
 * history diff: number, date, comment), then per table `+` added, `-` removed and `~` changed
 * rows (named by their `name` or similar column, and UUID) with their columns, and a summary
 * line. An empty diff says so and what was compared.
 *
 * @example
 * ```ts
 * import { readFileSync } from "node:fs";
 * import { diffOvsdbHistory, formatOvsdbDiff } from "ovskit";
 * console.log(formatOvsdbDiff(diffOvsdbHistory(readFileSync("ovnnb_db.db"), { from: { transactions: -3 } })));
 * // OVN_Northbound 7.0.0: after 40 transactions -> after 43 transactions
 * // ...
 * // table Logical_Switch_Port: 1 added
 * //   + ns0_pod99-ovn-worker (3c1f0b2a-...)
 * ```
 */
export function formatOvsdbDiff(diff: OvsdbDiff, options: FormatOvsdbDiffOptions = {}): string {
  const details = options.rowDetails !== false;
  const out: string[] = [];
  const version = diff.from.schemaVersion === diff.to.schemaVersion ? diff.to.schemaVersion : `${diff.from.schemaVersion} -> ${diff.to.schemaVersion}`;
  out.push(`${diff.schema} ${version}: after ${plural(diff.from.transactions, "transaction")}${when(diff.from.date)} -> after ${plural(diff.to.transactions, "transaction")}${when(diff.to.date)}`);
  for (const s of [diff.from, diff.to]) if (s.error !== undefined) out.push(`damaged file: ${s.error.message} (byte ${s.error.offset}): read up to there`);
  if (diff.transactions !== undefined && diff.transactions.length > 0) {
    const first = Math.min(diff.from.transactions, diff.to.transactions);
    out.push(`${plural(diff.transactions.length, "transaction")} in between${diff.from.transactions > diff.to.transactions ? " (undone: from is later than to)" : ""}:`);
    diff.transactions.forEach((t, i) => {
      const counts = `+${t.inserted} ~${t.updated} -${t.deleted}`;
      out.push(`  #${first + i + 1}${when(t.date)} ${counts}${t.comment !== undefined ? ` ${JSON.stringify(t.comment)}` : ""}`);
    });
  }
  const sc = diff.schemaChanges;
  if (sc !== undefined) {
    const items = [
      ...sc.tablesAdded.map((t) => `+table ${t}`),
      ...sc.tablesRemoved.map((t) => `-table ${t}`),
      ...sc.columnsAdded.map((c) => `+column ${c}`),
      ...sc.columnsRemoved.map((c) => `-column ${c}`),
    ];
    out.push(`schema changed: ${items.length > 0 ? items.join(", ") : "the version only"}`);
  }
  for (const t of diff.tables) {
    const counts = [[t.added.length, "added"], [t.removed.length, "removed"], [t.changed.length, "changed"]].filter(([n]) => (n as number) > 0);
    out.push(`table ${t.table}: ${counts.map(([n, w]) => `${n} ${w}`).join(", ")}`);
    for (const r of t.added) rowLines("+", r, t, details, out);
    for (const r of t.removed) rowLines("-", r, t, details, out);
    for (const c of t.changed) {
      out.push(`  ~ ${label(c.name, c.uuid)}`);
      for (const col of c.columns) out.push(changeLine(col, t.columnTypes[col.column]));
    }
  }
  const s = diff.summary;
  if (s.unknownTables !== undefined) out.push(`no table named ${s.unknownTables.join(", ")} in ${diff.schema}`);
  if (s.tablesChanged === 0) {
    out.push(`no differences: ${plural(s.tables, "table")}, ${diff.from.rows} and ${diff.to.rows} rows compared`);
  } else {
    out.push(`${plural(s.added, "row")} added, ${s.removed} removed, ${s.changed} changed in ${s.tablesChanged} of ${plural(s.tables, "table")}`);
  }
  return `${out.join("\n")}\n`;
}
