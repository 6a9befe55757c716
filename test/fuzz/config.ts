/**
 * The fuzz suite's settings, from the environment:
 *
 * - `OVSKIT_FUZZ_SEED`       the run's seed (default `ovskit`, so that `npm run test:fuzz` runs the
 *   same cases everywhere; `random` draws one, printed). With the same seed, case `n` of a
 *   target is the same input on every machine.
 * - `OVSKIT_FUZZ_ITERATIONS` mutated cases per target (default `DEFAULT_ITERATIONS`, about 2.5
 *   minutes on a 2-core machine for the whole suite), on top of the seeds, the 10 MB line and
 *   the growth inputs. A run is a pure function of (seed, iterations): no wall-clock cut-off.
 * - `OVSKIT_FUZZ_BUDGET`     seconds: instead of a fixed count, run mutated cases until the
 *   time is spent (shared equally by the targets; every target runs at least `MIN_CASES`).
 *   For long exploratory runs; the cases run then depend on the machine's speed.
 * - `OVSKIT_FUZZ_TARGETS` comma-separated target names (or substrings) to run.
 * - `OVSKIT_FUZZ_REPLAY`  `target#case`: runs that single case, writes its input to a file.
 * - `OVSKIT_FUZZ_OUT`     where failing inputs are written (default: a directory under the
 *   system temp directory, named after the seed).
 * - `OVSKIT_FUZZ_CASE_MS` the per-case time bound for a small input (default 5000 ms, plus
 *   2000 ms per MB of input): it detects hangs, not slowness.
 * - `OVSKIT_FUZZ_REPORT`  a path: the run's numbers as JSON (cases per target, growth, memory).
 */
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Every target runs at least this many mutated cases, whatever the budget. */
export const MIN_CASES = 30;
/** Mutated cases per target of a default run. */
export const DEFAULT_ITERATIONS = 100;

export interface FuzzConfig {
  /** Mutated cases per target, or undefined when a time budget is set. */
  readonly iterations: number | undefined;
  /** The time budget (ms) of a time-boxed run, or undefined. */
  readonly budgetMs: number | undefined;
  readonly seed: string;
  readonly targets: readonly string[] | undefined;
  readonly replay: { readonly target: string; readonly index: number } | undefined;
  readonly outDir: string;
  readonly caseMs: number;
  readonly report: string | undefined;
}

function positive(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name}=${raw}: a positive number is expected`);
  return n;
}

function readConfig(): FuzzConfig {
  const rawSeed = process.env.OVSKIT_FUZZ_SEED || "ovskit";
  const seed = rawSeed === "random" ? Math.floor(Math.random() * 2 ** 32).toString(16).padStart(8, "0") : rawSeed;
  const budget = process.env.OVSKIT_FUZZ_BUDGET;
  const timed = budget !== undefined && budget !== "";
  if (timed && process.env.OVSKIT_FUZZ_ITERATIONS) throw new Error("set OVSKIT_FUZZ_ITERATIONS or OVSKIT_FUZZ_BUDGET, not both");
  const list = process.env.OVSKIT_FUZZ_TARGETS;
  const rawReplay = process.env.OVSKIT_FUZZ_REPLAY;
  let replay: FuzzConfig["replay"];
  if (rawReplay !== undefined && rawReplay !== "") {
    const m = /^(.+)#(\d+)$/.exec(rawReplay);
    if (m === null) throw new Error(`OVSKIT_FUZZ_REPLAY=${rawReplay}: expected target#case, e.g. parseFlowDump#17`);
    replay = { target: m[1] as string, index: Number(m[2]) };
  }
  return {
    iterations: timed ? undefined : Math.round(positive("OVSKIT_FUZZ_ITERATIONS", DEFAULT_ITERATIONS)),
    budgetMs: timed ? positive("OVSKIT_FUZZ_BUDGET", 150) * 1000 : undefined,
    seed,
    targets: list === undefined || list === "" ? undefined : list.split(",").map((s) => s.trim()).filter((s) => s !== ""),
    replay,
    outDir: process.env.OVSKIT_FUZZ_OUT || join(tmpdir(), `ovskit-fuzz-${seed}`),
    caseMs: positive("OVSKIT_FUZZ_CASE_MS", 5000),
    report: process.env.OVSKIT_FUZZ_REPORT || undefined,
  };
}

export const config: FuzzConfig = readConfig();

/** The time bound of one case of `bytes` bytes: generous, it detects hangs. */
export function caseBound(bytes: number): number {
  return config.caseMs + (bytes / 1e6) * 2000;
}

/** The command that replays one case. */
export function replayCommand(target: string, index: number): string {
  return `OVSKIT_FUZZ_SEED=${config.seed} OVSKIT_FUZZ_REPLAY='${target}#${index}' npm run test:fuzz`;
}
