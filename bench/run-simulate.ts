/**
 * Simulator benchmarks (src/simulate/): building the pipeline index of a 600k-flow dump next to
 * parsing it, one 150-step trace on a 22k-flow OVN br-int, and batches of 10,000 packets.
 *
 *   node --expose-gc --import tsx bench/run-simulate.ts [--quick] [--check] [--json OUT]
 *
 * Inputs:
 * - bench/data/ovn-br-int-large.of15.no-stats.flows.gz: 22,348 real OVN br-int flows (one node
 *   of a generate.sh --large sandbox: 8 nodes, 60 pods here, 400 services). The 600k-flow dump is
 *   that dump scaled: the base flows, then copies of its 20,269 flows that match a datapath
 *   (`metadata=`), each copy under new datapath numbers (metadata + k * 0x10000), so the copies are
 *   distinct flows in the same tables and subtables, as in a cluster with more logical switches
 *   and routers (the quick run uses 150k).
 * - test/fixtures/sim/snapshot: the generate-sim.sh snapshot (br-int with its groups and ports),
 *   for a batch that reaches the service load balancers (the large dump has no groups).
 *
 * Timings are wall-clock (best and median of N runs, a full GC before each) and CPU time of the
 * process, because the machine is shared: the CPU time is what the work costs. The verdicts
 * judge the wall-clock time (what the targets mean); the CPU time is printed next to it, so that
 * a FAIL on a busy machine can be told from a slow simulator.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { gunzipSync } from "node:zlib";
import { ROOT, fmtInt, fmtRatio, fullGc, printTable, timeBest } from "./lib.js";
import { ovskit } from "./ovskit.js";

const { parseFlows, parseGroups, createPipeline, simulateTrace, simulateBatch, traceSteps, parseDpifShow, portsFromPortsDesc, mergePorts, parseTlvMapDump, parseRouteShow, parseNeighShow } = ovskit;
const { values: opts } = parseArgs({ options: { quick: { type: "boolean" }, check: { type: "boolean" }, json: { type: "string" } } });
const quick = opts.quick === true;
const runs = quick ? 3 : 7;
const BIG = quick ? 150_000 : 600_000;
const TARGET = { buildRatio: 1.5, traceMs: 5, batchS: 10 };
const step = (msg: string): void => console.error(`[bench] ${msg}`);

/** Wall-clock timing plus the CPU time of the whole measurement (all runs). */
function measure(fn: () => number, warmup: number, n: number): ReturnType<typeof timeBest> & { cpuBest: number } {
  let cpuBest = Infinity;
  const wrapped = (): number => {
    const c0 = process.cpuUsage();
    const r = fn();
    const c = process.cpuUsage(c0);
    cpuBest = Math.min(cpuBest, (c.user + c.system) / 1e6);
    return r;
  };
  const t = timeBest(wrapped, warmup, n);
  return { ...t, cpuBest };
}

// 1. The 22k-flow dump (the biggest real one) and its scaled 600k copy.
const base = gunzipSync(readFileSync(join(ROOT, "bench/data/ovn-br-int-large.of15.no-stats.flows.gz"))).toString("utf8");
const baseLines = base.split("\n").filter((l) => l.trim() !== "");
step(`${fmtInt(baseLines.length)}-flow real dump: parse (lazy actions) and build`);
const parseReal = measure(() => parseFlows(base, { lazyActions: true }).length, 1, runs);
const realFlows = parseFlows(base, { lazyActions: true });
const buildReal = measure(() => createPipeline({ bridges: { "br-int": { flows: realFlows } } }).bridges.get("br-int")?.flowCount ?? 0, 1, runs);
const withMetadata = baseLines.filter((l) => l.includes("metadata=0x"));
const bigLines = [...baseLines];
for (let k = 1; bigLines.length < BIG; k++) {
  for (const l of withMetadata) {
    if (bigLines.length >= BIG) break;
    bigLines.push(l.replace(/metadata=0x([0-9a-f]+)/g, (_m, v: string) => `metadata=0x${(parseInt(v, 16) + k * 0x10000).toString(16)}`));
  }
}
const bigText = bigLines.join("\n") + "\n";
step(`${fmtInt(bigLines.length)}-flow dump (${(bigText.length / 1048576).toFixed(0)} MB): parse (lazy actions) and build`);
const bigRuns = quick ? 2 : 3;
const parseBig = measure(() => parseFlows(bigText, { lazyActions: true }).length, 0, bigRuns);
let bigFlows: ReturnType<typeof parseFlows> | undefined = parseFlows(bigText, { lazyActions: true });
const flowsForBuild = bigFlows;
const buildBig = measure(() => createPipeline({ bridges: { "br-int": { flows: flowsForBuild } } }).bridges.get("br-int")?.flowCount ?? 0, 0, bigRuns);
bigFlows = undefined;
fullGc(2);

// 2. One trace of 149 steps on the 22k-flow br-int: a pod's TCP SYN to the internet, through the
// node's logical switch and router, the join switch and the gateway router (SNAT), and a
// conntrack recirculation, ending at the ARP resolution of the next hop.
step("22k-flow br-int: build, then one long trace");
const flows22k = parseFlows(base);
const p22k = createPipeline({ bridges: { "br-int": { flows: flows22k } } });
const LONG = "in_port=14,tcp,dl_src=0a:58:0a:f4:01:06,dl_dst=0a:58:0a:f4:01:01,nw_src=10.244.1.6,nw_dst=8.8.8.8,nw_ttl=64,tp_src=40000,tp_dst=8080,tcp_flags=syn";
const longSteps = traceSteps(simulateTrace(p22k, LONG, { bridge: "br-int" })).length;
const reps = 20;
const trace = measure(() => {
  let n = 0;
  for (let i = 0; i < reps; i++) n += traceSteps(simulateTrace(p22k, LONG, { bridge: "br-int" })).length;
  return n;
}, 3, runs);
const traceMs = (trace.best * 1000) / reps;
const traceCpuMs = (trace.cpuBest * 1000) / reps;

// 3. A batch of 10,000 packets on the same br-int: each of the 60 pods of the node (in_port, MAC
// and IP from the table-0 and port-security flows) to every other pod of the node, to 15
// addresses in each of the 7 other nodes' subnets, and to 5 external addresses.
const pods: { port: number; mac: string; ip: string }[] = [];
const portOf = new Map<string, number>();
for (const l of baseLines) {
  const m = /priority=100,in_port=(\d+) actions=.*set_field:(0x[0-9a-f]+)->metadata,set_field:(0x[0-9a-f]+)->reg14/.exec(l);
  if (m !== null) portOf.set(`${m[3]}/${m[2]}`, Number(m[1]));
}
for (const l of baseLines) {
  const m = /table=73, priority=90,ip,reg14=(0x[0-9a-f]+),metadata=(0x[0-9a-f]+),dl_src=([0-9a-f:]+),nw_src=([\d.]+) /.exec(l);
  const port = m === null ? undefined : portOf.get(`${m[1]}/${m[2]}`);
  if (m !== null && port !== undefined) pods.push({ port, mac: m[3] as string, ip: m[4] as string });
}
const GW = "0a:58:0a:f4:01:01";
const packets: string[] = [];
const tcp = (p: (typeof pods)[number], dst: string, dmac: string, sport: number): string =>
  `in_port=${p.port},tcp,dl_src=${p.mac},dl_dst=${dmac},nw_src=${p.ip},nw_dst=${dst},nw_ttl=64,tp_src=${sport},tp_dst=8080,tcp_flags=syn`;
for (const p of pods) {
  for (const q of pods) if (q !== p) packets.push(tcp(p, q.ip, q.mac, 40000));
  for (let node = 2; node <= 8; node++) for (let h = 2; h <= 16; h++) packets.push(tcp(p, `10.244.${node}.${h}`, GW, 40001));
  for (const ext of ["8.8.8.8", "1.1.1.1", "9.9.9.9", "142.250.1.1", "151.101.1.1"]) packets.push(tcp(p, ext, GW, 40002));
}
packets.length = Math.min(packets.length, 10_000);
step(`batch: ${fmtInt(packets.length)} packets from ${pods.length} pods`);
let batchSteps = 0;
let batchFailed = 0;
const batchRuns = quick ? 1 : 3;
const batch = measure(() => {
  batchSteps = 0;
  batchFailed = 0;
  for (const r of simulateBatch(p22k, packets, { bridge: "br-int" })) {
    if (r.ok) batchSteps += traceSteps(r.trace).length;
    else batchFailed++;
  }
  return packets.length;
}, 0, batchRuns);

// 4. A batch of 10,000 packets to the services on the generate-sim.sh snapshot (groups, ports).
const snap = join(ROOT, "test/fixtures/sim/snapshot");
const rd = (f: string): string => readFileSync(join(snap, f), "utf8");
const dpif = parseDpifShow(rd("dpif-show.txt")).datapaths[0];
const bridges: Record<string, Parameters<typeof createPipeline>[0]["bridges"][string]> = {};
for (const b of rd("bridges.txt").split("\n").filter((s) => s !== "")) {
  bridges[b] = { flows: parseFlows(rd(`${b}.flows`)), groups: parseGroups(rd(`${b}.groups`)), ports: mergePorts(dpif?.bridges[b], portsFromPortsDesc(rd(`${b}.show`))), tlvMap: parseTlvMapDump(rd(`${b}.tlv`)), ...(dpif === undefined ? {} : { datapathType: dpif.type }) };
}
const pSim = createPipeline({ bridges, underlay: { routes: parseRouteShow(rd("route.txt")), neighbors: parseNeighShow(rd("neigh.txt")) } });
const simPods: { port: number; mac: string; ip: string }[] = [];
const dumpOf = rd("br-int.flows");
const simPortOf = new Map<string, number>();
for (const m of dumpOf.matchAll(/priority=100,in_port=(\d+) actions=.*set_field:(0x[0-9a-f]+)->metadata,set_field:(0x[0-9a-f]+)->reg14/g)) simPortOf.set(`${m[3]}/${m[2]}`, Number(m[1]));
for (const m of dumpOf.matchAll(/table=73, priority=90,ip,reg14=(0x[0-9a-f]+),metadata=(0x[0-9a-f]+),dl_src=([0-9a-f:]+),nw_src=([\d.]+) /g)) {
  const port = simPortOf.get(`${m[1]}/${m[2]}`);
  if (port !== undefined) simPods.push({ port, mac: m[3] as string, ip: m[4] as string });
}
const vips = [...new Set([...dumpOf.matchAll(/nw_dst=(10\.96\.\d+\.\d+),tp_dst=(\d+)/g)].map((m) => `${m[1]}:${m[2]}`))];
const svcPackets: string[] = [];
for (let sport = 30000; svcPackets.length < 10_000; sport++) {
  for (const p of simPods) for (const v of vips) {
    const [ip, port] = v.split(":") as [string, string];
    svcPackets.push(`in_port=${p.port},tcp,dl_src=${p.mac},dl_dst=${GW},nw_src=${p.ip},nw_dst=${ip},nw_ttl=64,tp_src=${sport},tp_dst=${port},tcp_flags=syn`);
  }
}
svcPackets.length = 10_000;
step(`service batch: ${fmtInt(svcPackets.length)} packets (${simPods.length} pods x ${vips.length} VIP:port x source ports) on the sim snapshot`);
let svcSteps = 0;
let svcFailed = 0;
const svcBatch = measure(() => {
  svcSteps = 0;
  svcFailed = 0;
  for (const r of simulateBatch(pSim, svcPackets, { bridge: "br-int", ctNext: ["trk,new", "trk,new"] })) {
    if (r.ok) svcSteps += traceSteps(r.trace).length;
    else svcFailed++;
  }
  return svcPackets.length;
}, 0, batchRuns);

const ms = (s: number): string => `${(s * 1000).toFixed(0)} ms`;
const buildRatio = buildBig.best / parseBig.best;
const realRatio = buildReal.best / parseReal.best;
const realCpuRatio = buildReal.cpuBest / parseReal.cpuBest;
const buildCpuRatio = buildBig.cpuBest / parseBig.cpuBest;
printTable("Simulator", [
  ["what", "size", "best", "median", "cpu (best)"],
  [`parseFlows (lazy actions), real dump`, `${fmtInt(baseLines.length)} flows`, ms(parseReal.best), ms(parseReal.median), ms(parseReal.cpuBest)],
  [`createPipeline, real dump`, `${fmtInt(buildReal.count)} flows`, ms(buildReal.best), ms(buildReal.median), ms(buildReal.cpuBest)],
  [`parseFlows (lazy actions)`, `${fmtInt(bigLines.length)} flows`, ms(parseBig.best), ms(parseBig.median), ms(parseBig.cpuBest)],
  [`createPipeline`, `${fmtInt(buildBig.count)} flows`, ms(buildBig.best), ms(buildBig.median), ms(buildBig.cpuBest)],
  [`simulateTrace (pod -> internet)`, `${longSteps} steps, ${fmtInt(flows22k.length)} flows`, `${traceMs.toFixed(2)} ms`, `${((trace.median * 1000) / reps).toFixed(2)} ms`, `${traceCpuMs.toFixed(2)} ms`],
  [`simulateBatch (pods -> pods, nodes, internet)`, `${fmtInt(packets.length)} packets, ${fmtInt(batchSteps)} steps`, ms(batch.best), ms(batch.median), ms(batch.cpuBest)],
  [`simulateBatch (pods -> services)`, `${fmtInt(svcPackets.length)} packets, ${fmtInt(svcSteps)} steps`, ms(svcBatch.best), ms(svcBatch.median), ms(svcBatch.cpuBest)],
]);
const targets = [
  [`build ${fmtInt(baseLines.length)} flows (real) <= ${TARGET.buildRatio}x parse`, `${fmtRatio(realRatio)} (cpu ${fmtRatio(realCpuRatio)})`, realRatio <= TARGET.buildRatio ? "PASS" : "FAIL"],
  [`build ${fmtInt(bigLines.length)} flows <= ${TARGET.buildRatio}x parse`, `${fmtRatio(buildRatio)} (cpu ${fmtRatio(buildCpuRatio)})`, buildRatio <= TARGET.buildRatio ? "PASS" : "FAIL"],
  [`${longSteps}-step trace < ${TARGET.traceMs} ms`, `${traceMs.toFixed(2)} ms (cpu ${traceCpuMs.toFixed(2)} ms)`, traceMs < TARGET.traceMs ? "PASS" : "FAIL"],
  [`batch of 10,000 < ${TARGET.batchS} s (pods)`, `${batch.best.toFixed(2)} s (cpu ${batch.cpuBest.toFixed(2)} s)`, batch.best < TARGET.batchS && batchFailed === 0 ? "PASS" : "FAIL"],
  [`batch of 10,000 < ${TARGET.batchS} s (services)`, `${svcBatch.best.toFixed(2)} s (cpu ${svcBatch.cpuBest.toFixed(2)} s)`, svcBatch.best < TARGET.batchS && svcFailed === 0 ? "PASS" : "FAIL"],
] as const;
printTable("Targets", [["target", "measured", "verdict"], ...targets]);
writeFileSync(
  opts.json ?? join(ROOT, quick ? "bench/results-simulate.quick.json" : "bench/results-simulate.json"),
  JSON.stringify(
    {
      date: new Date().toISOString(),
      cpus: cpus().length,
      loadavg: loadavg(),
      buildReal: { flows: baseLines.length, parse: parseReal, build: buildReal, ratio: realRatio, cpuRatio: realCpuRatio },
      build: { flows: bigLines.length, parse: parseBig, build: buildBig, ratio: buildRatio, cpuRatio: buildCpuRatio },
      trace: { steps: longSteps, flows: flows22k.length, ms: traceMs, cpuMs: traceCpuMs, timing: trace },
      batch: { packets: packets.length, steps: batchSteps, failed: batchFailed, timing: batch },
      serviceBatch: { packets: svcPackets.length, steps: svcSteps, failed: svcFailed, timing: svcBatch },
      targets,
    },
    null,
    2,
  ) + "\n",
);
if (opts.check === true && targets.some((x) => x[2] !== "PASS")) process.exitCode = 1;
