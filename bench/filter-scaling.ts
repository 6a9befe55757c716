/**
 * Growth of the filter language with the size of the expression (issue 16): `parseFilter`,
 * `compileFilter` and the first evaluation (which builds the predicate) at 1x, 2x, 4x and 8x,
 * for the shapes a program may generate. 8x is ~10.5 MB, the expression that took 34 s and
 * 3 GB in 0.1. Each measure runs in a child process of its own: wall time, CPU time of the
 * compile (a busy machine stretches wall time, much less CPU time), heap retained by the
 * compiled filter (after a full GC) and peak RSS growth, both as multiples of the input size.
 *
 *   node --expose-gc --import tsx bench/filter-scaling.ts [--quick] [--check] [--json OUT.json]
 *
 * --quick: two shapes (cookies, tiny) at 1x and 8x of 0.2 MB; --check: exit 1 when growth is not linear
 * (retained memory per input byte at 8x more than 1.4x that at 1x or above 45x the input, or
 * compile CPU time at 8x more than 16x that at 1x: linear is 8x, quadratic 64x; the margin is
 * for a busy machine).
 *
 * Not part of the library; not a unit test (no timing assertion anywhere).
 */
import { writeFileSync } from "node:fs";
import { fmtRatio, printTable, runNodeScript } from "./lib.js";

/** Expressions of about `mb` megabytes. */
const SHAPES: Readonly<Record<string, { what: string; make: (mb: number) => string }>> = {
  cookies: {
    what: "cookie=0x... || (distinct values, one key)",
    make: (mb) => list(mb, (i) => `cookie=0x${(0x10000000 + i).toString(16)}`, " || "),
  },
  addresses: {
    what: "nw_dst=10.x.y.z || (distinct values)",
    make: (mb) => list(mb, (i) => `nw_dst=10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`, " || "),
  },
  mixed: {
    what: "(table=N && reg14=0x.. && !drop) || ... (distinct)",
    make: (mb) => list(mb, (i) => `(table=${i % 60} && reg14=0x${i.toString(16)} && !drop)`, " || "),
  },
  tiny: {
    what: "ip||ip||... (3 bytes per comparison: worst case)",
    make: (mb) => list(mb, () => "ip", "||"),
  },
  quoted: {
    what: 'ct.alg="aaa..." (one quoted value)',
    make: (mb) => `ct.alg="${"a".repeat(Math.round(mb * 1e6))}"`,
  },
};

function list(mb: number, item: (i: number) => string, sep: string): string {
  const parts: string[] = [];
  let size = 0;
  for (let i = 0; size < mb * 1e6; i++) {
    const s = item(i);
    parts.push(s);
    size += s.length + sep.length;
  }
  return parts.join(sep);
}

interface One {
  shape: string;
  scale: number;
  bytes: number;
  parseMs: number;
  compileMs: number;
  /** CPU time of compileFilter (all threads: the main one and the GC's). */
  compileCpuMs: number;
  firstEvalMs: number;
  retained: number;
  peakRss: number;
}

/** One measure, in this (child) process. */
async function one(shape: string, scale: number, baseMb: number): Promise<One> {
  const { ovskit } = await import("./ovskit.js");
  const text = (SHAPES[shape] as (typeof SHAPES)[string]).make(baseMb * scale);
  const heap = (): number => {
    (globalThis as { gc?: () => void }).gc?.();
    return process.memoryUsage().heapUsed;
  };
  const rss0 = process.memoryUsage().rss;
  const h0 = heap();
  let t = performance.now();
  let ast: unknown = ovskit.parseFilter(text);
  const parseMs = performance.now() - t;
  const parsed = ast !== undefined;
  ast = undefined; // only the compiled filter is kept
  t = performance.now();
  const cpu = process.cpuUsage();
  const f = ovskit.compileFilter(text, { target: "openflow" });
  const compileMs = performance.now() - t;
  const used = process.cpuUsage(cpu);
  const compileCpuMs = (used.user + used.system) / 1000;
  t = performance.now();
  f.matchFlow(ovskit.parseFlow(" priority=1,ip actions=drop"));
  const firstEvalMs = performance.now() - t;
  const retained = heap() - h0;
  const peakRss = process.resourceUsage().maxRSS * 1024 - rss0;
  if (!parsed) throw new Error("no tree");
  return { shape, scale, bytes: text.length, parseMs, compileMs, compileCpuMs, firstEvalMs, retained: retained / text.length, peakRss: peakRss / text.length };
}

const args = process.argv.slice(2);
if (args[0] === "--one") {
  const r = await one(args[1] as string, Number(args[2]), Number(args[3]));
  process.stdout.write(JSON.stringify(r));
} else {
  const quick = args.includes("--quick");
  const check = args.includes("--check");
  const jsonAt = args.indexOf("--json");
  const baseMb = quick ? 0.2 : 1.3;
  const shapes = quick ? ["cookies", "tiny"] : Object.keys(SHAPES);
  const misses: string[] = [];
  const rows: string[][] = [["shape", "scale", "MB", "parse ms", "compile ms", "compile CPU ms", "CPU ms/MB", "1st eval ms", "retained", "peak RSS"]];
  const all: One[] = [];
  for (const shape of shapes) {
    for (const scale of quick ? [1, 8] : [1, 2, 4, 8]) {
      process.stderr.write(`> ${shape} ${scale}x\n`);
      const r = await runNodeScript<One>("filter-scaling.ts", ["--one", shape, String(scale), String(baseMb)]);
      if (!r.ok) {
        rows.push([shape, `${scale}x`, "-", r.reason.slice(0, 60)]);
        continue;
      }
      const o = r.json;
      all.push(o);
      const base = all.find((x) => x.shape === shape && x.scale === 1);
      if (base !== undefined && scale === 8) {
        if (o.retained > 1.4 * base.retained && o.retained > 2) misses.push(`${shape}: retained ${fmtRatio(o.retained)} at 8x vs ${fmtRatio(base.retained)} at 1x`);
        if (o.compileCpuMs > 16 * Math.max(base.compileCpuMs, 5)) misses.push(`${shape}: compile CPU ${o.compileCpuMs.toFixed(0)} ms at 8x vs ${base.compileCpuMs.toFixed(0)} ms at 1x`);
      }
      if (o.retained > 45) misses.push(`${shape} ${scale}x: retained ${fmtRatio(o.retained)} the input`);
      const mb = o.bytes / 1e6;
      rows.push([
        shape,
        `${scale}x`,
        mb.toFixed(2),
        o.parseMs.toFixed(0),
        o.compileMs.toFixed(0),
        o.compileCpuMs.toFixed(0),
        (o.compileCpuMs / mb).toFixed(0),
        o.firstEvalMs.toFixed(0),
        fmtRatio(o.retained),
        fmtRatio(o.peakRss),
      ]);
    }
  }
  printTable("filter expression growth (compileFilter includes a parse; memory as multiples of the input)", rows);
  for (const k of shapes) console.log(`  ${k}: ${(SHAPES[k] as (typeof SHAPES)[string]).what}`);
  if (jsonAt >= 0) writeFileSync(args[jsonAt + 1] as string, JSON.stringify({ date: new Date().toISOString(), baseMb, results: all }, null, 2) + "\n");
  if (check && misses.length > 0) {
    for (const m of misses) console.error(`filter-scaling: target missed: ${m}`);
    process.exitCode = 1;
  }
}
