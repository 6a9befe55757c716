import { expect } from "vitest";
import { isOvsParseError } from "../../src/index.js";

/** Runs `fn` and asserts that it returns or throws an OvsParseError (nothing else), within `ms`. */
export function totalWithin(fn: () => unknown, ms = 50): void {
  const t = performance.now();
  try {
    fn();
  } catch (e) {
    if (!isOvsParseError(e)) throw e;
  }
  expect(performance.now() - t).toBeLessThan(ms);
}

/**
 * Runs `fn` and asserts that it returns or throws an OvsParseError (nothing else). No clock: a
 * hang fails the test by its timeout, and growth is checked by counted work
 * (test/linear-growth.test.ts).
 */
export function total(fn: () => unknown): void {
  try {
    fn();
  } catch (e) {
    if (!isOvsParseError(e)) throw e;
  }
}
