/**
 * Runs every benchmark of bench/ one after the other, each in its own Node process (so one
 * benchmark's heap does not weigh on the next), with the same options.
 *
 *   node --import tsx bench/all.ts [--quick] [--check] [--out DIR] [--only NAME,...]
 *
 * --quick  fewer runs and smaller inputs (about a minute in all; CI runs this)
 * --check  each benchmark exits 1 when it misses one of its targets; this runner then exits 1
 * --out    where the JSON results go (default: bench/ for a full run, which updates the committed
 *          results; a new temporary directory for --quick, so a quick run never overwrites them)
 * --only   run only these benchmarks (names as in BENCHMARKS: run, datapath, ovn, ...)
 *
 * `npm run bench` builds the package first (some benchmarks compare against dist/).
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/** Each benchmark: its name, its script, and the results file it writes in a full run. */
const BENCHMARKS: readonly { name: string; script: string; results: string }[] = [
  { name: "run", script: "bench/run.ts", results: "results.json" },
  { name: "datapath", script: "bench/run-datapath.ts", results: "results-datapath.json" },
  { name: "ovn", script: "bench/run-ovn.ts", results: "results-ovn.json" },
  { name: "ovsdb", script: "bench/run-ovsdb.ts", results: "results-ovsdb.json" },
  { name: "scaling", script: "bench/run-scaling.ts", results: "results-scaling.json" },
  { name: "filter", script: "bench/run-filter.ts", results: "results-filter.json" },
  { name: "filter-scaling", script: "bench/filter-scaling.ts", results: "results-filter-scaling.json" },
  { name: "ctl", script: "bench/run-ctl.ts", results: "results-ctl.json" },
];

const { values: opts } = parseArgs({
  options: {
    quick: { type: "boolean", default: false },
    check: { type: "boolean", default: false },
    out: { type: "string" },
    only: { type: "string" },
  },
});

const only = opts.only === undefined ? undefined : new Set(opts.only.split(","));
const unknown = [...(only ?? [])].filter((n) => !BENCHMARKS.some((b) => b.name === n));
if (unknown.length > 0) {
  console.error(`bench/all.ts: unknown benchmark ${unknown.join(", ")} (known: ${BENCHMARKS.map((b) => b.name).join(", ")})`);
  process.exit(2);
}
const out = opts.out !== undefined ? resolve(opts.out) : opts.quick ? mkdtempSync(join(tmpdir(), "ovskit-bench-")) : join(ROOT, "bench");
mkdirSync(out, { recursive: true });
console.log(`results go to ${out}`);

const failed: string[] = [];
const started = Date.now();
for (const b of BENCHMARKS) {
  if (only !== undefined && !only.has(b.name)) continue;
  const args = ["--expose-gc", "--import", "tsx", join(ROOT, b.script), "--json", join(out, b.results)];
  if (opts.quick) args.push("--quick");
  if (opts.check) args.push("--check");
  console.log(`\n=== ${b.name} (${b.script}${opts.quick ? ", quick" : ""})`);
  const t = Date.now();
  const r = spawnSync(process.execPath, args, { cwd: ROOT, stdio: "inherit" });
  console.log(`=== ${b.name}: ${r.status === 0 ? "ok" : `exit ${r.status ?? r.signal}`} in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  if (r.status !== 0) failed.push(b.name);
}
console.log(`\n${failed.length === 0 ? "all benchmarks ran" : `failed: ${failed.join(", ")}`} in ${((Date.now() - started) / 1000).toFixed(1)} s; results in ${out}`);
process.exitCode = failed.length === 0 ? 0 : 1;
