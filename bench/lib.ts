/**
 * Shared helpers of the benchmark scripts: timing, forced GC, child processes, formatting.
 * Not part of the library.
 */
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

/** The repository root (bench/..). */
export const ROOT = fileURLToPath(new URL("..", import.meta.url));

/** Wall-clock timings of one measured operation, in seconds. */
export interface Timing {
  readonly best: number;
  readonly median: number;
  readonly runs: readonly number[];
}

/** Runs a full GC `times` times when node was started with --expose-gc; returns false otherwise. */
export function fullGc(times = 1): boolean {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) return false;
  for (let i = 0; i < times; i++) gc();
  return true;
}

/**
 * Times `fn` `runs` times after `warmup` untimed calls. The previous result is dropped and a
 * full GC runs before every timed call, so no run pays for the garbage of the one before (the
 * run's own GC work, e.g. while it builds its result, is included). `fn` returns an item count,
 * checked to be the same on every call.
 */
export function timeBest(fn: () => number, warmup: number, runs: number): Timing & { count: number } {
  let count = -1;
  const check = (n: number): void => {
    if (count >= 0 && n !== count) throw new Error(`count changed between runs: ${count} vs ${n}`);
    count = n;
  };
  for (let i = 0; i < warmup; i++) check(fn());
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    fullGc(2);
    const t0 = performance.now();
    const n = fn();
    times.push((performance.now() - t0) / 1000);
    check(n);
  }
  const sorted = [...times].sort((a, b) => a - b);
  return { best: sorted[0] ?? NaN, median: sorted[Math.floor(sorted.length / 2)] ?? NaN, runs: times, count };
}

/** The outcome of a child process that prints one JSON object on stdout. */
export type ChildResult<T> = { ok: true; json: T; seconds: number } | { ok: false; reason: string };

/**
 * Runs a command that prints one JSON object on stdout. Never throws: a missing program, a
 * non-zero exit, a timeout or unparsable output become `{ ok: false, reason }`.
 */
export function runJson<T>(cmd: string, args: readonly string[], timeoutMs = 15 * 60_000): Promise<ChildResult<T>> {
  return new Promise((resolve) => {
    const t0 = performance.now();
    let out = "";
    let err = "";
    let settled = false;
    const done = (r: ChildResult<T>): void => {
      if (!settled) resolve(r);
      settled = true;
    };
    const child = spawn(cmd, args, { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"], timeout: timeoutMs });
    child.stdout.setEncoding("utf8").on("data", (d: string) => (out += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (err += d));
    child.on("error", (e) => done({ ok: false, reason: `cannot run ${cmd}: ${e.message}` }));
    child.on("close", (code, signal) => {
      const tail = err.trim().split("\n").slice(-3).join(" | ");
      if (code !== 0) {
        const how = signal !== null ? `killed by ${signal}` : `exit ${code}`;
        done({ ok: false, reason: `${[cmd, ...args].join(" ")}: ${how}${tail ? `: ${tail}` : ""}` });
        return;
      }
      try {
        done({ ok: true, json: JSON.parse(out) as T, seconds: (performance.now() - t0) / 1000 });
      } catch {
        done({ ok: false, reason: `${cmd}: no JSON on stdout${tail ? `: ${tail}` : ""}` });
      }
    });
  });
}

/** `node --expose-gc --import tsx bench/<script> ...args`, as a JSON child. */
export function runNodeScript<T>(script: string, args: readonly string[]): Promise<ChildResult<T>> {
  return runJson<T>(process.execPath, ["--expose-gc", "--import", "tsx", `bench/${script}`, ...args]);
}

/** 123456.7 -> "123,457". */
export function fmtInt(n: number | null | undefined): string {
  return n === null || n === undefined || !Number.isFinite(n) ? "-" : Math.round(n).toLocaleString("en-US");
}

/** Bytes as "1.23 KiB" / "45.6 MiB". */
export function fmtBytes(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return "-";
  if (Math.abs(n) < 1024) return `${Math.round(n)} B`;
  if (Math.abs(n) < 1024 * 1024) return `${(n / 1024).toFixed(2)} KiB`;
  return `${(n / 1024 / 1024).toFixed(1)} MiB`;
}

/** A ratio as "12.3x". */
export function fmtRatio(r: number | null | undefined): string {
  return r === null || r === undefined || !Number.isFinite(r) ? "-" : `${r.toFixed(r < 10 ? 2 : 1)}x`;
}

/** Prints a plain-text table; the first row is the header. */
export function printTable(title: string, rows: readonly (readonly string[])[]): void {
  const widths: number[] = [];
  for (const r of rows) r.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, c.length)));
  console.log(`\n${title}`);
  rows.forEach((r, n) => {
    console.log(`  ${r.map((c, i) => (i === 0 || i === r.length - 1 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join("  ")}`.trimEnd());
    if (n === 0) console.log(`  ${widths.map((w) => "-".repeat(w)).join("  ")}`);
  });
}
