/**
 * Runs one fuzz target: its seeds as they are, the 10 MB line, the 1x/2x/4x/8x growth, then
 * mutated cases until the target's share of the budget is spent. Every case is checked (typed
 * error or plain result, line accounting, time bound); failures are written to files with the
 * command that replays them.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { MIN_CASES, caseBound, config, replayCommand } from "./config.js";
import { clip, resultCheck, thrownProblem } from "./check.js";
import { type ByteKind, type TextKind, mutateBytes, mutateText, windowOf } from "./mutate.js";
import { type Rng, rngFor } from "./rng.js";
import type { FuzzTarget, Input } from "./target.js";
import type { Watchdog } from "./watchdog.js";

export interface Failure {
  readonly target: string;
  readonly case: string;
  readonly problem: string;
  readonly kinds: readonly string[];
  readonly bytes: number;
  readonly file: string;
  readonly replay: string;
}

export interface GrowthResult {
  readonly name: string;
  /** Input sizes (bytes) at 1x, 2x, 4x, 8x. */
  readonly sizes: readonly number[];
  /** Best-of-3 times (ms) at each size. */
  readonly ms: readonly number[];
  /** Time per byte at 8x divided by time per byte at 1x (1 = linear). */
  readonly ratio: number;
  /** Heap retained by the 8x result, per input byte (undefined without --expose-gc). */
  readonly retainedPerByte: number | undefined;
}

export interface TargetStats {
  readonly name: string;
  cases: number;
  returned: number;
  threw: number;
  ms: number;
  maxCaseMs: number;
  bigLineMs: number | undefined;
  readonly growth: GrowthResult[];
  readonly failures: Failure[];
}

/** Time per byte at 8x may be at most this many times the time per byte at 1x. */
export const GROWTH_FACTOR = 3;
/** Below this time (ms) at 8x, growth is not judged: timer and GC noise dominate. */
const GROWTH_MIN_MS = 100;
/** The JSON of a result may be at most this many characters per input byte (plus `JSON_SLACK`). */
export const MAX_JSON_PER_BYTE = 64;
/** A constant allowance for the result's JSON (a small input's result has fixed parts). */
const JSON_SLACK = 64 * 1024;
/** Results of larger inputs are not checked for plain data (only for line accounting). */
const CHECK_LIMIT = 1 << 20;
/** At most this many failures are kept per target (the first one of each problem kind). */
const MAX_FAILURES = 8;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

function sizeOf(x: Input): number {
  return typeof x === "string" ? x.length : x.byteLength;
}

function textOf(x: Input): string {
  return typeof x === "string" ? x : decoder.decode(x);
}

/** Converts a (mutated) input to what the target reads. */
function adapt(target: FuzzTarget, x: Input): Input {
  if (target.input === "text") return textOf(x);
  return typeof x === "string" ? encoder.encode(x) : x;
}

/** The input of mutated case `index` of `target`, and the mutation kinds applied. */
export function caseInput(target: FuzzTarget, index: number): { input: Input; kinds: string[]; rng: Rng } {
  const rng = rngFor(config.seed, target.name, index);
  const seeds = target.seeds();
  const seed = rng.pick(seeds);
  if (target.input === "datagram") {
    const kinds: ByteKind[] = [];
    const others = seeds.map((s) => s.data as Uint8Array);
    return { input: mutateBytes(rng, seed.data as Uint8Array, others, kinds), kinds, rng };
  }
  const kinds: TextKind[] = [];
  let text = textOf(seed.data);
  if (target.window !== false && rng.chance(0.75)) text = windowOf(rng, text);
  const others = seeds.length > 1 ? [textOf(rng.pick(seeds).data)] : [];
  return { input: adapt(target, mutateText(rng, text, others, kinds)), kinds, rng };
}

/** Runs `target` once on `input`: the problem (or undefined), the outcome and the time. */
export async function runCase(target: FuzzTarget, input: Input, rng: Rng): Promise<{ problem: string | undefined; threw: boolean; ms: number }> {
  const bound = caseBound(sizeOf(input));
  const t0 = performance.now();
  let result: unknown;
  let threw = false;
  let problem: string | undefined;
  try {
    result = (target.run as (i: Input, r: Rng) => unknown)(input, rng);
    if (result instanceof Promise) {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new HangError(bound)), bound * 2);
      });
      try {
        result = await Promise.race([result, timeout]);
      } finally {
        clearTimeout(timer);
      }
    }
  } catch (e) {
    threw = true;
    problem = e instanceof HangError ? e.message : thrownProblem(e);
  }
  const ms = performance.now() - t0;
  if (problem === undefined && ms > bound) problem = `took ${ms.toFixed(0)} ms (bound ${bound.toFixed(0)} ms for ${sizeOf(input)} bytes)`;
  // Results of inputs over 1 MB are not walked and copied (the same shapes are checked on the
  // small cases; a 10 MB line's JSON alone is 300 MB).
  const checked = sizeOf(input) <= CHECK_LIMIT;
  if (problem === undefined && !threw && checked && target.plain !== false) {
    const r = resultCheck(result);
    problem = r.problem;
    // Output linear in the input: the JSON of the result is at most a fixed multiple of it.
    const limit = (target.maxJsonPerByte ?? MAX_JSON_PER_BYTE) * sizeOf(input) + JSON_SLACK;
    if (problem === undefined && r.jsonChars !== undefined && r.jsonChars > limit) {
      problem = `output of ${r.jsonChars} JSON characters for ${sizeOf(input)} input bytes (limit ${limit}: ${target.maxJsonPerByte ?? MAX_JSON_PER_BYTE} per byte + ${JSON_SLACK})`;
    }
  }
  if (problem === undefined && !threw && target.check !== undefined) {
    problem = (target.check as (r: unknown, t: string) => string | undefined)(result, textOf(input));
    if (problem !== undefined) problem = `accounting: ${problem}`;
  }
  return { problem, threw, ms };
}

class HangError extends Error {
  constructor(bound: number) {
    super(`no answer within ${(bound * 2).toFixed(0)} ms (a promise that never settles?)`);
  }
}

/** Runs every phase of one target within `sliceMs`. */
export async function runTarget(target: FuzzTarget, sliceMs: number, watchdog: Watchdog): Promise<TargetStats> {
  const stats: TargetStats = { name: target.name, cases: 0, returned: 0, threw: 0, ms: 0, maxCaseMs: 0, bigLineMs: undefined, growth: [], failures: [] };
  const started = performance.now();
  const seen = new Set<string>();

  const one = async (label: string, input: Input, rng: Rng, kinds: readonly string[], replay: string): Promise<number> => {
    watchdog.enter(`${target.name} ${label}: ${replay}`, Math.max(60_000, caseBound(sizeOf(input)) * 4));
    let r: Awaited<ReturnType<typeof runCase>>;
    try {
      r = await runCase(target, input, rng);
    } finally {
      watchdog.leave();
    }
    stats.cases++;
    if (r.threw) stats.threw++;
    else stats.returned++;
    stats.maxCaseMs = Math.max(stats.maxCaseMs, r.ms);
    if (r.problem !== undefined) {
      const key = r.problem.replace(/\d+/g, "N").slice(0, 80);
      if (!seen.has(key) && stats.failures.length < MAX_FAILURES) {
        seen.add(key);
        stats.failures.push(record(target, label, r.problem, kinds, input, replay));
      }
    }
    return r.ms;
  };

  await target.prepare?.();
  const seeds = target.seeds();
  if (seeds.length === 0) throw new Error(`${target.name}: no seed`);
  if (config.replay !== undefined) {
    const { input, kinds, rng } = caseInput(target, config.replay.index);
    const file = join(config.outDir, `${target.name}-${config.replay.index}.input`);
    mkdirSync(config.outDir, { recursive: true });
    writeFileSync(file, input);
    console.log(`replaying ${target.name}#${config.replay.index} (${kinds.join(", ")}, ${sizeOf(input)} bytes), input in ${file}`);
    await one(`case ${config.replay.index}`, input, rng, kinds, replayCommand(target.name, config.replay.index));
    stats.ms = performance.now() - started;
    return stats;
  }

  for (const [i, s] of seeds.entries()) {
    await one(`seed ${s.name}`, adapt(target, s.data), rngFor(config.seed, target.name, "seed", i), ["seed"], `the fixture ${s.name}`);
  }
  if (target.bigLine !== undefined) {
    const input = adapt(target, target.bigLine());
    stats.bigLineMs = await one("10 MB line", input, rngFor(config.seed, target.name, "big"), ["long-line"], "the 10 MB line case");
  }
  for (const g of target.growth ?? []) stats.growth.push(await measureGrowth(target, g, watchdog, stats));

  const deadline = started + sliceMs;
  const more = (i: number): boolean => (config.iterations !== undefined ? i < config.iterations : i < MIN_CASES || performance.now() < deadline);
  for (let i = 0; more(i); i++) {
    const { input, kinds, rng } = caseInput(target, i);
    await one(`case ${i}`, input, rng, kinds, replayCommand(target.name, i));
    if (stats.failures.length >= MAX_FAILURES) break;
  }
  stats.ms = performance.now() - started;
  return stats;
}

function record(target: FuzzTarget, label: string, problem: string, kinds: readonly string[], input: Input, replay: string): Failure {
  mkdirSync(config.outDir, { recursive: true });
  const file = join(config.outDir, `${target.name}-${label.replace(/[^\w.-]+/g, "_").slice(0, 60)}.input`);
  writeFileSync(file, input);
  return { target: target.name, case: label, problem: clip(problem, 600), kinds, bytes: sizeOf(input), file, replay };
}

const gc = (globalThis as { gc?: () => void }).gc;

/** Times the target at 1x, 2x, 4x and 8x (best of 3) and measures the heap the 8x result keeps. */
async function measureGrowth(target: FuzzTarget, g: { name: string; make: (k: number) => Input }, watchdog: Watchdog, stats: TargetStats): Promise<GrowthResult> {
  const sizes: number[] = [];
  const ms: number[] = [];
  // The same random choices (a target's options) for every size and every run: a growth
  // compares the same work at 1x and 8x (seed wave3 once timed a read cut short by `until` at 1x and a full read at 8x).
  const fresh = (): Rng => rngFor(config.seed, target.name, "growth", g.name);
  let retainedPerByte: number | undefined;
  for (const k of [1, 2, 4, 8]) {
    const input = adapt(target, g.make(k));
    sizes.push(sizeOf(input));
    ms.push(await bestOf(target, input, fresh, watchdog, `${g.name} x${k}`, 3));
    if (k === 8 && gc !== undefined) {
      gc();
      const before = process.memoryUsage().heapUsed;
      let kept: unknown;
      try {
        kept = (target.run as (i: Input, rr: Rng) => unknown)(input, fresh());
        if (kept instanceof Promise) kept = await kept.catch(() => undefined);
      } catch {
        kept = undefined;
      }
      gc();
      retainedPerByte = Math.max(0, process.memoryUsage().heapUsed - before) / sizeOf(input);
      if (kept === before) console.log("unreachable");
    }
  }
  const perByte = (i: number): number => Math.max(ms[i] as number, 0.05) / (sizes[i] as number);
  let ratio = perByte(3) / perByte(0);
  if (ratio > GROWTH_FACTOR && (ms[3] as number) > GROWTH_MIN_MS) {
    // A busy machine (2 cores shared) slows one size now and then: measure 1x and 8x again,
    // best of 5, before calling it super-linear.
    for (const i of [0, 3]) ms[i] = Math.min(ms[i] as number, await bestOf(target, adapt(target, g.make(2 ** i)), fresh, watchdog, `${g.name} x${2 ** i}`, 5));
    ratio = perByte(3) / perByte(0);
  }
  if (ratio > GROWTH_FACTOR && (ms[3] as number) > GROWTH_MIN_MS) {
    stats.failures.push({
      target: target.name,
      case: `growth ${g.name}`,
      problem: `super-linear: ${sizes.map((s, i) => `${s} B in ${(ms[i] as number).toFixed(1)} ms`).join(", ")}: time per byte x${ratio.toFixed(1)} at 8x (limit x${GROWTH_FACTOR})`,
      kinds: ["growth"],
      bytes: sizes[3] as number,
      file: "",
      replay: `OVSKIT_FUZZ_TARGETS=${target.name} npm run test:fuzz`,
    });
  }
  return { name: g.name, sizes, ms, ratio, retainedPerByte };
}

/** The best time (ms) of `reps` runs of `target` on `input`. */
async function bestOf(target: FuzzTarget, input: Input, rngOf: () => Rng, watchdog: Watchdog, label: string, reps: number): Promise<number> {
  let best = Infinity;
  for (let rep = 0; rep < reps; rep++) {
    gc?.();
    watchdog.enter(`${target.name} growth ${label}`, Math.max(60_000, caseBound(sizeOf(input)) * 4));
    const t0 = performance.now();
    try {
      const r = (target.run as (i: Input, rr: Rng) => unknown)(input, rngOf());
      if (r instanceof Promise) await r.catch(() => undefined);
    } catch {
      // A typed error is a valid answer here; the mutation cases check the kind.
    } finally {
      watchdog.leave();
    }
    best = Math.min(best, performance.now() - t0);
  }
  return best;
}
