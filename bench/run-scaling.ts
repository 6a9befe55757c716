/**
 * Growth of the OVN expression / action parsers and the trace parser with the size of one input
 * (issue 16: "a 10 MB OVN match takes 2.1 s and 430 MB"): CPU time and heap at 1x, 2x, 4x and 8x
 * a base size (1.25 MB; 8x = 10 MB). Linear time means the 8x time is ~8x the 1x time; the
 * memory is the heap the result holds ("held") and the heap allocated while parsing, garbage
 * included ("allocated", an upper bound of the peak), both per input character.
 *
 *   node --expose-gc --import tsx bench/run-scaling.ts [--quick] [--check] [--json OUT]
 *
 * --quick: base 256 KB. --check: exit 1 unless every 8x/1x time ratio is under 12 and every
 * held ratio under 21 (or the shape's own limit in HELD_LIMIT, where the result alone needs more).
 * Also the datapath actions line and the filter language, parsed and compiled (issue 16's other
 * huge lines).
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { ROOT, fullGc, printTable } from "./lib.js";
import { ovskit } from "./ovskit.js";

const { parseOvnMatch, parseOvnActions, parseTrace, parseDatapathFlow, parseFilter, compileFilter, parseFlow } = ovskit;
const { values: opts } = parseArgs({ options: { quick: { type: "boolean" }, check: { type: "boolean" }, json: { type: "string" } } });
const BASE = opts.quick === true ? 256 * 1024 : 1.25 * 1024 * 1024;
if (!fullGc()) throw new Error("run with node --expose-gc");
const { fixture, linesOf } = await import("../test/helpers/fixtures.js");

// Traces: the real trace with recirculations, its initial pass repeated into one resubmit chain
// (deep), or its recirculation sections repeated (sections).
const base = linesOf(fixture("trace", "ovn-pod-to-service.trace"));
const finalAt = base.findIndex((l) => l.startsWith("Final flow:"));
const head = base.slice(0, 4);
const tree = base.slice(4, finalAt - 1);
const results = base.slice(finalAt - 1, base.findIndex((l) => l.startsWith("Datapath actions:")) + 1);
const sections = base.slice(base.findIndex((l) => l.startsWith("====")) - 1);
const grow = (start: readonly string[], unit: readonly string[], end: readonly string[], n: number): string => {
  const out = [...start];
  const size = unit.join("\n").length + 1;
  for (let len = start.join("\n").length; len < n; len += size) out.push(...unit);
  return [...out, ...end].join("\n") + "\n";
};

/**
 * Held-memory limits above the ~20x target, where the result itself needs more (64-bit V8 without
 * pointer compression: 24 bytes per object header, 8 per field; the shape is the tightest text
 * per node): `ip||` is one comparison (56 bytes), its path array (56) and its slot (8) per 4
 * characters. The limit sits between the measure after issue 16's fix and the one before (36.0x).
 * (`ct(zone=5,nat),` had 31 here: 9 heap objects per 15 characters, 27.7x; its node is now
 * `{ name: "ct" }` when the typed fields print the exact text, 13.4x.)
 */
const HELD_LIMIT: Readonly<Record<string, number>> = {
  "filter: ip||ip||... (parseFilter)": 33,
};

const dpLine = (unit: string) => (n: number) =>
  `recirc_id(0),in_port(1),eth_type(0x0800),ipv4(frag=no), packets:0, bytes:0, used:never, actions:${unit.repeat(Math.ceil(n / unit.length))}drop`;

/** About `n` characters of `item(0) sep item(1) sep ...`. */
function list(n: number, item: (i: number) => string, sep: string): string {
  const parts: string[] = [];
  for (let i = 0, size = 0; size < n; i++) {
    const s = item(i);
    parts.push(s);
    size += s.length + sep.length;
  }
  return parts.join(sep);
}

/** A compiled filter (target openflow) after its first evaluation: what a program keeps. */
const probe = parseFlow(" cookie=0x0, duration=1.5s, table=1, n_packets=0, n_bytes=0, priority=1,ip actions=drop");
function compiled(s: string): unknown {
  const f = compileFilter(s, { target: "openflow" });
  f.matchFlow(probe);
  return f;
}

const shapes: [string, (n: number) => string, (s: string) => unknown][] = [
  ["datapath: actions line of ct(zone=5,nat)", dpLine("ct(zone=5,nat),"), (s) => parseDatapathFlow(s)],
  ["datapath: actions line of set / ct / recirc / output", dpLine("ct(commit,zone=27,label=0/0x1,nat(src)),set(eth(src=0a:58:0a:f4:01:01,dst=0a:58:0a:f4:01:03)),set(ipv4(src=10.0.0.1,ttl=63)),recirc(0x25),2,"), (s) => parseDatapathFlow(s)],
  ["filter: ip||ip||... (parseFilter)", (n) => "ip||".repeat(Math.ceil(n / 4)) + "ip", parseFilter],
  ["filter: (table=N && reg14=0x.. && !drop) || ... (parseFilter)", (n) => Array.from({ length: Math.ceil(n / 40) }, (_, i) => `(table=${i % 60} && reg14=0x${i.toString(16)} && !drop)`).join(" || "), parseFilter],
  ["filter: reg0!=0 && reg1!=1 && ... (compileFilter)", (n) => list(n, (i) => `reg${i % 16}!=${i}`, " && "), compiled],
  ["filter: (table=N && reg14=0x.. && !drop) || ... (compileFilter)", (n) => list(n, (i) => `(table=${i % 60} && reg14=0x${i.toString(16)} && !drop)`, " || "), compiled],
  ["filter: ip||ip||... (compileFilter)", (n) => "ip||".repeat(Math.ceil(n / 4)) + "ip", compiled],
  ["OVN match: && chain of comparisons", (n) => 'ip4.src == {10.0.0.1, 10.0.0.2} && tcp.dst == 80 && inport == "lsp1" && '.repeat(Math.ceil(n / 72)) + "ip4", parseOvnMatch],
  ["OVN match: (ip4) && ... (worst shape)", (n) => "(ip4) && ".repeat(Math.ceil(n / 9)) + "ip6", parseOvnMatch],
  ["OVN match: one big address set", (n) => `ip4.src == {${"10.0.0.1, ".repeat(Math.ceil(n / 10))}1.1.1.1}`, parseOvnMatch],
  ["OVN match: || chain", (n) => "tcp.dst == 80 || ".repeat(Math.ceil(n / 17)) + "ip4", parseOvnMatch],
  ["OVN actions: load balancing", (n) => "reg0[1] = 1; ct_lb_mark(backends=10.0.0.1:80,10.0.0.2:80); next; ".repeat(Math.ceil(n / 66)), parseOvnActions],
  ["ofproto/trace: one deep resubmit chain", (n) => grow(head, tree, results, n), parseTrace],
  ["ofproto/trace: recirculations repeated", (n) => grow(base, sections, [], n), parseTrace],
];

interface Point {
  readonly chars: number;
  readonly cpuMs: number;
  readonly held: number;
  readonly allocated: number;
}
function measure(text: string, parse: (s: string) => unknown): Point {
  fullGc(3);
  const h0 = process.memoryUsage().heapUsed;
  const c0 = process.cpuUsage();
  const result = parse(text);
  const c = process.cpuUsage(c0);
  const allocated = process.memoryUsage().heapUsed - h0;
  fullGc(3);
  const held = process.memoryUsage().heapUsed - h0;
  if (result === undefined) throw new Error("no result");
  return { chars: text.length, cpuMs: (c.user + c.system) / 1000, held: held / text.length, allocated: allocated / text.length };
}

const rows: string[][] = [["input", "1x", "2x", "4x", "8x", "8x/1x time", "held", "allocated"]];
const out: Record<string, Point[]> = {};
const verdicts: [string, string, string][] = [];
for (const [name, make, parse] of shapes) {
  measure(make(BASE / 4), parse); // warm up the JIT
  const points = [1, 2, 4, 8].map((k) => measure(make(BASE * k), parse));
  out[name] = points;
  const p1 = points[0] as Point;
  const p8 = points[3] as Point;
  const ratio = p8.cpuMs / p1.cpuMs;
  const held = Math.max(...points.map((p) => p.held));
  rows.push([
    name,
    ...points.map((p) => `${p.cpuMs.toFixed(0)} ms`),
    ratio.toFixed(1),
    `${held.toFixed(1)}x`,
    `${Math.max(...points.map((p) => p.allocated)).toFixed(1)}x`,
  ]);
  const limit = HELD_LIMIT[name] ?? 21;
  verdicts.push([`${name}: linear time, held < ${limit}x`, `${ratio.toFixed(1)} / ${held.toFixed(1)}x`, ratio < 12 && held < limit ? "PASS" : "FAIL"]);
}
printTable(`Growth with the input (base ${(BASE / 1048576).toFixed(2)} MB; CPU time; memory per input character)`, rows);
printTable("Targets", [["target", "measured", "verdict"], ...verdicts]);
writeFileSync(opts.json ?? join(ROOT, "bench/results-scaling.json"), JSON.stringify({ base: BASE, shapes: out, targets: verdicts }, null, 2));
if (opts.check === true && verdicts.some((v) => v[2] !== "PASS")) process.exitCode = 1;
