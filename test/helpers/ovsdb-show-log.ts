/**
 * A reader of `ovsdb-tool -mm show-log` output (test/fixtures/ovsdb-history/*.show-log.txt):
 * per file record, the rows its transaction touched and the columns it wrote, as OVS prints
 * them (`--data=string`).
 */

/** One row of one transaction. */
export interface ShowLogRow {
  readonly table: string;
  readonly op: "insert" | "update" | "delete";
  /** The first 8 hex digits of the row's UUID. */
  readonly uuid8: string;
  /** `col=value` lines as printed (inserts: the non-default columns; updates: what the record holds). */
  readonly columns: string[];
}

/** One record of the file (record 0 is the schema). */
export interface ShowLogRecord {
  readonly record: number;
  readonly date?: string;
  readonly comment?: string;
  readonly rows: ShowLogRow[];
}

const RECORD = /^record (\d+): (?:(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}) ?)?(?:"(.*)")?/;
const ROW = /^ {2}table (\w+) (insert row|row) (?:"(?:[^"\\]|\\.)*" \(([0-9a-f]{8})\)|([0-9a-f]{8})(?: \([0-9a-f]{8}\))?)(?: diff)?:$/;

export function parseShowLog(text: string): ShowLogRecord[] {
  const out: { record: number; date?: string; comment?: string; rows: { table: string; op: ShowLogRow["op"]; uuid8: string; columns: string[] }[] }[] = [];
  for (const line of text.split("\n")) {
    if (line === "") continue;
    const r = RECORD.exec(line);
    if (r !== null) {
      out.push({ record: Number(r[1]), ...(r[2] !== undefined ? { date: r[2] } : {}), ...(r[3] !== undefined ? { comment: r[3] } : {}), rows: [] });
      continue;
    }
    const rec = out.at(-1);
    if (rec === undefined) throw new Error(`show-log: a line before the first record: ${line}`);
    const m = ROW.exec(line);
    if (m !== null) {
      rec.rows.push({ table: m[1] as string, op: m[2] === "insert row" ? "insert" : "update", uuid8: (m[3] ?? m[4]) as string, columns: [] });
      continue;
    }
    const row = rec.rows.at(-1);
    if (row === undefined || !line.startsWith("    ")) throw new Error(`show-log: unexpected line: ${line}`);
    if (line === "    delete row") row.op = "delete";
    else row.columns.push(line.slice(4));
  }
  return out;
}
