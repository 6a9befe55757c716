/**
 * Go's `time.ParseDuration`, as the cluster-network-operator applies it to the ConfigMap's
 * `cacheActiveTimeout`, and Go's `Duration.Seconds()` followed by `uint(...)`, the truncation to
 * whole seconds the operator then does. Not the Prometheus syntax (`parsePrometheusDuration`):
 * Go takes fractions (`1.5s`), a sign, `ns` / `us` / `µs`, repeated units (`1s1s`), and no `d`,
 * `w` or `y`.
 *
 * @module
 */

/** Nanoseconds of each unit Go knows (`time.unitMap`). */
const UNITS: ReadonlyMap<string, bigint> = new Map([
  ["ns", 1n],
  ["us", 1_000n],
  ["\u00b5s", 1_000n], // U+00B5 micro sign
  ["\u03bcs", 1_000n], // U+03BC Greek mu
  ["ms", 1_000_000n],
  ["s", 1_000_000_000n],
  ["m", 60_000_000_000n],
  ["h", 3_600_000_000_000n],
]);

const MAX = 1n << 63n;

/**
 * Parses a Go duration (`"1m30s"`, `"3200ms"`, `"1.5h"`, `"-5s"`, `"0"`) into nanoseconds, as
 * Go's `time.ParseDuration` does, or returns Go's error message. A number without a unit other
 * than `0` is an error (`time: missing unit in duration "60"`).
 *
 * @example
 * ```ts
 * import { parseGoDuration } from "ovskit";
 * parseGoDuration("3200ms"); // { ns: 3200000000n }
 * parseGoDuration("60");     // { error: 'time: missing unit in duration "60"' }
 * ```
 */
export function parseGoDuration(text: string): { readonly ns: bigint } | { readonly error: string } {
  const invalid = { error: `time: invalid duration ${goQuote(text)}` };
  let s = text;
  let neg = false;
  if (s !== "" && (s[0] === "-" || s[0] === "+")) {
    neg = s[0] === "-";
    s = s.slice(1);
  }
  if (s === "0") return { ns: 0n };
  if (s === "") return invalid;
  let d = 0n;
  while (s !== "") {
    if (!(s[0] === "." || isDigit(s[0]))) return invalid;
    // [0-9]*
    let i = 0;
    let v = 0n;
    for (; i < s.length && isDigit(s[i]); i++) {
      if (v > MAX / 10n) return invalid;
      v = v * 10n + BigInt(s.charCodeAt(i) - 48);
      if (v > MAX) return invalid;
    }
    const pre = i > 0;
    s = s.slice(i);
    // (\.[0-9]*)?
    let post = false;
    let f = 0n;
    let scale = 1;
    if (s[0] === ".") {
      s = s.slice(1);
      let j = 0;
      let overflow = false;
      for (; j < s.length && isDigit(s[j]); j++) {
        if (overflow) continue;
        if (f > (MAX - 1n) / 10n) {
          overflow = true;
          continue;
        }
        const y = f * 10n + BigInt(s.charCodeAt(j) - 48);
        if (y > MAX) {
          overflow = true;
          continue;
        }
        f = y;
        scale *= 10;
      }
      post = j > 0;
      s = s.slice(j);
    }
    if (!pre && !post) return invalid;
    // the unit: everything up to the next digit or dot
    let u = 0;
    while (u < s.length && !(s[u] === "." || isDigit(s[u]))) u++;
    if (u === 0) return { error: `time: missing unit in duration ${goQuote(text)}` };
    const unitText = s.slice(0, u);
    s = s.slice(u);
    const unit = UNITS.get(unitText);
    if (unit === undefined) return { error: `time: unknown unit ${goQuote(unitText)} in duration ${goQuote(text)}` };
    if (v > MAX / unit) return invalid;
    v *= unit;
    if (f > 0n) {
      // Go: v += uint64(float64(f) * (float64(unit) / scale)), in float64 like JavaScript numbers
      v += BigInt(Math.trunc(Number(f) * (Number(unit) / scale)));
      if (v > MAX) return invalid;
    }
    d += v;
    if (d > MAX) return invalid;
  }
  if (neg) return { ns: -d };
  if (d > MAX - 1n) return invalid;
  return { ns: d };
}

/**
 * What the cluster-network-operator stores for a duration: Go's `Duration.Seconds()` (a
 * float64) converted with `uint(...)`. `truncated` is true when the duration was not a whole
 * number of seconds (the operator then logs "will be truncated"). A negative duration has no
 * portable answer in Go (the conversion is implementation-specific: amd64 wraps it around to a
 * huge number, arm64 saturates to 0), so `seconds` is undefined and `negative` is true.
 *
 * @example
 * ```ts
 * import { goDurationSeconds } from "ovskit";
 * goDurationSeconds(3_200_000_000n); // { seconds: 3, truncated: true, negative: false }
 * ```
 */
export function goDurationSeconds(ns: bigint): { readonly seconds?: number; readonly truncated: boolean; readonly negative: boolean } {
  // Go: sec := d / Second; nsec := d % Second; return float64(sec) + float64(nsec)/1e9
  const sec = ns / 1_000_000_000n;
  const nsec = ns % 1_000_000_000n;
  const f = Number(sec) + Number(nsec) / 1e9;
  if (f < 0) return { truncated: true, negative: true };
  const seconds = Math.trunc(f);
  return { seconds, truncated: seconds !== f, negative: false };
}

function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= "0" && c <= "9";
}

/** Go's `quote` (strconv.Quote-like) for the printable ASCII the messages usually hold. */
function goQuote(s: string): string {
  return JSON.stringify(s);
}
