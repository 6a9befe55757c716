/**
 * ovskit benchmark: ovskit vs. the Open vSwitch parsers (python OFPFlow, ovs-ofctl), retained
 * heap per flow and streaming memory, in one run on the same dump. See bench/README.md.
 *
 *   node --expose-gc --import tsx bench/run.ts [--quick] [--json OUT.json] [--check]
 *
 * --quick  fewer repetitions and a 100k-flow stream instead of 500k (every row still runs)
 * --json   where to write the results (default bench/results.json)
 * --check  exit 1 if a target FAILs or cannot be evaluated (a peer was skipped)
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { execFileSync } from "node:child_process";
import { ovskit, ovskitNode } from "./ovskit.js";

const { parseFlows } = ovskit;
const { readTextFile } = ovskitNode;
import {
  type ChildResult,
  ROOT,
  type Timing,
  fmtBytes,
  fmtInt,
  fmtRatio,
  fullGc,
  printTable,
  runJson,
  runNodeScript,
  timeBest,
} from "./lib.js";

const { values: opts } = parseArgs({
  options: {
    quick: { type: "boolean", default: false },
    json: { type: "string", default: join(ROOT, "bench", "results.json") },
    check: { type: "boolean", default: false },
  },
});
const quick = opts.quick === true;
const cfg = quick
  ? { warmup: 2, runs: 3, pyRepeat: 1, pyNoGc: false, ofctlRepeat: 3, streamFlows: 100_000 }
  : { warmup: 3, runs: 10, pyRepeat: 3, pyNoGc: true, ofctlRepeat: 5, streamFlows: 500_000 };

const STATS_GZ = join(ROOT, "bench/data/ovn-br-int-large.of15.flows.gz");
const NOSTATS_GZ = join(ROOT, "bench/data/ovn-br-int-large.of15.no-stats.flows.gz");
const TARGET = { lazyVsPython: 25, eagerVsPython: 10, eagerVsOfctl: 1, retainedBytes: 1536, streamRss: 300 * 1024 * 1024 };

interface PeerJson {
  flows: number;
  failed?: number;
  seconds: number;
  flowsPerSec: number;
  bytesPerFlow?: number | null;
  version?: string;
  startupSeconds?: number;
  flowLines?: number;
}
interface MemoryJson {
  flows: number;
  mode: string;
  textBytesPerFlow: number;
  withTextBytesPerFlow: number;
  flowsOnlyBytesPerFlow: number;
  retainedBytesPerFlow: number;
}
interface StreamJson {
  flows: number;
  issues: number;
  seconds: number;
  flowsPerSec: number;
  peakRssSampled: number;
  peakHeapTotal: number;
  maxRss: number;
  peakRss: number;
  rssStart: number;
}

const warnings: string[] = [];
const warn = (msg: string): void => {
  warnings.push(msg);
  console.error(`\n!!! ${msg}`);
};
const step = (msg: string): void => console.error(`[bench] ${msg}`);
const skipped = <T>(r: ChildResult<T>, what: string): T | undefined => {
  if (r.ok) return r.json;
  warn(`SKIPPED ${what}: ${r.reason}`);
  return undefined;
};

if (!fullGc()) warn("node was started without --expose-gc: no forced GC between timed runs");

const env = {
  date: new Date().toISOString(),
  quick,
  node: process.version,
  cpu: cpus()[0]?.model ?? "?",
  cores: cpus().length,
  loadavgStart: loadavg(),
  commit: (() => {
    try {
      return execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: ROOT, encoding: "utf8" }).trim();
    } catch {
      return null;
    }
  })(),
};

const tmp = mkdtempSync(join(tmpdir(), "ovskit-bench-"));
const cleanup = (): void => rmSync(tmp, { recursive: true, force: true });
process.on("exit", cleanup);
for (const sig of ["SIGINT", "SIGTERM"] as const) process.on(sig, () => process.exit(130));

// --- inputs -------------------------------------------------------------------------------
const statsText = await readTextFile(STATS_GZ);
const noStatsText = await readTextFile(NOSTATS_GZ);
const statsFile = join(tmp, "stats.flows");
const noStatsFile = join(tmp, "no-stats.flows");
writeFileSync(statsFile, statsText);
writeFileSync(noStatsFile, noStatsText);

// --- 1-3: ovskit in this process ------------------------------------------------------------
type OvsRow = Timing & { count: number; flowsPerSec: number; medianFlowsPerSec: number };
function measure(text: string, lazyActions: boolean, label: string): OvsRow {
  step(`ovskit ${label} (${cfg.warmup} warm-up + best of ${cfg.runs})`);
  const t = timeBest(() => parseFlows(text, { lazyActions }).length, cfg.warmup, cfg.runs);
  return { ...t, flowsPerSec: t.count / t.best, medianFlowsPerSec: t.count / t.median };
}
const ovs = {
  lazyStats: measure(statsText, true, "lazy, with-stats dump"),
  eagerStats: measure(statsText, false, "eager, with-stats dump"),
  lazyNoStats: measure(noStatsText, true, "lazy, no-stats dump"),
  eagerNoStats: measure(noStatsText, false, "eager, no-stats dump"),
};
const nFlows = ovs.eagerStats.count;
if (ovs.eagerNoStats.count !== nFlows) warn(`the two dumps differ in flow count: ${nFlows} vs ${ovs.eagerNoStats.count}`);

// --- 4: peers ---------------------------------------------------------------------------------
const PY = "/usr/bin/python3";
step(`python OFPFlow on the no-stats dump (--repeat ${cfg.pyRepeat}; slow)`);
const py = skipped(
  await runJson<PeerJson>(PY, ["bench/peers/ovs_flow_ofp.py", noStatsFile, "--repeat", String(cfg.pyRepeat)]),
  "python ovs.flow.ofp.OFPFlow",
);
let pyNoGc: PeerJson | undefined;
if (cfg.pyNoGc) {
  step("python OFPFlow --no-gc (informational)");
  pyNoGc = skipped(
    await runJson<PeerJson>(PY, ["bench/peers/ovs_flow_ofp.py", noStatsFile, "--repeat", String(cfg.pyRepeat), "--no-gc", "--no-memory"]),
    "python ovs.flow.ofp.OFPFlow --no-gc",
  );
}
for (const [name, p] of [["python", py], ["python --no-gc", pyNoGc]] as const) {
  if (p !== undefined && (p.flows !== nFlows || (p.failed ?? 0) > 0)) warn(`${name}: ${p.flows} flows, ${p.failed} failed (ovskit: ${nFlows})`);
}
step(`ovs-ofctl diff-flows on the with-stats dump (best of ${cfg.ofctlRepeat})`);
const ofctl = skipped(
  await runJson<PeerJson>("bash", ["bench/peers/ofctl_diff_flows.sh", statsFile, String(cfg.ofctlRepeat)]),
  "ovs-ofctl diff-flows",
);
if (ofctl !== undefined && ofctl.flows !== 2 * nFlows) warn(`ovs-ofctl parsed ${ofctl.flows} flows, expected 2 x ${nFlows}`);
const ofctlNoStartup =
  ofctl?.startupSeconds !== undefined && ofctl.seconds > ofctl.startupSeconds ? ofctl.flows / (ofctl.seconds - ofctl.startupSeconds) : undefined;

// --- 6: retained heap (child processes) -------------------------------------------------------
step("retained heap per flow (child processes)");
const memStats = skipped(await runNodeScript<MemoryJson>("memory.ts", [statsFile]), "memory, with-stats dump");
const memNoStats = skipped(await runNodeScript<MemoryJson>("memory.ts", [noStatsFile]), "memory, no-stats dump");
const memLazy = skipped(await runNodeScript<MemoryJson>("memory.ts", [statsFile, "--lazy"]), "memory, lazy");

// --- 7: streaming memory (child processes) ----------------------------------------------------
step(`streaming parse of ${fmtInt(cfg.streamFlows)} flows (child process)`);
const bigFile = join(tmp, "stream.flows");
const gen = skipped(
  await runNodeScript<{ flows: number; bytes: number }>("stream-memory.ts", ["generate", statsFile, bigFile, String(cfg.streamFlows)]),
  "stream input generation",
);
const stream = gen === undefined ? undefined : skipped(await runNodeScript<StreamJson>("stream-memory.ts", ["measure", bigFile]), "stream measure");
rmSync(bigFile, { force: true });
if (stream !== undefined && (stream.flows !== cfg.streamFlows || stream.issues !== 0)) {
  warn(`stream: ${stream.flows} flows and ${stream.issues} issues, expected ${cfg.streamFlows} flows`);
}

// --- 5: ratios and targets --------------------------------------------------------------------
type Verdict = "PASS" | "FAIL" | "n/a";
const ratio = (a: number | undefined, b: number | undefined): number | undefined =>
  a === undefined || b === undefined || !(b > 0) ? undefined : a / b;
const verdict = (ok: boolean | undefined): Verdict => (ok === undefined ? "n/a" : ok ? "PASS" : "FAIL");
const lazyVsPy = ratio(ovs.lazyNoStats.flowsPerSec, py?.flowsPerSec);
const eagerVsPy = ratio(ovs.eagerNoStats.flowsPerSec, py?.flowsPerSec);
const eagerVsOfctl = ratio(ovs.eagerStats.flowsPerSec, ofctl?.flowsPerSec);
const targets = [
  {
    name: "lazy >= 25x python (no-stats dump)",
    value: fmtRatio(lazyVsPy),
    verdict: verdict(lazyVsPy === undefined ? undefined : lazyVsPy >= TARGET.lazyVsPython),
  },
  {
    name: "eager >= 10x python (no-stats dump)",
    value: fmtRatio(eagerVsPy),
    verdict: verdict(eagerVsPy === undefined ? undefined : eagerVsPy >= TARGET.eagerVsPython),
  },
  {
    name: "eager > ovs-ofctl (with-stats dump)",
    value: fmtRatio(eagerVsOfctl),
    verdict: verdict(eagerVsOfctl === undefined ? undefined : eagerVsOfctl > TARGET.eagerVsOfctl),
  },
  {
    name: "retained heap <= 1.5 KiB per decoded flow",
    value: fmtBytes(memStats?.retainedBytesPerFlow),
    verdict: verdict(memStats === undefined ? undefined : memStats.retainedBytesPerFlow <= TARGET.retainedBytes),
  },
  {
    name: `stream ${quick ? "100k (quick; target is for 500k)" : "500k"}-flow peak RSS < 300 MiB`,
    value: fmtBytes(stream?.peakRss),
    verdict: verdict(stream === undefined ? undefined : stream.peakRss < TARGET.streamRss),
  },
];

const loadEnd = loadavg()[0] ?? 0;
// The end value includes this benchmark's own load (about one busy core).
if ((env.loadavgStart[0] ?? 0) > env.cores / 2 || loadEnd > env.cores) {
  warn(
    `machine busy (1-min load average ${(env.loadavgStart[0] ?? 0).toFixed(2)} at start, ${loadEnd.toFixed(2)} at end, ${env.cores} cores): ` +
      "throughput and the ratios are noisy (the peers run at other moments than ovskit); re-run on a quiet machine",
  );
}

// --- output -----------------------------------------------------------------------------------
const rate = (r: OvsRow): [string, string] => [fmtInt(r.flowsPerSec), fmtInt(r.medianFlowsPerSec)];
const SKIP = "SKIPPED (see warnings)";
printTable(
  `Throughput: ${fmtInt(nFlows)} real OVN br-int flows (OpenFlow 1.5). ${quick ? "QUICK mode" : "full mode"}, node ${env.node}, ` +
    `${env.cores} cores, load average ${(env.loadavgStart[0] ?? 0).toFixed(2)} -> ${loadEnd.toFixed(2)}`,
  [
    ["parser", "input", "flows/s best", "flows/s median", "note"],
    ["ovskit lazy", "with-stats", ...rate(ovs.lazyStats), `best of ${cfg.runs}; actions checked, kept as text`],
    ["ovskit eager", "with-stats", ...rate(ovs.eagerStats), "every action decoded"],
    ["ovskit lazy", "no-stats", ...rate(ovs.lazyNoStats), ""],
    ["ovskit eager", "no-stats", ...rate(ovs.eagerNoStats), ""],
    py === undefined
      ? ["python OFPFlow", "no-stats", "-", "-", SKIP]
      : ["python OFPFlow", "no-stats", fmtInt(py.flowsPerSec), "-", `best of ${cfg.pyRepeat}, cyclic GC on (library default)`],
    ...(cfg.pyNoGc
      ? [
          pyNoGc === undefined
            ? ["python --no-gc", "no-stats", "-", "-", SKIP]
            : ["python --no-gc", "no-stats", fmtInt(pyNoGc.flowsPerSec), "-", "informational: GC off in the timed loop"],
        ]
      : []),
    ofctl === undefined
      ? ["ovs-ofctl", "with-stats", "-", "-", SKIP]
      : [
          "ovs-ofctl",
          "with-stats",
          fmtInt(ofctl.flowsPerSec),
          "-",
          `diff-flows F F = 2x${fmtInt(nFlows)} flows, best of ${cfg.ofctlRepeat}; incl. ${Math.round((ofctl.startupSeconds ?? 0) * 1000)} ms start-up (${fmtInt(ofctlNoStartup)} without)`,
        ],
  ],
);
const memRow = (name: string, m: MemoryJson | undefined): string[] =>
  m === undefined
    ? [name, "-", "-", "-", SKIP]
    : [name, fmtBytes(m.retainedBytesPerFlow), fmtBytes(m.withTextBytesPerFlow), fmtBytes(m.flowsOnlyBytesPerFlow), `input text itself: ${fmtBytes(m.textBytesPerFlow)}/flow`];
printTable("Heap per flow (child process, forced GC)", [
  ["parser / input", "retained", "flows+text", "flows only", "note"],
  memRow("ovskit eager, with-stats", memStats),
  memRow("ovskit eager, no-stats", memNoStats),
  memRow("ovskit lazy (undecoded), with-stats", memLazy),
  py === undefined
    ? ["python OFPFlow, no-stats", "-", "-", "-", SKIP]
    : ["python OFPFlow, no-stats", "-", "-", fmtBytes(py.bytesPerFlow), "tracemalloc; input lines not counted"],
]);
console.log(
  "  retained = after our own reference to the text is dropped (what the flows keep alive);\n" +
    "  flows+text = text still referenced; flows only = growth while the text was already loaded.",
);
printTable("Streaming parseFlowStream(openTextStream(file)), eager, nothing kept (child process)", [
  ["flows", "file", "flows/s", "peak RSS", "note"],
  stream === undefined || gen === undefined
    ? [fmtInt(cfg.streamFlows), "-", "-", "-", SKIP]
    : [
        fmtInt(stream.flows),
        fmtBytes(gen.bytes),
        fmtInt(stream.flowsPerSec),
        fmtBytes(stream.peakRss),
        `sampled every 100 ms: ${fmtBytes(stream.peakRssSampled)}, kernel maxRSS: ${fmtBytes(stream.maxRss)}; RSS at start ${fmtBytes(stream.rssStart)}, peak V8 heapTotal ${fmtBytes(stream.peakHeapTotal)}`,
      ],
]);
printTable("Ratios (same input on both sides)", [
  ["ratio", "value", "note"],
  ["ovskit lazy / python", fmtRatio(lazyVsPy), "no-stats dump"],
  ["ovskit eager / python", fmtRatio(eagerVsPy), "no-stats dump"],
  ["ovskit lazy / python --no-gc", fmtRatio(ratio(ovs.lazyNoStats.flowsPerSec, pyNoGc?.flowsPerSec)), cfg.pyNoGc ? "informational" : "full mode only"],
  ["ovskit eager / python --no-gc", fmtRatio(ratio(ovs.eagerNoStats.flowsPerSec, pyNoGc?.flowsPerSec)), cfg.pyNoGc ? "informational" : "full mode only"],
  ["ovskit eager / ovs-ofctl", fmtRatio(eagerVsOfctl), "with-stats dump"],
  ["ovskit eager / ovs-ofctl w/o start-up", fmtRatio(ratio(ovs.eagerStats.flowsPerSec, ofctlNoStartup)), "informational"],
  ["python bytes / ovskit retained bytes", fmtRatio(ratio(py?.bytesPerFlow ?? undefined, memNoStats?.retainedBytesPerFlow)), "no-stats dump"],
]);
printTable("Targets", [["target", "measured", "verdict"], ...targets.map((t) => [t.name, t.value, t.verdict])]);

env.loadavgStart = env.loadavgStart.map((x) => Math.round(x * 100) / 100);
const results = {
  env: { ...env, loadavgEnd: loadavg().map((x) => Math.round(x * 100) / 100) },
  config: cfg,
  inputs: { stats: STATS_GZ.slice(ROOT.length), noStats: NOSTATS_GZ.slice(ROOT.length), flows: nFlows },
  ovskit: ovs,
  peers: { python: py ?? null, pythonNoGc: pyNoGc ?? null, ofctl: ofctl ? { ...ofctl, flowsPerSecWithoutStartup: ofctlNoStartup } : null },
  memory: { eagerStats: memStats ?? null, eagerNoStats: memNoStats ?? null, lazyStats: memLazy ?? null },
  stream: stream ? { ...stream, fileBytes: gen?.bytes } : null,
  ratios: { lazyVsPython: lazyVsPy ?? null, eagerVsPython: eagerVsPy ?? null, eagerVsOfctl: eagerVsOfctl ?? null },
  targets,
  warnings,
};
const out = resolve(opts.json ?? "bench/results.json");
writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
console.log(`\nwrote ${out}`);
if (warnings.length > 0) {
  console.log(`\n!!! ${warnings.length} WARNING(S) - some rows are missing or suspect:`);
  for (const w of warnings) console.log(`!!!   ${w}`);
}
if (opts.check === true && targets.some((t) => t.verdict !== "PASS")) process.exitCode = 1;
