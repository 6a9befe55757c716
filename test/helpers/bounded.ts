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
