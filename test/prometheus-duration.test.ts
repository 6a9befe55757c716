/** Prometheus durations: the full syntax, Prometheus's own rules, round trips (fast-check). */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { durationToMs, formatPrometheusDuration, parsePrometheusDuration } from "../src/core/duration.js";
import { isPrometheusDurationError } from "../src/core/duration-error.js";

describe("parsePrometheusDuration", () => {
  it.each([
    ["1h30m", 5_400_000],
    ["54s321ms", 54_321],
    ["2d", 172_800_000],
    ["1y", 365 * 86_400_000],
    ["1w2d", 9 * 86_400_000],
    ["5m", 300_000],
    ["15s", 15_000],
    ["100ms", 100],
    ["1ms", 1],
    ["0", 0],
    ["0s", 0],
    ["1y1w1d1h1m1s1ms", 365 * 86_400_000 + 7 * 86_400_000 + 86_400_000 + 3_600_000 + 60_000 + 1000 + 1],
  ])("%s = %d ms", (text, ms) => {
    expect(parsePrometheusDuration(text)).toBe(ms);
  });

  it.each(["", "5", "1.5h", "5mins", "1m1h", "1h1h", "-5m", " 5m", "5m ", "5M", "h", "1d2", "1msx", "ms"])("refuses %j with a typed error", (text) => {
    let err: unknown;
    try {
      parsePrometheusDuration(text);
    } catch (e) {
      err = e;
    }
    expect(isPrometheusDurationError(err)).toBe(true);
    expect((err as Error).message).toContain(JSON.stringify(text));
  });

  it("refuses values beyond safe integers", () => {
    expect(() => parsePrometheusDuration("99999999999999y")).toThrow(/too large/);
  });

  it("durationToMs takes API float seconds too", () => {
    expect(durationToMs(15)).toBe(15_000);
    expect(durationToMs(0.5)).toBe(500);
    expect(durationToMs("1h")).toBe(3_600_000);
    expect(() => durationToMs(-1)).toThrow();
  });
});

describe("formatPrometheusDuration", () => {
  it("prints like Prometheus", () => {
    expect(formatPrometheusDuration(0)).toBe("0s");
    expect(formatPrometheusDuration(5_400_000)).toBe("1h30m");
    expect(formatPrometheusDuration(54_321)).toBe("54s321ms");
    expect(formatPrometheusDuration(14 * 86_400_000)).toBe("2w");
    expect(() => formatPrometheusDuration(-1)).toThrow(RangeError);
  });

  it("round trips: parse(format(ms)) = ms and format(parse(canonical)) = canonical", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 50 }), (ms) => {
        const text = formatPrometheusDuration(ms);
        expect(parsePrometheusDuration(text)).toBe(ms);
        expect(formatPrometheusDuration(parsePrometheusDuration(text))).toBe(text);
      }),
      { numRuns: 1000 },
    );
  });

  it("any string gives a number or a PrometheusDurationError, never another exception", () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(..."0123456789ywdhms .-"), maxLength: 16 }), (s) => {
        try {
          expect(Number.isSafeInteger(parsePrometheusDuration(s))).toBe(true);
        } catch (e) {
          expect(isPrometheusDurationError(e)).toBe(true);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
