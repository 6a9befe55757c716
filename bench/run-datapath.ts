/**
 * Datapath flow and ofproto/trace benchmarks, side by side with the OVS python library's
 * ODPFlow on the same `dpctl/dump-flows -m` input: a real dump of 4,780 megaflows from OVS 3.1's
 * userspace datapath (made by bench/peers/make_odp_dump.sh), its flow lines repeated 10 times
 * (47,800 lines: a parse of the small dump alone lasts ~25 ms, too short to time reliably
 * against garbage-collection pauses). And a 5,000-line trace built from real trace blocks.
 *
 *   node --expose-gc --import tsx bench/run-datapath.ts [--quick] [--check] [--json OUT]
 */
import { writeFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { ROOT, fmtInt, fmtRatio, printTable, runJson, timeBest } from "./lib.js";
import { ovskit, ovskitNode } from "./ovskit.js";

const { parseDatapathFlows, parseTrace, traceSteps } = ovskit;
const { readTextFile } = ovskitNode;

const { values: opts } = parseArgs({
  options: { quick: { type: "boolean" }, check: { type: "boolean" }, json: { type: "string" } },
});
const quick = opts.quick === true;
const runs = quick ? 5 : 10;
const TARGET = { dpVsOdpFlow: 50, traceMs: 50 };
const step = (msg: string): void => console.error(`[bench] ${msg}`);

const small = await readTextFile(join(ROOT, "bench/data/dummy-dp-5k.dpctl-m.flows.gz"));
const flowLines = small.split("\n").filter((l) => l.startsWith("ufid:"));
const dump = `flow-dump from the main thread:\n${Array.from({ length: 10 }, () => flowLines.join("\n")).join("\n")}\n`;
const tmp = mkdtempSync(join(tmpdir(), "ovskit-bench-dp-"));
const dumpFile = join(tmp, "dp-m.flows");
writeFileSync(dumpFile, dump);

step(`ovskit datapath, lazy keys (best of ${runs})`);
const lazy = timeBest(() => parseDatapathFlows(dump, { lazyKeys: true }).length, 3, runs);
step(`ovskit datapath, every key decoded (best of ${runs})`);
const eager = timeBest(() => parseDatapathFlows(dump).length, 3, runs);
const lines = lazy.count;

step("python ODPFlow on the same dump (slow)");
interface PeerJson { flows: number; failed: number; flowsPerSec: number; bytesPerFlow?: number }
const peer = await runJson<PeerJson>("/usr/bin/python3", [
  "bench/peers/ovs_flow_odp.py",
  dumpFile,
  "--repeat",
  quick ? "1" : "2",
  "--strip-dp-extra-info",
  "--no-memory",
]);
rmSync(tmp, { recursive: true, force: true });
const py = peer.ok ? peer.json : undefined;
if (!peer.ok) console.error(`!!! ODPFlow skipped: ${peer.reason}`);

// A 5,000-line trace: the longest real trace with recirculation, its sections repeated.
const { fixture, fixtureNames, linesOf } = await import("../test/helpers/fixtures.js");
const base = fixtureNames("trace", ".trace")
  .filter((n: string) => !n.startsWith("bad-"))
  .map((n: string) => linesOf(fixture("trace", n)))
  .filter((l: string[]) => l.some((x) => x.startsWith("recirc(")))
  .sort((a: string[], b: string[]) => b.length - a.length)[0] as string[];
const sections = base.slice(base.findIndex((l) => l.startsWith("====")) - 1);
const traceLines = [...base];
while (traceLines.length < 5000) traceLines.push(...sections);
const traceText = traceLines.join("\n") + "\n";
step(`ovskit parseTrace on a ${fmtInt(traceLines.length)}-line trace (best of ${runs})`);
const trace = timeBest(() => traceSteps(parseTrace(traceText)).length, 3, runs);
step(`ovskit parseTrace with every 0.1 field ({ deprecatedFields: true }: the derived lists too)`);
const traceOld = timeBest(() => traceSteps(parseTrace(traceText, { deprecatedFields: true })).length, 3, runs);

const ratio = (a: number, b: number | undefined) => (b === undefined || b === 0 ? undefined : a / b);
const lazyRate = lines / lazy.best;
const eagerRate = lines / eager.best;
const lazyVs = ratio(lazyRate, py?.flowsPerSec);
const eagerVs = ratio(eagerRate, py?.flowsPerSec);
const traceMs = trace.best * 1000;
const traceOldMs = traceOld.best * 1000;

printTable(`Datapath flows: the same dpctl/dump-flows -m input (${fmtInt(lines)} lines)`, [
  ["parser", "lines/s best", "vs ODPFlow", "note"],
  ["ovskit, lazy keys", fmtInt(lazyRate), fmtRatio(lazyVs), "stats, actions, recirc_id, in_port typed; keys checked, kept as text"],
  ["ovskit, every key decoded", fmtInt(eagerRate), fmtRatio(eagerVs), "every key and action typed"],
  ["python ovs.flow.odp.ODPFlow", py ? fmtInt(py.flowsPerSec) : "skipped", "1x", "input without dp-extra-info (it cannot read it)"],
]);
printTable("ofproto/trace", [
  ["input", "lines", "best ms", "steps"],
  ["real OVN trace, recirculation sections repeated", fmtInt(traceLines.length), traceMs.toFixed(1), fmtInt(trace.count)],
  ["the same, { deprecatedFields: true } (the 0.1 derived lists too)", fmtInt(traceLines.length), traceOldMs.toFixed(1), fmtInt(traceOld.count)],
]);
const targets = [
  ["datapath lines/s >= 50x ODPFlow (lazy keys)", fmtRatio(lazyVs), lazyVs === undefined ? "n/a" : lazyVs >= TARGET.dpVsOdpFlow ? "PASS" : "FAIL"],
  ["5,000-line trace < 50 ms", `${traceMs.toFixed(1)} ms`, traceMs < TARGET.traceMs ? "PASS" : "FAIL"],
] as const;
printTable("Targets", [["target", "measured", "verdict"], ...targets]);
writeFileSync(
  opts.json ?? join(ROOT, "bench/results-datapath.json"),
  JSON.stringify({ lines, lazy: { ...lazy, linesPerSec: lazyRate }, eager: { ...eager, linesPerSec: eagerRate }, odpflow: py ?? null, trace: { lines: traceLines.length, bestMs: traceMs, withDerivedListsBestMs: traceOldMs, steps: trace.count }, targets }, null, 2),
);
if (opts.check === true && targets.some((t) => t[2] !== "PASS")) process.exitCode = 1;
