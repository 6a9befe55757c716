/**
 * The fuzz suite (`npm run test:fuzz`, not part of `npm test`): every public parser, reader and
 * decoder, fed mutated real fixtures for a bounded time. See test/fuzz/config.ts for the
 * environment variables (budget, seed, targets, replay) and README "Guarantees".
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { afterAll, beforeAll, describe, it } from "vitest";
import { config } from "./config.js";
import { type TargetStats, runTarget } from "./runner.js";
import { TARGETS } from "./targets/index.js";
import { type Watchdog, startWatchdog } from "./watchdog.js";

const selected = TARGETS.filter((t) => {
  if (config.replay !== undefined) return t.name === config.replay.target;
  return config.targets === undefined || config.targets.some((s) => t.name === s || t.name.includes(s));
});
const stats: TargetStats[] = [];
let watchdog: Watchdog;
let started = 0;

beforeAll(() => {
  if (selected.length === 0) throw new Error(`no fuzz target matches ${config.replay?.target ?? config.targets?.join(",")}`);
  watchdog = startWatchdog(config.outDir);
  started = performance.now();
  console.log(
    `fuzz: seed ${config.seed} (OVSKIT_FUZZ_SEED=${config.seed} replays this run), ` +
      `${config.iterations === undefined ? `budget ${(config.budgetMs ?? 0) / 1000} s` : `${config.iterations} mutated cases per target`} for ${selected.length} targets, ` +
      `failing inputs go to ${config.outDir}${(globalThis as { gc?: unknown }).gc === undefined ? " (no --expose-gc: memory not measured)" : ""}`,
  );
});

afterAll(async () => {
  await watchdog?.stop();
  const total = (performance.now() - started) / 1000;
  const rows = stats.map((s) => {
    const growth = s.growth.map((g) => `${g.name} x${g.ratio.toFixed(2)}${g.retainedPerByte === undefined ? "" : ` ${g.retainedPerByte.toFixed(1)} B/B`}`).join("; ");
    return `${s.name.padEnd(26)} ${String(s.cases).padStart(7)} cases (${s.threw} typed errors) ${(s.ms / 1000).toFixed(1).padStart(6)} s, slowest ${s.maxCaseMs.toFixed(0)} ms` +
      `${s.bigLineMs === undefined ? "" : `, 10 MB line ${s.bigLineMs.toFixed(0)} ms`}${growth === "" ? "" : `; growth 8x/1x per byte: ${growth}`}${s.failures.length > 0 ? `  ** ${s.failures.length} FAILURE(S)` : ""}`;
  });
  const cases = stats.reduce((n, s) => n + s.cases, 0);
  console.log(`fuzz: seed ${config.seed}, ${cases} cases in ${total.toFixed(1)} s, max RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB\n${rows.join("\n")}`);
  if (config.report !== undefined) {
    mkdirSync(dirname(config.report), { recursive: true });
    writeFileSync(config.report, JSON.stringify({ seed: config.seed, iterations: config.iterations, budgetMs: config.budgetMs, seconds: total, cases, maxRssMiB: process.resourceUsage().maxRSS / 1024, targets: stats }, null, 2));
  }
});

describe(`fuzz (seed ${config.seed})`, () => {
  selected.forEach((target, i) => {
    it(target.name, { timeout: 0 }, async () => {
      const left = (config.budgetMs ?? 0) - (performance.now() - started);
      const s = await runTarget(target, Math.max(0, left / (selected.length - i)), watchdog);
      stats.push(s);
      if (s.failures.length > 0) {
        const lines = s.failures.map((f) => `- ${f.case} [${f.kinds.join(", ")}] ${f.bytes} bytes: ${f.problem}\n  input: ${f.file || "(none)"}\n  replay: ${f.replay}`);
        throw new Error(`${target.name}: ${s.failures.length} failure(s) in ${s.cases} cases (seed ${config.seed})\n${lines.join("\n")}`);
      }
    });
  });
});
