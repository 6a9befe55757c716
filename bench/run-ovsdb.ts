/**
 * OVSDB file benchmarks on a 10 MB Southbound database: the real compacted snapshot of
 * `test/fixtures/ovsdb/sb.compacted.db` with its logical flows copied under new UUIDs (one big
 * snapshot, what a compacted production file looks like), and the real `sb.db` log followed by
 * generated transactions (inserts, `_is_diff` updates, deletes) up to 10 MB. Measures
 * `readOvsdbFile`, `sbView`, `toJson` of the result, and the history diff.
 *
 *   node --expose-gc --import tsx bench/run-ovsdb.ts [--quick] [--check] [--json OUT]
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { ROOT, fmtInt, printTable, timeBest } from "./lib.js";
import { ovskit } from "./ovskit.js";

const { readOvsdbFile, sbView } = ovskit;
const lib = ovskit as unknown as Record<string, unknown>;
const { values: opts } = parseArgs({ options: { quick: { type: "boolean" }, check: { type: "boolean" }, json: { type: "string" } } });
const runs = opts.quick === true ? 3 : 7;
/** Targets: the figures of 0.1.0 on this machine class were ~400 ms (snapshot) and ~600 ms (log). */
const TARGET = { snapshotMs: 2000, logMs: 2000, sbViewMs: 1000 };
const step = (msg: string): void => console.error(`[bench] ${msg}`);
const { ovsdbFixture, record, recordOffsets } = await import("../test/helpers/ovsdb.js");

const MB = 1 << 20;
type Rows = Record<string, Record<string, unknown> | null>;

/** Rows of one table of a database, whatever the model (0.1 Maps or 0.2 plain objects). */
function rowCount(db: { tables: unknown }, table: string): number {
  const tables = db.tables as Map<string, Map<string, unknown>> | Record<string, Record<string, unknown>>;
  if (tables instanceof Map) return tables.get(table)?.size ?? 0;
  const t = tables[table];
  return t === undefined ? 0 : Object.keys(t).length;
}

function recordsOf(bytes: Buffer): unknown[] {
  const offsets = recordOffsets(bytes);
  const out: unknown[] = [];
  for (let k = 0; k + 1 < offsets.length; k++) {
    const start = bytes.indexOf(10, offsets[k]) + 1;
    out.push(JSON.parse(bytes.subarray(start, offsets[k + 1]).toString("utf8")));
  }
  return out;
}
const copyUuid = (uuid: string, n: number) => `${n.toString(16).padStart(8, "0")}${uuid.slice(8)}`;

// 1. One big snapshot.
const [schema, snap] = recordsOf(ovsdbFixture("sb.compacted.db")) as [unknown, Record<string, Rows>];
const flows = Object.entries(snap.Logical_Flow ?? {});
const lf: Rows = { ...snap.Logical_Flow };
for (let n = 1; JSON.stringify(lf).length < 10 * MB; n++) for (const [uuid, row] of flows) lf[copyUuid(uuid, n)] = row;
const snapshotFile = Buffer.concat([record(schema), record({ ...snap, Logical_Flow: lf })]);
step(`snapshot: ${(snapshotFile.length / MB).toFixed(1)} MB, ${fmtInt(Object.keys(lf).length)} logical flows`);

// 2. A long log: the real sb.db, then rounds of 100 inserts, 100 diffs, 50 deletes.
const parts = [ovsdbFixture("sb.db")];
let size = parts[0]?.length ?? 0;
let txns = 0;
const live = new Set(flows.map(([u]) => u));
for (let n = 1; size < 10 * MB; n++) {
  const txn: Record<string, unknown> = { _date: 1700000000000 + n, _is_diff: true, _comment: `ovn-northd: round ${n}` };
  const t: Rows = {};
  for (let i = 0; i < 100; i++) {
    const [uuid, row] = flows[(n * 100 + i) % flows.length] as [string, Record<string, unknown>];
    t[copyUuid(uuid, n)] = row;
    live.add(copyUuid(uuid, n));
  }
  for (let i = 0; i < 100; i++) {
    const [uuid] = flows[(n * 37 + i * 7) % flows.length] as [string, unknown];
    if (!(uuid in t)) t[uuid] = { external_ids: ["map", [["round", String(n)]]], actions: `next; /* ${n} */` };
  }
  if (n > 1) {
    for (let i = 0; i < 50; i++) {
      const id = copyUuid((flows[((n - 1) * 100 + i) % flows.length] as [string, unknown])[0], n - 1);
      if (live.delete(id)) t[id] = null;
    }
  }
  txn.Logical_Flow = t;
  const r = record(txn);
  parts.push(r);
  size += r.length;
  txns++;
}
const logFile = Buffer.concat(parts);
step(`log: ${(logFile.length / MB).toFixed(1)} MB, ${fmtInt(txns)} generated transactions after sb.db`);

const snapshot = timeBest(() => rowCount(readOvsdbFile(snapshotFile), "Logical_Flow"), 1, runs);
if (snapshot.count !== Object.keys(lf).length) throw new Error(`snapshot: ${snapshot.count} flows read, ${Object.keys(lf).length} written`);
const log = timeBest(() => rowCount(readOvsdbFile(logFile), "Logical_Flow"), 1, runs);
if (log.count !== live.size) throw new Error(`log: ${log.count} flows read, ${live.size} expected`);
const snapDb = readOvsdbFile(snapshotFile);
const view = timeBest(() => sbView(snapDb).logicalFlows.length, 1, runs);
const rows: string[][] = [
  ["input", "size", "best", "median"],
  ["readOvsdbFile, one snapshot", `${(snapshotFile.length / MB).toFixed(1)} MB`, `${(snapshot.best * 1000).toFixed(0)} ms`, `${(snapshot.median * 1000).toFixed(0)} ms`],
  ["readOvsdbFile, a long log", `${(logFile.length / MB).toFixed(1)} MB`, `${(log.best * 1000).toFixed(0)} ms`, `${(log.median * 1000).toFixed(0)} ms`],
  ["sbView of the snapshot", `${fmtInt(view.count)} flows`, `${(view.best * 1000).toFixed(0)} ms`, `${(view.median * 1000).toFixed(0)} ms`],
];
const extra: Record<string, unknown> = {};

// 3. What 0.2.0 adds: the JSON of the result, history, the diff between two points in time.
if (typeof lib.toJson === "function" && typeof lib.diffOvsdbHistory === "function") {
  const toJson = lib.toJson as (v: unknown) => string;
  const json = timeBest(() => toJson(snapDb).length, 1, runs);
  rows.push(["toJson of the snapshot", `${(json.count / MB).toFixed(1)} MB of JSON`, `${(json.best * 1000).toFixed(0)} ms`, `${(json.median * 1000).toFixed(0)} ms`]);
  const history = timeBest(() => rowCount(readOvsdbFile(logFile, { history: true }), "Logical_Flow"), 1, runs);
  rows.push(["readOvsdbFile { history: true }, the log", `${(logFile.length / MB).toFixed(1)} MB`, `${(history.best * 1000).toFixed(0)} ms`, `${(history.median * 1000).toFixed(0)} ms`]);
  const diffHistory = lib.diffOvsdbHistory as (bytes: Uint8Array, opts: unknown) => { summary: { added: number; removed: number; changed: number } };
  const diff = timeBest(() => {
    const s = diffHistory(logFile, { from: { transactions: 0 } }).summary;
    return s.added + s.removed + s.changed;
  }, 1, runs);
  rows.push(["diffOvsdbHistory, first transaction to the end", `${fmtInt(diff.count)} rows differ`, `${(diff.best * 1000).toFixed(0)} ms`, `${(diff.median * 1000).toFixed(0)} ms`]);
  Object.assign(extra, { toJson: json, history, diff });
}
printTable("OVSDB", rows);
const targets = [
  ["10 MB SB snapshot < 2 s", `${(snapshot.best * 1000).toFixed(0)} ms`, snapshot.best * 1000 < TARGET.snapshotMs ? "PASS" : "FAIL"],
  ["10 MB SB log < 2 s", `${(log.best * 1000).toFixed(0)} ms`, log.best * 1000 < TARGET.logMs ? "PASS" : "FAIL"],
  ["sbView of it < 1 s", `${(view.best * 1000).toFixed(0)} ms`, view.best * 1000 < TARGET.sbViewMs ? "PASS" : "FAIL"],
] as const;
printTable("Targets", [["target", "measured", "verdict"], ...targets]);
writeFileSync(
  opts.json ?? join(ROOT, "bench/results-ovsdb.json"),
  JSON.stringify({ snapshot: { bytes: snapshotFile.length, ...snapshot }, log: { bytes: logFile.length, transactions: txns, ...log }, sbView: view, ...extra, targets }, null, 2),
);
if (opts.check === true && targets.some((x) => x[2] !== "PASS")) process.exitCode = 1;
