/**
 * A/B/C speed of the datapath flow parser (lazy keys, every key decoded) and of `parseTrace`:
 * this checkout's built package against other built checkouts (e.g. 0.1 and `main`), loaded side
 * by side in one process and run interleaved (the order rotates every round) so that the load of
 * a shared machine falls on every side alike. Same inputs as `bench/run-datapath.ts`: the real
 * 4,780-megaflow `-m` dump repeated to 47,800 lines, and the longest real recirculating trace
 * with its sections repeated to 5,664 lines.
 *
 *   node --expose-gc --import tsx bench/compare-dp-trace.ts --other NAME=DIR [--other ...] [--rounds N] [--only lazy,eager,trace]
 *
 * `--only real`: the longest real trace once, as recorded (100 parses per sample).
 * Reports the best and median CPU time (user + system of the process) per side and B / A.
 * Every checkout must have `dist/` built (`npm run build`).
 */
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { ROOT, fmtInt, fullGc, printTable } from "./lib.js";

const { values: opts } = parseArgs({
  options: {
    other: { type: "string", multiple: true, default: [] },
    rounds: { type: "string", default: "12" },
    only: { type: "string", default: "lazy,eager,trace" },
  },
});
const rounds = Number(opts.rounds);
const only = new Set(opts.only.split(","));

interface Api {
  parseDatapathFlows: (text: string, options?: { lazyKeys?: boolean }) => unknown[];
  parseTrace: (text: string) => unknown;
  traceSteps: (trace: never) => unknown[];
}
const load = async (dir: string): Promise<Api> =>
  (await import(new URL(`file://${resolve(dir, "dist/index.js")}`).href)) as Api;
const sides: { name: string; api: Api }[] = [{ name: "this checkout", api: await load(ROOT) }];
for (const o of opts.other) {
  const eq = o.indexOf("=");
  sides.push({ name: eq < 0 ? o : o.slice(0, eq), api: await load(eq < 0 ? o : o.slice(eq + 1)) });
}

const { readTextFile } = (await import(new URL("dist/node/index.js", `file://${ROOT}/`).href)) as {
  readTextFile: (f: string) => Promise<string>;
};
const small = await readTextFile(join(ROOT, "bench/data/dummy-dp-5k.dpctl-m.flows.gz"));
const flowLines = small.split("\n").filter((l) => l.startsWith("ufid:"));
const dump = `flow-dump from the main thread:\n${Array.from({ length: 10 }, () => flowLines.join("\n")).join("\n")}\n`;

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
const realText = base.join("\n") + "\n";

const allCases: { name: string; units: number; per?: number; run: (api: Api) => number }[] = [
  { name: "datapath, lazy keys", units: 47_800, run: (api) => api.parseDatapathFlows(dump, { lazyKeys: true }).length },
  { name: "datapath, every key", units: 47_800, run: (api) => api.parseDatapathFlows(dump).length },
  {
    // One parse lasts ~10-20 ms, about a scavenge or two: a sample is 10 parses, so that each
    // sample sees its share of garbage collection (reported per parse).
    name: `trace (${fmtInt(traceLines.length)} lines), per parse of 10`,
    units: traceLines.length,
    per: 10,
    run: (api) => {
      let n = 0;
      for (let i = 0; i < 10; i++) n += api.traceSteps(api.parseTrace(traceText) as never).length;
      return n;
    },
  },
  {
    // The same real trace once, not repeated: fewer repeated texts than the bench input.
    name: `real trace (${fmtInt(base.length)} lines), per parse of 100`,
    units: base.length,
    per: 100,
    run: (api) => {
      let n = 0;
      for (let i = 0; i < 100; i++) n += api.traceSteps(api.parseTrace(realText) as never).length;
      return n;
    },
  },
];
const cases = allCases.filter((_, i) => only.has(["lazy", "eager", "trace", "real"][i] as string));

let sink = 0;
function once(c: (typeof cases)[number], api: Api): number {
  fullGc(2);
  const c0 = process.cpuUsage();
  sink += c.run(api);
  const d = process.cpuUsage(c0);
  return (d.user + d.system) / 1000 / (c.per ?? 1);
}

const rows: string[][] = [["input", "side", "CPU ms best", "CPU ms median", "units/s (best)", "side / this (best, median)"]];
for (const c of cases) {
  const times: number[][] = sides.map(() => []);
  for (let w = 0; w < 3; w++) for (const s of sides) once(c, s.api);
  for (let r = 0; r < rounds; r++) {
    for (let j = 0; j < sides.length; j++) {
      const k = (r + j) % sides.length;
      times[k]?.push(once(c, (sides[k] as (typeof sides)[number]).api));
    }
  }
  const stat = (t: number[]) => {
    const s = [...t].sort((x, y) => x - y);
    return { best: s[0] as number, median: s[Math.floor(s.length / 2)] as number };
  };
  const a = stat(times[0] as number[]);
  sides.forEach((s, k) => {
    const t = stat(times[k] as number[]);
    rows.push([
      k === 0 ? c.name : "",
      s.name,
      t.best.toFixed(1),
      t.median.toFixed(1),
      fmtInt(c.units / (t.best / 1000)),
      k === 0 ? "" : `${(t.best / a.best).toFixed(2)}, ${(t.median / a.median).toFixed(2)}`,
    ]);
  });
}
printTable(`CPU time, ${rounds} interleaved rounds`, rows);
if (sink < 0) console.log(sink);
