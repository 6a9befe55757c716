/**
 * The shape of a fuzz target (one public parser, reader or decoder, or a family of them fed the
 * same input) and the helpers the target lists share: seeds from the committed fixtures and
 * growth inputs.
 */
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { gunzipSync } from "node:zlib";
import { FIXTURES } from "../helpers/fixtures.js";
import { thrownProblem } from "./check.js";
import type { Rng } from "./rng.js";

export type Input = string | Uint8Array;

/** One real input: a committed fixture (or a part of one). */
export interface Seed {
  readonly name: string;
  readonly data: Input;
}

/** An input family whose size is multiplied by 1, 2, 4 and 8 to find super-linear paths. */
export interface Growth {
  readonly name: string;
  /** The input at scale `k` (1, 2, 4, 8): about `k` times the size of scale 1. */
  readonly make: (k: number) => Input;
}

export interface FuzzTarget {
  /** The name cases are replayed by (`OVSKIT_FUZZ_REPLAY=name#17`). */
  readonly name: string;
  /** The public exports (of `src/index.ts`) this target exercises. */
  readonly covers: readonly string[];
  /**
   * `"text"`: the function reads a string (invalid UTF-8 is decoded as a file reader would, with
   * U+FFFD); `"bytes"`: it reads bytes (text mutations are UTF-8 encoded); `"datagram"`: a binary
   * format, mutated byte-wise.
   */
  readonly input: "text" | "bytes" | "datagram";
  /** The real inputs mutations start from (at least one). */
  readonly seeds: () => readonly Seed[];
  /** Runs once before `seeds()` (seeds that take asynchronous work to build). */
  readonly prepare?: () => Promise<void>;
  /** Runs the target; may return a promise (streams). `rng` decides chunking and the like. */
  readonly run: (input: never, rng: Rng) => unknown;
  /** Extra checks of a result (line accounting): a problem, or undefined. */
  readonly check?: (result: never, text: string) => string | undefined;
  /** False when the result is not a parser result (a boolean, undefined): skips the plain-data checks. */
  readonly plain?: boolean;
  /** Input families for the 1x/2x/4x/8x growth measurement. */
  readonly growth?: readonly Growth[];
  /** The 10 MB line case: one huge line built from a real one. */
  readonly bigLine?: () => Input;
  /** The bound of the result's JSON size per input byte (default `MAX_JSON_PER_BYTE` of the runner). */
  readonly maxJsonPerByte?: number;
  /** False: mutate whole seeds only (default: small windows of lines most of the time). */
  readonly window?: boolean;
}

const cache = new Map<string, Uint8Array>();

/** The bytes of a committed fixture (`.gz` files are decompressed). */
export function fixtureBytes(path: string): Uint8Array {
  let b = cache.get(path);
  if (b === undefined) {
    const raw = readFileSync(join(FIXTURES, path));
    b = new Uint8Array(path.endsWith(".gz") ? gunzipSync(raw) : raw);
    cache.set(path, b);
  }
  return b;
}

/** The text of a committed fixture. */
export function fixtureText(path: string): string {
  return new TextDecoder().decode(fixtureBytes(path));
}

/** Fixture paths (relative to test/fixtures) under `dir` whose name matches `pattern`. */
export function fixturePaths(dir: string, pattern: RegExp): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (pattern.test(name)) out.push(relative(FIXTURES, p));
    }
  };
  walk(join(FIXTURES, dir));
  return out;
}

/** Text seeds from fixtures. */
export function textSeeds(dir: string, pattern: RegExp): Seed[] {
  return fixturePaths(dir, pattern).map((p) => ({ name: p, data: fixtureText(p) }));
}

/** Seeds made of selected lines of fixtures (one seed per line). */
export function lineSeeds(dir: string, pattern: RegExp, keep: (line: string) => boolean, map: (line: string) => string = (l) => l): Seed[] {
  const out: Seed[] = [];
  for (const p of fixturePaths(dir, pattern)) {
    fixtureText(p).split("\n").forEach((line, i) => {
      if (keep(line)) out.push({ name: `${p}:${i + 1}`, data: map(line) });
    });
  }
  return out;
}

/** `text` repeated to at least `k * baseBytes` characters (whole copies). */
export function repeated(text: string, baseBytes: number, k: number): string {
  const body = text.endsWith("\n") ? text : text + "\n";
  return body.repeat(Math.max(1, Math.ceil((k * baseBytes) / body.length)));
}

/** A growth family that repeats a real input. */
export function repeatGrowth(name: string, text: () => string, baseBytes = 256 * 1024): Growth {
  return { name, make: (k) => repeated(text(), baseBytes, k) };
}

/** A growth family of one long line: `prefix + unit * n + suffix`, n proportional to k. */
export function lineGrowth(name: string, prefix: string, unit: string, suffix: string, baseBytes = 256 * 1024): Growth {
  return { name, make: (k) => prefix + unit.repeat(Math.ceil((k * baseBytes) / unit.length)) + suffix };
}

/** About 10 MB of `unit` between `prefix` and `suffix`: the "10 MB line" case. */
export function tenMegabytes(prefix: string, unit: string, suffix: string): string {
  return prefix + unit.repeat(Math.ceil(10_000_000 / unit.length)) + suffix;
}

/** Consumes an async generator into an array (stream targets). */
export async function drain<T>(gen: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of gen) out.push(x);
  return out;
}

/** Cuts `input` into 1-12 chunks at random places (splitting lines and UTF-8 sequences). */
export async function* chunks(input: Input, rng: Rng): AsyncGenerator<string | Uint8Array> {
  const bytes = typeof input === "string" ? new TextEncoder().encode(input) : input;
  const asText = typeof input === "string" && rng.chance(0.3);
  const cuts = new Set<number>();
  for (let k = rng.range(0, 11); k > 0; k--) cuts.add(rng.int(bytes.length + 1));
  let last = 0;
  for (const c of [...cuts, bytes.length].sort((a, b) => a - b)) {
    if (c === last) continue;
    if (asText) yield (input as string).slice(last, c);
    else yield bytes.subarray(last, c);
    last = c;
  }
}

/**
 * Runs `fn`; a well-formed `OvskitError` becomes `{ error: code }` so that a target can call
 * several functions on one input (strict and lenient forms). Anything else is rethrown, for the
 * runner to report.
 */
export function settle(fn: () => unknown): unknown {
  try {
    return fn();
  } catch (e) {
    if (thrownProblem(e) !== undefined) throw e;
    return { error: (e as { code: string }).code };
  }
}
