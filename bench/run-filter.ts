/**
 * Filter benchmark: `compileFilter` evaluations per second on parsed flows, side by side with
 * the Open vSwitch python filter (`ovs.flow.filter.OFFilter`, bench/peers/ovs_flow_filter.py)
 * on the same input (bench/data/ovn-br-int-large.of15.flows.gz, 22,348 real OVN flows).
 *
 *   node --expose-gc --import tsx bench/run-filter.ts [--quick] [--json OUT.json] [--check]
 *
 * Parsing is not timed: both sides parse the dump once, then each filter runs over every flow,
 * best of N passes. `--check` exits 1 when ovskit is under 2M evaluations/s on any filter.
 * Not part of the library.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { ROOT, fmtInt, fmtRatio, printTable, runJson, timeBest } from "./lib.js";
import { ovskit } from "./ovskit.js";

const { compileFilter, parseFlows } = ovskit;

const args = process.argv.slice(2);
const quick = args.includes("--quick");
const check = args.includes("--check");
const jsonAt = args.indexOf("--json");
const jsonOut = jsonAt >= 0 ? (args[jsonAt + 1] as string) : join(ROOT, "bench", quick ? "results-filter.quick.json" : "results-filter.json");
const TARGET = 2_000_000;

/** Filters both sides understand (python has no `<=` / `>=`; its `!=` is never evaluated). */
const FILTERS = [
  "n_packets>0",
  "priority>99 && ip",
  "resubmit.table=8",
  "nw_dst~=10.244.0.5",
  "ct.zone=0",
  "reg14=0x5 || reg15=0x5",
  "output.port=3 or actions.kind=drop",
  "table=0 && not n_packets>0",
];

const step = (s: string): void => void process.stderr.write(`> ${s}\n`);
const tmp = mkdtempSync(join(tmpdir(), "ovskit-bench-filter-"));
try {
  const text = gunzipSync(readFileSync(join(ROOT, "bench/data/ovn-br-int-large.of15.flows.gz"))).toString("utf8");
  const file = join(tmp, "large.flows");
  writeFileSync(file, text);
  step("parse (untimed)");
  const flows = parseFlows(text);
  const passes = quick ? 5 : 15;
  const rows: string[][] = [];
  const ours: { expr: string; matched: number; evalsPerSec: number }[] = [];
  for (const expr of FILTERS) {
    step(`ovskit ${expr}`);
    const f = compileFilter(expr);
    let matched = 0;
    // Several sweeps per timed call so one call lasts long enough to time well.
    const sweeps = 10;
    const t = timeBest(
      () => {
        let n = 0;
        for (let s = 0; s < sweeps; s++) for (const flow of flows) if (f.matchFlow(flow)) n++;
        matched = n / sweeps;
        return n;
      },
      2,
      passes,
    );
    ours.push({ expr, matched, evalsPerSec: (flows.length * sweeps) / t.best });
  }
  step("python OFFilter (slow)");
  type PyOut = { flows: number; failed: number; filters: { expr: string; matched?: number; evalsPerSec?: number; error?: string }[] };
  const py = await runJson<PyOut>("/usr/bin/python3", [
    join(ROOT, "bench/peers/ovs_flow_filter.py"),
    file,
    "--repeat",
    quick ? "1" : "3",
    ...FILTERS.flatMap((e) => ["--filter", e]),
  ]);
  for (const o of ours) {
    const p = py.ok ? py.json.filters.find((x) => x.expr === o.expr) : undefined;
    rows.push([
      o.expr,
      fmtInt(o.matched),
      fmtInt(o.evalsPerSec),
      p === undefined ? "-" : p.error !== undefined ? "error" : fmtInt(p.matched),
      p?.evalsPerSec === undefined ? (p?.error ?? (py.ok ? "-" : py.reason)).slice(0, 40) : fmtInt(p.evalsPerSec),
      fmtRatio(p?.evalsPerSec === undefined ? undefined : o.evalsPerSec / p.evalsPerSec),
    ]);
  }
  printTable(`filter evaluations on ${fmtInt(flows.length)} parsed flows (best of ${passes})`, [
    ["filter", "ovskit matched", "ovskit evals/s", "python matched", "python evals/s", "ratio"],
    ...rows,
  ]);
  const slowest = Math.min(...ours.map((o) => o.evalsPerSec));
  const ok = slowest >= TARGET;
  process.stdout.write(`\n${ok ? "PASS" : "FAIL"}: slowest filter ${fmtInt(slowest)} evals/s (target >= ${fmtInt(TARGET)})\n`);
  writeFileSync(
    jsonOut,
    JSON.stringify(
      { date: new Date().toISOString(), cpus: cpus().length, loadavg: loadavg(), flows: flows.length, target: TARGET, ovskit: ours, python: py.ok ? py.json : { error: py.reason } },
      null,
      2,
    ) + "\n",
  );
  if (check && !ok) process.exitCode = 1;
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
