/**
 * OVN benchmarks: `ovn-sbctl lflow-list` parsing at cluster scale (a real 1,612-line listing
 * repeated to 300k lines, each copy under its own datapath headers), OVN match and action
 * parsing (every distinct real match / action of the sandbox listings), loading a 10 MB
 * Southbound database file (the real compacted one, its logical flows copied under new UUIDs),
 * and offline detrace of the real traces.
 *
 *   node --expose-gc --import tsx bench/run-ovn.ts [--quick] [--check] [--json OUT]
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { ROOT, fmtInt, printTable, timeBest } from "./lib.js";
import { ovskit } from "./ovskit.js";

const { parseLogicalFlows, parseOvnMatch, parseOvnActions, readOvsdbFile, sbView, ovnContext, detrace, annotateFlows, parseFlows } = ovskit;
const { values: opts } = parseArgs({ options: { quick: { type: "boolean" }, check: { type: "boolean" }, json: { type: "string" } } });
const runs = opts.quick === true ? 3 : 7;
const TARGET = { lflowMs: 1500, matchesPerSec: 50_000, sbMs: 2000 };
const step = (msg: string): void => console.error(`[bench] ${msg}`);
const { fixture, linesOf } = await import("../test/helpers/fixtures.js");
const { ovsdbFixture, record, recordOffsets } = await import("../test/helpers/ovsdb.js");

// 1. lflow-list at 300k lines: the first parse in this process (cold JIT), then the best of N.
const base = linesOf(fixture("ovn", "lflow-list.uuid.txt"));
const copies = Math.ceil(300_000 / base.length);
const big: string[] = [];
for (let k = 0; k < copies; k++) {
  for (const l of base) big.push(l.startsWith("Datapath: ") ? l.replace(/^Datapath: "/, `Datapath: "c${k}-`) : l);
}
const listing = big.join("\n") + "\n";
step(`lflow-list: ${fmtInt(big.length)} lines, ${(listing.length / 1048576).toFixed(1)} MB`);
const t = performance.now();
const coldCount = parseLogicalFlows(listing).length;
const lflowColdMs = performance.now() - t;
const lflow = timeBest(() => parseLogicalFlows(listing).length, 1, runs);

// 2. Every distinct real match and action list, parsed to a tree.
const matches = linesOf(fixture("ovn-expr", "matches.txt"));
const actions = linesOf(fixture("ovn-expr", "actions.txt"));
const rep = <T>(a: readonly T[], n: number) => Array.from({ length: n }, () => a).flat();
const manyMatches = rep(matches, 50);
const manyActions = rep(actions, 50);
step(`OVN matches: ${fmtInt(manyMatches.length)} parses (${matches.length} distinct, x50)`);
const m = timeBest(() => manyMatches.reduce((n, s) => n + (parseOvnMatch(s) ? 1 : 0), 0), 2, runs);
step(`OVN actions: ${fmtInt(manyActions.length)} parses (${actions.length} distinct, x50)`);
const a = timeBest(() => manyActions.reduce((n, s) => n + parseOvnActions(s).length, 0), 2, runs);

// 3. A 10 MB Southbound file: the real compacted snapshot, its logical flows copied.
const sbBytes = ovsdbFixture("sb.compacted.db");
const offsets = recordOffsets(sbBytes);
const recs: unknown[] = [];
for (let k = 0; k + 1 < offsets.length; k++) {
  const start = sbBytes.indexOf(10, offsets[k]) + 1;
  recs.push(JSON.parse(sbBytes.subarray(start, offsets[k + 1]).toString("utf8")));
}
const [schema, snap] = recs as [unknown, Record<string, Record<string, unknown>>];
const flows = Object.entries(snap.Logical_Flow ?? {});
const lf: Record<string, unknown> = { ...snap.Logical_Flow };
for (let n = 1; JSON.stringify(lf).length < 10 * 1048576; n++) {
  for (const [uuid, row] of flows) lf[`${n.toString(16).padStart(8, "0")}${uuid.slice(8)}`] = row;
}
const sbFile = Buffer.concat([record(schema), record({ ...snap, Logical_Flow: lf })]);
step(`SB database: ${(sbFile.length / 1048576).toFixed(1)} MB, ${fmtInt(Object.keys(lf).length)} logical flows`);
const sb = timeBest(() => Object.keys(readOvsdbFile(sbFile).tables.Logical_Flow ?? {}).length, 1, runs);
const view = timeBest(() => sbView(readOvsdbFile(sbFile)).logicalFlows.length, 1, runs);

// 4. Offline detrace of the real traces, and annotateFlows of br-int's dump (same state).
const db = (name: string) => readOvsdbFile(readFileSync(join(ROOT, "test/fixtures/ovn", name)));
const ctx = ovnContext({ sb: db("ovnsb_db.db"), nb: db("ovnnb_db.db"), ovs: db("conf.db") });
const traces = ["trace-pod-to-external", "trace-pod-to-service-ct-next", "trace-pod-to-remote"].map((n) => fixture("ovn", `${n}.txt`));
const dt = timeBest(() => traces.reduce((n, tx) => n + detrace(tx, ctx).steps.length, 0), 2, runs);
const brInt = parseFlows(fixture("ovn", "br-int.flows.txt"));
const ann = timeBest(() => annotateFlows(brInt, ovnContext({ sb: db("ovnsb_db.db"), ovs: db("conf.db") })).length, 2, runs);
const lflowMs = lflow.best * 1000;
const matchRate = m.count / m.best;
const actionRate = a.count / a.best;
const sbMs = sb.best * 1000;
printTable("OVN", [
  ["input", "size", "best", "rate"],
  [`lflow-list (${fmtInt(coldCount)} flows), first parse`, `${fmtInt(big.length)} lines`, `${lflowColdMs.toFixed(0)} ms`, `${fmtInt(big.length / (lflowColdMs / 1000))} lines/s`],
  ["lflow-list, best of runs", `${fmtInt(big.length)} lines`, `${lflowMs.toFixed(0)} ms`, `${fmtInt(big.length / lflow.best)} lines/s`],
  ["OVN match -> AST", `${fmtInt(m.count)} matches`, `${(m.best * 1000).toFixed(0)} ms`, `${fmtInt(matchRate)} matches/s`],
  ["OVN actions -> statements", `${fmtInt(a.count)} statements`, `${(a.best * 1000).toFixed(0)} ms`, `${fmtInt(manyActions.length / a.best)} action lists/s`],
  ["readOvsdbFile (SB)", `${(sbFile.length / 1048576).toFixed(1)} MB`, `${sbMs.toFixed(0)} ms`, ""],
  ["readOvsdbFile + sbView", `${fmtInt(view.count)} flows`, `${(view.best * 1000).toFixed(0)} ms`, ""],
  ["detrace of 3 real traces (SB+NB+conf.db)", `${fmtInt(dt.count)} steps`, `${(dt.best * 1000).toFixed(1)} ms`, ""],
  ["ovnContext + annotateFlows (br-int)", `${fmtInt(ann.count)} flows`, `${(ann.best * 1000).toFixed(1)} ms`, ""],
]);
const targets = [
  ["300k-line lflow-list, first parse < 1.5 s", `${lflowColdMs.toFixed(0)} ms`, lflowColdMs < TARGET.lflowMs ? "PASS" : "FAIL"],
  ["OVN matches >= 50k/s", fmtInt(matchRate), matchRate >= TARGET.matchesPerSec ? "PASS" : "FAIL"],
  ["10 MB SB database < 2 s", `${sbMs.toFixed(0)} ms`, sbMs < TARGET.sbMs ? "PASS" : "FAIL"],
] as const;
printTable("Targets", [["target", "measured", "verdict"], ...targets]);
writeFileSync(
  opts.json ?? join(ROOT, "bench/results-ovn.json"),
  JSON.stringify({ lflow: { lines: big.length, coldMs: lflowColdMs, ...lflow }, matches: { ...m, perSec: matchRate }, actions: { ...a, perSec: actionRate }, sb: { bytes: sbFile.length, ...sb }, sbView: view, detrace: dt, annotate: ann, targets }, null, 2),
);
if (opts.check === true && targets.some((x) => x[2] !== "PASS")) process.exitCode = 1;
