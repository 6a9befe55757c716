/**
 * Prometheus durations (`1h30m`, `54s321ms`, `2d`, `1y`): the syntax of PromQL range selectors
 * and of the HTTP API, with Prometheus's own rules (units from `y` down to `ms`, each at most
 * once, largest first; `y` = 365 days, `w` = 7 days).
 *
 * @module
 */
import { PrometheusDurationError } from "./duration-error.js";

const UNITS: ReadonlyArray<readonly [string, number]> = [
  ["y", 365 * 24 * 3600 * 1000],
  ["w", 7 * 24 * 3600 * 1000],
  ["d", 24 * 3600 * 1000],
  ["h", 3600 * 1000],
  ["m", 60 * 1000],
  ["s", 1000],
  ["ms", 1],
];

/**
 * Parses a Prometheus duration into milliseconds. `"0"` is accepted (as Prometheus does); any
 * other value needs units.
 *
 * @throws {@link PrometheusDurationError}
 * @example
 * ```ts
 * import { parsePrometheusDuration } from "ovskit";
 * parsePrometheusDuration("1h30m");    // 5_400_000
 * parsePrometheusDuration("54s321ms"); // 54_321
 * parsePrometheusDuration("2d");       // 172_800_000
 * ```
 */
export function parsePrometheusDuration(text: string): number {
  if (text === "") throw new PrometheusDurationError(text, "empty");
  if (text === "0") return 0;
  let pos = 0;
  let total = 0;
  let lastUnit = -1;
  while (pos < text.length) {
    const start = pos;
    while (pos < text.length && text.charCodeAt(pos) >= 48 && text.charCodeAt(pos) <= 57) pos++;
    if (pos === start) throw new PrometheusDurationError(text, `expected a number at offset ${pos}`);
    const digits = text.slice(start, pos);
    const unitIndex = text.startsWith("ms", pos) ? UNITS.length - 1 : UNITS.findIndex(([u]) => u.length === 1 && text[pos] === u);
    if (unitIndex < 0) throw new PrometheusDurationError(text, `expected a unit (y, w, d, h, m, s, ms) at offset ${pos}`);
    if (unitIndex <= lastUnit) throw new PrometheusDurationError(text, "units must appear at most once, largest first");
    const [unit, ms] = UNITS[unitIndex]!;
    pos += unit.length;
    lastUnit = unitIndex;
    total += Number(digits) * ms;
    if (!Number.isSafeInteger(total)) throw new PrometheusDurationError(text, "too large");
  }
  return total;
}

/**
 * Formats milliseconds the way Prometheus prints durations (`5400000` → `"1h30m"`, `0` →
 * `"0s"`). `parsePrometheusDuration(formatPrometheusDuration(ms)) === ms` for every non-negative safe integer.
 *
 * @example
 * ```ts
 * import { formatPrometheusDuration } from "ovskit";
 * formatPrometheusDuration(5_400_000); // "1h30m"
 * formatPrometheusDuration(54_321);    // "54s321ms"
 * ```
 */
export function formatPrometheusDuration(ms: number): string {
  if (!Number.isSafeInteger(ms) || ms < 0) throw new RangeError(`formatPrometheusDuration: ${ms} is not a non-negative integer number of milliseconds`);
  if (ms === 0) return "0s";
  let rest = ms;
  let out = "";
  for (const [unit, size] of UNITS) {
    const n = Math.floor(rest / size);
    if (n > 0) {
      out += `${n}${unit}`;
      rest -= n * size;
    }
  }
  return out;
}

/**
 * Accepts a duration given as a Prometheus string or as a number of **seconds** (the API's float
 * form) and returns milliseconds.
 *
 * @example
 * ```ts
 * import { durationToMs } from "ovskit";
 * durationToMs("5m"); // 300_000
 * durationToMs(15);   // 15_000
 * ```
 */
export function durationToMs(d: string | number): number {
  if (typeof d === "number") {
    if (!Number.isFinite(d) || d < 0) throw new PrometheusDurationError(String(d), "must be a finite, non-negative number of seconds");
    return Math.round(d * 1000);
  }
  return parsePrometheusDuration(d);
}
