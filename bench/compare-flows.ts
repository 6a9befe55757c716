/**
 * A/B speed of the OpenFlow dump parsers: this checkout's built package against another built
 * checkout's (e.g. `main` in a temporary `git worktree`), loaded side by side in one process and
 * run interleaved (A, B, B, A, ...) so that the load of a shared machine falls on both alike.
 *
 *   node --expose-gc --import tsx bench/compare-flows.ts --other /path/to/other/checkout [--rounds N]
 *
 * For each big real dump (`bench/data/*.flows.gz`, with and without statistics) and each mode
 * (eager, `lazyActions: true`) it prints the best and median CPU time of `parseFlows` (user +
 * system of the process, GC threads included: on a shared, overloaded machine the wall clock
 * mostly measures the other processes), the best wall time, MB/s and flows/s from the best CPU
 * time, and B / A. Both checkouts must have `dist/` built (`npm run build`).
 */
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { gunzipSync } from "node:zlib";
import { ROOT, fmtInt, fullGc, printTable } from "./lib.js";

const { values: opts } = parseArgs({
  options: { other: { type: "string" }, rounds: { type: "string", default: "12" } },
});
if (opts.other === undefined) throw new Error("compare-flows: --other DIR (a checkout with dist/ built) is required");
const rounds = Number(opts.rounds);

type ParseFlows = (text: string, options?: { lazyActions?: boolean }) => unknown[];
const load = async (dir: string): Promise<ParseFlows> =>
  ((await import(new URL(`file://${resolve(dir, "dist/index.js")}`).href)) as { parseFlows: ParseFlows }).parseFlows;
const sides = [
  { name: "A (this checkout)", parse: await load(ROOT) },
  { name: `B (${opts.other})`, parse: await load(opts.other) },
];

const dumps = ["ovn-br-int-large.of15.flows.gz", "ovn-br-int-large.of15.no-stats.flows.gz"].map((f) => {
  const bytes = gunzipSync(readFileSync(join(ROOT, "bench/data", f)));
  return { name: f.replace(/\.gz$/, ""), text: bytes.toString("utf8"), mb: bytes.length / 1e6 };
});

let sink = 0;
/** One parse: [CPU ms, wall ms]. */
function once(parse: ParseFlows, text: string, lazy: boolean): [number, number] {
  fullGc(2);
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const flows = lazy ? parse(text, { lazyActions: true }) : parse(text);
  const c = process.cpuUsage(c0);
  const wall = performance.now() - t0;
  sink += flows.length;
  return [(c.user + c.system) / 1000, wall];
}

const rows: string[][] = [["dump", "mode", "side", "CPU ms best", "CPU ms median", "wall ms best", "MB/s", "flows/s", "B/A best", "B/A median"]];
for (const d of dumps) {
  const flows = sides[0]?.parse(d.text).length ?? 0;
  for (const lazy of [false, true]) {
    const times: [number, number][][] = [[], []];
    for (let w = 0; w < 3; w++) for (const s of sides) once(s.parse, d.text, lazy);
    for (let r = 0; r < rounds; r++) {
      const order = r % 2 === 0 ? [0, 1] : [1, 0];
      for (const k of order) (times[k] as [number, number][]).push(once((sides[k] as (typeof sides)[number]).parse, d.text, lazy));
    }
    const stat = (t: [number, number][]) => {
      const cpu = t.map((x) => x[0]).sort((x, y) => x - y);
      const wall = t.map((x) => x[1]).sort((x, y) => x - y);
      return { best: cpu[0] as number, median: cpu[Math.floor(cpu.length / 2)] as number, wall: wall[0] as number };
    };
    const a = stat(times[0] as [number, number][]);
    const b = stat(times[1] as [number, number][]);
    sides.forEach((s, k) => {
      const t = k === 0 ? a : b;
      rows.push([
        k === 0 ? d.name : "",
        k === 0 ? (lazy ? "lazy" : "eager") : "",
        s.name,
        t.best.toFixed(1),
        t.median.toFixed(1),
        t.wall.toFixed(1),
        (d.mb / (t.best / 1000)).toFixed(1),
        fmtInt(flows / (t.best / 1000)),
        k === 0 ? "" : (b.best / a.best).toFixed(2),
        k === 0 ? "" : (b.median / a.median).toFixed(2),
      ]);
    });
    console.error(`[compare] ${d.name} ${lazy ? "lazy" : "eager"}: CPU best A ${a.best.toFixed(1)} ms, B ${b.best.toFixed(1)} ms`);
  }
}
printTable(`parseFlows, A vs B: CPU time, ${rounds} interleaved runs each (3 warm-up), MB/s and flows/s from the best CPU time`, rows);
if (sink < 0) console.log(sink);
