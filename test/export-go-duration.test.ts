/**
 * Go's time.ParseDuration, which the cluster-network-operator applies to cacheActiveTimeout:
 * the cases of Go's own src/time/time_test.go (parseDurationTests, parseDurationErrorTests),
 * rewritten with nanoseconds as bigints.
 */
import { describe, expect, it } from "vitest";
import { goDurationSeconds, parseGoDuration } from "../src/export/index.js";

const ns = 1n;
const us = 1000n * ns;
const ms = 1000n * us;
const s = 1000n * ms;
const m = 60n * s;
const h = 60n * m;

const OK: [string, bigint][] = [
  ["0", 0n], ["5s", 5n * s], ["30s", 30n * s], ["1478s", 1478n * s],
  ["-5s", -5n * s], ["+5s", 5n * s], ["-0", 0n], ["+0", 0n],
  ["5.0s", 5n * s], ["5.6s", 5n * s + 600n * ms], ["5.s", 5n * s], [".5s", 500n * ms], ["1.0s", 1n * s], ["1.00s", 1n * s],
  ["1.004s", 1n * s + 4n * ms], ["1.0040s", 1n * s + 4n * ms], ["100.00100s", 100n * s + 1n * ms],
  ["10ns", 10n * ns], ["11us", 11n * us], ["12\u00b5s", 12n * us], ["12\u03bcs", 12n * us], ["13ms", 13n * ms], ["14s", 14n * s], ["15m", 15n * m], ["16h", 16n * h],
  ["3h30m", 3n * h + 30n * m], ["10.5s4m", 4n * m + 10n * s + 500n * ms], ["-2m3.4s", -(2n * m + 3n * s + 400n * ms)],
  ["1h2m3s4ms5us6ns", h + 2n * m + 3n * s + 4n * ms + 5n * us + 6n * ns], ["39h9m14.425s", 39n * h + 9n * m + 14n * s + 425n * ms],
  ["52763797000ns", 52763797000n], ["0.3333333333333333333h", 20n * m], ["9007199254740993ns", (1n << 53n) + 1n],
  ["9223372036854775807ns", (1n << 63n) - 1n], ["9223372036854775.807us", (1n << 63n) - 1n], ["9223372036s854ms775us807ns", (1n << 63n) - 1n],
  ["-9223372036854775808ns", -(1n << 63n)], ["-9223372036854775.808us", -(1n << 63n)], ["-9223372036s854ms775us808ns", -(1n << 63n)],
  ["-2562047h47m16.854775808s", -(1n << 63n)], ["0.100000000000000000000h", 6n * m], ["0.830103483285477580700h", 49n * m + 48n * s + 372539827n * ns],
];

const ERRORS = [
  "", "3", "-", "s", ".", "-.", ".s", "+.s", "1d", "\u0085\u0085", "\uFFFD",
  "9223372036854775810ns", "9223372036854775808ns", "-9223372036854775809ns", "9223372036854776us", "3000000h", "9223372036854775.808us", "9223372036854ms775us808ns",
];

describe("parseGoDuration (Go's src/time/time_test.go)", () => {
  it(`parseDurationTests: ${OK.length} durations`, () => {
    expect(OK.map(([text]) => parseGoDuration(text))).toEqual(OK.map(([, n]) => ({ ns: n })));
  });
  it(`parseDurationErrorTests: ${ERRORS.length} errors, with the input quoted`, () => {
    for (const text of ERRORS) {
      const r = parseGoDuration(text);
      expect("error" in r && r.error.startsWith("time: ")).toBe(true);
    }
    expect(parseGoDuration("3")).toEqual({ error: 'time: missing unit in duration "3"' });
    expect(parseGoDuration("1d")).toEqual({ error: 'time: unknown unit "d" in duration "1d"' });
    expect(parseGoDuration("3000000h")).toEqual({ error: 'time: invalid duration "3000000h"' });
  });
});

describe("goDurationSeconds (Duration.Seconds() then uint(...), as the operator truncates)", () => {
  it("truncates toward zero and says so", () => {
    expect(goDurationSeconds(3_200_000_000n)).toEqual({ seconds: 3, truncated: true, negative: false });
    expect(goDurationSeconds(60n * s)).toEqual({ seconds: 60, truncated: false, negative: false });
    expect(goDurationSeconds(999_999_999n)).toEqual({ seconds: 0, truncated: true, negative: false });
  });
  it("has no portable answer for a negative duration", () => {
    expect(goDurationSeconds(-5n * s)).toEqual({ truncated: true, negative: true });
  });
});
